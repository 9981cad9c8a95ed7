import Fluent

/// Creates the record of who accepted which policy version, and when.
package struct CreatePolicyAcceptances: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(PolicyAcceptance.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("policy_version", .string, .required)
            .field("accepted_at", .datetime, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.createIndex("policy_acceptances_user_id", on: PolicyAcceptance.schema, "user_id")
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(PolicyAcceptance.schema).delete()
    }
}
