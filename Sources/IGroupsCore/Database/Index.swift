import Fluent
import SQLKit

extension Database {
    /// Creates an index on columns of a table, the way every migration adds its lookups.
    package func createIndex(_ name: String, on table: String, _ columns: String..., unique: Bool = false) async throws {
        guard let sql = self as? any SQLDatabase else { return }
        var builder = sql.create(index: name).on(table)
        if unique { builder = builder.unique() }
        for column in columns { builder = builder.column(column) }
        try await builder.run()
    }

    /// The same database seen through SQLKit, for the hot reads and the job queue.
    package var sql: any SQLDatabase {
        // Both drivers we ship (SQLite, PostgreSQL) are SQL databases.
        self as! any SQLDatabase
    }
}
