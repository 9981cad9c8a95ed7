import Fluent
import Foundation

/// A person's acceptance of one version of the privacy policy, with its time.
package final class PolicyAcceptance: Model, @unchecked Sendable {
    package static let schema = "policy_acceptances"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "user_id") package var user: User
    @Field(key: "policy_version") package var policyVersion: String
    @Field(key: "accepted_at") package var acceptedAt: Date
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) package var updatedAt: Date?

    package init() {}

    package init(userID: UUID, policyVersion: String, acceptedAt: Date) {
        self.$user.id = userID
        self.policyVersion = policyVersion
        self.acceptedAt = acceptedAt
    }
}
