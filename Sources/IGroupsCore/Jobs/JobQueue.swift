import Fluent
import Foundation
import SQLKit
import NIOConcurrencyHelpers
import Vapor

/// One job taken from the queue.
package struct ClaimedJob: Decodable, Sendable {
    package let id: UUID
    package let kind: String
    package let payload: String
    package let attempts: Int
    package let max_attempts: Int
}

/// What a job handler runs: the payload as JSON text and the application.
package typealias JobHandler = @Sendable (_ payload: String, _ app: Application) async throws -> Void

/// A task that runs once per period across all processes.
package struct Schedule: Sendable {
    package let name: String
    package let period: TimeInterval
    package let jobKind: String

    package init(name: String, period: TimeInterval, jobKind: String) {
        self.name = name
        self.period = period
        self.jobKind = jobKind
    }
}

/// The database-backed queue: handlers by kind, schedules, and the calls to enqueue and run.
package final class JobQueue: Sendable {
    private let state = NIOLockedValueBox<(handlers: [String: JobHandler], gaveUp: [String: JobHandler], schedules: [Schedule])>((handlers: [:], gaveUp: [:], schedules: []))
    /// Set when a job is enqueued in this process, so the worker need not wait for its next poll.
    private let wakeUp = NIOLockedValueBox(false)
    let workerName = "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
    /// A job locked longer than this is taken to belong to a dead process and runs again.
    static let lockTimeout: TimeInterval = 15 * 60

    package init() {}

    /// Registers the code that runs jobs of one kind, and what to do when a job of it has failed its
    /// last try (tell someone, clean up), which runs once with the job's payload.
    package func register(_ kind: String, handler: @escaping JobHandler, gaveUp: JobHandler? = nil) {
        state.withLockedValue {
            $0.handlers[kind] = handler
            $0.gaveUp[kind] = gaveUp
        }
    }

    /// Registers a task that runs once per period.
    package func schedule(_ schedule: Schedule) {
        state.withLockedValue { $0.schedules.append(schedule) }
    }

    var handlers: [String: JobHandler] { state.withLockedValue { $0.handlers } }
    package var schedules: [Schedule] { state.withLockedValue { $0.schedules } }

    /// Puts a job on the queue; the worker in this process is woken at once.
    package func enqueue(_ kind: String, payload: some Encodable, runAt: Date = Date(), maxAttempts: Int = 8, on db: any Database) async throws {
        let json = String(decoding: try JSONEncoder().encode(payload), as: UTF8.self)
        let now = Date()
        try await db.sql.insert(into: "jobs")
            .columns("id", "kind", "payload", "run_at", "attempts", "max_attempts", "created_at", "updated_at")
            .values(SQLBind(UUID()), SQLBind(kind), SQLBind(json), SQLBind(runAt), SQLBind(0), SQLBind(maxAttempts), SQLBind(now), SQLBind(now))
            .run()
        wakeUp.withLockedValue { $0 = true }
    }

    /// True once after a job was enqueued in this process.
    func takeWakeUp() -> Bool {
        wakeUp.withLockedValue { pending in
            defer { pending = false }
            return pending
        }
    }

    /// Takes the next due job, locking it for this process (`SKIP LOCKED` on PostgreSQL).
    package func claim(on db: any Database, now: Date = Date()) async throws -> ClaimedJob? {
        let skipLocked = db is any SQLDatabase && db.sql.dialect.name == "postgresql" ? " FOR UPDATE SKIP LOCKED" : ""
        let query: SQLQueryString = """
            UPDATE jobs SET locked_at = \(bind: now), locked_by = \(bind: workerName), attempts = attempts + 1, updated_at = \(bind: now)
            WHERE id = (SELECT id FROM jobs WHERE failed_at IS NULL AND run_at <= \(bind: now)
                AND (locked_at IS NULL OR locked_at < \(bind: now.addingTimeInterval(-Self.lockTimeout)))
                ORDER BY run_at LIMIT 1\(unsafeRaw: skipLocked))
            RETURNING id, kind, payload, attempts, max_attempts
            """
        return try await db.sql.raw(query).first(decoding: ClaimedJob.self)
    }

    /// Runs one job and records the outcome: deleted when done, retried later with backoff, or marked failed.
    /// Runs one claimed job; a failure is retried after the backoff, counted from `now` (the clock when nil).
    package func run(_ job: ClaimedJob, app: Application, now fixed: Date? = nil) async {
        let db = app.db
        do {
            guard let handler = handlers[job.kind] else {
                throw Abort(.internalServerError, reason: "no handler for job kind \(job.kind)")
            }
            try await handler(job.payload, app)
        } catch {
            app.logger.warning("job failed", metadata: ["job": .string(job.kind), "attempt": .stringConvertible(job.attempts), "error": .string(String(describing: error))])
            let now = fixed ?? Date()
            let failed = job.attempts >= job.max_attempts
            let retryAt = now.addingTimeInterval(Self.backoff(attempt: job.attempts))
            try? await db.sql.update("jobs")
                .set("locked_at", to: SQLLiteral.null)
                .set("locked_by", to: SQLLiteral.null)
                .set("last_error", to: SQLBind(String(String(describing: error).prefix(1_000))))
                .set("run_at", to: SQLBind(retryAt))
                .set("failed_at", to: failed ? SQLBind(now) as any SQLExpression : SQLLiteral.null)
                .set("updated_at", to: SQLBind(now))
                .where("id", .equal, job.id)
                .run()
            if failed, let gaveUp = state.withLockedValue({ $0.gaveUp[job.kind] }) {
                do {
                    try await gaveUp(job.payload, app)
                } catch {
                    app.logger.error("giving up a job failed", metadata: ["job": .string(job.kind), "error": .string(String(describing: error))])
                }
            }
            return
        }
        // Outside the handler's error path: failing to delete must not make a sent mail go out again.
        do {
            try await db.sql.delete(from: "jobs").where("id", .equal, job.id).run()
        } catch {
            app.logger.error("a finished job could not be removed", metadata: ["job": .string(job.kind), "error": .string(String(describing: error))])
        }
    }

    /// Seconds to wait before the next try: 15 s, 1 min, 4 min, … up to 6 hours.
    package static func backoff(attempt: Int) -> TimeInterval {
        min(15 * pow(4, Double(max(0, attempt - 1))), 6 * 3600)
    }

    /// Runs every due job now, then returns how many ran; tests and `igroups jobs --once` use it.
    /// Tests pass a fixed `now` to travel in time; otherwise each claim reads the clock afresh.
    @discardableResult
    package func runPending(app: Application, now fixed: Date? = nil) async throws -> Int {
        try await enqueueDueSchedules(on: app.db, now: fixed ?? Date())
        var count = 0
        while let job = try await claim(on: app.db, now: fixed ?? Date()) {
            await run(job, app: app, now: fixed)
            count += 1
        }
        return count
    }
}
