import Fluent
import Foundation
import IGroupsCore
import SQLKit
import Vapor

/// Reading a group's folders and files: a folder with the way up to the top, its contents with their
/// current versions, and what lies beneath a folder; each in one query.
enum FileTree {
    struct FolderRow: Decodable, Sendable {
        let id: UUID
        let parent_id: UUID?
        let name: String
        let deleted_at: Date?
    }

    /// A folder and the folders above it, top first; nil when it is not the group's. `inTrash` is true
    /// when it or a folder above it was deleted.
    static func path(to folderID: UUID, in groupID: UUID, on db: any Database) async throws -> (path: [FolderRow], inTrash: Bool)? {
        struct Row: Decodable { let id: UUID; let parent_id: UUID?; let name: String; let deleted_at: Date?; let depth: Int }
        let rows = try await db.sql.raw("""
            WITH RECURSIVE up(id, parent_id, name, deleted_at, depth) AS (
              SELECT id, parent_id, name, deleted_at, 0 FROM file_folders WHERE id = \(bind: folderID) AND group_id = \(bind: groupID)
              UNION ALL
              SELECT f.id, f.parent_id, f.name, f.deleted_at, up.depth + 1 FROM file_folders f JOIN up ON f.id = up.parent_id WHERE up.depth < 100
            )
            SELECT id, parent_id, name, deleted_at, depth FROM up ORDER BY depth DESC
            """).all(decoding: Row.self)
        guard !rows.isEmpty else { return nil }
        return (rows.map { FolderRow(id: $0.id, parent_id: $0.parent_id, name: $0.name, deleted_at: $0.deleted_at) }, rows.contains { $0.deleted_at != nil })
    }

    /// The current version of a file of the group that is not in the trash, nor in a folder that is (or
    /// one above it): its name and its upload, for the downloads that run most. One query, and the
    /// group's folders as this process keeps them while the group's version stands.
    static func current(file fileID: UUID, in group: GroupContext, on req: Request) async throws -> (name: String, upload: UploadRow)? {
        let groupID = try group.group.requireID()
        guard let row = try await req.db.sql.raw(SQLQueryString(template: currentSQL, binds: [fileID, groupID])).first() else { return nil }
        if let folderID = try row.decode(column: "folder_id", as: UUID?.self) {
            guard try await usableFolders(of: group, on: req).contains(folderID) else { return nil }
        }
        let upload = UploadRow(
            blob: try row.decode(column: "blob", as: String.self), size: try row.decode(column: "size", as: Int64.self),
            mediaType: try row.decode(column: "media_type", as: String.self), name: try row.decode(column: "name", as: String.self))
        return (try row.decode(column: "file_name", as: String.self), upload)
    }

    /// Written once, as downloads run it more than anything else in the module.
    static let currentSQL = """
        SELECT s.name AS file_name, s.folder_id, u.blob, u.size, u.media_type, u.name
        FROM shared_files s JOIN shared_file_versions v ON v.id = s.current_version_id JOIN uploads u ON u.id = v.upload_id
        WHERE s.id = $1 AND s.group_id = $2 AND s.deleted_at IS NULL
        """

    /// The folders of a group whose files may be read, kept with the group's version they were read at.
    struct UsableFolders: Versioned {
        let version: Int
        let ids: Set<UUID>
    }

    /// The group's folders that are neither in the trash nor beneath a folder that is: kept per process
    /// while the group's version stands (every change to a folder moves it), read when it moved.
    static func usableFolders(of group: GroupContext, on req: Request) async throws -> Set<UUID> {
        let groupID = try group.group.requireID()
        guard let version = group.version else { return usable(try await allFolders(in: groupID, on: req.db)) }
        let kept = try await req.application.keptFolders.value(groupID, at: version, weight: { $0.ids.count * 32 }) {
            UsableFolders(version: version, ids: usable(try await allFolders(in: groupID, on: req.db)))
        }
        return kept?.ids ?? []
    }

    /// Those of `folders` whose way up to the top stays among them and passes no folder in the trash:
    /// found from the top down, so however deep the folders go, and a folder whose way up goes round
    /// or leaves the group is never reached.
    static func usable(_ folders: [FolderRow]) -> Set<UUID> {
        var children: [UUID: [UUID]] = [:]
        var next: [UUID] = []
        for folder in folders where folder.deleted_at == nil {
            if let parent = folder.parent_id {
                children[parent, default: []].append(folder.id)
            } else {
                next.append(folder.id)
            }
        }
        var result = Set<UUID>()
        while let id = next.popLast() {
            guard result.insert(id).inserted else { continue }
            next += children[id] ?? []
        }
        return result
    }

    struct FileRow: Decodable, Sendable {
        let id: UUID
        let folder_id: UUID?
        let name: String
        let created_by_id: UUID?
        let deleted_at: Date?
        let size: Int64?
        let media_type: String?
        let changed_at: Date?
        let changed_by: String?
        let changed_by_username: String?
        let versions: Int
    }

    /// The files of a folder (nil: the top), or of the trash, with their current version and who made it.
    static func files(in groupID: UUID, folder folderID: UUID?, deleted: Bool, on db: any Database) async throws -> [FileRow] {
        let place: SQLQueryString = deleted
            ? "s.deleted_at IS NOT NULL"
            : (folderID.map { "s.folder_id = \(bind: $0) AND s.deleted_at IS NULL" } ?? "s.folder_id IS NULL AND s.deleted_at IS NULL")
        return try await db.sql.raw("""
            SELECT s.id, s.folder_id, s.name, s.created_by_id, s.deleted_at, u.size, u.media_type, v.created_at AS changed_at,
                   p.name AS changed_by, p.username AS changed_by_username,
                   (SELECT COUNT(*) FROM shared_file_versions c WHERE c.file_id = s.id) AS versions
            FROM shared_files s
            LEFT JOIN shared_file_versions v ON v.id = s.current_version_id
            LEFT JOIN uploads u ON u.id = v.upload_id
            LEFT JOIN users p ON p.id = v.user_id
            WHERE s.group_id = \(bind: groupID) AND \(place)
            ORDER BY \(unsafeRaw: deleted ? "s.deleted_at DESC" : "s.name_key"), s.id
            """).all(decoding: FileRow.self)
    }

    /// The subfolders of a folder (nil: the top), or the folders in the trash.
    static func folders(in groupID: UUID, parent parentID: UUID?, deleted: Bool, on db: any Database) async throws -> [FolderRow] {
        let place: SQLQueryString = deleted
            ? "deleted_at IS NOT NULL"
            : (parentID.map { "parent_id = \(bind: $0) AND deleted_at IS NULL" } ?? "parent_id IS NULL AND deleted_at IS NULL")
        return try await db.sql.raw("""
            SELECT id, parent_id, name, deleted_at FROM file_folders WHERE group_id = \(bind: groupID) AND \(place)
            ORDER BY \(unsafeRaw: deleted ? "deleted_at DESC" : "name_key"), id
            """).all(decoding: FolderRow.self)
    }

    /// Every folder of the group, in the trash or not: what `usable` and `choices` pick from.
    static func allFolders(in groupID: UUID, on db: any Database) async throws -> [FolderRow] {
        try await db.sql.raw("SELECT id, parent_id, name, deleted_at FROM file_folders WHERE group_id = \(bind: groupID)")
            .all(decoding: FolderRow.self)
    }

    /// The folders as a person picks one: each with its full path ("Bestyrelse / 2026"), in path order;
    /// only those whose files may be read (`usable`) and, when moving a folder, not the folder itself nor
    /// those beneath it.
    static func choices(_ folders: [FolderRow], excluding excluded: UUID? = nil) -> [(id: UUID, path: String)] {
        let byID = Dictionary(uniqueKeysWithValues: folders.map { ($0.id, $0) })
        // Without the excluded folder, nothing beneath it is reached from the top.
        let result = usable(folders.filter { $0.id != excluded }).map { id -> (UUID, String) in
            var names: [String] = []
            var current = byID[id]
            // A usable folder's way up stays among usable folders and ends at the top.
            while let step = current {
                names.insert(step.name, at: 0)
                current = step.parent_id.flatMap { byID[$0] }
            }
            return (id, names.joined(separator: " / "))
        }
        return result.sorted { $0.1.localizedStandardCompare($1.1) == .orderedAscending }
    }

    /// The uploads of every version of the files in these folders and in the folders beneath them.
    static func uploads(beneath folderIDs: [UUID], on db: any Database) async throws -> [UUID] {
        guard !folderIDs.isEmpty else { return [] }
        struct Row: Decodable { let upload_id: UUID }
        return try await db.sql.raw("""
            WITH RECURSIVE down(id) AS (
              SELECT id FROM file_folders WHERE id IN (\(binds: folderIDs))
              UNION ALL
              SELECT f.id FROM file_folders f JOIN down ON f.parent_id = down.id
            )
            SELECT v.upload_id FROM shared_file_versions v JOIN shared_files s ON s.id = v.file_id
            WHERE s.folder_id IN (SELECT id FROM down)
            """).all(decoding: Row.self).map(\.upload_id)
    }

    /// The uploads of every version of these files.
    static func uploads(of fileIDs: [UUID], on db: any Database) async throws -> [UUID] {
        guard !fileIDs.isEmpty else { return [] }
        struct Row: Decodable { let upload_id: UUID }
        return try await db.sql.raw("SELECT upload_id FROM shared_file_versions WHERE file_id IN (\(binds: fileIDs))")
            .all(decoding: Row.self).map(\.upload_id)
    }

    /// A name not yet taken in the place: "Referat.pdf", then "Referat (2).pdf", "Referat (3).pdf", …
    static func unique(_ name: String, taken: Set<String>) -> String {
        guard taken.contains(name.lowercased()) else { return name }
        let dot = name.lastIndex(of: ".").flatMap { $0 == name.startIndex ? nil : $0 }
        let stem = dot.map { String(name[..<$0]) } ?? name
        let ext = dot.map { String(name[$0...]) } ?? ""
        var number = 2
        while taken.contains("\(stem) (\(number))\(ext)".lowercased()) { number += 1 }
        return "\(stem) (\(number))\(ext)"
    }

    /// The lower-cased names of the files (or folders) in a place, trash left out.
    static func takenNames(in groupID: UUID, folder folderID: UUID?, folders: Bool, on db: any Database) async throws -> Set<String> {
        struct Row: Decodable { let name_key: String }
        let table = folders ? SharedFolder.schema : SharedFile.schema
        let column = folders ? "parent_id" : "folder_id"
        let place: SQLQueryString = folderID.map { "\(ident: column) = \(bind: $0)" } ?? "\(ident: column) IS NULL"
        let rows = try await db.sql.raw("SELECT name_key FROM \(ident: table) WHERE group_id = \(bind: groupID) AND \(place) AND deleted_at IS NULL")
            .all(decoding: Row.self)
        return Set(rows.map(\.name_key))
    }
}

extension Application {
    private struct KeptFoldersKey: StorageKey { typealias Value = KeptByKey<UUID, FileTree.UsableFolders> }

    /// Each group's usable folders as this process read them, made as the module registers.
    var keptFolders: KeptByKey<UUID, FileTree.UsableFolders> {
        get { storage[KeptFoldersKey.self] ?? KeptByKey(limit: 0) }
        set { storage[KeptFoldersKey.self] = newValue }
    }
}
