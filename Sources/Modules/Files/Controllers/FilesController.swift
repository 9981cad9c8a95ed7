import Fluent
import Foundation
import IGroupsCore
import SQLKit
import Vapor

/// `/g/:group/files`: folders and files for the group's members: upload, download, previews,
/// versions, rename, move, and a trash that admins restore from or empty for 30 days.
struct FilesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: top)
        routes.get("folders", ":folder", use: folder)
        routes.on(.POST, "upload", body: .stream, use: upload)
        routes.get("folders", "new", use: showNewFolder)
        routes.post("folders", "new", use: createFolder)
        routes.get("folders", ":folder", "rename", use: showRenameFolder)
        routes.post("folders", ":folder", "rename", use: renameFolder)
        routes.get("folders", ":folder", "move", use: showMoveFolder)
        routes.post("folders", ":folder", "move", use: moveFolder)
        routes.get("folders", ":folder", "delete", use: showDeleteFolder)
        routes.post("folders", ":folder", "delete", use: deleteFolder)
        routes.get("f", ":file", use: file)
        routes.get("f", ":file", "raw", use: raw)
        routes.get("f", ":file", "download", use: download)
        routes.get("f", ":file", "versions", ":version", "download", use: downloadVersion)
        routes.on(.POST, "f", ":file", "versions", body: .stream, use: addVersion)
        routes.post("f", ":file", "versions", ":version", "current", use: makeCurrent)
        routes.get("f", ":file", "rename", use: showRenameFile)
        routes.post("f", ":file", "rename", use: renameFile)
        routes.get("f", ":file", "move", use: showMoveFile)
        routes.post("f", ":file", "move", use: moveFile)
        routes.get("f", ":file", "delete", use: showDeleteFile)
        routes.post("f", ":file", "delete", use: deleteFile)
        routes.get("trash", use: trash)
        routes.post("trash", ":kind", ":item", "restore", use: restore)
        routes.get("trash", "empty", use: showEmptyTrash)
        routes.post("trash", "empty", use: emptyTrash)
    }

    // MARK: - Who may do what

    /// Shared files are for the group's members (and the operator), whatever the group's visibility.
    static func requireReader(_ req: Request) throws -> ModuleContext {
        _ = try req.requireViewer()
        let context = req.moduleContext
        guard context.group.isMember || context.group.isOperator else { throw Abort(.forbidden, reason: "files.error.members_only") }
        return context
    }

    static func requireWriter(_ req: Request) throws -> ModuleContext {
        let context = try requireReader(req)
        _ = try req.requireViewer()
        guard context.mayWrite else { throw Abort(.forbidden, reason: "files.error.may_not_upload") }
        return context
    }

    /// Whoever put it there (while they may still upload), and the group's moderators and admins.
    static func mayChange(createdBy: UUID?, context: ModuleContext) -> Bool {
        guard let viewer = context.group.viewer, viewer.isVerified, let role = context.group.role else { return false }
        return role >= .moderator || (createdBy != nil && createdBy == viewer.id && context.mayWrite)
    }

    static func requireAdmin(_ req: Request) throws -> ModuleContext {
        let context = try requireReader(req)
        guard context.group.mayAdminister else { throw Abort(.forbidden, reason: "group.error.admins_only") }
        return context
    }

    // MARK: - Reading

    static func groupID(_ context: ModuleContext) throws -> UUID { try context.group.group.requireID() }
    static func base(_ context: ModuleContext) -> String { "/g/\(context.group.group.slug)/files" }

    /// A folder of the group that is not in the trash.
    static func folder(_ req: Request, _ context: ModuleContext) async throws -> (folder: SharedFolder, path: [FileTree.FolderRow]) {
        guard let id = req.parameters.get("folder", as: UUID.self),
              let found = try await FileTree.path(to: id, in: groupID(context), on: req.db), !found.inTrash,
              let folder = try await SharedFolder.find(id, on: req.db)
        else { throw Abort(.notFound) }
        return (folder, found.path)
    }

    /// A file of the group that is not in the trash (nor in a folder that is).
    static func file(_ req: Request, _ context: ModuleContext) async throws -> (file: SharedFile, path: [FileTree.FolderRow]) {
        guard let id = req.parameters.get("file", as: UUID.self),
              let file = try await SharedFile.query(on: req.db).filter(\.$id == id).filter(\.$group.$id == groupID(context)).first(),
              file.deletedAt == nil
        else { throw Abort(.notFound) }
        var path: [FileTree.FolderRow] = []
        if let folderID = file.$folder.id {
            guard let found = try await FileTree.path(to: folderID, in: groupID(context), on: req.db), !found.inTrash else { throw Abort(.notFound) }
            path = found.path
        }
        return (file, path)
    }

    @Sendable func top(req: Request) async throws -> Response {
        let context = try Self.requireReader(req)
        return try await listing(req, context, folder: nil, path: [], errors: FormErrors(), status: .ok)
    }

    @Sendable func folder(req: Request) async throws -> Response {
        let context = try Self.requireReader(req)
        let (folder, path) = try await Self.folder(req, context)
        return try await listing(req, context, folder: folder, path: path, errors: FormErrors(), status: .ok)
    }

    /// A folder's page: its folders, its files, the storage bar, and the upload form for those who may.
    func listing(_ req: Request, _ context: ModuleContext, folder: SharedFolder?, path: [FileTree.FolderRow], errors: FormErrors, status: HTTPStatus) async throws -> Response {
        let groupID = try Self.groupID(context)
        let folderID = try folder?.requireID()
        async let folders = FileTree.folders(in: groupID, parent: folderID, deleted: false, on: req.db)
        async let files = FileTree.files(in: groupID, folder: folderID, deleted: false, on: req.db)
        async let used = Uploads.usedBytes(of: groupID, on: req.db)
        async let quota = Billing.storageBytes(of: groupID, on: req.application, db: req.db)
        let settings = req.application.settings
        let page = FolderPage(
            layout: req.layout(title: folder?.name ?? req.t("files.name")), chrome: context.chrome("files", t: req.t),
            folder: folder.map { ($0.id!, $0.name, Self.mayChange(createdBy: $0.$createdBy.id, context: context)) },
            path: path.dropLast(folder == nil ? 0 : 1).map { ($0.id, $0.name) },
            folders: try await folders.map { ($0.id, $0.name) },
            files: try await files.map { row in
                FolderPage.File(
                    id: row.id, name: row.name, size: Int(row.size ?? 0), type: FileType(mediaType: row.media_type ?? ""),
                    changed: row.changed_at ?? Date(), changedBy: row.changed_by.map { ($0, row.changed_by_username ?? "") }, versions: row.versions)
            },
            used: try await used, quota: try await quota, maxFile: settings.uploadMaxFileBytes,
            mayUpload: context.mayWrite, mayAdminister: context.group.mayAdminister, errors: errors)
        return page.response(status: status)
    }

    @Sendable func file(req: Request) async throws -> Response {
        let context = try Self.requireReader(req)
        let (file, path) = try await Self.file(req, context)
        return try await filePage(req, context, file: file, path: path, errors: FormErrors(), status: .ok)
    }

    func filePage(_ req: Request, _ context: ModuleContext, file: SharedFile, path: [FileTree.FolderRow], errors: FormErrors, status: HTTPStatus) async throws -> Response {
        struct Row: Decodable {
            let id: UUID
            let number: Int
            let created_at: Date?
            let size: Int64
            let media_type: String
            let name: String?
            let username: String?
        }
        let fileID = try file.requireID()
        let rows = try await req.db.sql.raw("""
            SELECT v.id, v.number, v.created_at, u.size, u.media_type, p.name, p.username
            FROM shared_file_versions v JOIN uploads u ON u.id = v.upload_id LEFT JOIN users p ON p.id = v.user_id
            WHERE v.file_id = \(bind: fileID) ORDER BY v.number DESC
            """).all(decoding: Row.self)
        let versions = rows.map {
            FilePage.Version(id: $0.id, number: $0.number, created: $0.created_at ?? Date(), size: Int($0.size), by: $0.name.map { [username = $0.username] name in (name, username ?? "") }, isCurrent: $0.id == file.currentVersionID)
        }
        let current = rows.first { $0.id == file.currentVersionID }
        let type = FileType(mediaType: current?.media_type ?? "")
        var text: String?
        if type == .text, let currentID = file.currentVersionID, let version = try await SharedFileVersion.find(currentID, on: req.db),
           let upload = try await Upload.find(version.$upload.id, on: req.db) {
            text = try await Self.textPreview(upload, app: req.application)
        }
        let settings = req.application.settings
        return FilePage(
            layout: req.layout(title: file.name), chrome: context.chrome("files", t: req.t), id: fileID, name: file.name,
            path: path.map { ($0.id, $0.name) }, type: type, size: Int(current?.size ?? 0), text: text, versions: versions,
            mayChange: Self.mayChange(createdBy: file.$createdBy.id, context: context), mayUpload: context.mayWrite,
            maxFile: settings.uploadMaxFileBytes, errors: errors
        ).response(status: status)
    }

    /// The start of a text file, for its page: at most 64 KiB, cut at a whole character.
    static func textPreview(_ upload: Upload, app: Application) async throws -> String? {
        guard let bytes = try await app.files.stream(upload.key, range: 0..<min(Int(upload.size), previewBytes)) else { return nil }
        var collected: [UInt8] = []
        for try await chunk in bytes { collected.append(contentsOf: chunk.readableBytesView) }
        for cut in 0...3 where collected.count >= cut {
            if let text = String(validating: collected.dropLast(cut), as: UTF8.self) { return text }
        }
        return nil
    }

    static let previewBytes = 64 * 1024

    /// The current version of a file, as the file page's links ask for it: read in one query, as video
    /// players and PDF viewers ask for many ranges of one file.
    static func current(_ req: Request, _ context: ModuleContext) async throws -> (name: String, upload: UploadRow) {
        guard let id = req.parameters.get("file", as: UUID.self), let current = try await FileTree.current(file: id, in: context.group, on: req)
        else { throw Abort(.notFound) }
        return current
    }

    /// The file as the browser shows it (pictures, PDF, text, sound, video); anything else downloads.
    @Sendable func raw(req: Request) async throws -> Response {
        let (name, upload) = try await Self.current(req, Self.requireReader(req))
        return try await req.download(upload, name: name)
    }

    @Sendable func download(req: Request) async throws -> Response {
        let (name, upload) = try await Self.current(req, Self.requireReader(req))
        return try await req.download(upload, name: name, attachment: true)
    }

    @Sendable func downloadVersion(req: Request) async throws -> Response {
        let context = try Self.requireReader(req)
        let (file, _) = try await Self.file(req, context)
        guard let id = req.parameters.get("version", as: UUID.self),
              let version = try await SharedFileVersion.query(on: req.db).filter(\.$id == id).filter(\.$file.$id == file.requireID()).first(),
              let upload = try await Upload.find(version.$upload.id, on: req.db)
        else { throw Abort(.notFound) }
        return try await req.download(upload, name: Self.versionName(file.name, number: version.number), attachment: true)
    }

    /// "Referat (version 2).pdf"
    static func versionName(_ name: String, number: Int) -> String {
        let dot = name.lastIndex(of: ".").flatMap { $0 == name.startIndex ? nil : $0 }
        return dot.map { "\(name[..<$0]) (v\(number))\(name[$0...])" } ?? "\(name) (v\(number))"
    }

    // MARK: - Uploading

    /// Takes the files of the upload form into a folder. Names already there get a number, so nothing
    /// is overwritten; a new version of a file is uploaded on the file's own page.
    @Sendable func upload(req: Request) async throws -> Response {
        let context = try Self.requireWriter(req)
        let groupID = try Self.groupID(context)
        var folder: SharedFolder?
        var path: [FileTree.FolderRow] = []
        if let id = req.query[UUID.self, at: "folder"] {
            guard let found = try await FileTree.path(to: id, in: groupID, on: req.db), !found.inTrash else { throw Abort(.notFound) }
            folder = try await SharedFolder.find(id, on: req.db)
            path = found.path
        }
        var errors = FormErrors()
        let form: ReceivedForm
        do {
            form = try await req.receiveUpload(limits: Uploads.limits(for: groupID, on: req.application, db: req.db))
        } catch let error as UploadError {
            errors.add("files", error.message(req))
            return try await listing(req, context, folder: folder, path: path, errors: errors, status: .unprocessableEntity)
        }
        defer { form.discard() }
        let chosen = form.files.filter { $0.field == "files" }
        guard !chosen.isEmpty else {
            errors.add("files", req.t("upload.error.none"))
            return try await listing(req, context, folder: folder, path: path, errors: errors, status: .unprocessableEntity)
        }
        let viewerID = try req.requireViewer().requireID()
        let folderID = try folder?.requireID()
        do {
            for received in chosen {
                try await req.db.transaction { db in
                    // One upload at a time per group picks names, so two people sending "Referat.pdf" at once get two files.
                    try await db.lockRow(Group.schema, id: groupID)
                    let taken = try await FileTree.takenNames(in: groupID, folder: folderID, folders: false, on: db)
                    let upload = try await Uploads.store(received, group: groupID, user: viewerID, on: req.application, db: db)
                    let name = FileTree.unique(received.name, taken: taken)
                    let file = SharedFile()
                    file.id = UUID()
                    file.$group.id = groupID
                    file.$folder.id = folderID
                    file.name = name
                    file.nameKey = name.lowercased()
                    file.$createdBy.id = viewerID
                    try await file.create(on: db)
                    let version = try await Self.addVersion(upload, to: file, by: viewerID, number: 1, on: db)
                    file.currentVersionID = version.id
                    try await file.save(on: db)
                }
            }
        } catch let error as UploadError {
            errors.add("files", error.message(req))
            return try await listing(req, context, folder: folder, path: path, errors: errors, status: .unprocessableEntity)
        }
        let target = folderID.map { "\(Self.base(context))/folders/\($0)" } ?? Self.base(context)
        return .seeOther("\(target)?notice=\(chosen.count == 1 ? "file_uploaded" : "files_uploaded")")
    }

    static func addVersion(_ upload: Upload, to file: SharedFile, by userID: UUID, number: Int, on db: any Database) async throws -> SharedFileVersion {
        let version = SharedFileVersion()
        version.id = UUID()
        version.$file.id = try file.requireID()
        version.$upload.id = try upload.requireID()
        version.number = number
        version.$user.id = userID
        try await version.create(on: db)
        return version
    }

    /// A new version of a file; it becomes the current one, the others stay in its history.
    @Sendable func addVersion(req: Request) async throws -> Response {
        let context = try Self.requireWriter(req)
        let (file, path) = try await Self.file(req, context)
        let groupID = try Self.groupID(context)
        var errors = FormErrors()
        let form: ReceivedForm
        do {
            var limits = try await Uploads.limits(for: groupID, on: req.application, db: req.db)
            limits.maxFiles = 1
            form = try await req.receiveUpload(limits: limits)
        } catch let error as UploadError {
            errors.add("version", error.message(req))
            return try await filePage(req, context, file: file, path: path, errors: errors, status: .unprocessableEntity)
        }
        defer { form.discard() }
        guard let received = form.files.first(where: { $0.field == "version" }) else {
            errors.add("version", req.t("upload.error.none"))
            return try await filePage(req, context, file: file, path: path, errors: errors, status: .unprocessableEntity)
        }
        let viewerID = try req.requireViewer().requireID()
        do {
            try await req.db.transaction { db in
                try await db.lockRow(SharedFile.schema, id: file.requireID())
                let upload = try await Uploads.store(received, group: groupID, user: viewerID, on: req.application, db: db)
                let last = try await SharedFileVersion.query(on: db).filter(\.$file.$id == file.requireID()).max(\.$number) ?? 0
                let version = try await Self.addVersion(upload, to: file, by: viewerID, number: last + 1, on: db)
                file.currentVersionID = version.id
                try await file.save(on: db)
            }
        } catch let error as UploadError {
            errors.add("version", error.message(req))
            return try await filePage(req, context, file: file, path: path, errors: errors, status: .unprocessableEntity)
        }
        return .seeOther("\(Self.base(context))/f/\(try file.requireID())?notice=file_version_added")
    }

    /// Makes an older version the one people get, without deleting any.
    @Sendable func makeCurrent(req: Request) async throws -> Response {
        let context = try Self.requireReader(req)
        let (file, _) = try await Self.file(req, context)
        guard Self.mayChange(createdBy: file.$createdBy.id, context: context) else { throw Abort(.forbidden, reason: "files.error.may_not_change") }
        guard let id = req.parameters.get("version", as: UUID.self),
              try await SharedFileVersion.query(on: req.db).filter(\.$id == id).filter(\.$file.$id == file.requireID()).first() != nil
        else { throw Abort(.notFound) }
        file.currentVersionID = id
        try await file.save(on: req.db)
        return .seeOther("\(Self.base(context))/f/\(try file.requireID())?notice=file_version_current")
    }

    // MARK: - Folders

    struct NameForm: Content { var name: String? }

    /// A folder or file name as people type it: trimmed, no slashes or control characters, at most 200 characters.
    static func checkedName(_ raw: String?, t: Localizer, errors: inout FormErrors) -> String {
        let trimmed = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            errors.add("name", t("files.error.name_required"))
        } else if trimmed.count > 200 {
            errors.add("name", t("files.error.name_too_long"))
        } else if UploadNames.clean(trimmed) != trimmed || trimmed.contains("/") {
            errors.add("name", t("files.error.name_characters"))
        }
        return trimmed
    }

    @Sendable func showNewFolder(req: Request) async throws -> Response {
        let context = try Self.requireWriter(req)
        let parent = try await parentFolder(req, context)
        return newFolderForm(req, context, parent: parent, value: "", errors: FormErrors())
    }

    /// The form for a new folder, fresh or with what was wrong.
    func newFolderForm(_ req: Request, _ context: ModuleContext, parent: SharedFolder?, value: String, errors: FormErrors) -> Response {
        NamePage(
            layout: req.layout(title: req.t("files.folder.new")), chrome: context.chrome("files", t: req.t),
            action: "\(Self.base(context))/folders/new" + (parent.map { "?parent=\($0.id!)" } ?? ""), name: value,
            submit: req.t("files.folder.create"), cancel: Self.place(context, parent?.id), errors: errors
        ).response(status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    /// The form that renames a folder or a file, fresh or with what was wrong.
    func renameForm(_ req: Request, _ context: ModuleContext, title: String, action: String, value: String, cancel: String, errors: FormErrors) -> Response {
        NamePage(
            layout: req.layout(title: req.t("files.rename.title", ["name": title])), chrome: context.chrome("files", t: req.t),
            action: action, name: value, submit: req.t("files.rename.submit"), cancel: cancel, errors: errors
        ).response(status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    /// The form that moves a folder (never into itself or a folder beneath it) or a file.
    func moveForm(
        _ req: Request, _ context: ModuleContext, title: String, action: String, excluding: UUID?, selected: UUID?, cancel: String, errors: FormErrors
    ) async throws -> Response {
        let choices = FileTree.choices(try await FileTree.allFolders(in: Self.groupID(context), on: req.db), excluding: excluding)
        return MovePage(
            layout: req.layout(title: req.t("files.move.title", ["name": title])), chrome: context.chrome("files", t: req.t),
            action: action, choices: choices, selected: selected, cancel: cancel, errors: errors
        ).response(status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    func parentFolder(_ req: Request, _ context: ModuleContext) async throws -> SharedFolder? {
        guard let id = req.query[UUID.self, at: "parent"] else { return nil }
        guard let found = try await FileTree.path(to: id, in: Self.groupID(context), on: req.db), !found.inTrash else { throw Abort(.notFound) }
        return try await SharedFolder.find(id, on: req.db)
    }

    static func place(_ context: ModuleContext, _ folderID: UUID?) -> String {
        folderID.map { "\(base(context))/folders/\($0)" } ?? base(context)
    }

    @Sendable func createFolder(req: Request) async throws -> Response {
        let context = try Self.requireWriter(req)
        let parent = try await parentFolder(req, context)
        let groupID = try Self.groupID(context)
        var errors = FormErrors()
        let form = try req.content.decode(NameForm.self)
        let name = Self.checkedName(form.name, t: req.t, errors: &errors)
        let folder = SharedFolder()
        if errors.isEmpty {
            let viewerID = req.viewer?.id
            let clash = try await req.db.transaction { db -> Bool in
                try await db.lockRow(Group.schema, id: groupID)
                if try await FileTree.takenNames(in: groupID, folder: parent?.id, folders: true, on: db).contains(name.lowercased()) { return true }
                folder.id = UUID()
                folder.$group.id = groupID
                folder.$parent.id = parent?.id
                folder.name = name
                folder.nameKey = name.lowercased()
                folder.$createdBy.id = viewerID
                try await folder.create(on: db)
                return false
            }
            if clash { errors.add("name", req.t("files.error.folder_exists")) }
        }
        guard errors.isEmpty else {
            return newFolderForm(req, context, parent: parent, value: form.name ?? "", errors: errors)
        }
        return .seeOther("\(Self.base(context))/folders/\(try folder.requireID())?notice=folder_created")
    }

    func requireChange(_ createdBy: UUID?, _ context: ModuleContext) throws {
        guard Self.mayChange(createdBy: createdBy, context: context) else { throw Abort(.forbidden, reason: "files.error.may_not_change") }
    }

    @Sendable func showRenameFolder(req: Request) async throws -> Response {
        let context = try Self.requireReader(req)
        let (folder, _) = try await Self.folder(req, context)
        try requireChange(folder.$createdBy.id, context)
        return renameForm(req, context, title: folder.name, action: "\(Self.base(context))/folders/\(folder.id!)/rename", value: folder.name, cancel: Self.place(context, folder.id), errors: FormErrors())
    }

    @Sendable func renameFolder(req: Request) async throws -> Response {
        let context = try Self.requireReader(req)
        let (folder, _) = try await Self.folder(req, context)
        try requireChange(folder.$createdBy.id, context)
        var errors = FormErrors()
        let form = try req.content.decode(NameForm.self)
        let name = Self.checkedName(form.name, t: req.t, errors: &errors)
        if errors.isEmpty {
            let clash = try await req.db.transaction { db -> Bool in
                try await db.lockRow(Group.schema, id: Self.groupID(context))
                var taken = try await FileTree.takenNames(in: Self.groupID(context), folder: folder.$parent.id, folders: true, on: db)
                taken.remove(folder.nameKey)
                if taken.contains(name.lowercased()) { return true }
                folder.name = name
                folder.nameKey = name.lowercased()
                try await folder.save(on: db)
                return false
            }
            if clash { errors.add("name", req.t("files.error.folder_exists")) }
        }
        guard errors.isEmpty else {
            return renameForm(req, context, title: folder.name, action: "\(Self.base(context))/folders/\(folder.id!)/rename", value: form.name ?? "", cancel: Self.place(context, folder.id), errors: errors)
        }
        return .seeOther("\(Self.place(context, folder.id))?notice=folder_renamed")
    }

    struct MoveForm: Content { var target: String? }

    @Sendable func showMoveFolder(req: Request) async throws -> Response {
        let context = try Self.requireReader(req)
        let (folder, _) = try await Self.folder(req, context)
        try requireChange(folder.$createdBy.id, context)
        return try await moveForm(req, context, title: folder.name, action: "\(Self.base(context))/folders/\(folder.id!)/move", excluding: folder.id, selected: folder.$parent.id, cancel: Self.place(context, folder.id), errors: FormErrors())
    }

    /// The folder a move form names: "" for the top, or one of the group's folders not in the trash.
    func target(_ form: MoveForm, _ req: Request, _ context: ModuleContext, excluding: UUID?) async throws -> UUID?? {
        let raw = form.target ?? ""
        if raw.isEmpty { return .some(nil) }
        guard let id = UUID(uuidString: raw) else { return nil }
        let choices = FileTree.choices(try await FileTree.allFolders(in: Self.groupID(context), on: req.db), excluding: excluding)
        return choices.contains { $0.id == id } ? .some(id) : nil
    }

    @Sendable func moveFolder(req: Request) async throws -> Response {
        let context = try Self.requireReader(req)
        let (folder, _) = try await Self.folder(req, context)
        try requireChange(folder.$createdBy.id, context)
        let form = try req.content.decode(MoveForm.self)
        var errors = FormErrors()
        if let target = try await target(form, req, context, excluding: folder.id) {
            let clash = try await req.db.transaction { db -> Bool in
                try await db.lockRow(Group.schema, id: Self.groupID(context))
                if try await FileTree.takenNames(in: Self.groupID(context), folder: target, folders: true, on: db).contains(folder.nameKey), target != folder.$parent.id {
                    return true
                }
                folder.$parent.id = target
                try await folder.save(on: db)
                return false
            }
            if clash { errors.add("target", req.t("files.error.folder_exists_there")) }
        } else {
            errors.add("target", req.t("files.error.target"))
        }
        guard errors.isEmpty else {
            return try await moveForm(req, context, title: folder.name, action: "\(Self.base(context))/folders/\(folder.id!)/move", excluding: folder.id, selected: folder.$parent.id, cancel: Self.place(context, folder.id), errors: errors)
        }
        return .seeOther("\(Self.place(context, folder.id))?notice=folder_moved")
    }

    @Sendable func showDeleteFolder(req: Request) async throws -> Response {
        let context = try Self.requireReader(req)
        let (folder, _) = try await Self.folder(req, context)
        try requireChange(folder.$createdBy.id, context)
        return ModuleConfirmPage(
            layout: req.layout(title: req.t("files.folder.delete.title", ["name": folder.name])), chrome: context.chrome("files", t: req.t),
            lead: req.t("files.folder.delete.lead"), action: "\(Self.base(context))/folders/\(folder.id!)/delete",
            submit: req.t("files.delete.submit"), cancel: Self.place(context, folder.id)
        ).response()
    }

    /// Moves the folder, with everything in it, to the trash.
    @Sendable func deleteFolder(req: Request) async throws -> Response {
        let context = try Self.requireReader(req)
        let (folder, _) = try await Self.folder(req, context)
        try requireChange(folder.$createdBy.id, context)
        try await Self.putInTrash(folder, by: req.viewer?.id, on: req.db)
        return .seeOther("\(Self.place(context, folder.$parent.id))?notice=folder_trashed")
    }

    // MARK: - Files

    @Sendable func showRenameFile(req: Request) async throws -> Response {
        let context = try Self.requireReader(req)
        let (file, _) = try await Self.file(req, context)
        try requireChange(file.$createdBy.id, context)
        return renameForm(req, context, title: file.name, action: "\(Self.base(context))/f/\(file.id!)/rename", value: file.name, cancel: "\(Self.base(context))/f/\(file.id!)", errors: FormErrors())
    }

    @Sendable func renameFile(req: Request) async throws -> Response {
        let context = try Self.requireReader(req)
        let (file, _) = try await Self.file(req, context)
        try requireChange(file.$createdBy.id, context)
        var errors = FormErrors()
        let form = try req.content.decode(NameForm.self)
        let name = Self.checkedName(form.name, t: req.t, errors: &errors)
        if errors.isEmpty {
            let clash = try await req.db.transaction { db -> Bool in
                try await db.lockRow(Group.schema, id: Self.groupID(context))
                var taken = try await FileTree.takenNames(in: Self.groupID(context), folder: file.$folder.id, folders: false, on: db)
                taken.remove(file.nameKey)
                if taken.contains(name.lowercased()) {
                    return true
                }
                file.name = name
                file.nameKey = name.lowercased()
                try await file.save(on: db)
                return false
            }
            if clash { errors.add("name", req.t("files.error.file_exists")) }
        }
        guard errors.isEmpty else {
            return renameForm(req, context, title: file.name, action: "\(Self.base(context))/f/\(file.id!)/rename", value: form.name ?? "", cancel: "\(Self.base(context))/f/\(file.id!)", errors: errors)
        }
        return .seeOther("\(Self.base(context))/f/\(try file.requireID())?notice=file_renamed")
    }

    @Sendable func showMoveFile(req: Request) async throws -> Response {
        let context = try Self.requireReader(req)
        let (file, _) = try await Self.file(req, context)
        try requireChange(file.$createdBy.id, context)
        return try await moveForm(req, context, title: file.name, action: "\(Self.base(context))/f/\(file.id!)/move", excluding: nil, selected: file.$folder.id, cancel: "\(Self.base(context))/f/\(file.id!)", errors: FormErrors())
    }

    /// Moves a file to another folder; a name taken there gets a number.
    @Sendable func moveFile(req: Request) async throws -> Response {
        let context = try Self.requireReader(req)
        let (file, _) = try await Self.file(req, context)
        try requireChange(file.$createdBy.id, context)
        let form = try req.content.decode(MoveForm.self)
        guard let target = try await target(form, req, context, excluding: nil) else {
            var errors = FormErrors()
            errors.add("target", req.t("files.error.target"))
            return try await moveForm(req, context, title: file.name, action: "\(Self.base(context))/f/\(file.id!)/move", excluding: nil, selected: file.$folder.id, cancel: "\(Self.base(context))/f/\(file.id!)", errors: errors)
        }
        if target != file.$folder.id {
            try await req.db.transaction { db in
                try await db.lockRow(Group.schema, id: Self.groupID(context))
                let name = FileTree.unique(file.name, taken: try await FileTree.takenNames(in: Self.groupID(context), folder: target, folders: false, on: db))
                file.$folder.id = target
                file.name = name
                file.nameKey = name.lowercased()
                try await file.save(on: db)
            }
        }
        return .seeOther("\(Self.base(context))/f/\(try file.requireID())?notice=file_moved")
    }

    @Sendable func showDeleteFile(req: Request) async throws -> Response {
        let context = try Self.requireReader(req)
        let (file, _) = try await Self.file(req, context)
        try requireChange(file.$createdBy.id, context)
        return ModuleConfirmPage(
            layout: req.layout(title: req.t("files.file.delete.title", ["name": file.name])), chrome: context.chrome("files", t: req.t),
            lead: req.t("files.file.delete.lead"), action: "\(Self.base(context))/f/\(file.id!)/delete",
            submit: req.t("files.delete.submit"), cancel: "\(Self.base(context))/f/\(file.id!)"
        ).response()
    }

    @Sendable func deleteFile(req: Request) async throws -> Response {
        let context = try Self.requireReader(req)
        let (file, _) = try await Self.file(req, context)
        try requireChange(file.$createdBy.id, context)
        try await Self.putInTrash(file, by: req.viewer?.id, on: req.db)
        return .seeOther("\(Self.place(context, file.$folder.id))?notice=file_trashed")
    }

    // MARK: - The trash

    @Sendable func trash(req: Request) async throws -> Response {
        let context = try Self.requireAdmin(req)
        let groupID = try Self.groupID(context)
        async let folders = FileTree.folders(in: groupID, parent: nil, deleted: true, on: req.db)
        async let files = FileTree.files(in: groupID, folder: nil, deleted: true, on: req.db)
        return TrashPage(
            layout: req.layout(title: req.t("files.trash.title")), chrome: context.chrome("files", t: req.t),
            folders: try await folders.map { ($0.id, $0.name, $0.deleted_at ?? Date()) },
            files: try await files.map { ($0.id, $0.name, Int($0.size ?? 0), $0.deleted_at ?? Date()) }
        ).response()
    }

    /// Brings a folder or file back where it was (to the top when that place is gone), with a number
    /// added to its name when the name has been taken meanwhile.
    @Sendable func restore(req: Request) async throws -> Response {
        let context = try Self.requireAdmin(req)
        let groupID = try Self.groupID(context)
        guard let id = req.parameters.get("item", as: UUID.self) else { throw Abort(.notFound) }
        switch req.parameters.get("kind") {
        case "folder": try await Self.restore(SharedFolder.self, id, in: groupID, on: req.db)
        case "file": try await Self.restore(SharedFile.self, id, in: groupID, on: req.db)
        default: throw Abort(.notFound)
        }
        return .seeOther("\(Self.base(context))/trash?notice=trash_restored")
    }

    /// Moves a folder (with everything in it) or a file to the trash.
    static func putInTrash(_ item: some FileTreeItem, by viewerID: UUID?, on db: any Database) async throws {
        item.deletedAt = Date()
        item.deletedByID = viewerID
        try await item.save(on: db)
    }

    /// Brings a folder or file of the group back from the trash; 404 for one that is not there.
    static func restore<Item: FileTreeItem>(_ kind: Item.Type, _ id: UUID, in groupID: UUID, on db: any Database) async throws {
        guard let item = try await Item.find(id, on: db), item.groupID == groupID, item.deletedAt != nil else { throw Abort(.notFound) }
        try await db.transaction { db in
            try await db.lockRow(Group.schema, id: groupID)
            if let place = item.placeID, try await FileTree.path(to: place, in: groupID, on: db)?.inTrash != false { item.placeID = nil }
            let name = FileTree.unique(item.name, taken: try await FileTree.takenNames(in: groupID, folder: item.placeID, folders: Item.isFolder, on: db))
            item.name = name
            item.nameKey = name.lowercased()
            item.deletedAt = nil
            item.deletedByID = nil
            try await item.save(on: db)
        }
    }

    @Sendable func showEmptyTrash(req: Request) async throws -> Response {
        let context = try Self.requireAdmin(req)
        return ModuleConfirmPage(
            layout: req.layout(title: req.t("files.trash.empty.title")), chrome: context.chrome("files", t: req.t),
            lead: req.t("files.trash.empty.lead"), action: "\(Self.base(context))/trash/empty",
            submit: req.t("files.trash.empty.submit"), cancel: "\(Self.base(context))/trash"
        ).response()
    }

    @Sendable func emptyTrash(req: Request) async throws -> Response {
        let context = try Self.requireAdmin(req)
        try await FilesTrash.purge(group: Self.groupID(context), deletedBefore: nil, app: req.application, on: req.db)
        return .seeOther("\(Self.base(context))/trash?notice=trash_emptied")
    }
}

/// Deleting for good what has been in the trash: the rows, then the uploads and their bytes.
enum FilesTrash {
    static let jobKind = "files.trash"
    /// How long deleted folders and files wait in the trash.
    static let keptFor: TimeInterval = 30 * 24 * 3600

    /// Deletes what was put in the trash before the time (everything in it, with nil), in one group or all.
    static func purge(group groupID: UUID?, deletedBefore: Date?, app: Application, on db: any Database) async throws {
        var folders = SharedFolder.query(on: db).filter(\.$deletedAt != nil)
        var files = SharedFile.query(on: db).filter(\.$deletedAt != nil)
        if let groupID {
            folders = folders.filter(\.$group.$id == groupID)
            files = files.filter(\.$group.$id == groupID)
        }
        if let deletedBefore {
            folders = folders.filter(\.$deletedAt < deletedBefore)
            files = files.filter(\.$deletedAt < deletedBefore)
        }
        let folderIDs = try await folders.all().compactMap(\.id)
        let fileIDs = try await files.all().compactMap(\.id)
        guard !folderIDs.isEmpty || !fileIDs.isEmpty else { return }
        let uploads = try await FileTree.uploads(beneath: folderIDs, on: db) + FileTree.uploads(of: fileIDs, on: db)
        try await db.transaction { db in
            if !fileIDs.isEmpty { try await SharedFile.query(on: db).filter(\.$id ~~ fileIDs).delete() }
            if !folderIDs.isEmpty { try await SharedFolder.query(on: db).filter(\.$id ~~ folderIDs).delete() }
        }
        try await Uploads.delete(uploads, on: app, db: db)
    }

    static func register(on app: Application) {
        app.jobQueue.register(jobKind) { _, app in
            try await purge(group: nil, deletedBefore: Date().addingTimeInterval(-keptFor), app: app, on: app.db)
        }
        app.jobQueue.schedule(Schedule(name: jobKind, period: 3600, jobKind: jobKind))
    }
}
