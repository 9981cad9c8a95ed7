import Fluent
import Foundation
import SQLKit
import Vapor

/// The hourly job that deletes personal data past its retention, as the registry promises.
/// (Sessions, links, login failures and failed jobs go in Core's clean-up; downloads in their own job.)
package enum Retention {
    static let jobKind = "privacy.retention"
    /// An account whose address was never verified.
    static let unverifiedAccount: TimeInterval = 7 * 24 * 3600
    /// An invitation after it was used, revoked or expired.
    static let finishedInvitation: TimeInterval = 30 * 24 * 3600
    static let invitationText = "Until 30 days after it was used, revoked or expired; a shareable link until it is revoked."

    package static func register(on app: Application) {
        app.jobQueue.register(jobKind) { _, app in try await run(app: app) }
        app.jobQueue.schedule(Schedule(name: jobKind, period: 3600, jobKind: jobKind))
    }

    package static func run(app: Application, now: Date = Date()) async throws {
        // Unverified accounts go the way a deleted profile goes, through the registry.
        let stale = try await User.query(on: app.db)
            .filter(\.$emailVerifiedAt == nil)
            .filter(\.$createdAt < now.addingTimeInterval(-unverifiedAccount))
            .all()
        for user in stale {
            guard try await Membership.query(on: app.db).filter(\.$user.$id == user.requireID()).filter(\.$role == .owner).count() == 0 else { continue }
            try await app.erase(PrivacyRegistry.Person(id: user.requireID(), emailKey: user.emailKey), on: app.db)
        }
        if !stale.isEmpty { app.logger.notice("unverified accounts erased", metadata: ["count": .stringConvertible(stale.count)]) }
        // A decided report is kept 90 days, then it goes.
        try await app.db.sql.delete(from: AgeReport.schema).where("decided_at", .lessThan, now.addingTimeInterval(-90 * 24 * 3600)).run()
        try await app.db.sql.delete(from: Notice.schema).where("created_at", .lessThan, now.addingTimeInterval(-Notice.retention)).run()
        // An old notice that was never opened no longer counts in the header.
        try await app.db.sql.raw("""
            UPDATE users SET unread_notices = (SELECT COUNT(*) FROM notices WHERE notices.user_id = users.id AND notices.read_at IS NULL)
            WHERE unread_notices > 0
            """).run()
        try await app.db.sql.delete(from: AuditEvent.schema).where("created_at", .lessThan, now.addingTimeInterval(-AuditEvent.retention)).run()
        // Orders and invoices go once bookkeeping law no longer requires them, and the period they paid for is over.
        try await app.db.sql.delete(from: Order.schema).where("issued_at", .lessThan, Order.purgeBefore(now))
            .where { $0.where("period_ends_at", .is, SQLLiteral.null).orWhere("period_ends_at", .lessThan, now) }
            .run()
        try await app.db.sql.delete(from: VisitCount.schema).where("day", .lessThan, VisitCounter.day(now) - VisitCount.retentionDays).run()
        let before = SQLBind(now.addingTimeInterval(-finishedInvitation))
        try await app.db.sql.delete(from: Invitation.schema)
            .where { $0.where("used_at", .lessThan, before).orWhere("revoked_at", .lessThan, before).orWhere("expires_at", .lessThan, before) }
            .run()
    }
}
