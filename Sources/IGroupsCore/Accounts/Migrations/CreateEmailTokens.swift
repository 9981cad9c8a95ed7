import Fluent

/// Creates the table of single-use mail links.
package struct CreateEmailTokens: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(EmailToken.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("purpose", .string, .required)
            .field("token_hash", .string, .required)
            .field("new_email", .string)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await database.createIndex("email_tokens_user_id", on: EmailToken.schema, "user_id")
        try await database.createIndex("email_tokens_expires_at", on: EmailToken.schema, "expires_at")
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(EmailToken.schema).delete()
    }
}
