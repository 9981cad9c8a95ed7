import Fluent

/// Creates groups and memberships.
package struct CreateGroups: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(Group.schema)
            .id()
            .field("slug", .string, .required)
            .field("name", .string, .required)
            .field("name_key", .string, .required)
            .field("description", .string, .required)
            .field("description_html", .string, .required)
            .field("visibility", .string, .required)
            .field("join_policy", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "slug")
            .create()
        try await database.createIndex("groups_visibility_name_key", on: Group.schema, "visibility", "name_key")
        try await database.schema(Membership.schema)
            .id()
            .field("group_id", .uuid, .required, .references(Group.schema, "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("role", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "group_id", "user_id")
            .create()
        try await database.createIndex("memberships_user_id", on: Membership.schema, "user_id")
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(Membership.schema).delete()
        try await database.schema(Group.schema).delete()
    }
}
