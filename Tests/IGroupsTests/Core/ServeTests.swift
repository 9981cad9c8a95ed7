import Foundation
import NIOCore
@testable import IGroupsCore
import SQLKit
import Testing
import Vapor

@Suite("Serving")
struct ServeTests {
    @Test("igroups serve creates and migrates ./data/igroups.sqlite in WAL mode and answers /healthz")
    func serveOnSQLite() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("igroups-serve-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await Self.serve(environment: ["DATA_DIR": folder + "/data"]) { base in
            let response = try await Self.health(base)
            #expect(response.status == .ok)
            #expect(FileManager.default.fileExists(atPath: folder + "/data/igroups.sqlite"))
            #expect(FileManager.default.fileExists(atPath: folder + "/data/igroups.sqlite-wal"))
        }
    }

    @Test("Without libvips and ffmpeg the site still starts, and says what waits for them and how to install them")
    func serveWithoutTools() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("igroups-serve-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let output = Pipe()
        try await Self.serve(environment: ["DATA_DIR": folder + "/data", "PATH": folder + "/no-tools", "LOG_LEVEL": "warning"], output: output) { base in
            let response = try await Self.health(base)
            #expect(response.status == .ok)
        }
        let log = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        #expect(log.contains("libvips is not installed: photo albums, avatars, group logos and news pictures refuse uploads until it is (apt-get install libvips-tools)"))
        #expect(log.contains("ffmpeg is not installed"))
    }

    @Test("The test database is set up as production's: SQLite with foreign keys and WAL; PostgreSQL through DATABASE_URL alone")
    func databaseSetUp() async throws {
        if let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"] {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("igroups-serve-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: folder) }
            try await Self.serve(environment: ["DATA_DIR": folder, "DATABASE_URL": url]) { base in
                let response = try await HTTPClient.shared.get(url: base + "/signup", deadline: NIODeadline.now() + TimeAmount.seconds(5)).get()
                #expect(response.status == .ok)
                #expect(!FileManager.default.fileExists(atPath: folder + "/igroups.sqlite"))
            }
            return
        }
        try await withTestApp { app in
            let sql = app.db as! any SQLDatabase
            let journal = try await sql.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
            let keys = try await sql.raw("PRAGMA foreign_keys").first()?.decode(column: "foreign_keys", as: Int.self)
            #expect(journal == "wal")
            #expect(keys == 1)
        }
    }

    /// Starts `igroups serve` on a free port, waits for it to answer, runs the body, stops it.
    static func serve(environment: [String: String], output: Pipe? = nil, _ body: (String) async throws -> Void) async throws {
        let port = Int.random(in: 20_000...40_000)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Program.path)
        process.arguments = ["serve", "--port", String(port)]
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "DATABASE_URL")
        env.merge(["BASE_URL": "http://127.0.0.1:\(port)", "LOG_LEVEL": "error", "BCRYPT_COST": "4"]) { _, new in new }
        env.merge(environment) { _, new in new }
        process.environment = env
        process.standardOutput = output ?? FileHandle.nullDevice
        try process.run()
        let base = "http://127.0.0.1:\(port)"
        var ready = false
        for _ in 0..<150 where !ready {
            ready = (try? await health(base))?.status == .ok
            if !ready { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(ready, "the server did not answer within 15 s")
        var failure: (any Error)?
        if ready {
            do { try await body(base) } catch { failure = error }
        }
        // Stopped without blocking a thread: Foundation's waitUntilExit can wait for ever when other
        // tests start processes at the same moment, so the test looks for the exit for 10 s at most.
        kill(process.processIdentifier, SIGKILL)
        for _ in 0..<100 where process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
        if let failure { throw failure }
    }

    /// The health check, given 5 s: a port that accepts and never answers fails the test instead of holding it.
    static func health(_ base: String) async throws -> HTTPClient.Response {
        try await HTTPClient.shared.get(url: base + "/healthz", deadline: NIODeadline.now() + TimeAmount.seconds(5)).get()
    }
}
