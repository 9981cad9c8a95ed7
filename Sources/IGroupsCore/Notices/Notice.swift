import Fluent
import Foundation
import SQLKit

/// Something that happened for a person in the product: someone mentioned them in a forum post, …
/// Shown at `/me/notices`; the header counts the unread ones from the person's own row.
package final class Notice: Model, @unchecked Sendable {
    package static let schema = "notices"
    /// A notice is kept half a year.
    package static let retention: TimeInterval = 182 * 24 * 3600

    @ID(key: .id) package var id: UUID?
    @Parent(key: "user_id") package var user: User
    /// Who did it; nil once that person's profile is erased.
    @OptionalParent(key: "actor_id") package var actor: User?
    @OptionalParent(key: "group_id") package var group: Group?
    /// The translation key's last part: `notices.kind.<kind>` says what happened.
    @Field(key: "kind") package var kind: String
    /// What it is about, e.g. the thread's title.
    @Field(key: "subject") package var subject: String
    /// Where it happened, a path on this site.
    @Field(key: "url") package var url: String
    @OptionalField(key: "read_at") package var readAt: Date?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) package var updatedAt: Date?

    package init() {}
}

package struct CreateNotices: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(Notice.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("actor_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("group_id", .uuid, .references(Group.schema, "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("subject", .string, .required)
            .field("url", .string, .required)
            .field("read_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.createIndex("notices_user", on: Notice.schema, "user_id", "created_at")
        try await database.createIndex("notices_actor", on: Notice.schema, "actor_id")
        try await database.createIndex("notices_group", on: Notice.schema, "group_id")
        // The count for the header lives on the person's row, read with the session at no cost.
        try await database.schema(User.schema).field("unread_notices", .int, .required, .sql(.default(0))).update()
        try await database.schema(User.schema).field("mention_mail", .bool, .required, .sql(.default(true))).update()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(User.schema).deleteField("mention_mail").update()
        try await database.schema(User.schema).deleteField("unread_notices").update()
        try await database.schema(Notice.schema).delete()
    }
}
