import Fluent
import Foundation
import SQLKit
import Vapor

/// Consistent snapshots of the database and the uploaded files, kept 30 days, and restoring one
/// with every later erasure applied again.
package enum Backup {
    package static let keep: TimeInterval = 30 * 24 * 3600

    struct Manifest: Codable {
        let createdAt: Date
        let database: String

        enum CodingKeys: String, CodingKey {
            case database
            case createdAt = "created_at"
        }
    }

    package struct Failure: Error, CustomStringConvertible {
        package let description: String
    }

    /// Where PostgreSQL lives, for pg_dump and pg_restore; nil on SQLite.
    package struct PostgresTarget: Sendable {
        package let url: String
        /// Only this schema (the tests give each test its own).
        package let schema: String?

        package init(url: String, schema: String?) {
            self.url = url
            self.schema = schema
        }
    }

    static func isSQLite(_ db: any Database) -> Bool { db.sql.dialect.name == "sqlite" }

    /// Writes `<directory>/<UTC time>/` with the database, the uploaded files (not the short-lived downloads)
    /// and a manifest; then deletes backups past 30 days and journal entries no backup needs.
    package static func make(app: Application, into directory: String, now: Date = Date()) async throws -> String {
        let stamp = now.formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day().dateTimeSeparator(.standard).time(includingFractionalSeconds: false).timeSeparator(.omitted))
        let folder = directory + "/" + stamp.replacingOccurrences(of: ":", with: "")
        // Made under another name and renamed when whole: a backup that failed halfway leaves nothing.
        let partial = folder + ".partial"
        try? FileManager.default.removeItem(atPath: partial)
        try FileManager.default.createDirectory(atPath: partial, withIntermediateDirectories: true)
        do {
            try await write(app: app, into: partial, now: now)
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
        guard rename(partial, folder) == 0 else {
            let code = errno
            try? FileManager.default.removeItem(atPath: partial)
            throw Failure(description: "\(folder): \(String(cString: strerror(code)))")
        }
        try prune(directory: directory, journal: app.erasureJournal, now: now)
        return folder
    }

    /// The database, the files and the manifest, into a new folder.
    static func write(app: Application, into folder: String, now: Date) async throws {
        let database: String
        if isSQLite(app.db) {
            // VACUUM INTO writes a consistent copy while the site keeps running.
            try await app.db.sql.raw("VACUUM INTO \(bind: folder + "/igroups.sqlite")").run()
            database = "sqlite"
        } else {
            guard let target = app.postgresTarget else { throw Failure(description: "no DATABASE_URL to dump") }
            var arguments = ["pg_dump", "--format=custom", "--no-owner", "--file=\(folder)/igroups.dump"]
            if let schema = target.schema { arguments.append("--schema=\(schema)") }
            arguments.append(target.url)
            try run(arguments)
            database = "postgresql"
        }
        let files = app.settings.dataDirectory + "/files"
        if FileManager.default.fileExists(atPath: files) {
            try linkTree(files, to: folder + "/files", skipping: ["exports"])
        }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        try encoder.encode(Manifest(createdAt: now, database: database)).write(to: URL(fileURLWithPath: folder + "/manifest.json"))
    }

    /// Deletes backups older than 30 days and journal entries older than the oldest backup still kept.
    static func prune(directory: String, journal: ErasureJournal, now: Date) throws {
        let limit = now.addingTimeInterval(-keep)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
            let folder = directory + "/" + name
            guard let manifest = try? manifest(of: folder) else { continue }
            if manifest.createdAt < limit { try FileManager.default.removeItem(atPath: folder) }
        }
        try journal.prune(olderThan: limit)
    }

    static func manifest(of folder: String) throws -> Manifest {
        guard let data = FileManager.default.contents(atPath: folder + "/manifest.json") else { throw Failure(description: "\(folder) is not a backup (no manifest.json)") }
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(Manifest.self, from: data)
    }

    /// Restores a backup into the running database and file store, then erases again everyone the journal
    /// names after the backup was made. Returns how many erasures were applied again.
    package static func restore(app: Application, from folder: String) async throws -> Int {
        let manifest = try manifest(of: folder)
        if isSQLite(app.db) {
            guard manifest.database == "sqlite" else { throw Failure(description: "the backup is of \(manifest.database), the site runs on SQLite") }
            try await restoreSQLite(app.db, from: folder + "/igroups.sqlite")
        } else {
            guard manifest.database == "postgresql", let target = app.postgresTarget else { throw Failure(description: "the backup is of \(manifest.database), the site runs on PostgreSQL") }
            var arguments = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", "--dbname=\(target.url)"]
            if let schema = target.schema { arguments.append("--schema=\(schema)") }
            arguments.append(folder + "/igroups.dump")
            try run(arguments)
        }
        let files = app.settings.dataDirectory + "/files"
        let exports = files + "/exports"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: files)) ?? [] where files + "/" + name != exports {
            try FileManager.default.removeItem(atPath: files + "/" + name)
        }
        if FileManager.default.fileExists(atPath: folder + "/files") {
            try linkTree(folder + "/files", to: files, skipping: [])
        }
        var applied = 0
        for entry in try app.erasureJournal.entries() where entry.at >= manifest.createdAt {
            let exists = try await User.find(entry.id, on: app.db) != nil
            try await app.erase(PrivacyRegistry.Person(id: entry.id, emailKey: entry.emailKey), on: app.db, journal: false)
            if exists { applied += 1 }
        }
        return applied
    }

    /// Repeats the folder tree of `source` under `target` with a hard link for every file, so a backup of
    /// a large store takes no room and no time beyond its folders: the store never changes a file in place
    /// (it writes beside it and renames), so a linked file keeps the bytes it had when linked. Across
    /// disks, where links cannot go, files are copied. Hidden files (a write still under way) are left out.
    static func linkTree(_ source: String, to target: String, skipping: Set<String>) throws {
        let manager = FileManager.default
        try manager.createDirectory(atPath: target, withIntermediateDirectories: true)
        for name in try manager.contentsOfDirectory(atPath: source) where !name.hasPrefix(".") && !skipping.contains(name) {
            let from = source + "/" + name, to = target + "/" + name
            // lstat: a symbolic link is neither followed nor kept; the store makes none.
            var info = stat()
            guard lstat(from, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                try linkTree(from, to: to, skipping: [])
            case S_IFREG:
                guard link(from, to) != 0 else { continue }
                let code = errno
                switch code {
                case ENOENT:
                    continue  // deleted since the folder was listed: it is not part of the backup
                case EXDEV, EPERM, EMLINK:
                    try manager.copyItem(atPath: from, toPath: to)
                default:
                    throw Failure(description: "\(to): \(String(cString: strerror(code)))")
                }
            default:
                continue
            }
        }
    }

    /// Copies every table back from the snapshot on one connection, with foreign keys checked at the end.
    static func restoreSQLite(_ db: any Database, from path: String) async throws {
        guard FileManager.default.fileExists(atPath: path) else { throw Failure(description: "\(path) is missing") }
        try await db.withConnection { connection in
            let sql = connection.sql
            try await sql.raw("ATTACH DATABASE \(bind: path) AS snapshot").run()
            do {
                struct Table: Decodable { let name: String }
                struct Column: Decodable { let name: String }
                // Ordinary tables only: a full-text index (a virtual table and its shadow tables) is refilled
                // by the triggers of the table it indexes as that table's rows are copied.
                let tables = try await sql.raw("SELECT name FROM pragma_table_list WHERE schema = 'snapshot' AND type = 'table' AND name NOT LIKE 'sqlite_%'").all(decoding: Table.self)
                try await sql.raw("PRAGMA foreign_keys = OFF").run()
                try await sql.raw("BEGIN IMMEDIATE").run()
                do {
                    for table in tables {
                        let columns = try await sql.raw("SELECT name FROM pragma_table_info(\(bind: table.name), 'snapshot')").all(decoding: Column.self).map(\.name)
                        let list = SQLList(columns.map { SQLIdentifier($0) })
                        try await sql.raw("DELETE FROM main.\(ident: table.name)").run()
                        try await sql.raw("INSERT INTO main.\(ident: table.name) (\(list)) SELECT \(list) FROM snapshot.\(ident: table.name)").run()
                    }
                    try await sql.raw("COMMIT").run()
                } catch {
                    try? await sql.raw("ROLLBACK").run()
                    throw error
                }
                try await sql.raw("PRAGMA foreign_keys = ON").run()
            } catch {
                try? await sql.raw("PRAGMA foreign_keys = ON").run()
                try? await sql.raw("DETACH DATABASE snapshot").run()
                throw error
            }
            try await sql.raw("DETACH DATABASE snapshot").run()
        }
    }

    /// Runs a PostgreSQL client tool found on the PATH; its error output becomes the failure.
    static func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let output = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(arguments[0]) failed: " + String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
}

extension Application {
    private struct PostgresTargetKey: StorageKey { typealias Value = Backup.PostgresTarget }

    /// The PostgreSQL database the backup tools work on; configure sets it from DATABASE_URL.
    package var postgresTarget: Backup.PostgresTarget? {
        get { storage[PostgresTargetKey.self] }
        set { storage[PostgresTargetKey.self] = newValue }
    }
}
