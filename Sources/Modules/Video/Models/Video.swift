import Fluent
import Foundation
import IGroupsCore

/// A video in a group: a file someone uploaded, played from our own server, or a YouTube or Vimeo video
/// linked by its address, whose player loads only when a visitor asks for it.
final class Video: Model, @unchecked Sendable {
    static let schema = "videos"

    /// Where the video is.
    enum Source: String, Codable, Sendable {
        case upload, youtube, vimeo
    }

    /// How far an uploaded video has come; a linked video is always ready.
    enum Status: String, Codable, Sendable {
        /// The poster and length are being made.
        case processing
        /// Plays, with poster and length when the server could make them.
        case ready
        /// Plays, but the poster and length wait until the server can make them (ffmpeg is missing).
        case waiting
        /// The file could not be read as a video: it was removed, and only the note for its uploader is left.
        case failed
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "group_id") var group: Group
    /// Who added the video.
    @OptionalParent(key: "author_id") var author: User?
    @Field(key: "title") var title: String
    /// Markdown, with its sanitised rendering beside it.
    @Field(key: "description") var description: String
    @Field(key: "description_html") var descriptionHTML: String
    @Field(key: "source") var source: Source
    /// The uploaded file; its copies (the poster) go with it.
    @OptionalParent(key: "upload_id") var upload: Upload?
    /// The still shown before the video plays, made from the uploaded file.
    @OptionalParent(key: "poster_id") var poster: Upload?
    /// The provider's id of a linked video.
    @OptionalField(key: "external_id") var externalID: String?
    @Field(key: "status") var status: Status
    /// Why a file could not be used: a translation key for its uploader.
    @OptionalField(key: "failure") var failure: String?
    @OptionalField(key: "edited_at") var editedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

/// A comment on a video.
final class VideoComment: Model, @unchecked Sendable {
    static let schema = "video_comments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "video_id") var video: Video
    @OptionalParent(key: "author_id") var author: User?
    @Field(key: "body") var body: String
    @Field(key: "body_html") var bodyHTML: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}
