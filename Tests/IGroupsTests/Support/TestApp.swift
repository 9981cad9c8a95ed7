import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
@testable import IGroups
@testable import IGroupsCore
import Testing
import Vapor
import VaporTesting

/// Runs a test against a fresh application: a SQLite database of its own, or, when
/// `TEST_DATABASE_URL` is set, a PostgreSQL schema made for this test and dropped after it.
func withTestApp<T>(
    environment extra: [String: String] = [:],
    _ test: (Application) async throws -> T
) async throws -> T {
    // PostgreSQL allows 100 connections; tests run in parallel, so only a few apps hold a pool at once.
    let limited = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"] != nil
    if limited { await TestSlots.shared.acquire() }
    defer { if limited { Task { await TestSlots.shared.release() } } }
    let app = try await Application.make(.testing)
    let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("igroups-test-\(UUID().uuidString)").path
    var environment = ["BCRYPT_COST": "4", "DATA_DIR": dataDirectory, "DEFAULT_LANGUAGE": "en"]
    environment.merge(extra) { _, new in new }
    let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
    let postgresURL = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"]
    do {
        let settings = try Settings.from(environment: environment)
        if let postgresURL {
            var configuration = try SQLPostgresConfiguration(url: postgresURL)
            configuration.searchPath = [String(schema)]
            try await configure(app, settings: settings, database: (.postgres(configuration: configuration, maxConnectionsPerEventLoop: 1), .psql))
            try await (app.db as! any SQLDatabase).raw("CREATE SCHEMA \(ident: String(schema))").run()
            app.postgresTarget = Backup.PostgresTarget(url: postgresURL, schema: String(schema))
        } else {
            // A file in the test's own folder, removed with it (sqlite-kit's `.memory` leaves files behind).
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
            try await configure(app, settings: settings, database: (.sqlite(.file(dataDirectory + "/test.sqlite")), .sqlite))
        }
        try await prepareDatabase(app)
        app.middleware.use(QueryCountingMiddleware(), at: .beginning)
        let result = try await test(app)
        try await cleanUp(app, schema: postgresURL == nil ? nil : String(schema), dataDirectory: dataDirectory)
        return result
    } catch {
        try? await cleanUp(app, schema: postgresURL == nil ? nil : String(schema), dataDirectory: dataDirectory)
        throw error
    }
}

private func cleanUp(_ app: Application, schema: String?, dataDirectory: String) async throws {
    if let schema {
        try? await (app.db as! any SQLDatabase).raw("DROP SCHEMA \(ident: schema) CASCADE").run()
    }
    try? FileManager.default.removeItem(atPath: dataDirectory)
    try await app.asyncShutdown()
}

extension Application {
    /// Runs every queued job now (mail goes to the outbox) and returns the mails sent so far.
    @discardableResult
    func deliverMail() async throws -> [SentMail] {
        try await jobQueue.runPending(app: self)
        return try sentMail()
    }

    /// The mails in this test's outbox, oldest first.
    func sentMail() throws -> [SentMail] {
        let directory = settings.dataDirectory + "/outbox"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        return try names.sorted().map { try SentMail(raw: String(contentsOfFile: directory + "/" + $0, encoding: .utf8)) }
    }
}

/// A counting semaphore for tests that hold database connections.
actor TestSlots {
    static let shared = TestSlots(slots: 8)
    private var available: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(slots: Int) {
        available = slots
    }

    func acquire() async {
        if available > 0 {
            available -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            available += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
