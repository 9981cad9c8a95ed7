import Fluent
import SQLKit

/// Adds the person's version: a value the database changes, in the same statement, whenever anything
/// in their row changes, however it was written (a form, a raw update of a count, an erasure, a
/// foreign key set to null). Each process keeps the rows of people it has read and uses one only
/// while the session lookup, which reads the version, says it is current. Random rather than counted,
/// so a version never comes back with another row (after a restore from a backup, say).
package struct UpdateUsersAddVersion: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(User.schema).field("version", .int64, .required, .sql(.default(SQLLiteral.numeric("1")))).update()
        let sql = database.sql
        if sql.dialect.name == "sqlite" {
            // SQLite's triggers cannot change the row being written, so a second update sets the version;
            // it leaves the version changed, so it sets off nothing further.
            try await sql.raw("""
                CREATE TRIGGER users_changed AFTER UPDATE ON users WHEN new.version = old.version BEGIN
                    UPDATE users SET version = (random() | 1) WHERE id = new.id;
                END
                """).run()
        } else {
            try await sql.raw("""
                CREATE FUNCTION users_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    NEW.version := (random() * 9e18)::bigint | 1;
                    RETURN NEW;
                END
                $$
                """).run()
            try await sql.raw("CREATE TRIGGER users_changed BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION users_changed()").run()
        }
    }

    package func revert(on database: any Database) async throws {
        let sql = database.sql
        if sql.dialect.name == "sqlite" {
            try await sql.raw("DROP TRIGGER IF EXISTS users_changed").run()
        } else {
            try await sql.raw("DROP TRIGGER IF EXISTS users_changed ON users").run()
            try await sql.raw("DROP FUNCTION IF EXISTS users_changed()").run()
        }
        try await database.schema(User.schema).deleteField("version").update()
    }
}
