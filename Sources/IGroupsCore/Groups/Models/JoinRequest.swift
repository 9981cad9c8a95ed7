import Fluent
import Foundation

/// A person's request to join a group that admits members by request.
package final class JoinRequest: Model, @unchecked Sendable {
    package static let schema = "join_requests"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "group_id") package var group: Group
    @Parent(key: "user_id") package var user: User
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) package var updatedAt: Date?

    package init() {}

    package init(groupID: UUID, userID: UUID) {
        self.$group.id = groupID
        self.$user.id = userID
    }
}
