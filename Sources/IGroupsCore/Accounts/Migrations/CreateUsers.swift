import Fluent

/// Creates the accounts table.
package struct CreateUsers: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(User.schema)
            .id()
            .field("username", .string, .required)
            .field("username_key", .string, .required)
            .field("name", .string, .required)
            .field("email", .string, .required)
            .field("email_key", .string, .required)
            .field("email_verified_at", .datetime)
            .field("password_hash", .string, .required)
            .field("birthdate", .string, .required)
            .field("is_operator", .bool, .required)
            .field("language", .string, .required)
            .field("address", .string)
            .field("phone", .string)
            .field("gender", .string)
            .field("description", .string)
            .field("description_html", .string)
            .field("homepage", .string)
            .field("email_visibility", .string, .required)
            .field("address_visibility", .string, .required)
            .field("phone_visibility", .string, .required)
            .field("birthdate_visibility", .string, .required)
            .field("gender_visibility", .string, .required)
            .field("description_visibility", .string, .required)
            .field("homepage_visibility", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "username_key")
            .unique(on: "email_key")
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(User.schema).delete()
    }
}
