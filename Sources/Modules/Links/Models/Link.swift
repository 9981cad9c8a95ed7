import Fluent
import Foundation
import IGroupsCore

/// A category of links, in the order admins give it.
final class LinkCategory: Model, @unchecked Sendable {
    static let schema = "link_categories"

    @ID(key: .id) var id: UUID?
    @Parent(key: "group_id") var group: Group
    @Field(key: "name") var name: String
    @Field(key: "position") var position: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(groupID: UUID, name: String, position: Int) {
        self.$group.id = groupID
        self.name = name
        self.position = position
    }
}

/// One link: where it goes and why, who added it. Nothing is ever fetched from it.
final class GroupLink: Model, @unchecked Sendable {
    static let schema = "links"

    @ID(key: .id) var id: UUID?
    @Parent(key: "group_id") var group: Group
    @OptionalParent(key: "category_id") var category: LinkCategory?
    @Field(key: "title") var title: String
    @Field(key: "url") var url: String
    @Field(key: "description") var description: String
    @OptionalParent(key: "author_id") var author: User?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

/// Creates categories and links.
struct CreateLinks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(LinkCategory.schema)
            .id()
            .field("group_id", .uuid, .required, .references(Group.schema, "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("position", .int, .required)
            .field("created_at", .datetime)
            .create()
        try await database.createIndex("link_categories_group_id", on: LinkCategory.schema, "group_id", "position")
        try await database.schema(GroupLink.schema)
            .id()
            .field("group_id", .uuid, .required, .references(Group.schema, "id", onDelete: .cascade))
            .field("category_id", .uuid, .references(LinkCategory.schema, "id", onDelete: .setNull))
            .field("title", .string, .required)
            .field("url", .string, .required)
            .field("description", .string, .required)
            .field("author_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.createIndex("links_group_id", on: GroupLink.schema, "group_id", "created_at")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(GroupLink.schema).delete()
        try await database.schema(LinkCategory.schema).delete()
    }
}
