import Foundation
import NIOConcurrencyHelpers

/// A real SMTP server (aiosmtpd, from `Tests/smtp/smtp_server.py`) started on loopback for one test.
final class SMTPTestServer: Sendable {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    let process: Process
    let port: Int
    let maildir: String
    let certificatePEM: String

    /// What the server stored for one message.
    struct Received: Decodable {
        let mail_from: String
        let rcpt_tos: [String]
        let login: String?
        var raw: String = ""

        enum CodingKeys: String, CodingKey { case mail_from, rcpt_tos, login }
    }

    init(tls: Bool = false, implicitTLS: Bool = false, auth: String? = nil, mechanisms: String = "PLAIN,LOGIN") throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("igroups-smtp-\(UUID().uuidString)").path
        maildir = folder + "/mail"
        try FileManager.default.createDirectory(atPath: maildir, withIntermediateDirectories: true)
        try Self.run("/bin/bash", [Self.root.appendingPathComponent("Tests/smtp/make_cert.sh").path, folder])
        certificatePEM = try String(contentsOfFile: folder + "/cert.pem", encoding: .utf8)

        var arguments = [Self.root.appendingPathComponent("Tests/smtp/smtp_server.py").path, "--port", "0", "--maildir", maildir, "--auth-mechanisms", mechanisms]
        if tls || implicitTLS { arguments += ["--tls-cert", folder + "/cert.pem", "--tls-key", folder + "/key.pem"] }
        if implicitTLS { arguments.append("--implicit-tls") }
        if let auth { arguments += ["--auth", auth] }
        process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.python())
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            line.append(byte)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("READY "), let port = Int(text.dropFirst(6)) else {
            process.terminate()
            throw SMTPServerUnavailable(reason: "the SMTP test server did not start: \(text)")
        }
        self.port = port
    }

    deinit {
        stop()
    }

    /// Ends the server; SIGKILL because a test runner may start children with SIGTERM blocked.
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: (maildir as NSString).deletingLastPathComponent)
    }

    /// The messages received so far, oldest first, each with its raw text.
    func received() throws -> [Received] {
        let names = try FileManager.default.contentsOfDirectory(atPath: maildir).filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { name in
            var item = try JSONDecoder().decode(Received.self, from: Data(contentsOf: URL(fileURLWithPath: maildir + "/" + name)))
            item.raw = try String(contentsOfFile: maildir + "/" + name.replacingOccurrences(of: ".json", with: ".eml"), encoding: .utf8)
            return item
        }
    }

    struct SMTPServerUnavailable: Error, CustomStringConvertible {
        let reason: String
        var description: String { reason }
    }

    private static let pythonPath = NIOLockedValueBox<String?>(nil)

    /// A Python with the test helpers (aiosmtpd, icalendar): IGROUPS_TEST_PYTHON, or `.venv-test` (made on first use).
    static func python() throws -> String {
        try pythonPath.withLockedValue { cached in
            if let cached { return cached }
            if let configured = ProcessInfo.processInfo.environment["IGROUPS_TEST_PYTHON"] {
                cached = configured
                return configured
            }
            let venv = root.appendingPathComponent(".venv-test").path
            let python = venv + "/bin/python"
            if (try? run(python, ["-c", "import aiosmtpd, icalendar"])) == nil {
                try run("/usr/bin/env", ["python3", "-m", "venv", venv])
                try run(python, ["-m", "pip", "install", "-q", "--disable-pip-version-check", "aiosmtpd", "icalendar"])
            }
            cached = python
            return python
        }
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw SMTPServerUnavailable(reason: "\(executable) \(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
        }
        return process.terminationStatus
    }
}
