import Fluent
import Foundation

/// An invitation to a group: sent to one address (single use, 14 days) or a shareable link (until revoked).
package final class Invitation: Model, @unchecked Sendable {
    package static let schema = "invitations"
    /// How long an invitation by mail stays valid.
    package static let emailLifetime: TimeInterval = 14 * 24 * 3600

    @ID(key: .id) package var id: UUID?
    @Parent(key: "group_id") package var group: Group
    /// The invited address; nil for a shareable link.
    @OptionalField(key: "email") package var email: String?
    /// The hash of the token in the link; nil until the invitation mail has been made.
    @OptionalField(key: "token_hash") package var tokenHash: String?
    @OptionalParent(key: "invited_by_id") package var invitedBy: User?
    @OptionalField(key: "expires_at") package var expiresAt: Date?
    @OptionalField(key: "used_at") package var usedAt: Date?
    @OptionalField(key: "revoked_at") package var revokedAt: Date?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) package var updatedAt: Date?

    package init() {}

    package init(groupID: UUID, email: String?, tokenHash: String?, invitedBy: UUID?, now: Date) {
        self.$group.id = groupID
        self.email = email
        self.tokenHash = tokenHash
        self.$invitedBy.id = invitedBy
        self.expiresAt = email == nil ? nil : now.addingTimeInterval(Self.emailLifetime)
    }

    /// True while the invitation can still be used.
    package func isUsable(now: Date = Date()) -> Bool {
        revokedAt == nil && usedAt == nil && (expiresAt.map { $0 > now } ?? true)
    }
}
