import Fluent
import Foundation
import Vapor

/// Builds a person's download (`DataExportArchive`) into the file store, mails them when it is ready,
/// and deletes downloads past their 7 days.
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
            let archive = try await writeArchive(for: user, app: app) { progress in
                guard progress != export.progress else { return }
                export.progress = progress
                try await export.save(on: db)
            }
            defer { try? FileManager.default.removeItem(atPath: archive.path) }
            try await app.files.put(file: archive.path, size: archive.size, sha256: archive.sha256, to: export.fileKey)
            // Erased while it was being built: the archive must not outlive the person.
            guard try await DataExport.find(exportID, on: db) != nil else {
                try await app.files.delete(export.fileKey)
                return
            }
            let now = Date()
            export.status = .ready
            export.progress = 100
            export.size = archive.size
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

    /// Writes the person's archive to a new file in `DATA_DIR/uploads` (on the store's disk, so the local
    /// store takes it by renaming): its path, size and SHA-256. Progress goes to 99: half for reading
    /// their rows, half for writing the archive.
    static func writeArchive(for user: User, app: Application, progress: (Int) async throws -> Void) async throws -> (path: String, size: Int, sha256: String) {
        let archive = try await DataExportArchive.gather(for: user, app: app) { try await progress($0 / 2) }
        let folder = app.settings.dataDirectory + "/uploads"
        try await app.threadPool.runIfActive { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let path = folder + "/export-" + UUID().uuidString
        let written = try await archive.write(to: path, app: app) { try await progress(50 + $0 * 49 / 100) }
        return (path, written.size, written.sha256)
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
