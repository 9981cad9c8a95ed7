import Fluent
import SQLKit

/// A `version` column that the database itself changes, in the same statement, whenever anything in a
/// row changes, however it was written (a form, a raw update of a count, an erasure, a foreign key set to
/// null). A process that keeps what it read from a row uses it only while a fresh read of the version
/// says it is current. Random rather than counted, so a version never comes back with other content
/// (after a restore from a backup, say).
package enum RowVersion {
    /// Adds the column and its trigger to `table`.
    package static func add(to table: String, on database: any Database) async throws {
        try await database.schema(table).field("version", .int64, .required, .sql(.default(SQLLiteral.numeric("1")))).update()
        let sql = database.sql
        if sql.dialect.name == "sqlite" {
            // SQLite's triggers cannot change the row being written, so a second update sets the version;
            // it leaves the version changed, so it sets off nothing further.
            try await sql.raw(SQLQueryString("""
                CREATE TRIGGER \(unsafeRaw: table)_changed AFTER UPDATE ON "\(unsafeRaw: table)" WHEN new.version = old.version BEGIN
                    UPDATE "\(unsafeRaw: table)" SET version = (random() | 1) WHERE id = new.id;
                END
                """)).run()
        } else {
            try await sql.raw(SQLQueryString("""
                CREATE FUNCTION \(unsafeRaw: table)_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    NEW.version := (random() * 9e18)::bigint | 1;
                    RETURN NEW;
                END
                $$
                """)).run()
            try await sql.raw(SQLQueryString("CREATE TRIGGER \(unsafeRaw: table)_changed BEFORE UPDATE ON \"\(unsafeRaw: table)\" FOR EACH ROW EXECUTE FUNCTION \(unsafeRaw: table)_changed()")).run()
        }
    }

    /// Removes the trigger and the column from `table`.
    package static func remove(from table: String, on database: any Database) async throws {
        let sql = database.sql
        if sql.dialect.name == "sqlite" {
            try await sql.raw(SQLQueryString("DROP TRIGGER IF EXISTS \(unsafeRaw: table)_changed")).run()
        } else {
            try await sql.raw(SQLQueryString("DROP TRIGGER IF EXISTS \(unsafeRaw: table)_changed ON \"\(unsafeRaw: table)\"")).run()
            try await sql.raw(SQLQueryString("DROP FUNCTION IF EXISTS \(unsafeRaw: table)_changed()")).run()
        }
        try await database.schema(table).deleteField("version").update()
    }
}
