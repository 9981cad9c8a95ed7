import Fluent
import IGroupsCore
import SQLKit
import Vapor

extension PhotosController {
    // MARK: - Reading

    /// The group's albums, newest first, each with its cover.
    @Sendable func albums(req: Request) async throws -> Response {
        let context = req.moduleContext
        let groupID = try Self.groupID(req)
        let total = try await PhotoAlbum.count(groupID: groupID, on: req.db)
        let pagination = Pagination(page: Pagination.requestedPage(req), perPage: Self.albumsPerPage, total: total)
        let rows = try await PhotoAlbum.page(groupID: groupID, offset: pagination.offset, limit: Self.albumsPerPage, on: req.db)
        let paths = Self.paths(req)
        let albums = rows.map { row in
            AlbumList.Album(
                id: row.id, title: row.title, photos: row.photo_count,
                cover: row.cover_id.flatMap { id in row.cover_blob.map { PhotoThumb(url: paths.thumb(id, blob: $0), width: row.cover_width, height: row.cover_height) } })
        }
        return AlbumList(
            layout: req.layout(title: req.t("photos.name")), chrome: context.chrome("photos", t: req.t), paths: paths,
            albums: albums, pagination: pagination, mayCreate: Self.mayUpload(context)
        ).response()
    }

    /// An album's grid, one page at a time; the viewer's photos still being processed show as such.
    @Sendable func album(req: Request) async throws -> Response {
        let context = req.moduleContext
        guard let id = req.parameters.get("album", as: UUID.self), let row = try await PhotoAlbum.row(id, groupID: try Self.groupID(req), on: req.db) else {
            throw Abort(.notFound)
        }
        let viewerID = context.group.viewer?.id
        let total = try await Photo.gridCount(albumID: id, viewerID: viewerID, on: req.db)
        let pagination = Pagination(page: Pagination.requestedPage(req), perPage: Self.photosPerPage, total: total)
        let rows = try await Photo.grid(albumID: id, viewerID: viewerID, offset: pagination.offset, limit: Self.photosPerPage, on: req.db)
        let paths = Self.paths(req)
        let tiles = rows.map { row in
            AlbumShow.Tile(
                id: row.id, ready: row.status == Photo.Status.ready.rawValue, caption: row.caption, name: row.name,
                thumb: row.thumb_blob.map { PhotoThumb(url: paths.thumb(row.id, blob: $0), width: row.thumb_width, height: row.thumb_height) },
                displayURL: row.display_blob.map { paths.display(row.id, blob: $0) })
        }
        let failures = try await Self.takeFailures(req, albumPath: paths.album(id))
        let model = AlbumShow(
            layout: req.layout(title: row.title), chrome: context.chrome("photos", t: req.t), paths: paths,
            album: AlbumShow.Album(id: id, title: row.title, description: row.description, creator: context.group.isMember || context.group.isOperator ? row.creator_name : nil),
            tiles: tiles, pagination: pagination, failures: failures,
            mayUpload: Self.mayUpload(context), mayChange: Self.mayChangeAlbum(creatorID: row.creator_id, context)
        )
        return model.response()
    }

    /// The viewer's notices of photos in this album that could not be processed, shown once here and marked read.
    static func takeFailures(_ req: Request, albumPath: String) async throws -> [String] {
        guard let viewer = req.moduleContext.group.viewer, viewer.unreadNotices > 0, let viewerID = viewer.id else { return [] }
        let notices = try await Notice.query(on: req.db).filter(\.$user.$id == viewerID).filter(\.$url == albumPath)
            .filter(\.$kind ~~ PhotoProcessing.noticeKinds).filter(\.$readAt == nil).sort(\.$createdAt).all()
        guard !notices.isEmpty else { return [] }
        let ids = try notices.map { try $0.requireID() }
        try await req.db.transaction { db in
            // The person's row first, as sending a notice writes it first.
            try await db.sql.raw("""
                UPDATE users SET unread_notices = CASE WHEN unread_notices > \(bind: ids.count) THEN unread_notices - \(bind: ids.count) ELSE 0 END
                WHERE id = \(bind: viewerID)
                """).run()
            try await db.sql.raw("UPDATE notices SET read_at = \(bind: Date()) WHERE id IN (\(binds: ids))").run()
        }
        viewer.unreadNotices = max(0, viewer.unreadNotices - ids.count)
        return notices.map { req.t("notices.kind." + $0.kind, ["subject": $0.subject]) }
    }

    /// How far the viewer's photos being processed have come, for the album page's script: each id asked
    /// for is `ready`, `processing`, or `gone` (not taken, or not the viewer's).
    @Sendable func status(req: Request) async throws -> Response {
        let album = try await Self.album(req)
        let asked = (req.query[String.self, at: "ids"] ?? "").split(separator: ",").prefix(Self.photosPerPage).compactMap { UUID(uuidString: String($0)) }
        var found: [UUID: String] = [:]
        if let viewerID = req.moduleContext.group.viewer?.id, !asked.isEmpty {
            struct Row: Decodable { let id: UUID; let status: String }
            let rows = try await req.db.sql.raw("""
                SELECT id, status FROM photos WHERE album_id = \(bind: try album.requireID()) AND uploader_id = \(bind: viewerID) AND id IN (\(binds: asked))
                """).all(decoding: Row.self)
            found = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0.status) })
        }
        struct Item: Encodable { let id: String; let status: String }
        struct Answer: Encodable { let photos: [Item] }
        let answer = Answer(photos: asked.map { Item(id: $0.uuidString, status: found[$0] ?? "gone") })
        let response = Response(status: .ok, body: .init(data: try JSONEncoder().encode(answer)))
        response.headers.contentType = .json
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    // MARK: - Making and changing albums

    func albumFormPage(_ req: Request, form: AlbumForm, action: String, title: String, submit: String, cancel: String, errors: FormErrors, status: HTTPResponseStatus = .ok) -> Response {
        AlbumEdit(
            layout: req.layout(title: title), chrome: req.moduleContext.chrome("photos", t: req.t), form: form,
            action: action, submit: submit, cancel: cancel, errors: errors
        ).response(status: status)
    }

    @Sendable func showNewAlbum(req: Request) async throws -> Response {
        _ = try Self.requireUploader(req)
        let paths = Self.paths(req)
        return albumFormPage(req, form: AlbumForm(token: UUID().uuidString), action: paths.newAlbum, title: req.t("photos.new_album"), submit: req.t("photos.create_album"), cancel: paths.list, errors: FormErrors())
    }

    /// Makes an album and goes on to upload to it; the same form sent twice makes one album.
    @Sendable func createAlbum(req: Request) async throws -> Response {
        let context = try Self.requireUploader(req)
        let groupID = try Self.groupID(req)
        let viewerID = try context.group.viewer!.requireID()
        let form = try req.content.decode(AlbumForm.self)
        let paths = Self.paths(req)
        let (title, description, errors) = form.validate(t: req.t)
        guard errors.isEmpty else {
            return albumFormPage(req, form: form, action: paths.newAlbum, title: req.t("photos.new_album"), submit: req.t("photos.create_album"), cancel: paths.list, errors: errors, status: .unprocessableEntity)
        }
        let token = form.token.flatMap(UUID.init(uuidString:))
        if let token, let sent = try await PhotoAlbum.find(token, on: req.db) {
            guard sent.$group.id == groupID, sent.$creator.id == viewerID else { throw Abort(.conflict) }
            return .seeOther(paths.upload(token))
        }
        let since = Date().addingTimeInterval(-Self.doubleSubmitWindow)
        if let twin = try await PhotoAlbum.query(on: req.db).filter(\.$group.$id == groupID).filter(\.$creator.$id == viewerID)
            .filter(\.$title == title).filter(\.$createdAt > since).first() {
            return .seeOther(paths.upload(try twin.requireID()))
        }
        let album = PhotoAlbum()
        album.id = token ?? UUID()
        album.$group.id = groupID
        album.$creator.id = viewerID
        album.title = title
        album.description = description
        do {
            try await req.db.transaction { db in
                try await album.create(on: db)
                try await SearchIndex.put(album.searchDocument(), on: db)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // The twin request won the race: its album is this one.
            return .seeOther(paths.upload(try album.requireID()))
        }
        return .seeOther(paths.upload(try album.requireID()) + "?notice=photos_album_created")
    }

    @Sendable func showEditAlbum(req: Request) async throws -> Response {
        let album = try await Self.album(req)
        try Self.requireAlbumChanger(req, album)
        let paths = Self.paths(req)
        let id = try album.requireID()
        return albumFormPage(
            req, form: AlbumForm(title: album.title, description: album.description), action: paths.editAlbum(id),
            title: req.t("photos.edit_album"), submit: req.t("photos.save"), cancel: paths.album(id), errors: FormErrors())
    }

    @Sendable func updateAlbum(req: Request) async throws -> Response {
        let album = try await Self.album(req)
        try Self.requireAlbumChanger(req, album)
        let paths = Self.paths(req)
        let id = try album.requireID()
        let form = try req.content.decode(AlbumForm.self)
        let (title, description, errors) = form.validate(t: req.t)
        guard errors.isEmpty else {
            return albumFormPage(
                req, form: form, action: paths.editAlbum(id), title: req.t("photos.edit_album"), submit: req.t("photos.save"),
                cancel: paths.album(id), errors: errors, status: .unprocessableEntity)
        }
        album.title = title
        album.description = description
        try await req.db.transaction { db in
            try await album.save(on: db)
            try await SearchIndex.put(album.searchDocument(), on: db)
        }
        return .seeOther(paths.album(id) + "?notice=photos_album_saved")
    }

    @Sendable func showDeleteAlbum(req: Request) async throws -> Response {
        let album = try await Self.album(req)
        try Self.requireAlbumChanger(req, album)
        let paths = Self.paths(req)
        let id = try album.requireID()
        let count = try await Photo.query(on: req.db).filter(\.$album.$id == id).count()
        return ModuleConfirmPage(
            layout: req.layout(title: req.t("photos.delete_album.title", ["title": album.title])), chrome: req.moduleContext.chrome("photos", t: req.t),
            lead: req.t.plural("photos.delete_album.lead", count), action: paths.deleteAlbum(id), submit: req.t("photos.delete_album"), cancel: paths.album(id)
        ).response()
    }

    /// Deletes an album with its photos, their comments and likes, and their files.
    @Sendable func deleteAlbum(req: Request) async throws -> Response {
        let album = try await Self.album(req)
        try Self.requireAlbumChanger(req, album)
        let id = try album.requireID()
        let photos = try await Photo.query(on: req.db).filter(\.$album.$id == id).all()
        try await req.db.transaction { db in
            try await SearchIndex.remove(module: "photos", item: id, on: db)
            try await album.delete(on: db)
        }
        try await Uploads.delete(photos.filter { $0.status == .ready }.map { $0.$upload.id }, on: req.application, db: req.db)
        // Pictures still as received, with their metadata, go at once with their bytes.
        try await Uploads.purge(photos.filter { $0.status == .processing }.map { $0.$upload.id }, on: req.application, db: req.db)
        return .seeOther(Self.paths(req).list + "?notice=photos_album_deleted")
    }
}
