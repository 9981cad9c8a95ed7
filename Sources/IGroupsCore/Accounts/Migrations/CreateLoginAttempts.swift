import Fluent

/// Creates the table of failed logins used for throttling.
package struct CreateLoginAttempts: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(LoginAttempt.schema)
            .id()
            .field("user_id", .uuid, .references(User.schema, "id", onDelete: .cascade))
            .field("client_address", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.createIndex("login_attempts_user_id_created_at", on: LoginAttempt.schema, "user_id", "created_at")
        try await database.createIndex("login_attempts_client_address_created_at", on: LoginAttempt.schema, "client_address", "created_at")
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(LoginAttempt.schema).delete()
    }
}
