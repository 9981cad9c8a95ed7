import Fluent
import Foundation
import NIOCore
import Vapor

/// A person's download as a ZIP: one JSON file per kind of data, their files, and a README in their
/// language. The JSON is made first and kept (it is rows of the database); the files are read from the
/// store piece by piece as the archive is written to disk, so however much someone uploaded, the archive
/// never sits whole in memory.
package struct DataExportArchive: Sendable {
    /// One file of the archive and where its bytes come from.
    struct Item: Sendable {
        enum Source: Sendable {
            case made(ByteBuffer)
            case stored(key: String)
        }

        var name: String
        var size: Int
        var source: Source
    }

    let items: [Item]
    let date: Date

    /// Everything that goes in, in order: every declared table with rows for the person, their files,
    /// and the README. Progress goes from 0 to 100 as the tables are read.
    static func gather(for user: User, app: Application, progress: (Int) async throws -> Void) async throws -> DataExportArchive {
        let person = PrivacyRegistry.Person(id: try user.requireID(), emailKey: user.emailKey)
        let registry = app.privacyRegistry
        let t = app.translations.localizer(Language(rawValue: user.language) ?? .da)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var items: [Item] = []
        var contents: [String] = []
        let declarations = registry.declarations.filter(\.exported)
        for (index, declaration) in declarations.enumerated() {
            let rows = try await registry.rows(declaration, of: person, on: app.db)
            if !rows.isEmpty {
                let name = "data/\(declaration.exportName).json"
                items.append(Item(made: name, ByteBuffer(data: try encoder.encode(rows))))
                contents.append("\(name): \(t("export.file." + declaration.exportName)) (\(t.plural("export.rows", rows.count)))")
            }
            try await progress((index + 1) * 100 / max(declarations.count, 1))
        }
        let files = try await self.files(of: person.id, app: app)
        items += files
        if !files.isEmpty { contents.append("files/: " + t("export.files")) }
        let date = Date()
        let readme = [
            t("export.readme.title", ["name": user.name, "site": app.settings.controller.name]),
            t("export.readme.made", ["date": date.formatted(.iso8601)]),
            t("export.readme.format"),
            contents.map { "- " + $0 }.joined(separator: "\n"),
            t("export.readme.questions", ["email": app.settings.controller.email]),
        ].joined(separator: "\n\n") + "\n"
        items.append(Item(made: t("export.readme.filename"), ByteBuffer(string: readme)))
        return DataExportArchive(items: items, date: date)
    }

    /// The person's files, as they are in the store: their own folder, what modules keep for them, and
    /// what they uploaded to groups as they uploaded it (photos as stored: without location data).
    static func files(of userID: UUID, app: Application) async throws -> [Item] {
        var items: [Item] = []
        let prefix = "users/\(userID.uuidString)/"
        for key in try await app.files.list(under: prefix) {
            guard let size = try await app.files.size(of: key) else { continue }
            items.append(Item(name: "files/" + key.dropFirst(prefix.count), size: size, source: .stored(key: key)))
        }
        for module in app.groupModules {
            for file in try await module.personalFiles(of: userID, on: app.db) {
                guard let size = try await app.files.size(of: file.key) else { continue }
                items.append(Item(name: "files/" + file.path, size: size, source: .stored(key: file.key)))
            }
        }
        var taken: Set<String> = []
        for upload in try await Uploads.uploaded(by: userID, on: app.db) {
            let day = (upload.createdAt ?? Date()).formatted(.iso8601.year().month().day())
            var path = "files/uploads/\(day) \(upload.name)"
            var number = 2
            while taken.contains(path) {
                path = "files/uploads/\(day) \(number) \(upload.name)"
                number += 1
            }
            taken.insert(path)
            guard let size = try await app.files.size(of: upload.key) else { continue }
            items.append(Item(name: path, size: size, source: .stored(key: upload.key)))
        }
        return items
    }

    /// Writes the archive to a new file on this machine's disk, telling what share of it (0–100) is
    /// written as it goes: its size and SHA-256. A stored file gone, or of another size than when it was
    /// gathered, stops the writing, and the half-written file is deleted.
    func write(to path: String, app: Application, progress: (Int) async throws -> Void) async throws -> (size: Int, sha256: String) {
        let zip = ZipStream(entries: items.map { ZipStream.Entry(name: $0.name, size: $0.size) }, date: date)
        let store = app.files
        var file = try await LocalFileWriter(creating: path, threadPool: app.threadPool)
        do {
            try await zip.write(contents: { index in
                switch items[index].source {
                case .made(let bytes): return StoredBytes(bytes)
                case .stored(let key): return try await store.stream(key, range: nil)
                }
            }, to: { piece in
                try await file.write(piece)
                try await progress(file.size * 100 / max(zip.length, 1))
            })
            return try await file.finish()
        } catch {
            file.discard()
            throw error
        }
    }
}

extension DataExportArchive.Item {
    init(made name: String, _ bytes: ByteBuffer) {
        self.init(name: name, size: bytes.readableBytes, source: .made(bytes))
    }
}
