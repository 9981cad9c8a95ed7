import Foundation
@testable import IGroupsCore

/// An S3-compatible server (`Fixtures/s3_server.py`) started on loopback for one test: one bucket, objects
/// in a folder of its own, every request's signature and body hash checked as S3 checks them.
final class S3TestServer: Sendable {
    static let bucket = "igroups-test"
    static let accessKeyID = "AKIDIGROUPSTEST"
    static let secretAccessKey = "hemmelig/Nøgle+til/spanden"
    let process: Process
    let port: Int
    let folder: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("igroups-s3-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        process = Process()
        process.executableURL = URL(fileURLWithPath: try SMTPTestServer.python())
        process.arguments = [
            SMTPTestServer.root.appendingPathComponent("Tests/IGroupsTests/Fixtures/s3_server.py").path,
            "--port", "0", "--root", folder, "--bucket", Self.bucket,
            "--access-key", Self.accessKeyID, "--secret-key", Self.secretAccessKey, "--region", "eu-north-1",
        ]
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
            throw SMTPTestServer.SMTPServerUnavailable(reason: "the S3 test server did not start: \(text)")
        }
        self.port = port
    }

    deinit {
        stop()
    }

    /// The settings that reach this server, with another secret key when one is given.
    func configuration(secretAccessKey: String = S3TestServer.secretAccessKey) -> S3FileStore.Configuration {
        S3FileStore.Configuration(
            endpoint: URL(string: "http://127.0.0.1:\(port)")!, bucket: Self.bucket, region: "eu-north-1",
            accessKeyID: Self.accessKeyID, secretAccessKey: secretAccessKey
        )
    }

    /// The environment that makes the application keep its files on this server.
    var environment: [String: String] {
        ["FILE_STORE": "s3", "S3_ENDPOINT": "http://127.0.0.1:\(port)", "S3_BUCKET": Self.bucket, "S3_REGION": "eu-north-1",
         "S3_ACCESS_KEY_ID": Self.accessKeyID, "S3_SECRET_ACCESS_KEY": Self.secretAccessKey]
    }

    /// The requests received so far, as `METHOD target` lines.
    func requests() throws -> [String] {
        let log = (try? String(contentsOfFile: folder + "/requests.log", encoding: .utf8)) ?? ""
        return log.split(separator: "\n").map(String.init)
    }

    /// Makes every download stop after its first `bytes` bytes and send nothing more, as a bucket that
    /// stalls, until `sendNormally()`.
    func stallDownloads(after bytes: Int) throws {
        try String(bytes).write(toFile: folder + "/stall", atomically: true, encoding: .utf8)
    }

    func sendNormally() {
        try? FileManager.default.removeItem(atPath: folder + "/stall")
    }

    /// Whether the server logs `line` within half a minute: the client closes a stalled connection on
    /// its own time, a little after it has given up on it.
    func logs(_ line: String) async throws -> Bool {
        for _ in 0..<300 {
            if try requests().contains(line) { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// Ends the server; SIGKILL because a test runner may start children with SIGTERM blocked.
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: folder)
    }
}
