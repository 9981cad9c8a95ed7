import Fluent
import IGroupsCore
import SQLKit
import Vapor

/// Photo albums ("Fotoalbum"): albums with a cover, photos uploaded several at a time, processed by a job
/// into an upright original without any metadata (no location, no camera), a display size and a
/// thumbnail; captions, who took a photo and when, comments, likes, a lightbox with a slideshow, and
/// downloads of one photo or a whole album as a ZIP.
package struct PhotosModule: GroupModule {
    package init() {}

    package let id = "photos"
    package let nameKey = "photos.name"
    package var migrations: [any Migration] { [CreatePhotos(), UpdatePhotosIndexAlbumOrder()] }
    /// Members make albums and upload unless the group says otherwise.
    package var membersWriteByDefault: Bool { true }

    package var personalData: [PersonalData] {
        [
            // An album holds others' photos: it stays with the group, without the person who made it.
            PersonalData(
                table: PhotoAlbum.schema, userColumn: "creator_id", purpose: "Shows who made a photo album, and lets them change it.",
                legalBasis: .contract, retention: "While the group keeps the album.", erasure: .tombstone(clearing: [])),
            // The pictures themselves are uploads (Core's `uploads`): erasure deletes them and their stored bytes.
            PersonalData(
                table: Photo.schema, userColumn: "uploader_id", purpose: "Photos the person uploaded to a group, with caption, who took them and when.",
                legalBasis: .contract, retention: "Until the person, a moderator or an admin deletes the photo or its album, or the group is deleted.",
                erasure: .delete),
            PersonalData(
                table: PhotoComment.schema, userColumn: "author_id", purpose: "Comments the person wrote on photos.",
                legalBasis: .contract, retention: "Until the comment, its photo or the album is deleted.", erasure: .delete, omit: ["body_html"]),
            PersonalData(
                table: PhotoLike.schema, userColumn: "user_id", purpose: "The photos the person liked; the group's members see who liked.",
                legalBasis: .contract, retention: "Until the like is taken back or the photo deleted.", erasure: .delete),
        ]
    }

    package func routes(_ routes: any RoutesBuilder) throws {
        try routes.register(collection: PhotosController())
    }

    package func register(on app: Application) {
        PhotoProcessing.register(on: app)
    }

    /// The albums that got photos last.
    package func latest(in context: GroupContext, limit: Int, on db: any Database) async throws -> [ModuleItem] {
        struct Row: Decodable {
            let id: UUID
            let title: String
            let updated_at: Date?
        }
        let rows = try await db.sql.select().columns("id", "title", "updated_at").from(PhotoAlbum.schema)
            .where("group_id", .equal, SQLBind(try context.group.requireID()))
            .orderBy(SQLOrderBy(expression: SQLIdentifier("updated_at"), direction: SQLDirection.descending)).limit(limit)
            .all(decoding: Row.self)
        let paths = PhotoPaths(slug: context.group.slug)
        return rows.map { ModuleItem(title: $0.title, url: paths.album($0.id), date: $0.updated_at ?? Date()) }
    }

    /// The person's photos as stored (upright, without metadata), in a folder per album.
    package func personalFiles(of userID: UUID, on db: any Database) async throws -> [(key: String, path: String)] {
        let rows = try await Photo.personalFiles(of: userID, on: db)
        let folders = Dictionary(grouping: rows.indices) { ZipStream.uniqueNames([rows[$0].album_title])[0] }
        var files: [(key: String, path: String)] = []
        for (folder, indices) in folders.sorted(by: { $0.key < $1.key }) {
            let names = ZipStream.uniqueNames(indices.map { Photo.downloadName(rows[$0].name, type: FileType(mediaType: rows[$0].media_type)) })
            for (index, name) in zip(indices, names) { files.append((Upload.key(ofBlob: rows[index].blob), "photos/\(folder)/\(name)")) }
        }
        return files
    }

    /// Someone typed as who took a photo stops being named when their profile is erased.
    package func forget(username: String, name: String, on db: any Database) async throws {
        guard !name.isEmpty else { return }
        struct Row: Decodable { let id: UUID }
        // Both sides through the database's LOWER, so they fold alike.
        let ids = try await db.sql.raw("SELECT id FROM photos WHERE LOWER(taken_by) = LOWER(\(bind: name))").all(decoding: Row.self).map(\.id)
        guard !ids.isEmpty else { return }
        let named = try await Photo.query(on: db).filter(\.$id ~~ ids).all()
        for photo in named {
            photo.takenBy = ""
            try await photo.save(on: db)
            // The search held the name too.
            if let document = try photo.searchDocument() {
                try await SearchIndex.put(document, on: db)
            } else {
                try await SearchIndex.remove(module: "photos", item: photo.requireID(), on: db)
            }
        }
    }

    package func seedDemoMedia(in group: Group, by authorID: UUID?, app: Application) async throws {
        try await PhotoDemo.seed(in: group, by: authorID, app: app)
    }
}

/// The addresses of a group's albums and photos, built in one place.
struct PhotoPaths: Sendable {
    let slug: String

    var list: String { "/g/\(slug)/photos" }
    var newAlbum: String { list + "/new" }
    func album(_ id: UUID) -> String { "\(list)/\(id.uuidString)" }
    func album(_ id: UUID, page: Int) -> String { page > 1 ? album(id) + "?page=\(page)" : album(id) }
    func editAlbum(_ id: UUID) -> String { album(id) + "/edit" }
    func deleteAlbum(_ id: UUID) -> String { album(id) + "/delete" }
    func upload(_ id: UUID) -> String { album(id) + "/upload" }
    func status(_ id: UUID) -> String { album(id) + "/status" }
    func arrange(_ id: UUID) -> String { album(id) + "/arrange" }
    func download(_ id: UUID) -> String { album(id) + "/download" }
    func photo(_ id: UUID) -> String { "\(list)/p/\(id.uuidString)" }
    func thumb(_ id: UUID, blob: String) -> String { photo(id) + "/thumb?v=" + blob }
    func display(_ id: UUID, blob: String) -> String { photo(id) + "/display?v=" + blob }
    func original(_ id: UUID) -> String { photo(id) + "/original" }
    func editPhoto(_ id: UUID) -> String { photo(id) + "/edit" }
    func deletePhoto(_ id: UUID) -> String { photo(id) + "/delete" }
    func position(_ id: UUID) -> String { photo(id) + "/position" }
    func cover(_ id: UUID) -> String { photo(id) + "/cover" }
    func like(_ id: UUID) -> String { photo(id) + "/like" }
    func comments(_ id: UUID) -> String { photo(id) + "/comments" }
    func editComment(_ id: UUID, _ comment: UUID) -> String { comments(id) + "/\(comment.uuidString)/edit" }
    func deleteComment(_ id: UUID, _ comment: UUID) -> String { comments(id) + "/\(comment.uuidString)/delete" }
}
