import Fluent
import Foundation

/// A signed-in browser: the cookie holds a random token, the row only its hash.
package final class UserSession: Model, @unchecked Sendable {
    package static let schema = "sessions"

    @ID(key: .id) package var id: UUID?
    @Field(key: "token_hash") package var tokenHash: String
    @Parent(key: "user_id") package var user: User
    @Field(key: "device") package var device: String
    @Field(key: "last_seen_at") package var lastSeenAt: Date
    @Field(key: "expires_at") package var expiresAt: Date
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) package var updatedAt: Date?

    package init() {}

    package init(tokenHash: String, userID: UUID, device: String, now: Date, lifetime: TimeInterval) {
        self.tokenHash = tokenHash
        self.$user.id = userID
        self.device = device
        self.lastSeenAt = now
        self.expiresAt = now.addingTimeInterval(lifetime)
    }
}
