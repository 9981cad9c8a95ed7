import Fluent

/// Creates the table of invitations.
package struct CreateInvitations: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(Invitation.schema)
            .id()
            .field("group_id", .uuid, .required, .references(Group.schema, "id", onDelete: .cascade))
            .field("email", .string)
            .field("token_hash", .string)
            .field("invited_by_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("expires_at", .datetime)
            .field("used_at", .datetime)
            .field("revoked_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await database.createIndex("invitations_group_id", on: Invitation.schema, "group_id")
        try await database.createIndex("invitations_invited_by_id", on: Invitation.schema, "invited_by_id")
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(Invitation.schema).delete()
    }
}
