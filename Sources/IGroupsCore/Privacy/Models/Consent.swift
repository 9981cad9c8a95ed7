import Fluent
import Foundation

/// One giving or withdrawal of a consent: every change is a new row, the latest one counts.
package final class ConsentRecord: Model, @unchecked Sendable {
    package static let schema = "consents"

    /// What a person may consent to. Each is off until they turn it on.
    package enum Purpose: String, Codable, Sendable, CaseIterable {
        /// Occasional news about the site from its operator, by mail.
        case operatorNews = "operator_news"
    }

    @ID(key: .id) package var id: UUID?
    @Parent(key: "user_id") package var user: User
    @Field(key: "purpose") package var purpose: Purpose
    @Field(key: "given") package var given: Bool
    /// The policy in force when it was given or withdrawn.
    @Field(key: "policy_version") package var policyVersion: String
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) package var updatedAt: Date?

    package init() {}

    package init(userID: UUID, purpose: Purpose, given: Bool, policyVersion: String) {
        self.$user.id = userID
        self.purpose = purpose
        self.given = given
        self.policyVersion = policyVersion
    }
}

/// A person's objection to a use of their data (GDPR art. 21). An objection to statistics takes effect at once;
/// the operator reviews every objection and marks it handled.
package final class Objection: Model, @unchecked Sendable {
    package static let schema = "objections"

    package enum Purpose: String, Codable, Sendable, CaseIterable {
        /// Counting visits (the person's visits are no longer counted).
        case statistics
        /// Anything else, in the person's own words.
        case other
    }

    @ID(key: .id) package var id: UUID?
    @Parent(key: "user_id") package var user: User
    @Field(key: "purpose") package var purpose: Purpose
    @Field(key: "reason") package var reason: String
    @OptionalField(key: "handled_at") package var handledAt: Date?
    @OptionalParent(key: "handled_by_id") package var handledBy: User?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) package var updatedAt: Date?

    package init() {}

    package init(userID: UUID, purpose: Purpose, reason: String) {
        self.$user.id = userID
        self.purpose = purpose
        self.reason = reason
    }
}
