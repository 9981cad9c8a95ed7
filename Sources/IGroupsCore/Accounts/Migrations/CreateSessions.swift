import Fluent

/// Creates the table of signed-in browsers.
package struct CreateSessions: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(UserSession.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("device", .string, .required)
            .field("last_seen_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await database.createIndex("sessions_user_id", on: UserSession.schema, "user_id")
        try await database.createIndex("sessions_expires_at", on: UserSession.schema, "expires_at")
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(UserSession.schema).delete()
    }
}
