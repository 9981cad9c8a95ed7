import Fluent
import IGroupsCore
import SQLKit

/// Adds the thread's version: a value the database changes, in the same transaction, whenever what a
/// page of the thread's posts shows may change: a post written, edited, deleted or erased, and an
/// author's name or username changed. Triggers do it, so no way of writing (a reply, a moderator, an
/// erasure through the privacy registry, a profile form) can forget it; every process keeps the posts
/// it drew for a version and draws them again once the version moves.
///
/// The new version is random, not the old one plus one, so a version never comes back with other
/// posts (a backup put back, say, counts again from an older value).
struct UpdateForumThreadsAddVersion: AsyncMigration {
    static let sqliteTriggers = ["forum_posts_changed_insert", "forum_posts_changed_update", "forum_posts_changed_delete", "forum_authors_renamed"]

    func prepare(on database: any Database) async throws {
        try await database.schema(ForumThread.schema).field("version", .int64, .required, .sql(.default(SQLLiteral.numeric("1")))).update()
        let sql = database.sql
        if sql.dialect.name == "sqlite" {
            // An odd number is never 0, the value the thread page sends when it keeps nothing drawn.
            let next = "version = (random() | 1)"
            try await sql.raw("""
                CREATE TRIGGER forum_posts_changed_insert AFTER INSERT ON forum_posts BEGIN
                    UPDATE forum_threads SET \(unsafeRaw: next) WHERE id = new.thread_id;
                END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER forum_posts_changed_update AFTER UPDATE ON forum_posts BEGIN
                    UPDATE forum_threads SET \(unsafeRaw: next) WHERE id IN (old.thread_id, new.thread_id);
                END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER forum_posts_changed_delete AFTER DELETE ON forum_posts BEGIN
                    UPDATE forum_threads SET \(unsafeRaw: next) WHERE id = old.thread_id;
                END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER forum_authors_renamed AFTER UPDATE OF name, username ON users
                WHEN old.name IS NOT new.name OR old.username IS NOT new.username BEGIN
                    UPDATE forum_threads SET \(unsafeRaw: next) WHERE id IN (SELECT thread_id FROM forum_posts WHERE author_id = new.id);
                END
                """).run()
        } else {
            let next = "version = (random() * 9e18)::bigint | 1"
            try await sql.raw("""
                CREATE FUNCTION forum_posts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        UPDATE forum_threads SET \(unsafeRaw: next) WHERE id = NEW.thread_id;
                    ELSE
                        UPDATE forum_threads SET \(unsafeRaw: next) WHERE id = OLD.thread_id;
                        IF TG_OP = 'UPDATE' AND NEW.thread_id <> OLD.thread_id THEN
                            UPDATE forum_threads SET \(unsafeRaw: next) WHERE id = NEW.thread_id;
                        END IF;
                    END IF;
                    RETURN NULL;
                END
                $$
                """).run()
            try await sql.raw("""
                CREATE TRIGGER forum_posts_changed AFTER INSERT OR UPDATE OR DELETE ON forum_posts
                FOR EACH ROW EXECUTE FUNCTION forum_posts_changed()
                """).run()
            try await sql.raw("""
                CREATE FUNCTION forum_authors_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE forum_threads SET \(unsafeRaw: next) WHERE id IN (SELECT thread_id FROM forum_posts WHERE author_id = NEW.id);
                    RETURN NULL;
                END
                $$
                """).run()
            try await sql.raw("""
                CREATE TRIGGER forum_authors_renamed AFTER UPDATE OF name, username ON users FOR EACH ROW
                WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.username IS DISTINCT FROM NEW.username)
                EXECUTE FUNCTION forum_authors_renamed()
                """).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database.sql
        if sql.dialect.name == "sqlite" {
            for trigger in Self.sqliteTriggers {
                try await sql.raw("DROP TRIGGER IF EXISTS \(ident: trigger)").run()
            }
        } else {
            try await sql.raw("DROP TRIGGER IF EXISTS forum_posts_changed ON forum_posts").run()
            try await sql.raw("DROP TRIGGER IF EXISTS forum_authors_renamed ON users").run()
            try await sql.raw("DROP FUNCTION IF EXISTS forum_posts_changed()").run()
            try await sql.raw("DROP FUNCTION IF EXISTS forum_authors_renamed()").run()
        }
        try await database.schema(ForumThread.schema).deleteField("version").update()
    }
}
