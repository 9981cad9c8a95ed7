import Fluent
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import SQLKit
import Vapor

/// Visit statistics without cookies and without addresses: a page view adds one to a per-day, per-page
/// total, and nothing else is kept. Counts gather in memory and are written once a minute.
package final class VisitCounter: Sendable {
    struct Key: Hashable {
        /// Days since 1970-01-01, UTC.
        let day: Int
        let path: String
    }

    private let counts = NIOLockedValueBox<[Key: Int]>([:])

    package init() {}

    /// The UTC day a moment falls on, as the table stores it.
    package static func day(_ date: Date) -> Int { Int((date.timeIntervalSince1970 / 86_400).rounded(.down)) }

    func add(_ path: String, at date: Date = Date()) {
        counts.withLockedValue { $0[Key(day: Self.day(date), path: path), default: 0] += 1 }
    }

    /// Writes what was counted since the last time, adding to the stored totals.
    package func flush(on db: any Database) async throws {
        let taken = counts.withLockedValue { counts in
            defer { counts = [:] }
            return counts
        }
        for (key, visits) in taken {
            try await db.sql.insert(into: VisitCount.schema)
                .columns("day", "path", "visits")
                .values(SQLBind(key.day), SQLBind(key.path), SQLBind(visits))
                .onConflict(with: ["day", "path"]) { $0.set("visits", to: SQLRaw("\(VisitCount.schema).visits + excluded.visits")) }
                .run()
        }
    }
}

/// The stored totals; no column says who visited.
package enum VisitCount {
    package static let schema = "visit_counts"
    /// How long the daily totals are kept.
    static let retentionDays = 730
}

/// Counts each page a person sees: GET, 200, HTML, and not for someone who objected to statistics.
/// Addresses with secrets in them (links from mails, ids of downloads) are counted under their pattern.
package struct VisitStatisticsMiddleware: AsyncMiddleware {
    /// Route parameters whose values are never stored.
    static let hidden: Set<String> = ["token", "export", "objection", "user", "username", "invitation", "revision", "groupID", "report", "breach"]

    package init() {}

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        guard request.method == .GET, response.status == .ok, Self.isHTML(response),
              request.viewer?.countsVisits ?? true, !request.urlPath.hasPrefix("/admin")
        else { return response }
        request.application.visitCounter.add(Self.path(of: request))
        return response
    }

    /// Whether the answer is a page: its type read from the header as text, without parsing it.
    static func isHTML(_ response: Response) -> Bool {
        guard let type = response.headers.first(name: .contentType) else { return false }
        return type.utf8.count >= 9 && type.prefix(9).lowercased() == "text/html"
    }

    /// The path as counted: the real one, with hidden parameters replaced by their name.
    static func path(of request: Request) -> String {
        let actual = request.urlPath.split(separator: "/", omittingEmptySubsequences: true)
        guard let pattern = request.route?.path, pattern.count == actual.count else { return String(request.urlPath.prefix(200)) }
        let parts = zip(pattern, actual).map { component, value -> String in
            if case .parameter(let name) = component, hidden.contains(name) { return ":" + name }
            return String(value)
        }
        return String(("/" + parts.joined(separator: "/")).prefix(200))
    }
}

/// Writes the counts once a minute while the server runs, and once more when it stops.
struct VisitFlusher: LifecycleHandler {
    func didBootAsync(_ app: Application) async throws {
        let task = app.eventLoopGroup.next().scheduleRepeatedAsyncTask(initialDelay: .seconds(60), delay: .seconds(60)) { _ in
            app.eventLoopGroup.next().makeFutureWithTask {
                do { try await app.visitCounter.flush(on: app.db) } catch { app.logger.warning("visit counts not written", metadata: ["error": .string(String(describing: error))]) }
            }
        }
        app.storage[TaskKey.self] = task
    }

    func shutdownAsync(_ app: Application) async {
        app.storage[TaskKey.self]?.cancel()
        try? await app.visitCounter.flush(on: app.db)
    }

    struct TaskKey: StorageKey { typealias Value = RepeatedTask }
}

extension Application {
    private struct VisitCounterKey: StorageKey { typealias Value = VisitCounter }

    /// This process's counts waiting to be written.
    package var visitCounter: VisitCounter {
        if let counter = storage[VisitCounterKey.self] { return counter }
        let counter = VisitCounter()
        storage[VisitCounterKey.self] = counter
        return counter
    }

    /// Counts page views and writes them every minute.
    package func useVisitStatistics() {
        _ = visitCounter
        middleware.use(VisitStatisticsMiddleware())
        lifecycle.use(VisitFlusher())
    }
}

/// Creates the daily totals.
package struct CreateVisitCounts: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(VisitCount.schema)
            .field("day", .int, .required)
            .field("path", .string, .required)
            .field("visits", .int, .required)
            .unique(on: "day", "path")
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(VisitCount.schema).delete()
    }
}
