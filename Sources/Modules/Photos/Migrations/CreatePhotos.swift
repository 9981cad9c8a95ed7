import Fluent
import IGroupsCore

/// Creates albums, photos, their comments and likes.
struct CreatePhotos: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PhotoAlbum.schema)
            .id()
            .field("group_id", .uuid, .required, .references(Group.schema, "id", onDelete: .cascade))
            .field("creator_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("title", .string, .required)
            .field("description", .string, .required)
            // No foreign key: albums and photos would point at each other. A cover that is gone is passed over.
            .field("cover_photo_id", .uuid)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.createIndex("photo_albums_group", on: PhotoAlbum.schema, "group_id", "created_at")
        try await database.createIndex("photo_albums_creator", on: PhotoAlbum.schema, "creator_id")

        try await database.schema(Photo.schema)
            .id()
            .field("group_id", .uuid, .required, .references(Group.schema, "id", onDelete: .cascade))
            .field("album_id", .uuid, .required, .references(PhotoAlbum.schema, "id", onDelete: .cascade))
            .field("uploader_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            // A photo is its picture: when the upload goes, the photo goes.
            .field("upload_id", .uuid, .required, .references(Upload.schema, "id", onDelete: .cascade))
            .field("display_id", .uuid, .references(Upload.schema, "id", onDelete: .setNull))
            .field("thumb_id", .uuid, .references(Upload.schema, "id", onDelete: .setNull))
            .field("status", .string, .required)
            .field("name", .string, .required)
            .field("caption", .string, .required)
            .field("taken_by", .string, .required)
            .field("taken_on", .string)
            .field("position", .int, .required)
            .field("width", .int)
            .field("height", .int)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        // The album's grid, in order, one page at a time.
        try await database.createIndex("photos_album_position", on: Photo.schema, "album_id", "position")
        try await database.createIndex("photos_group", on: Photo.schema, "group_id", "created_at")
        try await database.createIndex("photos_uploader", on: Photo.schema, "uploader_id")
        try await database.createIndex("photos_upload", on: Photo.schema, "upload_id")
        try await database.createIndex("photos_display", on: Photo.schema, "display_id")
        try await database.createIndex("photos_thumb", on: Photo.schema, "thumb_id")

        try await database.schema(PhotoComment.schema)
            .id()
            .field("photo_id", .uuid, .required, .references(Photo.schema, "id", onDelete: .cascade))
            .field("author_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("body", .string, .required)
            .field("body_html", .string, .required)
            .field("edited_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.createIndex("photo_comments_photo", on: PhotoComment.schema, "photo_id", "created_at")
        try await database.createIndex("photo_comments_author", on: PhotoComment.schema, "author_id")

        try await database.schema(PhotoLike.schema)
            .id()
            .field("photo_id", .uuid, .required, .references(Photo.schema, "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("created_at", .datetime)
            .unique(on: "photo_id", "user_id")
            .create()
        try await database.createIndex("photo_likes_user", on: PhotoLike.schema, "user_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PhotoLike.schema).delete()
        try await database.schema(PhotoComment.schema).delete()
        try await database.schema(Photo.schema).delete()
        try await database.schema(PhotoAlbum.schema).delete()
    }
}
