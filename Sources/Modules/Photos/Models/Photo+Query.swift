import Fluent
import Foundation
import IGroupsCore
import SQLKit

/// The reads of the album and photo pages, as plain rows: a fixed number of queries a page, however
/// many photos an album has.
extension PhotoAlbum {
    /// An album in the group's list, with its number of photos and its cover's thumbnail.
    struct ListRow: Decodable, Sendable {
        let id: UUID
        let title: String
        let photo_count: Int
        let updated_at: Date?
        let cover_id: UUID?
        let cover_blob: String?
        let cover_width: Int?
        let cover_height: Int?
    }

    /// How many albums a group has.
    static func count(groupID: UUID, on db: any Database) async throws -> Int {
        struct Count: Decodable { let n: Int }
        return try await db.sql.raw("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM photo_albums WHERE group_id = \(bind: groupID)")
            .first(decoding: Count.self)?.n ?? 0
    }

    /// One page of a group's albums, newest first, each with its cover: the chosen one while it is a ready
    /// photo of the album, otherwise the album's first photo (one query).
    static func page(groupID: UUID, offset: Int, limit: Int, on db: any Database) async throws -> [ListRow] {
        try await db.sql.raw("""
            SELECT a.id, a.title, a.updated_at,
                (SELECT CAST(COUNT(*) AS BIGINT) FROM photos p WHERE p.album_id = a.id AND p.status = 'ready') AS photo_count,
                c.id AS cover_id, t.blob AS cover_blob, t.width AS cover_width, t.height AS cover_height
            FROM photo_albums a
            LEFT JOIN photos c ON c.id = COALESCE(
                (SELECT p.id FROM photos p WHERE p.id = a.cover_photo_id AND p.album_id = a.id AND p.status = 'ready'),
                (SELECT p.id FROM photos p WHERE p.album_id = a.id AND p.status = 'ready' ORDER BY p.position, p.id LIMIT 1))
            LEFT JOIN uploads t ON t.id = c.thumb_id
            WHERE a.group_id = \(bind: groupID)
            ORDER BY a.created_at DESC, a.id
            LIMIT \(bind: limit) OFFSET \(bind: offset)
            """).all(decoding: ListRow.self)
    }

    /// An album as its page shows it.
    struct Row: Decodable, Sendable {
        let id: UUID
        let title: String
        let description: String
        let creator_id: UUID?
        let cover_photo_id: UUID?
        let created_at: Date?
        let creator_name: String?
    }

    static func row(_ id: UUID, groupID: UUID, on db: any Database) async throws -> Row? {
        try await db.sql.raw("""
            SELECT a.id, a.title, a.description, a.creator_id, a.cover_photo_id, a.created_at, u.name AS creator_name
            FROM photo_albums a LEFT JOIN users u ON u.id = a.creator_id
            WHERE a.id = \(bind: id) AND a.group_id = \(bind: groupID)
            """).first(decoding: Row.self)
    }

    /// A group's albums by title, for choosing where a photo goes.
    static func choices(groupID: UUID, on db: any Database) async throws -> [(id: UUID, title: String)] {
        struct Choice: Decodable { let id: UUID; let title: String }
        return try await db.sql.raw("SELECT id, title FROM photo_albums WHERE group_id = \(bind: groupID) ORDER BY LOWER(title), id")
            .all(decoding: Choice.self).map { ($0.id, $0.title) }
    }
}

extension Photo {
    /// The photos an album's grid shows: those ready, and the viewer's own still being processed.
    static func visibleCondition(viewerID: UUID?) -> SQLQueryString {
        if let viewerID { return "(p.status = 'ready' OR p.uploader_id = \(bind: viewerID))" }
        return "p.status = 'ready'"
    }

    /// A tile of an album's grid.
    struct GridRow: Decodable, Sendable {
        let id: UUID
        let status: String
        let caption: String
        let name: String
        let taken_by: String
        let thumb_blob: String?
        let thumb_width: Int?
        let thumb_height: Int?
        let display_blob: String?
    }

    static func gridCount(albumID: UUID, viewerID: UUID?, on db: any Database) async throws -> Int {
        struct Count: Decodable { let n: Int }
        return try await db.sql.raw("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM photos p WHERE p.album_id = \(bind: albumID) AND \(visibleCondition(viewerID: viewerID))")
            .first(decoding: Count.self)?.n ?? 0
    }

    /// One page of an album's grid in the album's order, with each tile's thumbnail and display size (one query).
    /// The page is chosen first, from the album's order index alone, and only its photos are joined to
    /// their files: the photos before a page far into the album are skipped, not joined and thrown away.
    static func grid(albumID: UUID, viewerID: UUID?, offset: Int, limit: Int, on db: any Database) async throws -> [GridRow] {
        try await db.sql.raw("""
            SELECT p.id, p.status, p.caption, p.name, p.taken_by,
                t.blob AS thumb_blob, t.width AS thumb_width, t.height AS thumb_height, d.blob AS display_blob
            FROM (
                SELECT p.id, p.status, p.caption, p.name, p.taken_by, p.thumb_id, p.display_id, p.position
                FROM photos p
                WHERE p.album_id = \(bind: albumID) AND \(visibleCondition(viewerID: viewerID))
                ORDER BY p.position, p.id
                LIMIT \(bind: limit) OFFSET \(bind: offset)
            ) p
            LEFT JOIN uploads t ON t.id = p.thumb_id
            LEFT JOIN uploads d ON d.id = p.display_id
            ORDER BY p.position, p.id
            """).all(decoding: GridRow.self)
    }

    /// A photo as its page shows it, with its album, uploader and stored files (one query).
    struct Row: Decodable, Sendable {
        let id: UUID
        let album_id: UUID
        let uploader_id: UUID?
        let upload_id: UUID
        let status: String
        let name: String
        let caption: String
        let taken_by: String
        let taken_on: String?
        let position: Int
        let width: Int?
        let height: Int?
        let created_at: Date?
        let album_title: String
        let album_creator_id: UUID?
        let uploader_name: String?
        let uploader_username: String?
        let display_blob: String?
        let display_width: Int?
        let display_height: Int?
        let original_size: Int?
        let original_type: String?
    }

    static func row(_ id: UUID, groupID: UUID, on db: any Database) async throws -> Row? {
        try await db.sql.raw("""
            SELECT p.id, p.album_id, p.uploader_id, p.upload_id, p.status, p.name, p.caption, p.taken_by, p.taken_on, p.position,
                p.width, p.height, p.created_at, a.title AS album_title, a.creator_id AS album_creator_id,
                u.name AS uploader_name, u.username AS uploader_username,
                d.blob AS display_blob, d.width AS display_width, d.height AS display_height,
                o.size AS original_size, o.media_type AS original_type
            FROM photos p
            JOIN photo_albums a ON a.id = p.album_id
            LEFT JOIN users u ON u.id = p.uploader_id
            LEFT JOIN uploads d ON d.id = p.display_id
            LEFT JOIN uploads o ON o.id = p.upload_id
            WHERE p.id = \(bind: id) AND p.group_id = \(bind: groupID)
            """).first(decoding: Row.self)
    }

    /// Where a ready photo stands in its album: how many come before it, how many there are, and its neighbours.
    struct Place: Sendable {
        let index: Int
        let total: Int
        let previous: UUID?
        let next: UUID?
    }

    static func place(of id: UUID, albumID: UUID, position: Int, on db: any Database) async throws -> Place {
        struct Counts: Decodable { let earlier: Int?; let total: Int }
        struct Neighbour: Decodable { let id: UUID; let side: Int }
        let counts = try await db.sql.raw("""
            SELECT CAST(SUM(CASE WHEN position < \(bind: position) OR (position = \(bind: position) AND id < \(bind: id)) THEN 1 ELSE 0 END) AS BIGINT) AS earlier,
                CAST(COUNT(*) AS BIGINT) AS total
            FROM photos WHERE album_id = \(bind: albumID) AND status = 'ready'
            """).first(decoding: Counts.self)
        let neighbours = try await db.sql.raw("""
            SELECT id, side FROM (SELECT id, 0 AS side FROM photos WHERE album_id = \(bind: albumID) AND status = 'ready'
                AND (position < \(bind: position) OR (position = \(bind: position) AND id < \(bind: id))) ORDER BY position DESC, id DESC LIMIT 1) earlier
            UNION ALL
            SELECT id, side FROM (SELECT id, 1 AS side FROM photos WHERE album_id = \(bind: albumID) AND status = 'ready'
                AND (position > \(bind: position) OR (position = \(bind: position) AND id > \(bind: id))) ORDER BY position, id LIMIT 1) later
            """).all(decoding: Neighbour.self)
        return Place(
            index: (counts?.earlier ?? 0) + 1, total: counts?.total ?? 0,
            previous: neighbours.first { $0.side == 0 }?.id, next: neighbours.first { $0.side == 1 }?.id)
    }

    /// A comment as the photo's page shows it.
    struct CommentRow: Decodable, Sendable {
        let id: UUID
        let author_id: UUID?
        let body_html: String
        let edited_at: Date?
        let created_at: Date?
        let name: String?
        let username: String?
    }

    static func comments(of photoID: UUID, on db: any Database) async throws -> [CommentRow] {
        try await db.sql.raw("""
            SELECT c.id, c.author_id, c.body_html, c.edited_at, c.created_at, u.name, u.username
            FROM photo_comments c LEFT JOIN users u ON u.id = c.author_id
            WHERE c.photo_id = \(bind: photoID) ORDER BY c.created_at, c.id
            """).all(decoding: CommentRow.self)
    }

    /// Who liked a photo, first first.
    static func likes(of photoID: UUID, on db: any Database) async throws -> [(userID: UUID, name: String)] {
        struct LikeRow: Decodable { let user_id: UUID; let name: String }
        return try await db.sql.raw("""
            SELECT l.user_id, u.name FROM photo_likes l JOIN users u ON u.id = l.user_id
            WHERE l.photo_id = \(bind: photoID) ORDER BY l.created_at, l.id
            """).all(decoding: LikeRow.self).map { ($0.user_id, $0.name) }
    }

    /// An album's ready photos in order with their stored originals, for the ZIP download (one query).
    struct FileRow: Decodable, Sendable {
        let name: String
        let blob: String
        let size: Int
        let media_type: String
    }

    static func files(albumID: UUID, on db: any Database) async throws -> [FileRow] {
        try await db.sql.raw("""
            SELECT p.name, o.blob, o.size, o.media_type FROM photos p JOIN uploads o ON o.id = p.upload_id
            WHERE p.album_id = \(bind: albumID) AND p.status = 'ready' ORDER BY p.position, p.id
            """).all(decoding: FileRow.self)
    }

    /// A person's ready photos with their albums' titles, for their download of their data.
    struct PersonalFileRow: Decodable, Sendable {
        let name: String
        let blob: String
        let media_type: String
        let album_title: String
    }

    static func personalFiles(of userID: UUID, on db: any Database) async throws -> [PersonalFileRow] {
        try await db.sql.raw("""
            SELECT p.name, o.blob, o.media_type, a.title AS album_title
            FROM photos p JOIN uploads o ON o.id = p.upload_id JOIN photo_albums a ON a.id = p.album_id
            WHERE p.uploader_id = \(bind: userID) AND p.status = 'ready' ORDER BY a.title, p.position, p.id
            """).all(decoding: PersonalFileRow.self)
    }

    /// The name a stored photo downloads as: the uploaded name with the extension of what is stored
    /// (a HEIC photo is stored as JPEG).
    static func downloadName(_ name: String, type: FileType) -> String {
        let stem = name.lastIndex(of: ".").map { String(name[..<$0]) } ?? name
        return (stem.isEmpty ? "photo" : stem) + "." + type.fileExtension
    }
}
