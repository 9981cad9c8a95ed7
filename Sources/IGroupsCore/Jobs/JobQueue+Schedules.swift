import Fluent
import Foundation
import SQLKit

extension JobQueue {
    /// Enqueues each schedule whose time has come; one process wins each period.
    package func enqueueDueSchedules(on db: any Database, now: Date = Date()) async throws {
        for schedule in schedules {
            try await db.sql.insert(into: "schedules")
                .columns("id", "name", "next_run_at", "created_at", "updated_at")
                .values(SQLBind(UUID()), SQLBind(schedule.name), SQLBind(now), SQLBind(now), SQLBind(now))
                .ignoringConflicts(with: ["name"])
                .run()
            let next = now.addingTimeInterval(schedule.period)
            // The conditional update is atomic in both databases: only one process sees the row come back.
            let won = try await db.sql.raw("""
                UPDATE schedules SET next_run_at = \(bind: next), updated_at = \(bind: now)
                WHERE name = \(bind: schedule.name) AND next_run_at <= \(bind: now)
                RETURNING name
                """).first()
            if won != nil {
                try await enqueue(schedule.jobKind, payload: [String: String](), runAt: now, on: db)
            }
        }
    }
}
