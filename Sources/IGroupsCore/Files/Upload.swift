import Fluent
import Foundation
import SQLKit

/// A file someone uploaded, or a copy the server made of it (a thumbnail, a display size, a video's
/// poster). The bytes live in the file store under their SHA-256 (`blobs/ab/cd/<hash>`), stored once
/// however often they are uploaded; modules point at uploads, never at store keys.
package final class Upload: Model, @unchecked Sendable {
    package static let schema = "uploads"

    @ID(key: .id) package var id: UUID?
    /// The group it was uploaded to; nil for a person's own avatar.
    @OptionalParent(key: "group_id") package var group: Group?
    /// Who uploaded it; the upload goes when their profile is erased.
    @OptionalParent(key: "user_id") package var user: User?
    /// The upload this is a server-made copy of; the copies go with it.
    @OptionalParent(key: "parent_id") package var parent: Upload?
    /// Which copy: `thumb`, `display`, `poster`; nil for what the person uploaded.
    @OptionalField(key: "variant") package var variant: String?
    /// The SHA-256 of the bytes, in hex: the name in the store.
    @Field(key: "blob") package var blob: String
    @Field(key: "size") package var size: Int64
    /// The media type read from the bytes (`FileType.mediaType`).
    @Field(key: "media_type") package var mediaType: String
    /// The file's name as the person gave it, cleaned (`Uploads.cleanName`).
    @Field(key: "name") package var name: String
    @OptionalField(key: "width") package var width: Int?
    @OptionalField(key: "height") package var height: Int?
    /// A video's or a sound's length in seconds.
    @OptionalField(key: "duration") package var duration: Double?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?

    package init() {}

    package var type: FileType { FileType(mediaType: mediaType) }

    /// Where the bytes of a blob live in the file store.
    package static func key(ofBlob hash: String) -> String {
        blobPrefix + "\(hash.prefix(2))/\(hash.dropFirst(2).prefix(2))/\(hash)"
    }

    /// Where the store keeps the bytes of uploads, each under a key made of its hash: what such a key
    /// names never changes.
    package static let blobPrefix = "blobs/"

    package var key: String { Self.key(ofBlob: blob) }

    /// What a download needs of this upload.
    package var row: UploadRow { UploadRow(blob: blob, size: size, mediaType: mediaType, name: name) }
}

/// What a download needs of an upload, decoded straight from a query's row (`u.blob, u.size,
/// u.media_type, u.name`), so a hot download path reads it together with what leads to it.
package struct UploadRow: Decodable, Sendable {
    package var blob: String
    package var size: Int64
    package var mediaType: String
    package var name: String

    package init(blob: String, size: Int64, mediaType: String, name: String) {
        self.blob = blob
        self.size = size
        self.mediaType = mediaType
        self.name = name
    }

    enum CodingKeys: String, CodingKey {
        case blob, size, mediaType = "media_type", name
    }

    package var type: FileType { FileType(mediaType: mediaType) }
    package var key: String { Upload.key(ofBlob: blob) }
}

/// The blobs in the store, so that one no longer referred to is deleted, but never one an upload is
/// storing right now: `stored_at` is set before the bytes go in, and only blobs older than a grace
/// period are collected.
package struct CreateUploads: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema("blobs")
            .field("hash", .string, .identifier(auto: false))
            .field("size", .int64, .required)
            .field("stored_at", .datetime, .required)
            .create()
        try await database.schema(Upload.schema)
            .id()
            .field("group_id", .uuid, .references(Group.schema, "id", onDelete: .cascade))
            .field("user_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("parent_id", .uuid, .references(Upload.schema, "id", onDelete: .cascade))
            .field("variant", .string)
            .field("blob", .string, .required)
            .field("size", .int64, .required)
            .field("media_type", .string, .required)
            .field("name", .string, .required)
            .field("width", .int)
            .field("height", .int)
            .field("duration", .double)
            .field("created_at", .datetime)
            .create()
        try await database.createIndex("uploads_group", on: Upload.schema, "group_id", "parent_id")
        try await database.createIndex("uploads_user", on: Upload.schema, "user_id")
        try await database.createIndex("uploads_parent", on: Upload.schema, "parent_id", "variant")
        try await database.createIndex("uploads_blob", on: Upload.schema, "blob")
        try await database.createIndex("blobs_stored_at", on: "blobs", "stored_at")
        // A person's picture on their profile.
        try await database.schema(User.schema).field("avatar_id", .uuid, .references(Upload.schema, "id", onDelete: .setNull)).update()
        try await database.schema(User.schema).field("avatar_visibility", .string, .required, .sql(.default("members"))).update()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(User.schema).deleteField("avatar_visibility").update()
        try await database.schema(User.schema).deleteField("avatar_id").update()
        try await database.schema(Upload.schema).delete()
        try await database.schema("blobs").delete()
    }
}
