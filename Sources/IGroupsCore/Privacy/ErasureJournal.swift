import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Who was erased and when, kept beside the backups so that restoring one never brings a person back:
/// `igroups restore` erases again everyone the journal names after the backup's time.
/// An entry lives only as long as a backup from before it can exist (30 days).
package struct ErasureJournal: Sendable {
    package struct Entry: Codable, Sendable, Equatable {
        package let id: UUID
        package let emailKey: String
        package let at: Date

        enum CodingKeys: String, CodingKey {
            case id, at
            case emailKey = "email_key"
        }
    }

    let path: String
    private static let lock = NIOLock()

    package init(path: String) {
        self.path = path
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    /// Appends one line and flushes it to disk before the erasure is reported done.
    package func append(_ entry: Entry) throws {
        var line = try Self.encoder.encode(entry)
        line.append(0x0A)
        try Self.lock.withLock {
            let url = URL(fileURLWithPath: path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            if !FileManager.default.fileExists(atPath: path) { FileManager.default.createFile(atPath: path, contents: nil) }
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: line)
            try handle.synchronize()
        }
    }

    package func entries() throws -> [Entry] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return try data.split(separator: 0x0A).map { try Self.decoder.decode(Entry.self, from: Data($0)) }
    }

    /// Drops entries older than the limit, rewriting the file in one step.
    package func prune(olderThan limit: Date) throws {
        try Self.lock.withLock {
            guard let data = FileManager.default.contents(atPath: path) else { return }
            let kept = try data.split(separator: 0x0A).filter { try Self.decoder.decode(Entry.self, from: Data($0)).at >= limit }
            var out = Data()
            for line in kept { out.append(contentsOf: line); out.append(0x0A) }
            try out.write(to: URL(fileURLWithPath: path), options: .atomic)
        }
    }
}

extension Application {
    /// The journal of erasures in DATA_DIR.
    package var erasureJournal: ErasureJournal { ErasureJournal(path: settings.erasureJournal ?? settings.dataDirectory + "/erasures.jsonl") }
}
