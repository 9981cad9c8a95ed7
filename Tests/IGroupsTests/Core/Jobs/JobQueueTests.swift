import Fluent
@testable import IGroupsCore
import NIOConcurrencyHelpers
import SQLKit
import Testing
import Vapor

@Suite("Job queue")
struct JobQueueTests {
    struct Payload: Codable { let word: String }

    @Test("A job runs once and leaves the queue")
    func runsOnce() async throws {
        try await withTestApp { app in
            let seen = NIOLockedValueBox<[String]>([])
            app.jobQueue.register("test.echo") { payload, _ in
                let decoded = try JSONDecoder().decode(Payload.self, from: Data(payload.utf8))
                seen.withLockedValue { $0.append(decoded.word) }
            }
            try await app.jobQueue.runPending(app: app)
            try await app.jobQueue.enqueue("test.echo", payload: Payload(word: "hej"), on: app.db)
            #expect(try await app.jobQueue.runPending(app: app) == 1)
            // Run again: it does not come back. Scheduled jobs (reminders every minute) may fall due meanwhile
            // on a slow machine, so what counts is that this job ran once.
            try await app.jobQueue.runPending(app: app)
            #expect(seen.withLockedValue { $0 } == ["hej"])
            #expect(try await app.db.sql.select().column("id").from("jobs").all().isEmpty)
        }
    }

    @Test("A failing job is retried later with backoff, and marked failed after its last attempt, when its kind gives up")
    func retries() async throws {
        try await withTestApp { app in
            let tries = NIOLockedValueBox(0)
            let givenUp = NIOLockedValueBox<[String]>([])
            app.jobQueue.register("test.flaky", handler: { _, _ in
                tries.withLockedValue { $0 += 1 }
                throw Abort(.serviceUnavailable, reason: "provider down")
            }, gaveUp: { payload, _ in
                givenUp.withLockedValue { $0.append(payload) }
            })
            try await app.jobQueue.runPending(app: app)
            try await app.jobQueue.enqueue("test.flaky", payload: Payload(word: "x"), maxAttempts: 3, on: app.db)
            // Scheduled jobs (reminders every minute) may run too: count the tries of this job alone.
            func triesAfterRun(at now: Date) async throws -> Int {
                try await app.jobQueue.runPending(app: app, now: now)
                return tries.withLockedValue { $0 }
            }
            var now = Date()
            #expect(try await triesAfterRun(at: now) == 1)
            // Not due again until the backoff has passed.
            #expect(try await triesAfterRun(at: now.addingTimeInterval(5)) == 1)
            now = now.addingTimeInterval(JobQueue.backoff(attempt: 1) + 1)
            #expect(try await triesAfterRun(at: now) == 2)
            now = now.addingTimeInterval(JobQueue.backoff(attempt: 2) + 1)
            #expect(givenUp.withLockedValue { $0 }.isEmpty)
            #expect(try await triesAfterRun(at: now) == 3)
            // After the last try, and only then, the kind's give-up code runs, once, with the payload.
            #expect(givenUp.withLockedValue { $0 } == [#"{"word":"x"}"#])
            now = now.addingTimeInterval(JobQueue.backoff(attempt: 3) + 1)
            #expect(try await triesAfterRun(at: now) == 3)
            #expect(tries.withLockedValue { $0 } == 3)
            #expect(givenUp.withLockedValue { $0 }.count == 1)
            struct Row: Decodable { let attempts: Int; let last_error: String?; let failed_at: Date? }
            let row = try #require(try await app.db.sql.select().columns("attempts", "last_error", "failed_at").from("jobs").first(decoding: Row.self))
            #expect(row.attempts == 3)
            #expect(row.failed_at != nil)
            #expect(row.last_error?.contains("provider down") == true)
        }
    }

    @Test("Backoff grows and is capped")
    func backoff() {
        #expect(JobQueue.backoff(attempt: 1) == 15)
        #expect(JobQueue.backoff(attempt: 2) == 60)
        #expect(JobQueue.backoff(attempt: 20) == 6 * 3600)
    }

    @Test("Two workers never take the same job")
    func twoWorkers() async throws {
        try await withTestApp { app in
            for index in 0..<40 {
                try await app.jobQueue.enqueue("test.noop", payload: Payload(word: "\(index)"), on: app.db)
            }
            let first = JobQueue(), second = JobQueue()
            async let a = Self.drain(first, app: app)
            async let b = Self.drain(second, app: app)
            let (fromA, fromB) = try await (a, b)
            #expect(fromA.count + fromB.count == 40)
            #expect(Set(fromA).isDisjoint(with: Set(fromB)))
        }
    }

    static func drain(_ queue: JobQueue, app: Application) async throws -> [UUID] {
        var ids: [UUID] = []
        while let job = try await queue.claim(on: app.db) {
            ids.append(job.id)
            try await app.db.sql.delete(from: "jobs").where("id", .equal, job.id).run()
        }
        return ids
    }

    @Test("A scheduled task is queued once per period, however many processes look")
    func schedules() async throws {
        try await withTestApp { app in
            let first = JobQueue(), second = JobQueue()
            for queue in [first, second] {
                queue.schedule(Schedule(name: "test.hourly", period: 3600, jobKind: "test.noop"))
            }
            let now = Date()
            try await first.enqueueDueSchedules(on: app.db, now: now)
            try await second.enqueueDueSchedules(on: app.db, now: now.addingTimeInterval(1))
            try await first.enqueueDueSchedules(on: app.db, now: now.addingTimeInterval(1800))
            #expect(try await app.db.sql.select().column("id").from("jobs").all().count == 1)
            try await second.enqueueDueSchedules(on: app.db, now: now.addingTimeInterval(3601))
            #expect(try await app.db.sql.select().column("id").from("jobs").all().count == 2)
        }
    }

    @Test("The clean-up deletes expired sessions and links and old login failures")
    func cleanup() async throws {
        try await withTestApp { app in
            var browser = Browser(app)
            try await browser.signUp()
            try await browser.logIn("mette", password: "wrong-password")
            try await browser.get("/password/forgot")
            try await browser.post("/password/forgot", ["email": "mette@example.org"])
            let later = Date().addingTimeInterval(60 * 24 * 3600)
            try await Cleanup.run(on: app.db, now: later)
            #expect(try await UserSession.query(on: app.db).count() == 0)
            #expect(try await EmailToken.query(on: app.db).count() == 0)
            #expect(try await LoginAttempt.query(on: app.db).count() == 0)
            #expect(try await app.db.sql.select().column("id").from(RateLimit.schema).all().isEmpty)
            #expect(try await User.query(on: app.db).count() == 1)
        }
    }
}

@Suite("Job worker")
struct JobWorkerTests {
    @Test("The worker inside serve runs a job as soon as it is queued, again and again")
    func wakesUp() async throws {
        try await withTestApp { app in
            let ran = NIOLockedValueBox(0)
            app.jobQueue.register("test.count") { _, _ in ran.withLockedValue { $0 += 1 } }
            let worker = JobWorker(pollInterval: .seconds(60))
            try await worker.didBootAsync(app)
            for expected in 1...3 {
                try await app.jobQueue.enqueue("test.count", payload: [String: String](), on: app.db)
                var waited = 0
                while ran.withLockedValue({ $0 }) < expected, waited < 50 {
                    try await Task.sleep(for: .milliseconds(100))
                    waited += 1
                }
                #expect(ran.withLockedValue { $0 } == expected, "job \(expected) did not run within 5 s")
            }
            await worker.shutdownAsync(app)
        }
    }
}
