import Fluent

/// Creates the list of people banned from a group.
package struct CreateGroupBans: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(GroupBan.schema)
            .id()
            .field("group_id", .uuid, .required, .references(Group.schema, "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "group_id", "user_id")
            .create()
        try await database.createIndex("group_bans_user_id", on: GroupBan.schema, "user_id")
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(GroupBan.schema).delete()
    }
}
