import Fluent
import IGroupsCore
import SQLKit
import Vapor

extension PhotosController {
    /// Moves photos to the end of another album, in their order; an album whose cover leaves falls back to its first photo.
    static func move(_ ids: [UUID], to target: PhotoAlbum, on db: any Database) async throws {
        let targetID = try target.requireID()
        try await db.transaction { db in
            try await db.lockRow(PhotoAlbum.schema, id: targetID)
            let photos = try await Photo.query(on: db).filter(\.$id ~~ ids).filter(\.$group.$id == target.$group.id)
                .filter(\.$album.$id != targetID).sort(\.$album.$id).sort(\.$position).all()
            var position = try await nextPosition(in: targetID, on: db)
            for photo in photos {
                let photoID = try photo.requireID()
                try await db.sql.update(PhotoAlbum.schema).set("cover_photo_id", to: SQLLiteral.null)
                    .where("id", .equal, SQLBind(photo.$album.id)).where("cover_photo_id", .equal, SQLBind(photoID)).run()
                photo.$album.id = targetID
                photo.position = position
                position += 1
                try await photo.save(on: db)
                if let document = try photo.searchDocument() { try await SearchIndex.put(document, on: db) }
            }
            try await db.sql.update(PhotoAlbum.schema).set("updated_at", to: SQLBind(Date())).where("id", .equal, SQLBind(targetID)).run()
        }
    }

    struct PositionForm: Content {
        /// `up`, `down`, or empty with `position`.
        var direction: String?
        /// The place to move to, counted from 1.
        var position: String?
        /// `arrange` to go back to the arranging page (with `page`), otherwise the photo.
        var back: String?
        var page: String?
    }

    /// Moves a photo one place earlier or later, or to a numbered place; for the album's creator and admins.
    @Sendable func position(req: Request) async throws -> Response {
        _ = try req.requireViewer()
        let photo = try await Self.photo(req)
        guard photo.status == .ready, let album = try await PhotoAlbum.find(photo.$album.id, on: req.db) else { throw Abort(.notFound) }
        try Self.requireAlbumChanger(req, album)
        let form = try req.content.decode(PositionForm.self)
        let albumID = try album.requireID()
        let photoID = try photo.requireID()
        let wanted: PhotoPlace
        switch form.direction {
        case "up": wanted = .earlier
        case "down": wanted = .later
        default:
            guard let number = Int((form.position ?? "").trimmingCharacters(in: .whitespaces)), number >= 1 else {
                throw Abort(.unprocessableEntity, reason: "photos.error.position")
            }
            wanted = .number(number)
        }
        try await req.db.transaction { db in
            try await db.lockRow(PhotoAlbum.schema, id: albumID)
            guard let current = try await Photo.find(photoID, on: db), current.$album.id == albumID else { return }
            try await Photo.place(current, at: wanted, on: db)
        }
        let paths = Self.paths(req)
        if form.back == "arrange" {
            let page = Int(form.page ?? "") ?? 1
            return .seeOther(paths.arrange(albumID) + (page > 1 ? "?page=\(page)" : "") + "#photo-\(photoID.uuidString)")
        }
        return .seeOther(paths.photo(photoID) + "?notice=photos_moved")
    }

    /// Makes a photo its album's cover; for the album's creator and admins.
    @Sendable func cover(req: Request) async throws -> Response {
        _ = try req.requireViewer()
        let photo = try await Self.photo(req)
        guard photo.status == .ready, let album = try await PhotoAlbum.find(photo.$album.id, on: req.db) else { throw Abort(.notFound) }
        try Self.requireAlbumChanger(req, album)
        album.coverPhotoID = try photo.requireID()
        try await album.save(on: req.db)
        return .seeOther(Self.paths(req).photo(try photo.requireID()) + "?notice=photos_cover_set")
    }

    @Sendable func showArrange(req: Request) async throws -> Response {
        let album = try await Self.album(req)
        try Self.requireAlbumChanger(req, album)
        let albumID = try album.requireID()
        let total = try await Photo.gridCount(albumID: albumID, viewerID: nil, on: req.db)
        let pagination = Pagination(page: Pagination.requestedPage(req), perPage: Self.photosPerPage, total: total)
        let rows = try await Photo.grid(albumID: albumID, viewerID: nil, offset: pagination.offset, limit: Self.photosPerPage, on: req.db)
        let albums = try await PhotoAlbum.choices(groupID: Self.groupID(req), on: req.db).filter { $0.id != albumID }
        let paths = Self.paths(req)
        return AlbumArrange(
            layout: req.layout(title: req.t("photos.arrange.title", ["title": album.title])), chrome: req.moduleContext.chrome("photos", t: req.t),
            paths: paths, albumID: albumID, pagination: pagination,
            photos: rows.enumerated().map { index, row in
                AlbumArrange.Item(
                    id: row.id, number: pagination.offset + index + 1, name: row.name, caption: row.caption,
                    thumb: row.thumb_blob.map { PhotoThumb(url: paths.thumb(row.id, blob: $0), width: row.thumb_width, height: row.thumb_height) })
            },
            albums: albums
        ).response()
    }

    struct ArrangeForm: Content {
        var selected: [String]?
        var target: String?
        var page: String?
    }

    /// Moves the chosen photos to the end of another album of the group.
    @Sendable func arrange(req: Request) async throws -> Response {
        let album = try await Self.album(req)
        try Self.requireAlbumChanger(req, album)
        let albumID = try album.requireID()
        let form = try req.content.decode(ArrangeForm.self)
        let ids = (form.selected ?? []).compactMap(UUID.init(uuidString:))
        guard !ids.isEmpty else { throw Abort(.unprocessableEntity, reason: "photos.error.choose_photos") }
        guard let targetID = form.target.flatMap(UUID.init(uuidString:)), targetID != albumID,
              let target = try await PhotoAlbum.query(on: req.db).filter(\.$id == targetID).filter(\.$group.$id == Self.groupID(req)).first()
        else { throw Abort(.unprocessableEntity, reason: "photos.error.album_gone") }
        let inAlbum = try await Photo.query(on: req.db).filter(\.$id ~~ ids).filter(\.$album.$id == albumID).filter(\.$status == .ready).all().compactMap(\.id)
        try await Self.move(inAlbum, to: target, on: req.db)
        let page = Int(form.page ?? "") ?? 1
        return .seeOther(Self.paths(req).arrange(albumID) + "?notice=photos_moved" + (page > 1 ? "&page=\(page)" : ""))
    }
}

/// Where a photo is to go in its album.
enum PhotoPlace: Sendable {
    case earlier, later
    /// The place counted from 1 among the album's photos.
    case number(Int)
}

extension Photo {
    /// Moves a photo within its album by shifting those between its old and new place by one, so places
    /// stay unique; call it in a transaction holding the album's row lock.
    static func place(_ photo: Photo, at wanted: PhotoPlace, on db: any Database) async throws {
        struct Row: Decodable { let position: Int }
        let albumID = photo.$album.id
        let from = photo.position
        let photoID = try photo.requireID()
        let target: Row?
        switch wanted {
        case .earlier:
            target = try await db.sql.raw("""
                SELECT position FROM photos WHERE album_id = \(bind: albumID) AND status = 'ready' AND position < \(bind: from)
                ORDER BY position DESC LIMIT 1
                """).first(decoding: Row.self)
        case .later:
            target = try await db.sql.raw("""
                SELECT position FROM photos WHERE album_id = \(bind: albumID) AND status = 'ready' AND position > \(bind: from)
                ORDER BY position LIMIT 1
                """).first(decoding: Row.self)
        case .number(let number):
            let numbered = try await db.sql.raw("""
                SELECT position FROM photos WHERE album_id = \(bind: albumID) AND status = 'ready'
                ORDER BY position, id LIMIT 1 OFFSET \(bind: number - 1)
                """).first(decoding: Row.self)
            // Past the end is the end.
            let last = numbered == nil ? try await db.sql.raw("""
                SELECT MAX(position) AS position FROM photos WHERE album_id = \(bind: albumID) AND status = 'ready'
                """).first(decoding: Row.self) : nil
            target = numbered ?? last
        }
        guard let to = target?.position, to != from else { return }
        if to < from {
            try await db.sql.raw("""
                UPDATE photos SET position = position + 1 WHERE album_id = \(bind: albumID) AND position >= \(bind: to) AND position < \(bind: from)
                """).run()
        } else {
            try await db.sql.raw("""
                UPDATE photos SET position = position - 1 WHERE album_id = \(bind: albumID) AND position > \(bind: from) AND position <= \(bind: to)
                """).run()
        }
        try await db.sql.raw("UPDATE photos SET position = \(bind: to) WHERE id = \(bind: photoID)").run()
    }
}
