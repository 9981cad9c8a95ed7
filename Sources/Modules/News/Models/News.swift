import Fluent
import Foundation
import IGroupsCore

/// A news post: title, Markdown body (rendered and sanitised when saved), an optional picture.
final class NewsPost: Model, @unchecked Sendable {
    static let schema = "news_posts"

    @ID(key: .id) var id: UUID?
    @Parent(key: "group_id") var group: Group
    @OptionalParent(key: "author_id") var author: User?
    @Field(key: "title") var title: String
    @Field(key: "body") var body: String
    @Field(key: "body_html") var bodyHTML: String
    @Field(key: "pinned") var pinned: Bool
    /// Counts the pictures uploaded, so each has its own address; nil while there is none.
    @OptionalField(key: "image_version") var imageVersion: Int?
    @OptionalField(key: "edited_at") var editedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    /// Where the picture is kept in the file store.
    static func imageKey(groupID: UUID, postID: UUID) -> String { "groups/\(groupID.uuidString)/news/\(postID.uuidString).jpg" }
}

/// A comment on a post, or a reply to a comment (one level deep).
final class NewsComment: Model, @unchecked Sendable {
    static let schema = "news_comments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "post_id") var post: NewsPost
    @OptionalParent(key: "parent_id") var parent: NewsComment?
    @OptionalParent(key: "author_id") var author: User?
    @Field(key: "body") var body: String
    @Field(key: "body_html") var bodyHTML: String
    /// Set when deleted: the comment stays as a marker so its replies keep their place.
    @OptionalField(key: "deleted_at") var deletedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// One person's like of one post.
final class NewsLike: Model, @unchecked Sendable {
    static let schema = "news_likes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "post_id") var post: NewsPost
    @Parent(key: "user_id") var user: User
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(postID: UUID, userID: UUID) {
        self.$post.id = postID
        self.$user.id = userID
    }
}

/// A member's wish to get the group's new posts by mail.
final class NewsSubscription: Model, @unchecked Sendable {
    static let schema = "news_subscriptions"

    enum Mode: String, Codable, Sendable, CaseIterable {
        case immediately, daily
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "group_id") var group: Group
    @Parent(key: "user_id") var user: User
    @Field(key: "mode") var mode: Mode
    /// The newest post a daily digest has covered.
    @OptionalField(key: "digest_until") var digestUntil: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

struct CreateNews: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(NewsPost.schema)
            .id()
            .field("group_id", .uuid, .required, .references(Group.schema, "id", onDelete: .cascade))
            .field("author_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("body_html", .string, .required)
            .field("pinned", .bool, .required)
            .field("image_version", .int)
            .field("edited_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.createIndex("news_posts_group", on: NewsPost.schema, "group_id", "pinned", "created_at")
        try await database.schema(NewsComment.schema)
            .id()
            .field("post_id", .uuid, .required, .references(NewsPost.schema, "id", onDelete: .cascade))
            .field("parent_id", .uuid, .references(NewsComment.schema, "id", onDelete: .cascade))
            .field("author_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("body", .string, .required)
            .field("body_html", .string, .required)
            .field("deleted_at", .datetime)
            .field("created_at", .datetime)
            .create()
        try await database.createIndex("news_comments_post", on: NewsComment.schema, "post_id", "created_at")
        try await database.schema(NewsLike.schema)
            .id()
            .field("post_id", .uuid, .required, .references(NewsPost.schema, "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("created_at", .datetime)
            .unique(on: "post_id", "user_id")
            .create()
        try await database.createIndex("news_likes_user", on: NewsLike.schema, "user_id")
        try await database.schema(NewsSubscription.schema)
            .id()
            .field("group_id", .uuid, .required, .references(Group.schema, "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("mode", .string, .required)
            .field("digest_until", .datetime)
            .field("created_at", .datetime)
            .unique(on: "group_id", "user_id")
            .create()
        try await database.createIndex("news_subscriptions_user", on: NewsSubscription.schema, "user_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(NewsSubscription.schema).delete()
        try await database.schema(NewsLike.schema).delete()
        try await database.schema(NewsComment.schema).delete()
        try await database.schema(NewsPost.schema).delete()
    }
}
