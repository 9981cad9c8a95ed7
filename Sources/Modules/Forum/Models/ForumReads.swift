import Fluent
import Foundation
import IGroupsCore
import NIOConcurrencyHelpers
import NIOCore
import SQLKit
import Vapor

/// How far people have read, gathered in memory as they read and written to `forum_reads` every few
/// seconds in one statement: a page view writes nothing to the database. Until written, the pages this
/// process draws take the newer position from here.
final class ForumReadBuffer: Sendable {
    struct Key: Hashable, Sendable {
        let userID: UUID
        let threadID: UUID
    }

    private let pending = NIOLockedValueBox<[Key: Int]>([:])

    /// Notes that a person has seen a thread up to a post number.
    func saw(userID: UUID, threadID: UUID, position: Int) {
        pending.withLockedValue { pending in
            let key = Key(userID: userID, threadID: threadID)
            if (pending[key] ?? 0) < position { pending[key] = position }
        }
    }

    /// The position not yet written for a person and a thread.
    func position(userID: UUID, threadID: UUID) -> Int? {
        pending.withLockedValue { $0[Key(userID: userID, threadID: threadID)] }
    }

    /// Writes what was gathered; a position never goes back. What cannot be written (a thread deleted
    /// meanwhile) is dropped.
    func flush(on db: any Database) async throws {
        try await Self.write(take { _ in true }, on: db)
    }

    /// Writes what was gathered for one person, before a page that counts across many threads.
    func flush(userID: UUID, on db: any Database) async throws {
        try await Self.write(take { $0.userID == userID }, on: db)
    }

    private func take(_ which: (Key) -> Bool) -> [Key: Int] {
        pending.withLockedValue { pending in
            let batch = pending.filter { which($0.key) }
            for key in batch.keys { pending[key] = nil }
            return batch
        }
    }

    /// Writes read positions: one statement for each 500, a position never going back, and nothing for
    /// a thread or person deleted meanwhile.
    static func write(_ batch: [Key: Int], on db: any Database) async throws {
        guard !batch.isEmpty else { return }
        let now = Date()
        let keep = db.sql.dialect.name == "postgresql" ? "GREATEST" : "MAX"
        // One statement for up to 500 rows; threads and people deleted meanwhile are left out.
        for chunk in Array(batch).chunked(into: 500) {
            var values: [any SQLExpression] = []
            for (key, position) in chunk {
                values.append(SQLGroupExpression(SQLList([SQLBind(UUID()), SQLBind(key.userID), SQLBind(key.threadID), SQLBind(position), SQLBind(now), SQLBind(now)])))
            }
            try await db.sql.raw("""
                INSERT INTO forum_reads (id, user_id, thread_id, position, created_at, updated_at)
                SELECT v.id, v.user_id, v.thread_id, v.position, v.created_at, v.updated_at
                FROM (\(ForumReadBuffer.valuesTable(values, dialect: db.sql.dialect.name))) AS v
                WHERE EXISTS (SELECT 1 FROM forum_threads t WHERE t.id = v.thread_id) AND EXISTS (SELECT 1 FROM users u WHERE u.id = v.user_id)
                ON CONFLICT (user_id, thread_id) DO UPDATE SET position = \(unsafeRaw: keep)(forum_reads.position, excluded.position), updated_at = excluded.updated_at
                """).run()
        }
    }

    /// `VALUES (…), (…)` with named columns in both dialects.
    private static func valuesTable(_ rows: [any SQLExpression], dialect: String) -> SQLQueryString {
        let list = SQLList(rows)
        if dialect == "postgresql" {
            return "SELECT * FROM (VALUES \(list)) AS w (id, user_id, thread_id, position, created_at, updated_at)"
        }
        // SQLite names VALUES columns column1, column2, …
        return "SELECT column1 AS id, column2 AS user_id, column3 AS thread_id, column4 AS position, column5 AS created_at, column6 AS updated_at FROM (VALUES \(list))"
    }
}

extension Array {
    func chunked(into size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}

extension Application {
    private struct ForumReadsKey: StorageKey { typealias Value = ForumReadBuffer }

    /// The read positions not yet written.
    var forumReads: ForumReadBuffer {
        if let buffer = storage[ForumReadsKey.self] { return buffer }
        let buffer = ForumReadBuffer()
        storage[ForumReadsKey.self] = buffer
        return buffer
    }
}

/// Writes the gathered read positions every five seconds and when the server stops.
struct ForumReadFlusher: LifecycleHandler {
    struct TaskKey: StorageKey { typealias Value = RepeatedTask }

    func didBootAsync(_ app: Application) async throws {
        let task = app.eventLoopGroup.next().scheduleRepeatedAsyncTask(initialDelay: .seconds(5), delay: .seconds(5)) { _ in
            app.eventLoopGroup.next().makeFutureWithTask {
                do { try await app.forumReads.flush(on: app.db) } catch { app.logger.warning("forum read marks not written", metadata: ["error": .string(String(describing: error))]) }
            }
        }
        app.storage[TaskKey.self] = task
    }

    func shutdownAsync(_ app: Application) async {
        app.storage[TaskKey.self]?.cancel()
        try? await app.forumReads.flush(on: app.db)
    }
}
