import Fluent
import IGroupsCore
import SQLKit
import Vapor

/// File sharing: folders and files for a group's members, with versions, previews and a trash.
/// The bytes live in the file store as uploads (stored once however often they are uploaded);
/// the group's storage limit counts every version until the trash is emptied.
package struct FilesModule: GroupModule {
    package init() {}

    package let id = "files"
    package let nameKey = "files.name"
    package var migrations: [any Migration] { [CreateSharedFiles(), UpdateSharedFoldersFollowGroupVersion()] }
    package var membersWriteByDefault: Bool { true }

    package var personalData: [PersonalData] {
        [
            PersonalData(
                table: SharedFileVersion.schema, userColumn: "user_id", purpose: "Shows who uploaded each version of a shared file, and when.",
                legalBasis: .contract, retention: "While the file is kept; a person's versions go when their profile is erased.", erasure: .delete),
            PersonalData(
                table: SharedFile.schema, userColumn: "created_by_id", purpose: "Lets the person who put a file in the group rename, move and delete it.",
                legalBasis: .contract, retention: "While the group keeps the file.", erasure: .tombstone(clearing: [])),
            PersonalData(
                table: SharedFile.schema, userColumn: "deleted_by_id", purpose: "Shows admins who put a file in the trash.",
                legalBasis: .contract, retention: "30 days in the trash.", erasure: .tombstone(clearing: [])),
            PersonalData(
                table: SharedFolder.schema, userColumn: "created_by_id", purpose: "Lets the person who made a folder rename, move and delete it.",
                legalBasis: .contract, retention: "While the group keeps the folder.", erasure: .tombstone(clearing: [])),
            PersonalData(
                table: SharedFolder.schema, userColumn: "deleted_by_id", purpose: "Shows admins who put a folder in the trash.",
                legalBasis: .contract, retention: "30 days in the trash.", erasure: .tombstone(clearing: [])),
        ]
    }

    package func routes(_ routes: any RoutesBuilder) throws {
        try routes.register(collection: FilesController())
    }

    package func register(on app: Application) {
        FilesTrash.register(on: app)
        app.keptFolders = KeptByKey(limit: 2_000, budget: 32 << 20)
    }

    /// A folder for the board with the minutes of the last meeting, as a text file.
    package func seedDemoMedia(in group: Group, by authorID: UUID?, app: Application) async throws {
        let db = app.db
        let groupID = try group.requireID()
        let folder = SharedFolder()
        folder.id = UUID()
        folder.$group.id = groupID
        folder.name = "Bestyrelse"
        folder.nameKey = folder.name.lowercased()
        folder.$createdBy.id = authorID
        try await folder.create(on: db)
        let name = "Referat.txt"
        let text = "Referat af bestyrelsesmødet\n\n1. Velkomst\n2. Regnskab: godkendt\n3. Sommerfest: 20. juni\n"
        let path = app.settings.dataDirectory + "/uploads/" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: app.settings.dataDirectory + "/uploads", withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let received = try Uploads.receivedFile(at: path, name: name)
        let upload = try await Uploads.store(received, group: groupID, user: authorID, on: app, db: db)
        let file = SharedFile()
        file.id = UUID()
        file.$group.id = groupID
        file.$folder.id = folder.id
        file.name = name
        file.nameKey = name.lowercased()
        file.$createdBy.id = authorID
        try await file.create(on: db)
        if let authorID {
            let version = try await FilesController.addVersion(upload, to: file, by: authorID, number: 1, on: db)
            file.currentVersionID = version.id
            try await file.save(on: db)
        }
    }

    /// As a person's profile is erased, their versions go; a file left without versions goes with them,
    /// and one that keeps others' versions shows the newest of those.
    package func memberLeft(_ userID: UUID, group groupID: UUID?, app: Application, on db: any Database) async throws {
        guard groupID == nil else { return }
        struct Row: Decodable { let file_id: UUID }
        let files = try await db.sql.raw("SELECT DISTINCT file_id FROM shared_file_versions WHERE user_id = \(bind: userID)").all(decoding: Row.self).map(\.file_id)
        guard !files.isEmpty else { return }
        try await SharedFileVersion.query(on: db).filter(\.$user.$id == userID).delete()
        for fileID in files {
            guard let file = try await SharedFile.find(fileID, on: db) else { continue }
            if let newest = try await SharedFileVersion.query(on: db).filter(\.$file.$id == fileID).sort(\.$number, .descending).first() {
                file.currentVersionID = newest.id
                try await file.save(on: db)
            } else {
                try await file.delete(on: db)
            }
        }
    }

    /// The newest files, for members only: the front page shows them to members alone.
    package func latest(in context: GroupContext, limit: Int, on db: any Database) async throws -> [ModuleItem] {
        guard context.isMember || context.isOperator else { return [] }
        struct Row: Decodable {
            let id: UUID
            let name: String
            let updated_at: Date?
        }
        let rows = try await db.sql.raw("""
            SELECT id, name, updated_at FROM shared_files WHERE group_id = \(bind: try context.group.requireID()) AND deleted_at IS NULL
            ORDER BY updated_at DESC LIMIT \(literal: limit)
            """).all(decoding: Row.self)
        return rows.map { ModuleItem(title: $0.name, url: "/g/\(context.group.slug)/files/f/\($0.id)", date: $0.updated_at ?? Date()) }
    }
}
