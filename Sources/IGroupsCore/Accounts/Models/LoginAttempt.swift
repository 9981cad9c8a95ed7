import Fluent
import Foundation

/// A failed login, counted for throttling and deleted after a day.
package final class LoginAttempt: Model, @unchecked Sendable {
    package static let schema = "login_attempts"

    @ID(key: .id) package var id: UUID?
    @OptionalParent(key: "user_id") package var user: User?
    @Field(key: "client_address") package var clientAddress: String
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) package var updatedAt: Date?

    package init() {}

    package init(userID: UUID?, clientAddress: String) {
        self.$user.id = userID
        self.clientAddress = clientAddress
    }
}
