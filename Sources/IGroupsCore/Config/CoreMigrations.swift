import Fluent
import SQLKit
import Vapor

/// The tables Core owns, in the order they are created.
package enum CoreMigrations {
    package static let all: [any Migration] = [
        CreateUsers(),
        CreateSessions(),
        CreateEmailTokens(),
        CreateLoginAttempts(),
        CreatePolicyAcceptances(),
        CreateJobs(),
        CreateSiteKeys(),
        CreateRateLimitHits(),
        CreateGroups(),
        CreateGroupBans(),
        CreateJoinRequests(),
        CreateInvitations(),
        CreateGroupModules(),
        UpdateUsersAddSuspension(),
        UpdateGroupsAddLogo(),
        UpdateUsersIndexSuspension(),
        CreateDataExports(),
        UpdateUsersAddPolicyVersion(),
        CreateConsentsAndObjections(),
        CreateVisitCounts(),
        CreateAuditEvents(),
        CreateAgeReports(),
        CreateBreaches(),
        UpdateUsersAddNameKey(),
        CreateNotices(),
        CreateSearchDocuments(),
        UpdateGroupsAddTimeZone(),
        UpdateUsersAddTimeZone(),
        UpdateGroupsAddCalendarVersion(),
        CreateUploads(),
        UpdateUsersAddVersion(),
        UpdateGroupsAddVersion(),
        CreatePlansAndOrders(),
    ]
}

/// The hourly clean-up: expired sessions and links, old login failures, long-failed jobs.
package enum Cleanup {
    package static let jobKind = "core.cleanup"

    package static func register(on app: Application) {
        app.jobQueue.register(jobKind) { _, app in try await run(on: app.db) }
        app.jobQueue.schedule(Schedule(name: "core.cleanup", period: 3600, jobKind: jobKind))
    }

    /// Deletes what is past its time.
    package static func run(on db: any Database, now: Date = Date()) async throws {
        try await db.sql.delete(from: UserSession.schema).where("expires_at", .lessThan, now).run()
        try await db.sql.delete(from: EmailToken.schema).where("expires_at", .lessThan, now.addingTimeInterval(-24 * 3600)).run()
        try await db.sql.delete(from: LoginAttempt.schema).where("created_at", .lessThan, now.addingTimeInterval(-24 * 3600)).run()
        try await db.sql.delete(from: RateLimit.schema).where("created_at", .lessThan, now.addingTimeInterval(-24 * 3600)).run()
        try await db.sql.delete(from: "jobs").where("failed_at", .lessThan, now.addingTimeInterval(-30 * 24 * 3600)).run()
    }
}
