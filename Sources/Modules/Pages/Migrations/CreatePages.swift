import Fluent
import IGroupsCore

/// Creates pages and their revisions.
struct CreatePages: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(TextPage.schema)
            .id()
            .field("group_id", .uuid, .required, .references(Group.schema, "id", onDelete: .cascade))
            .field("slug", .string, .required)
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("body_html", .string, .required)
            .field("position", .int, .required)
            .field("visibility", .string, .required)
            .field("author_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "group_id", "slug")
            .create()
        try await database.createIndex("pages_author_id", on: TextPage.schema, "author_id")
        try await database.schema(TextPageRevision.schema)
            .id()
            .field("page_id", .uuid, .required, .references(TextPage.schema, "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("author_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.createIndex("page_revisions_page_id_created_at", on: TextPageRevision.schema, "page_id", "created_at")
        try await database.createIndex("page_revisions_author_id", on: TextPageRevision.schema, "author_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(TextPageRevision.schema).delete()
        try await database.schema(TextPage.schema).delete()
    }
}
