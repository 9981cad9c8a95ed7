import Fluent
import IGroupsCore

/// Creates videos and their comments. A video goes with its uploaded file (erasing a person deletes
/// their uploads, and with them their videos) and with its group.
struct CreateVideos: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Video.schema)
            .id()
            .field("group_id", .uuid, .required, .references(Group.schema, "id", onDelete: .cascade))
            .field("author_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("title", .string, .required)
            .field("description", .string, .required)
            .field("description_html", .string, .required)
            .field("source", .string, .required)
            .field("upload_id", .uuid, .references(Upload.schema, "id", onDelete: .cascade))
            .field("poster_id", .uuid, .references(Upload.schema, "id", onDelete: .setNull))
            .field("external_id", .string)
            .field("status", .string, .required)
            .field("failure", .string)
            .field("edited_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.createIndex("videos_group", on: Video.schema, "group_id", "created_at")
        try await database.createIndex("videos_author", on: Video.schema, "author_id")
        try await database.createIndex("videos_upload", on: Video.schema, "upload_id")
        try await database.createIndex("videos_poster", on: Video.schema, "poster_id")
        try await database.createIndex("videos_status", on: Video.schema, "status", "updated_at")
        try await database.schema(VideoComment.schema)
            .id()
            .field("video_id", .uuid, .required, .references(Video.schema, "id", onDelete: .cascade))
            .field("author_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("body", .string, .required)
            .field("body_html", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.createIndex("video_comments_video", on: VideoComment.schema, "video_id", "created_at")
        try await database.createIndex("video_comments_author", on: VideoComment.schema, "author_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(VideoComment.schema).delete()
        try await database.schema(Video.schema).delete()
    }
}
