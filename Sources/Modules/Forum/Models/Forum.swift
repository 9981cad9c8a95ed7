import Fluent
import Foundation
import IGroupsCore
import SQLKit

/// A board of the forum: admins create, describe and order them, and may keep posting to admins.
final class ForumBoard: Model, @unchecked Sendable {
    static let schema = "forum_boards"

    @ID(key: .id) var id: UUID?
    @Parent(key: "group_id") var group: Group
    @Field(key: "name") var name: String
    @Field(key: "description") var description: String
    @Field(key: "position") var position: Int
    /// Only admins start threads and reply here (announcements).
    @Field(key: "admins_only") var adminsOnly: Bool
    /// Threads on the board, kept on its row so a board page needs no counting.
    @Field(key: "thread_count") var threadCount: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

extension ForumBoard {
    /// Adds to (or takes from) a board's thread count, in the statement that changes it.
    static func count(threads change: Int, on boardID: UUID, _ db: any Database) async throws {
        try await db.sql.update(schema).set(SQLIdentifier("thread_count"), to: SQLRaw("thread_count + \(change)"))
            .where("id", .equal, SQLBind(boardID)).run()
    }
}

/// A thread: its title, and counts kept on the row so a board page needs no counting.
final class ForumThread: Model, @unchecked Sendable {
    static let schema = "forum_threads"

    @ID(key: .id) var id: UUID?
    @Parent(key: "group_id") var group: Group
    @Parent(key: "board_id") var board: ForumBoard
    @OptionalParent(key: "author_id") var author: User?
    @Field(key: "title") var title: String
    @Field(key: "pinned") var pinned: Bool
    @Field(key: "locked") var locked: Bool
    /// Posts ever written in the thread; each post's `position` is its number, so deleted posts keep theirs.
    @Field(key: "post_count") var postCount: Int
    @Field(key: "last_post_at") var lastPostAt: Date
    @OptionalParent(key: "last_author_id") var lastAuthor: User?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

/// A post in a thread; the first one opens it. A deleted post stays as a marker with its number.
final class ForumPost: Model, @unchecked Sendable {
    static let schema = "forum_posts"

    enum Deletion: String, Codable, Sendable {
        case author, moderator
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "thread_id") var thread: ForumThread
    @Parent(key: "group_id") var group: Group
    @OptionalParent(key: "author_id") var author: User?
    /// 1 for the opening post, then 2, 3, … in the order they were written.
    @Field(key: "position") var position: Int
    @Field(key: "body") var body: String
    @Field(key: "body_html") var bodyHTML: String
    @OptionalField(key: "edited_at") var editedAt: Date?
    @OptionalField(key: "deleted_at") var deletedAt: Date?
    @OptionalField(key: "deleted_by") var deletedBy: Deletion?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

/// An earlier version of a post, kept when its author edits it: the visible history.
final class ForumRevision: Model, @unchecked Sendable {
    static let schema = "forum_revisions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "post_id") var post: ForumPost
    @OptionalParent(key: "author_id") var author: User?
    @Field(key: "body") var body: String
    /// When this version was written.
    @Field(key: "written_at") var writtenAt: Date
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// How far a person has read a thread (the number of the last post they saw).
final class ForumRead: Model, @unchecked Sendable {
    static let schema = "forum_reads"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Parent(key: "thread_id") var thread: ForumThread
    @Field(key: "position") var position: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

/// "Mark everything read" in a group's forum: nothing older than this is new to the person.
final class ForumMark: Model, @unchecked Sendable {
    static let schema = "forum_marks"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Parent(key: "group_id") var group: Group
    @Field(key: "marked_at") var markedAt: Date
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// A person who gets a mail about new replies in a thread.
final class ForumWatch: Model, @unchecked Sendable {
    static let schema = "forum_watches"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Parent(key: "thread_id") var thread: ForumThread
    /// The thread's last post when watching began: mail is about what comes after it.
    @Field(key: "from_position") var fromPosition: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(userID: UUID, threadID: UUID) {
        self.$user.id = userID
        self.$thread.id = threadID
    }
}

/// A member's report of a post to the group's moderators.
final class ForumReport: Model, @unchecked Sendable {
    static let schema = "forum_reports"

    @ID(key: .id) var id: UUID?
    @Parent(key: "post_id") var post: ForumPost
    @Parent(key: "group_id") var group: Group
    @OptionalParent(key: "reporter_id") var reporter: User?
    @Field(key: "reason") var reason: String
    @OptionalField(key: "closed_at") var closedAt: Date?
    @OptionalParent(key: "closed_by_id") var closedBy: User?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

struct CreateForum: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ForumBoard.schema)
            .id()
            .field("group_id", .uuid, .required, .references(Group.schema, "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("description", .string, .required)
            .field("position", .int, .required)
            .field("admins_only", .bool, .required)
            .field("thread_count", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.createIndex("forum_boards_group", on: ForumBoard.schema, "group_id", "position")
        try await database.schema(ForumThread.schema)
            .id()
            .field("group_id", .uuid, .required, .references(Group.schema, "id", onDelete: .cascade))
            .field("board_id", .uuid, .required, .references(ForumBoard.schema, "id", onDelete: .cascade))
            .field("author_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("title", .string, .required)
            .field("pinned", .bool, .required)
            .field("locked", .bool, .required)
            .field("post_count", .int, .required)
            .field("last_post_at", .datetime, .required)
            .field("last_author_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.createIndex("forum_threads_board", on: ForumThread.schema, "board_id", "pinned", "last_post_at")
        try await database.createIndex("forum_threads_group", on: ForumThread.schema, "group_id", "last_post_at")
        try await database.createIndex("forum_threads_author", on: ForumThread.schema, "author_id")
        try await database.createIndex("forum_threads_last_author", on: ForumThread.schema, "last_author_id")
        try await database.schema(ForumPost.schema)
            .id()
            .field("thread_id", .uuid, .required, .references(ForumThread.schema, "id", onDelete: .cascade))
            .field("group_id", .uuid, .required, .references(Group.schema, "id", onDelete: .cascade))
            .field("author_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("position", .int, .required)
            .field("body", .string, .required)
            .field("body_html", .string, .required)
            .field("edited_at", .datetime)
            .field("deleted_at", .datetime)
            .field("deleted_by", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "thread_id", "position")
            .create()
        try await database.createIndex("forum_posts_author", on: ForumPost.schema, "author_id")
        try await database.createIndex("forum_posts_group", on: ForumPost.schema, "group_id", "created_at")
        try await database.schema(ForumRevision.schema)
            .id()
            .field("post_id", .uuid, .required, .references(ForumPost.schema, "id", onDelete: .cascade))
            .field("author_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("body", .string, .required)
            .field("written_at", .datetime, .required)
            .field("created_at", .datetime)
            .create()
        try await database.createIndex("forum_revisions_post", on: ForumRevision.schema, "post_id", "written_at")
        try await database.createIndex("forum_revisions_author", on: ForumRevision.schema, "author_id")
        try await database.schema(ForumRead.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("thread_id", .uuid, .required, .references(ForumThread.schema, "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "user_id", "thread_id")
            .create()
        try await database.createIndex("forum_reads_thread", on: ForumRead.schema, "thread_id")
        try await database.schema(ForumMark.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("group_id", .uuid, .required, .references(Group.schema, "id", onDelete: .cascade))
            .field("marked_at", .datetime, .required)
            .field("created_at", .datetime)
            .unique(on: "user_id", "group_id")
            .create()
        try await database.createIndex("forum_marks_group", on: ForumMark.schema, "group_id")
        try await database.schema(ForumWatch.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("thread_id", .uuid, .required, .references(ForumThread.schema, "id", onDelete: .cascade))
            .field("from_position", .int, .required)
            .field("created_at", .datetime)
            .unique(on: "user_id", "thread_id")
            .create()
        try await database.createIndex("forum_watches_thread", on: ForumWatch.schema, "thread_id")
        try await database.schema(ForumReport.schema)
            .id()
            .field("post_id", .uuid, .required, .references(ForumPost.schema, "id", onDelete: .cascade))
            .field("group_id", .uuid, .required, .references(Group.schema, "id", onDelete: .cascade))
            .field("reporter_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("reason", .string, .required)
            .field("closed_at", .datetime)
            .field("closed_by_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("created_at", .datetime)
            .create()
        try await database.createIndex("forum_reports_group", on: ForumReport.schema, "group_id", "closed_at")
        try await database.createIndex("forum_reports_post", on: ForumReport.schema, "post_id")
        try await database.createIndex("forum_reports_reporter", on: ForumReport.schema, "reporter_id")
        try await database.createIndex("forum_reports_closed_by", on: ForumReport.schema, "closed_by_id")
    }

    func revert(on database: any Database) async throws {
        for schema in [ForumReport.schema, ForumWatch.schema, ForumMark.schema, ForumRead.schema, ForumRevision.schema, ForumPost.schema, ForumThread.schema, ForumBoard.schema] {
            try await database.schema(schema).delete()
        }
    }
}
