import Fluent
import SQLKit

/// Adds the group's version (`RowVersion`), changed also by every change to the group's module settings.
/// Each process keeps the group and its settings as read and uses them only while the lookup of the
/// group, which reads the version, says they are current.
package struct UpdateGroupsAddVersion: AsyncMigration {
    package init() {}

    /// SQLite's triggers on module settings: one per kind of change, with the row that names the group.
    static let moduleEvents = [("INSERT", "new", "group_modules_inserted"), ("UPDATE", "new", "group_modules_updated"), ("DELETE", "old", "group_modules_deleted")]

    package func prepare(on database: any Database) async throws {
        try await RowVersion.add(to: Group.schema, on: database)
        let sql = database.sql
        if sql.dialect.name == "sqlite" {
            for (event, row, name) in Self.moduleEvents {
                try await sql.raw(SQLQueryString("""
                    CREATE TRIGGER \(unsafeRaw: name) AFTER \(unsafeRaw: event) ON group_modules BEGIN
                        UPDATE "groups" SET version = (random() | 1) WHERE id = \(unsafeRaw: row).group_id;
                    END
                    """)).run()
            }
        } else {
            // A change to a module setting touches its group's row, whose own trigger then gives it a new version.
            try await sql.raw("""
                CREATE FUNCTION group_modules_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'DELETE' THEN
                        UPDATE "groups" SET version = version WHERE id = OLD.group_id;
                    ELSE
                        UPDATE "groups" SET version = version WHERE id = NEW.group_id;
                    END IF;
                    RETURN NULL;
                END
                $$
                """).run()
            try await sql.raw("CREATE TRIGGER group_modules_changed AFTER INSERT OR UPDATE OR DELETE ON group_modules FOR EACH ROW EXECUTE FUNCTION group_modules_changed()").run()
        }
    }

    package func revert(on database: any Database) async throws {
        let sql = database.sql
        if sql.dialect.name == "sqlite" {
            for (_, _, name) in Self.moduleEvents {
                try await sql.raw(SQLQueryString("DROP TRIGGER IF EXISTS \(unsafeRaw: name)")).run()
            }
        } else {
            try await sql.raw("DROP TRIGGER IF EXISTS group_modules_changed ON group_modules").run()
            try await sql.raw("DROP FUNCTION IF EXISTS group_modules_changed()").run()
        }
        try await RowVersion.remove(from: Group.schema, on: database)
    }
}
