import Fluent
import Foundation

/// A person's download of their data: asked for, built by a job, kept 7 days.
package final class DataExport: Model, @unchecked Sendable {
    package static let schema = "data_exports"
    /// How long a finished download stays.
    package static let lifetime: TimeInterval = 7 * 24 * 3600

    package enum Status: String, Codable, Sendable {
        case queued, running, ready, failed
    }

    @ID(key: .id) package var id: UUID?
    @Parent(key: "user_id") package var user: User
    @Field(key: "status") package var status: Status
    /// 0–100 while it is built.
    @Field(key: "progress") package var progress: Int
    @OptionalField(key: "size") package var size: Int?
    @OptionalField(key: "finished_at") package var finishedAt: Date?
    @OptionalField(key: "expires_at") package var expiresAt: Date?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) package var updatedAt: Date?

    package init() {}

    package init(userID: UUID) {
        self.$user.id = userID
        self.status = .queued
        self.progress = 0
    }

    /// Where the archive is kept in the file store.
    package var fileKey: String { "exports/\(id?.uuidString ?? "-").zip" }

    /// True while the job has yet to finish.
    package var isPending: Bool { status == .queued || status == .running }
}
