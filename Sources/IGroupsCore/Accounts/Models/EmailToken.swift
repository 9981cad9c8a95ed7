import Fluent
import Foundation

/// A single-use link sent by mail: verify an address, reset a password, confirm a new address.
package final class EmailToken: Model, @unchecked Sendable {
    package static let schema = "email_tokens"

    /// What a token lets its holder do.
    package enum Purpose: String, Codable, Sendable {
        case verify, reset, changeEmail = "change_email"

        /// How long a link stays valid.
        package var lifetime: TimeInterval {
            switch self {
            case .verify, .changeEmail: 48 * 3600
            case .reset: 3600
            }
        }
    }

    @ID(key: .id) package var id: UUID?
    @Parent(key: "user_id") package var user: User
    @Field(key: "purpose") package var purpose: Purpose
    @Field(key: "token_hash") package var tokenHash: String
    @OptionalField(key: "new_email") package var newEmail: String?
    @Field(key: "expires_at") package var expiresAt: Date
    @OptionalField(key: "used_at") package var usedAt: Date?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) package var updatedAt: Date?

    package init() {}

    package init(userID: UUID, purpose: Purpose, tokenHash: String, newEmail: String? = nil, now: Date) {
        self.$user.id = userID
        self.purpose = purpose
        self.tokenHash = tokenHash
        self.newEmail = newEmail
        self.expiresAt = now.addingTimeInterval(purpose.lifetime)
    }
}
