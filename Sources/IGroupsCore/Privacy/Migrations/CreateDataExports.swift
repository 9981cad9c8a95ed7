import Fluent

/// Creates the table of data downloads.
package struct CreateDataExports: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(DataExport.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("status", .string, .required)
            .field("progress", .int, .required)
            .field("size", .int)
            .field("finished_at", .datetime)
            .field("expires_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.createIndex("data_exports_user_id", on: DataExport.schema, "user_id")
        try await database.createIndex("data_exports_expires_at", on: DataExport.schema, "expires_at")
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(DataExport.schema).delete()
    }
}
