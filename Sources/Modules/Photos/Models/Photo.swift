import Fluent
import Foundation
import IGroupsCore

/// An album of a group: a title, a description, its photos in the order chosen, and a cover.
final class PhotoAlbum: Model, @unchecked Sendable {
    static let schema = "photo_albums"

    @ID(key: .id) var id: UUID?
    @Parent(key: "group_id") var group: Group
    /// Who made the album; they and the group's admins change it. Nil once that person is erased.
    @OptionalParent(key: "creator_id") var creator: User?
    @Field(key: "title") var title: String
    @Field(key: "description") var description: String
    /// The photo chosen as the cover; when it is gone or unset, the album's first photo is.
    @OptionalField(key: "cover_photo_id") var coverPhotoID: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    /// Moves when photos are added, so the group's front page shows the album again.
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

/// A photo in an album. Its upload is the picture as received while it is being processed; then the
/// server's copy of it: upright, without any metadata, with a display size and a thumbnail beside it.
final class Photo: Model, @unchecked Sendable {
    static let schema = "photos"

    enum Status: String, Codable, Sendable {
        /// Received; the job has not made its copies yet. Only the uploader sees it.
        case processing
        case ready
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "group_id") var group: Group
    @Parent(key: "album_id") var album: PhotoAlbum
    @OptionalParent(key: "uploader_id") var uploader: User?
    /// The picture as received while processing, then the stripped original.
    @Parent(key: "upload_id") var upload: Upload
    @OptionalParent(key: "display_id") var display: Upload?
    @OptionalParent(key: "thumb_id") var thumb: Upload?
    @Field(key: "status") var status: Status
    /// The file's name as the uploader's computer called it, for downloads.
    @Field(key: "name") var name: String
    @Field(key: "caption") var caption: String
    /// Who took the photo, as typed (the uploader's name unless they said otherwise).
    @Field(key: "taken_by") var takenBy: String
    /// The day it was taken, `YYYY-MM-DD`, when the uploader gave it.
    @OptionalField(key: "taken_on") var takenOn: String?
    /// The place in the album: lower first. Unique within an album (positions are given under the album's lock).
    @Field(key: "position") var position: Int
    @OptionalField(key: "width") var width: Int?
    @OptionalField(key: "height") var height: Int?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

/// A comment on a photo.
final class PhotoComment: Model, @unchecked Sendable {
    static let schema = "photo_comments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "photo_id") var photo: Photo
    @OptionalParent(key: "author_id") var author: User?
    @Field(key: "body") var body: String
    /// The body as sanitised HTML, made when saved.
    @Field(key: "body_html") var bodyHTML: String
    @OptionalField(key: "edited_at") var editedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

/// One person's like of one photo.
final class PhotoLike: Model, @unchecked Sendable {
    static let schema = "photo_likes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "photo_id") var photo: Photo
    @Parent(key: "user_id") var user: User
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(photoID: UUID, userID: UUID) {
        self.$photo.id = photoID
        self.$user.id = userID
    }
}
