import Fluent
import Foundation
import Vapor

/// One security event: who it concerns, who caused it (an admin or the operator), what happened, from which device.
/// Never a password, a token or an address in full; kept one year.
package final class AuditEvent: Model, @unchecked Sendable {
    package static let schema = "audit_events"
    package static let retention: TimeInterval = 365 * 24 * 3600

    package enum Kind: String, Codable, Sendable, CaseIterable {
        case login, loginFailed = "login_failed", logout
        case passwordChanged = "password_changed", passwordReset = "password_reset"
        case emailChangeRequested = "email_change_requested", emailChanged = "email_changed"
        case sessionEnded = "session_ended"
        case roleChanged = "role_changed", memberRemoved = "member_removed", memberBanned = "member_banned", ownershipTransferred = "ownership_transferred"
        case groupDeleted = "group_deleted"
        case exportRequested = "export_requested", exportDownloaded = "export_downloaded", profileErased = "profile_erased"
        case suspended, unsuspended
        case orderPaid = "order_paid", orderCancelled = "order_cancelled", planSaved = "plan_saved"
    }

    @ID(key: .id) package var id: UUID?
    /// The person the event concerns (nil once they are erased, or for a group-wide event).
    @OptionalParent(key: "user_id") package var user: User?
    /// Someone else who caused it: a group admin or the operator.
    @OptionalParent(key: "actor_id") package var actor: User?
    @Field(key: "kind") package var kind: Kind
    /// A short note such as the group and the new role; never a secret.
    @Field(key: "detail") package var detail: String
    /// The browser and system, as the person's session list shows them.
    @Field(key: "device") package var device: String
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?

    package init() {}

    package init(kind: Kind, userID: UUID?, actorID: UUID?, detail: String, device: String) {
        self.kind = kind
        self.$user.id = userID
        self.$actor.id = actorID
        self.detail = String(detail.prefix(500))
        self.device = String(device.prefix(200))
    }
}

package enum AuditLog {
    /// Records an event in the request's database (and transaction, when `db` is one).
    package static func record(_ kind: AuditEvent.Kind, user: UUID?, actor: UUID? = nil, detail: String = "", req: Request, on db: (any Database)? = nil) async throws {
        let device = req.headers.first(name: .userAgent) ?? ""
        try await AuditEvent(kind: kind, userID: user, actorID: actor, detail: detail, device: device).create(on: db ?? req.db)
    }
}

/// Creates the audit log.
package struct CreateAuditEvents: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(AuditEvent.schema)
            .id()
            .field("user_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("actor_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("kind", .string, .required)
            .field("detail", .string, .required)
            .field("device", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await database.createIndex("audit_events_user_id", on: AuditEvent.schema, "user_id", "created_at")
        try await database.createIndex("audit_events_created_at", on: AuditEvent.schema, "created_at")
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(AuditEvent.schema).delete()
    }
}
