import Fluent
import SQLKit

/// Adds the group's version (`RowVersion`), changed also by every change to the group's module settings.
/// Each process keeps the group and its settings as read and uses them only while the lookup of the
/// group, which reads the version, says they are current.
package struct UpdateGroupsAddVersion: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await RowVersion.add(to: Group.schema, on: database)
        try await GroupVersion.follow("group_modules", on: database)
    }

    package func revert(on database: any Database) async throws {
        try await GroupVersion.unfollow("group_modules", on: database)
        try await RowVersion.remove(from: Group.schema, on: database)
    }
}

/// Tables whose rows belong to a group (by `group_id`) and move the group's version with every change,
/// however written: what a process keeps of them per group is then current while the group's version,
/// read on every request to the group, stands.
package enum GroupVersion {
    /// SQLite's triggers: one per kind of change, with the groups it concerns (a row moved to another
    /// group changes both).
    static let events = [("INSERT", "new.group_id", "inserted"), ("UPDATE", "new.group_id, old.group_id", "updated"), ("DELETE", "old.group_id", "deleted")]

    /// Adds the triggers that move the group's version on every change to `table`.
    package static func follow(_ table: String, on database: any Database) async throws {
        let sql = database.sql
        if sql.dialect.name == "sqlite" {
            for (event, groups, suffix) in events {
                try await sql.raw(SQLQueryString("""
                    CREATE TRIGGER \(unsafeRaw: table)_\(unsafeRaw: suffix) AFTER \(unsafeRaw: event) ON "\(unsafeRaw: table)" BEGIN
                        UPDATE "groups" SET version = (random() | 1) WHERE id IN (\(unsafeRaw: groups));
                    END
                    """)).run()
            }
        } else {
            // A change touches its group's row, whose own trigger then gives it a new version.
            try await sql.raw(SQLQueryString("""
                CREATE FUNCTION \(unsafeRaw: table)_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'DELETE' THEN
                        UPDATE "groups" SET version = version WHERE id = OLD.group_id;
                    ELSIF TG_OP = 'UPDATE' THEN
                        UPDATE "groups" SET version = version WHERE id IN (OLD.group_id, NEW.group_id);
                    ELSE
                        UPDATE "groups" SET version = version WHERE id = NEW.group_id;
                    END IF;
                    RETURN NULL;
                END
                $$
                """)).run()
            try await sql.raw(SQLQueryString(
                "CREATE TRIGGER \(unsafeRaw: table)_changed AFTER INSERT OR UPDATE OR DELETE ON \"\(unsafeRaw: table)\" FOR EACH ROW EXECUTE FUNCTION \(unsafeRaw: table)_changed()"
            )).run()
        }
    }

    /// Removes what `follow` added.
    package static func unfollow(_ table: String, on database: any Database) async throws {
        let sql = database.sql
        if sql.dialect.name == "sqlite" {
            for (_, _, suffix) in events {
                try await sql.raw(SQLQueryString("DROP TRIGGER IF EXISTS \(unsafeRaw: table)_\(unsafeRaw: suffix)")).run()
            }
        } else {
            try await sql.raw(SQLQueryString("DROP TRIGGER IF EXISTS \(unsafeRaw: table)_changed ON \"\(unsafeRaw: table)\"")).run()
            try await sql.raw(SQLQueryString("DROP FUNCTION IF EXISTS \(unsafeRaw: table)_changed()")).run()
        }
    }
}
