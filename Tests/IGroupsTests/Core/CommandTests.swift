import Foundation
import Testing

/// Runs the built `igroups` program as a person would on the command line.
struct Program {
    struct Result {
        let status: Int32
        let output: String
    }

    static var path: String {
        // The test bundle sits in the build folder beside the program.
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return folder.appendingPathComponent("igroups").path
    }

    static func run(_ arguments: [String], environment: [String: String]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "DATABASE_URL")
        env.merge(environment) { _, new in new }
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }
}

@Suite("Command line")
struct CommandTests {
    let environment = [
        "DATA_DIR": FileManager.default.temporaryDirectory.appendingPathComponent("igroups-cli-\(UUID().uuidString)").path,
        "BCRYPT_COST": "4", "LOG_LEVEL": "error",
    ]

    @Test("Each command explains itself with --help")
    func help() throws {
        for command in ["serve", "migrate", "seed-demo", "create-operator", "jobs", "privacy-record", "backup", "restore", "reindex", "seed-forum", "seed-events"] {
            let result = try Program.run([command, "--help"], environment: environment)
            #expect(result.status == 0, "\(command): \(result.output)")
            #expect(result.output.contains("Usage:"), "\(command): \(result.output)")
        }
        let create = try Program.run(["create-operator", "--help"], environment: environment)
        #expect(create.output.contains("email"))
    }

    @Test("Unknown commands, missing or bad arguments and bad settings exit non-zero with a message")
    func mistakes() throws {
        var result = try Program.run(["frobnicate"], environment: environment)
        #expect(result.status != 0)
        #expect(result.output.lowercased().contains("frobnicate") || result.output.lowercased().contains("unknown"))
        result = try Program.run(["create-operator"], environment: environment)
        #expect(result.status != 0)
        #expect(result.output.contains("--email is required"))
        result = try Program.run(["create-operator", "--email", "not-an-address"], environment: environment)
        #expect(result.status != 0)
        #expect(result.output.contains("not a valid email address"))
        var bad = environment
        bad["BASE_URL"] = "ftp://example.org"
        result = try Program.run(["serve"], environment: bad)
        #expect(result.status != 0)
        #expect(result.output.contains("BASE_URL"))
        bad = environment
        bad["BCRYPT_COST"] = "99"
        result = try Program.run(["migrate", "--yes"], environment: bad)
        #expect(result.status != 0)
        #expect(result.output.contains("BCRYPT_COST"))
    }

    @Test("seed-demo makes verified demo people and prints their password; create-operator makes an operator")
    func seedAndOperator() throws {
        var result = try Program.run(["seed-demo"], environment: environment)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("Demo password for all of them: demo-gruppe-2026"))
        #expect(result.output.contains("mette"))
        #expect(result.output.contains("Demo groups: bridge-oest, kolonihaven, hughes-family"))
        result = try Program.run(["seed-demo"], environment: environment)
        #expect(result.status == 0)
        #expect(result.output.contains("new: none"))
        result = try Program.run(["create-operator", "--email", "mette@example.org"], environment: environment)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("mette <mette@example.org> is now an operator"))
        result = try Program.run(["create-operator", "--email", "drift@example.org"], environment: environment)
        #expect(result.output.contains("Created operator drift <drift@example.org>"))
        #expect(result.output.contains("One-time password:"))
        #expect(FileManager.default.fileExists(atPath: environment["DATA_DIR"]! + "/igroups.sqlite"))
        result = try Program.run(["jobs", "--once"], environment: environment)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("Ran 7 job(s)."), "the hourly clean-up, the expiry of downloads, the retention job, the news digest, the event reminders, the sweep of stored files and the photos given up are due on first run: \(result.output)")
        result = try Program.run(["jobs", "--once"], environment: environment)
        #expect(result.output.contains("Ran 0 job(s)."))
        try? FileManager.default.removeItem(atPath: environment["DATA_DIR"]!)
    }
}
