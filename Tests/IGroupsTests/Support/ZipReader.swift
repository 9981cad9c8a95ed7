import Foundation
import NIOCore
import Testing
import Vapor

/// Archives read back as an unzip tool reads them.
enum ZipReader {
    /// Reads a ZIP with Python's zipfile (checking every CRC): each entry's name, size and SHA-256.
    static func read(_ bytes: ByteBuffer) throws -> [(name: String, size: Int, sha256: String)] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("archive-\(UUID().uuidString).zip")
        defer { try? FileManager.default.removeItem(at: path) }
        try Data(bytes.readableBytesView).write(to: path)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/read_zip.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try SMTPTestServer.python())
        process.arguments = [script, path.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "Python's zipfile could not read the archive")
        struct Entry: Decodable { let name: String; let size: Int; let sha256: String }
        return try JSONDecoder().decode([Entry].self, from: data).map { ($0.name, $0.size, $0.sha256) }
    }

    static func sha256(_ bytes: some Collection<UInt8>) -> String {
        SHA256.hash(data: Array(bytes)).map { String(format: "%02x", $0) }.joined()
    }
}
