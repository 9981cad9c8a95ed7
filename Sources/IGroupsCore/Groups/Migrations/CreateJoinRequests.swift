import Fluent

/// Creates the table of pending join requests.
package struct CreateJoinRequests: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(JoinRequest.schema)
            .id()
            .field("group_id", .uuid, .required, .references(Group.schema, "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "group_id", "user_id")
            .create()
        try await database.createIndex("join_requests_user_id", on: JoinRequest.schema, "user_id")
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(JoinRequest.schema).delete()
    }
}
