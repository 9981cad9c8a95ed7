import Fluent
import Foundation
import SQLKit
import Vapor

/// Storing received files as uploads, the storage a group has left, and deleting blobs that nothing
/// refers to any more.
package enum Uploads {
    /// A blob stored less than this long ago is never collected: an upload may be about to refer to it.
    package static let gracePeriod: TimeInterval = 3600
    package static let sweepJobKind = "core.blob-sweep"

    /// The limits for a form that uploads to a group: the size per file from the settings, and what is
    /// left of the group's storage (its paid plan's, or the site's default).
    package static func limits(for groupID: UUID, on app: Application, db: any Database) async throws -> UploadLimits {
        let used = try await usedBytes(of: groupID, on: db)
        let storage = try await Billing.storageBytes(of: groupID, on: app, db: db)
        return UploadLimits(maxFileBytes: app.settings.uploadMaxFileBytes, maxTotalBytes: max(0, storage - used))
    }

    /// The bytes a group's uploads take, as its members uploaded them (the server's own copies, such as
    /// thumbnails, are not counted; the same file uploaded twice counts twice, as it does for them).
    package static func usedBytes(of groupID: UUID, on db: any Database) async throws -> Int {
        struct Row: Decodable { var used: Int64? }
        let row = try await db.sql.raw("SELECT CAST(SUM(size) AS BIGINT) AS used FROM uploads WHERE group_id = \(bind: groupID) AND parent_id IS NULL")
            .first(decoding: Row.self)
        return Int(row?.used ?? 0)
    }

    /// Puts a received file into the store (unless the same bytes are there already) and records the upload.
    /// With a group, the group's storage is checked again under a lock of its row, so two uploads at
    /// once never take it over its limit together.
    package static func store(
        _ file: ReceivedFile, group groupID: UUID?, user userID: UUID?, parent: UUID? = nil, variant: String? = nil,
        width: Int? = nil, height: Int? = nil, duration: Double? = nil, on app: Application, db: any Database
    ) async throws -> Upload {
        try await keepBlob(file, on: app, db: db)
        let upload = Upload()
        upload.id = UUID()
        upload.$group.id = groupID
        upload.$user.id = userID
        upload.$parent.id = parent
        upload.variant = variant
        upload.blob = file.sha256
        upload.size = Int64(file.size)
        upload.mediaType = file.type.mediaType
        upload.name = file.name
        upload.width = width
        upload.height = height
        upload.duration = duration
        if let groupID, parent == nil {
            try await db.transaction { db in
                try await db.lockRow(Group.schema, id: groupID)
                let limit = try await Billing.storageBytes(of: groupID, on: app, db: db)
                guard try await usedBytes(of: groupID, on: db) + file.size <= limit else { throw UploadError.overQuota(limit: limit) }
                try await upload.create(on: db)
            }
        } else {
            try await upload.create(on: db)
        }
        return upload
    }

    /// Makes sure the bytes of a received file are in the store and marked as just stored.
    package static func keepBlob(_ file: ReceivedFile, on app: Application, db: any Database) async throws {
        // Marked first: a sweep running now leaves a blob stored in the last hour alone.
        try await db.sql.raw("""
            INSERT INTO blobs (hash, size, stored_at) VALUES (\(bind: file.sha256), \(bind: Int64(file.size)), \(bind: Date()))
            ON CONFLICT (hash) DO UPDATE SET stored_at = excluded.stored_at
            """).run()
        let key = Upload.key(ofBlob: file.sha256)
        if try await app.files.size(of: key) != file.size {
            try await app.files.put(file: file.path, size: file.size, sha256: file.sha256, to: key)
        }
        try? FileManager.default.removeItem(atPath: file.path)
    }

    /// Writes bytes the server made (a thumbnail, a poster) to a file of its own and stores it as a
    /// copy of an upload.
    package static func storeCopy(
        ofFile path: String, parent: Upload, variant: String, name: String, width: Int?, height: Int?, on app: Application, db: any Database
    ) async throws -> Upload {
        let file = try await app.threadPool.runIfActive { try receivedFile(at: path, name: name) }
        return try await store(file, group: parent.$group.id, user: parent.$user.id, parent: parent.id, variant: variant, width: width, height: height, on: app, db: db)
    }

    /// A file on this machine described as if it had been received: size, SHA-256 and type from its bytes.
    package static func receivedFile(at path: String, name: String, field: String = "") throws -> ReceivedFile {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw FileStoreError.io(path, ENOENT) }
        defer { try? handle.close() }
        var hasher = SHA256()
        var size = 0
        var head: [UInt8] = []
        while let piece = try handle.read(upToCount: 1 << 20), !piece.isEmpty {
            hasher.update(data: piece)
            size += piece.count
            if head.count < FileType.sniffLength { head.append(contentsOf: piece.prefix(FileType.sniffLength - head.count)) }
        }
        let digest = SecureToken.hex(hasher.finalize())
        return ReceivedFile(field: field, name: name, path: path, size: size, sha256: digest, type: FileType(sniffing: head))
    }

    /// Deletes the uploads (their copies go with them) and then those of their blobs nothing refers to.
    package static func delete(_ ids: [UUID], on app: Application, db: any Database) async throws {
        guard !ids.isEmpty else { return }
        struct Row: Decodable { var blob: String }
        let blobs = try await db.sql.raw("SELECT blob FROM uploads WHERE id IN (\(binds: ids)) OR parent_id IN (\(binds: ids))").all(decoding: Row.self)
        try await db.sql.raw("DELETE FROM uploads WHERE id IN (\(binds: ids))").run()
        try await release(Set(blobs.map(\.blob)), on: app, db: db)
    }

    /// The blobs of everything a person uploaded and of the copies made of it.
    package static func blobs(uploadedBy userID: UUID, on db: any Database) async throws -> Set<String> {
        struct Row: Decodable { var blob: String }
        let rows = try await db.sql.raw("""
            SELECT blob FROM uploads WHERE user_id = \(bind: userID)
            OR parent_id IN (SELECT id FROM uploads WHERE user_id = \(bind: userID))
            """).all(decoding: Row.self)
        return Set(rows.map(\.blob))
    }

    /// A person's own uploads (not the server's copies), oldest first, for their download.
    package static func uploaded(by userID: UUID, on db: any Database) async throws -> [Upload] {
        try await Upload.query(on: db).filter(\.$user.$id == userID).filter(\.$parent.$id == nil).sort(\.$createdAt).all()
    }

    /// Deletes uploads whose bytes must not wait for the sweep (a photo as it was received, with its
    /// location; the files of a person being erased), with their copies, and at once those of their blobs
    /// no other upload refers to, however recently stored. A blob marked again after these uploads were
    /// recorded (the same bytes being uploaded right now) is left to the sweep.
    package static func purge(_ ids: [UUID], on app: Application, db: any Database) async throws {
        guard !ids.isEmpty else { return }
        struct Row: Decodable { var blob: String; var created_at: Date? }
        let rows = try await db.sql.raw("SELECT blob, created_at FROM uploads WHERE id IN (\(binds: ids)) OR parent_id IN (\(binds: ids))")
            .all(decoding: Row.self)
        try await db.sql.raw("DELETE FROM uploads WHERE id IN (\(binds: ids))").run()
        // A blob is marked before its upload is recorded; one marked later belongs to another upload too.
        let newest = rows.compactMap(\.created_at).max() ?? Date()
        try await release(Set(rows.map(\.blob)), on: app, db: db, now: newest.addingTimeInterval(gracePeriod + 1))
    }

    /// Deletes from the store those of the blobs no upload refers to and that were not stored within
    /// the grace period; the hourly sweep takes the rest.
    package static func release(_ hashes: Set<String>, on app: Application, db: any Database, now: Date = Date()) async throws {
        guard !hashes.isEmpty else { return }
        struct Row: Decodable { var hash: String }
        let gone = try await db.sql.raw("""
            DELETE FROM blobs WHERE hash IN (\(binds: Array(hashes))) AND stored_at < \(bind: now.addingTimeInterval(-gracePeriod))
            AND NOT EXISTS (SELECT 1 FROM uploads WHERE uploads.blob = blobs.hash) RETURNING hash
            """).all(decoding: Row.self)
        for row in gone { try await app.files.delete(Upload.key(ofBlob: row.hash)) }
    }

    /// Deletes every blob that no upload refers to, past the grace period, and returns how many.
    @discardableResult
    package static func sweep(on app: Application, now: Date = Date()) async throws -> Int {
        struct Row: Decodable { var hash: String }
        let gone = try await app.db.sql.raw("""
            DELETE FROM blobs WHERE stored_at < \(bind: now.addingTimeInterval(-gracePeriod))
            AND NOT EXISTS (SELECT 1 FROM uploads WHERE uploads.blob = blobs.hash) RETURNING hash
            """).all(decoding: Row.self)
        for row in gone { try await app.files.delete(Upload.key(ofBlob: row.hash)) }
        // Received files of uploads that never finished (a server stopped halfway) are thrown away after a day.
        let folder = app.settings.dataDirectory + "/uploads"
        try await app.threadPool.runIfActive {
            let manager = FileManager.default
            for name in (try? manager.contentsOfDirectory(atPath: folder)) ?? [] {
                let path = folder + "/" + name
                if let modified = try? manager.attributesOfItem(atPath: path)[.modificationDate] as? Date, modified < now.addingTimeInterval(-24 * 3600) {
                    try? manager.removeItem(atPath: path)
                }
            }
        }
        return gone.count
    }

    package static func register(on app: Application) {
        app.jobQueue.register(sweepJobKind) { _, app in try await sweep(on: app) }
        app.jobQueue.schedule(Schedule(name: sweepJobKind, period: 3600, jobKind: sweepJobKind))
    }
}
