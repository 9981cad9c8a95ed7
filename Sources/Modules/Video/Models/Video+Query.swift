import Fluent
import Foundation
import IGroupsCore
import SQLKit

extension Video {
    /// A video as its pages show it: with who added it, its file's size and length, and its poster.
    struct Row: Decodable, Sendable {
        let id: UUID
        let author_id: UUID?
        let title: String
        let description: String
        let description_html: String
        let source: Video.Source
        let status: Video.Status
        let failure: String?
        let external_id: String?
        let edited_at: Date?
        let created_at: Date?
        let username: String?
        let name: String?
        let file_blob: String?
        let media_type: String?
        let width: Int?
        let height: Int?
        let duration: Double?
        let poster_blob: String?
        let poster_width: Int?
        let poster_height: Int?

        /// The linked video, for a YouTube or Vimeo one.
        var link: VideoLink? {
            guard source != .upload, let external_id else { return nil }
            return VideoLink(source: source, id: external_id)
        }
    }

    /// The select behind every list and page: videos with their author, file and poster, in one query.
    static func rows(groupID: UUID, on db: any Database) -> SQLSelectBuilder {
        let file = "file", poster = "poster"
        return db.sql.select()
            .column(SQLColumn("id", table: schema)).column(SQLColumn("author_id", table: schema))
            .column(SQLColumn("title", table: schema)).column(SQLColumn("description", table: schema))
            .column(SQLColumn("description_html", table: schema)).column(SQLColumn("source", table: schema))
            .column(SQLColumn("status", table: schema)).column(SQLColumn("failure", table: schema))
            .column(SQLColumn("external_id", table: schema)).column(SQLColumn("edited_at", table: schema))
            .column(SQLColumn("created_at", table: schema))
            .column(SQLColumn("username", table: User.schema)).column(SQLColumn("name", table: User.schema))
            .column(SQLAlias(SQLColumn("blob", table: file), as: SQLIdentifier("file_blob")))
            .column(SQLColumn("media_type", table: file)).column(SQLColumn("width", table: file))
            .column(SQLColumn("height", table: file)).column(SQLColumn("duration", table: file))
            .column(SQLAlias(SQLColumn("blob", table: poster), as: SQLIdentifier("poster_blob")))
            .column(SQLAlias(SQLColumn("width", table: poster), as: SQLIdentifier("poster_width")))
            .column(SQLAlias(SQLColumn("height", table: poster), as: SQLIdentifier("poster_height")))
            .from(schema)
            .join(User.schema, method: SQLJoinMethod.left, on: SQLColumn("author_id", table: schema), .equal, SQLColumn("id", table: User.schema))
            .join(SQLAlias(SQLIdentifier(Upload.schema), as: SQLIdentifier(file)), method: SQLJoinMethod.left, on: SQLColumn("upload_id", table: schema), .equal, SQLColumn("id", table: file))
            .join(SQLAlias(SQLIdentifier(Upload.schema), as: SQLIdentifier(poster)), method: SQLJoinMethod.left, on: SQLColumn("poster_id", table: schema), .equal, SQLColumn("id", table: poster))
            .where(SQLColumn("group_id", table: schema), .equal, SQLBind(groupID))
    }

    /// One page of the group's videos that others see, newest first, and how many there are.
    static func page(groupID: UUID, page: Int, perPage: Int, on db: any Database) async throws -> (Pagination, [Row]) {
        struct Count: Decodable { let n: Int }
        let total = try await db.sql.select().column(SQLAlias(SQLRaw("CAST(COUNT(*) AS BIGINT)"), as: SQLIdentifier("n"))).from(schema)
            .where("group_id", .equal, SQLBind(groupID)).where("status", .notEqual, SQLBind(Status.failed.rawValue))
            .first(decoding: Count.self)?.n ?? 0
        let pagination = Pagination(page: page, perPage: perPage, total: total)
        let rows = try await Self.rows(groupID: groupID, on: db)
            .where(SQLColumn("status", table: schema), .notEqual, SQLBind(Status.failed.rawValue))
            .orderBy(SQLOrderBy(expression: SQLColumn("created_at", table: schema), direction: SQLDirection.descending))
            .orderBy(SQLOrderBy(expression: SQLColumn("id", table: schema), direction: SQLDirection.descending))
            .offset(pagination.offset).limit(perPage).all(decoding: Row.self)
        return (pagination, rows)
    }

    /// The uploads of one person that could not be used, for their own eyes.
    static func failures(groupID: UUID, authorID: UUID, on db: any Database) async throws -> [Row] {
        try await rows(groupID: groupID, on: db)
            .where(SQLColumn("status", table: schema), .equal, SQLBind(Status.failed.rawValue))
            .where(SQLColumn("author_id", table: schema), .equal, SQLBind(authorID))
            .orderBy(SQLOrderBy(expression: SQLColumn("created_at", table: schema), direction: SQLDirection.descending))
            .all(decoding: Row.self)
    }

    /// One video of the group.
    static func row(_ id: UUID, groupID: UUID, on db: any Database) async throws -> Row? {
        try await rows(groupID: groupID, on: db).where(SQLColumn("id", table: schema), .equal, SQLBind(id)).first(decoding: Row.self)
    }
}

extension VideoComment {
    struct Row: Decodable, Sendable {
        let id: UUID
        let author_id: UUID?
        let body_html: String
        let created_at: Date?
        let username: String?
        let name: String?
    }

    /// A video's comments, oldest first, with their authors.
    static func rows(videoID: UUID, on db: any Database) async throws -> [Row] {
        try await db.sql.select()
            .column(SQLColumn("id", table: schema)).column(SQLColumn("author_id", table: schema))
            .column(SQLColumn("body_html", table: schema)).column(SQLColumn("created_at", table: schema))
            .column(SQLColumn("username", table: User.schema)).column(SQLColumn("name", table: User.schema))
            .from(schema)
            .join(User.schema, method: SQLJoinMethod.left, on: SQLColumn("author_id", table: schema), .equal, SQLColumn("id", table: User.schema))
            .where(SQLColumn("video_id", table: schema), .equal, SQLBind(videoID))
            .orderBy(SQLColumn("created_at", table: schema)).orderBy(SQLColumn("id", table: schema))
            .all(decoding: Row.self)
    }

    /// How many comments each video of a page has, in one query.
    static func counts(videos: [UUID], on db: any Database) async throws -> [UUID: Int] {
        guard !videos.isEmpty else { return [:] }
        struct Count: Decodable { let video_id: UUID; let n: Int }
        let rows = try await db.sql.select().column("video_id").column(SQLAlias(SQLRaw("CAST(COUNT(*) AS BIGINT)"), as: SQLIdentifier("n")))
            .from(schema).where("video_id", .in, SQLGroupExpression(SQLList(videos.map { SQLBind($0) })))
            .groupBy("video_id").all(decoding: Count.self)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.video_id, $0.n) })
    }
}
