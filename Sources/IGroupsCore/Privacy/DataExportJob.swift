import Fluent
import Foundation
import Vapor

/// Builds a person's download: one JSON file per kind of data, their files, and a README in their language.
package enum DataExportJob {
    static let kind = "privacy.export"
    static let expireKind = "privacy.exports.expire"

    struct Payload: Codable { let exportID: UUID }

    package static func register(on app: Application) {
        app.jobQueue.register(kind) { payload, app in
            try await build(JSONDecoder().decode(Payload.self, from: Data(payload.utf8)).exportID, app: app)
        }
        app.jobQueue.register(expireKind) { _, app in try await expire(app: app) }
        app.jobQueue.schedule(Schedule(name: expireKind, period: 3600, jobKind: expireKind))
    }

    static func queue(_ export: DataExport, app: Application, on db: any Database) async throws {
        try await app.jobQueue.enqueue(kind, payload: Payload(exportID: export.requireID()), on: db)
    }

    /// Builds the archive, telling the person's page how far it has come, and mails them when it is ready.
    static func build(_ exportID: UUID, app: Application) async throws {
        let db = app.db
        guard let export = try await DataExport.find(exportID, on: db), export.isPending, let user = try await User.find(export.$user.id, on: db) else { return }
        export.status = .running
        export.progress = 0
        try await export.save(on: db)
        do {
            let archive = try await archive(for: user, app: app) { progress in
                export.progress = progress
                try await export.save(on: db)
            }
            try await app.files.write(archive, to: export.fileKey)
            // Erased while it was being built: the archive must not outlive the person.
            guard try await DataExport.find(exportID, on: db) != nil else {
                try await app.files.delete(export.fileKey)
                return
            }
            let now = Date()
            export.status = .ready
            export.progress = 100
            export.size = archive.readableBytes
            export.finishedAt = now
            export.expiresAt = now.addingTimeInterval(DataExport.lifetime)
            try await export.save(on: db)
            try await PrivacyMail.queueExportReady(for: user.requireID(), app: app, on: db)
        } catch {
            app.logger.error("a data download could not be built", metadata: ["export": .string(exportID.uuidString), "error": .string(String(describing: error))])
            export.status = .failed
            try await export.save(on: db)
        }
    }

    /// The ZIP itself: every declared table with rows for the person, their files, and the README.
    static func archive(for user: User, app: Application, progress: (Int) async throws -> Void) async throws -> ByteBuffer {
        let person = PrivacyRegistry.Person(id: try user.requireID(), emailKey: user.emailKey)
        let registry = app.privacyRegistry
        let t = app.translations.localizer(Language(rawValue: user.language) ?? .da)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var zip = ZipArchive()
        var contents: [String] = []
        let declarations = registry.declarations.filter(\.exported)
        for (index, declaration) in declarations.enumerated() {
            let rows = try await registry.rows(declaration, of: person, on: app.db)
            if !rows.isEmpty {
                let name = "data/\(declaration.exportName).json"
                zip.add(name, Array(try encoder.encode(rows)))
                contents.append("\(name): \(t("export.file." + declaration.exportName)) (\(t.plural("export.rows", rows.count)))")
            }
            try await progress((index + 1) * 90 / max(declarations.count, 1))
        }
        let prefix = "users/\(person.id.uuidString)/"
        let keys = try await app.files.list(under: prefix)
        for key in keys {
            guard let data = try await app.files.read(key) else { continue }
            zip.add("files/" + key.dropFirst(prefix.count), data.readableBytesView)
        }
        var moduleFiles = 0
        for module in app.groupModules {
            for file in try await module.personalFiles(of: person.id, on: app.db) {
                guard let data = try await app.files.read(file.key) else { continue }
                zip.add("files/" + file.path, data.readableBytesView)
                moduleFiles += 1
            }
        }
        // What they uploaded to groups, as they uploaded it (photos as stored: without location data).
        var taken: Set<String> = []
        for upload in try await Uploads.uploaded(by: person.id, on: app.db) {
            guard let data = try await app.files.read(upload.key) else { continue }
            let day = (upload.createdAt ?? Date()).formatted(.iso8601.year().month().day())
            var path = "files/uploads/\(day) \(upload.name)"
            var number = 2
            while taken.contains(path) {
                path = "files/uploads/\(day) \(number) \(upload.name)"
                number += 1
            }
            taken.insert(path)
            zip.add(path, data.readableBytesView)
            moduleFiles += 1
        }
        if !keys.isEmpty || moduleFiles > 0 { contents.append("files/: " + t("export.files")) }
        let readme = [
            t("export.readme.title", ["name": user.name, "site": app.settings.controller.name]),
            t("export.readme.made", ["date": Date().formatted(.iso8601)]),
            t("export.readme.format"),
            contents.map { "- " + $0 }.joined(separator: "\n"),
            t("export.readme.questions", ["email": app.settings.controller.email]),
        ].joined(separator: "\n\n") + "\n"
        zip.add(t("export.readme.filename"), Array(readme.utf8))
        return zip.finish()
    }

    /// Deletes downloads past their 7 days, files and rows, and any archive whose row is gone.
    static func expire(app: Application, now: Date = Date()) async throws {
        let old = try await DataExport.query(on: app.db).filter(\.$expiresAt < now).all()
        for export in old {
            try await app.files.delete(export.fileKey)
            try await export.delete(on: app.db)
        }
        let known = Set(try await DataExport.query(on: app.db).all().map(\.fileKey))
        for key in try await app.files.list(under: "exports/") where !known.contains(key) {
            try await app.files.delete(key)
        }
    }
}
