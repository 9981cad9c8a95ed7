import Fluent
import IGroupsCore
import SQLKit
import Vapor

extension ForumController {
    // MARK: - A thread

    struct ThreadHead: Decodable {
        let id: UUID
        let board_id: UUID
        let title: String
        let pinned: Bool
        let locked: Bool
        let post_count: Int
        let board_name: String
        let admins_only: Bool
        let read_position: Int?
        let watching: Int?
        let marked_at: Date?
    }

    /// The thread's head and, for a member, how far they read, whether they watch it and their mark: one query.
    static func threadHead(_ req: Request, threadID: UUID, tracks: UUID?) async throws -> ThreadHead? {
        var head = req.db.sql.select()
            .column(SQLColumn("id", table: ForumThread.schema)).column(SQLColumn("board_id", table: ForumThread.schema))
            .column(SQLColumn("title", table: ForumThread.schema)).column(SQLColumn("pinned", table: ForumThread.schema))
            .column(SQLColumn("locked", table: ForumThread.schema)).column(SQLColumn("post_count", table: ForumThread.schema))
            .column(SQLAlias(SQLColumn("name", table: ForumBoard.schema), as: SQLIdentifier("board_name")))
            .column(SQLColumn("admins_only", table: ForumBoard.schema))
            .from(ForumThread.schema)
            .join(ForumBoard.schema, on: SQLColumn("board_id", table: ForumThread.schema), .equal, SQLColumn("id", table: ForumBoard.schema))
            .where(SQLColumn("id", table: ForumThread.schema), .equal, SQLBind(threadID))
            .where(SQLColumn("group_id", table: ForumThread.schema), .equal, SQLBind(try req.moduleContext.group.group.requireID()))
        if let viewerID = tracks {
            head = head
                .column(SQLAlias(SQLColumn("position", table: ForumRead.schema), as: SQLIdentifier("read_position")))
                .column(SQLAlias(SQLRaw("CASE WHEN forum_watches.id IS NULL THEN 0 ELSE 1 END"), as: SQLIdentifier("watching")))
                .column(SQLColumn("marked_at", table: ForumMark.schema))
                .join(ForumRead.schema, method: SQLJoinMethod.left, on: ("forum_reads.thread_id = forum_threads.id AND forum_reads.user_id = \(bind: viewerID)" as SQLQueryString))
                .join(ForumWatch.schema, method: SQLJoinMethod.left, on: ("forum_watches.thread_id = forum_threads.id AND forum_watches.user_id = \(bind: viewerID)" as SQLQueryString))
                .join(ForumMark.schema, method: SQLJoinMethod.left, on: ("forum_marks.group_id = forum_threads.group_id AND forum_marks.user_id = \(bind: viewerID)" as SQLQueryString))
        } else {
            head = head.column(SQLAlias(SQLLiteral.null, as: SQLIdentifier("read_position")))
                .column(SQLAlias(SQLLiteral.null, as: SQLIdentifier("watching"))).column(SQLAlias(SQLLiteral.null, as: SQLIdentifier("marked_at")))
        }
        return try await head.first(decoding: ThreadHead.self)
    }

    /// The thread page's head as SQL written once: the thread and its board and, with `reader`, how far
    /// they read, their watch and their mark. Few columns, as SQLite's parsing of a statement (done anew
    /// each time) costs by the column.
    static func threadHeadSQL(reader: Bool) -> String {
        let head = "SELECT t.board_id, t.title, t.pinned, t.locked, t.post_count, t.version, b.name AS board_name, b.admins_only"
        let from = " FROM forum_threads t JOIN forum_boards b ON b.id = t.board_id"
        let condition = " WHERE t.id = $1 AND t.group_id = $2"
        guard reader else { return head + from + condition }
        return head + ", r.position AS read_position, w.from_position AS watched_from, m.marked_at" + from
            + " LEFT JOIN forum_reads r ON r.thread_id = t.id AND r.user_id = $3 LEFT JOIN forum_watches w ON w.thread_id = t.id AND w.user_id = $3"
            + " LEFT JOIN forum_marks m ON m.group_id = t.group_id AND m.user_id = $3" + condition
    }

    static let threadHeadSQLForReader = threadHeadSQL(reader: true)
    static let threadHeadSQLForVisitor = threadHeadSQL(reader: false)

    /// A page of posts with their authors, and the thread's version they belong to, read in the same
    /// statement so the posts are kept under the version they were drawn from.
    static let threadPostsSQL = "SELECT t.version, p.id, p.author_id, p.position, p.body_html, p.edited_at, p.deleted_at, p.deleted_by, p.created_at,"
        + " u.username, u.name FROM forum_threads t LEFT JOIN forum_posts p ON p.thread_id = t.id AND p.position > $3 AND p.position <= $4"
        + " LEFT JOIN users u ON u.id = p.author_id WHERE t.id = $1 AND t.group_id = $2 ORDER BY p.position"

    /// 25 posts of a thread by their numbers, so a late page costs what the first does. One query reads the
    /// thread, its board and what the viewer has read; the posts are drawn once for everyone and kept
    /// while the thread's version stays the same (a second query reads them when it moved); what this
    /// viewer sees differently is added as the posts are written.
    @Sendable func thread(req: Request) async throws -> Response {
        let rights = Self.rights(req)
        let context = req.moduleContext
        guard let threadID = req.parameters.get("thread", as: UUID.self) else { throw Abort(.notFound) }
        let tracks = rights.takesPart ? rights.viewerID : nil
        let groupID = try context.group.group.requireID()
        let binds: [any Encodable & Sendable] = tracks.map { [threadID, groupID, $0] } ?? [threadID, groupID]
        let sql = tracks == nil ? Self.threadHeadSQLForVisitor : Self.threadHeadSQLForReader
        guard let head = try await req.db.sql.raw(SQLQueryString(template: sql, binds: binds)).first() else { throw Abort(.notFound, reason: "forum.error.thread_gone") }
        let page = max(1, Pagination.requestedPage(req))
        let pagination = Pagination(page: page, perPage: Self.perPage, total: try head.decode(column: "post_count", as: Int.self))
        // Past the end: the last page.
        guard pagination.page == page else { return .seeOther("\(Self.base(req))/threads/\(threadID.uuidString)?page=\(pagination.page)") }
        let posts = try await Self.posts(req, threadID: threadID, page: page, version: try head.decode(column: "version", as: Int.self))
        let viewer = try Self.viewer(req, head: head, threadID: threadID, seeing: posts)
        let t = req.t
        let title = Self.shown(try head.decode(column: "title", as: String.self), t)
        return ForumThreadPage(
            layout: req.layout(title: title), chrome: context.chrome("forum", t: t),
            thread: .init(
                id: threadID, title: title, boardID: try head.decode(column: "board_id", as: String.self),
                boardName: try head.decode(column: "board_name", as: String.self), pinned: try head.decode(column: "pinned", as: Bool.self),
                locked: viewer.threadLocked),
            posts: posts, viewer: viewer, pagination: pagination, mayReply: viewer.mayReply, moderates: viewer.moderates,
            watching: tracks == nil ? nil : try head.decode(column: "watched_from", as: Int?.self) != nil, replyToken: viewer.mayReply ? UUID().uuidString : nil
        ).response()
    }

    /// What this viewer sees differently in a thread's posts, from its head: the links they may follow and,
    /// for a member, what is new to them. Notes that they have now seen these posts.
    static func viewer(_ req: Request, head: any SQLRow, threadID: UUID, seeing posts: ForumPostsDrawn) throws -> ForumPostsDrawn.Viewer {
        let rights = Self.rights(req)
        let locked = try head.decode(column: "locked", as: Bool.self)
        var viewer = ForumPostsDrawn.Viewer(
            id: rights.viewerID?.uuidString, takesPart: rights.takesPart, moderates: rights.moderates,
            mayReply: rights.posts(in: try head.decode(column: "admins_only", as: Bool.self)) && (!locked || rights.moderates), threadLocked: locked)
        guard rights.takesPart, let viewerID = rights.viewerID else { return viewer }
        var read = try head.decode(column: "read_position", as: Int?.self) ?? 0
        if let pending = req.application.forumReads.position(userID: viewerID, threadID: threadID) { read = max(read, pending) }
        viewer.readUpTo = read
        viewer.since = Self.floor(joined: req.moduleContext.group.joinedAt, marked: try head.decode(column: "marked_at", as: Date?.self))
        // Seen now; written with others in a few seconds, not by this request.
        if let lastShown = posts.posts.last?.position, lastShown > read { req.application.forumReads.saw(userID: viewerID, threadID: threadID, position: lastShown) }
        return viewer
    }

    /// A page of the thread's posts drawn for everyone: kept by this process while the thread is at the
    /// same version, otherwise read and drawn (and kept for the next view).
    static func posts(_ req: Request, threadID: UUID, page: Int, version: Int) async throws -> ForumPostsDrawn {
        let t = req.t
        let group = req.moduleContext.group.group
        let key = ForumPostsKey(threadID: threadID, page: page, language: t.language, slug: group.slug)
        if let kept = req.application.forumPosts.get(key), kept.version == version { return kept }
        let first = (page - 1) * perPage
        let rows = try await req.db.sql.raw(SQLQueryString(template: threadPostsSQL, binds: [threadID, try group.requireID(), first, first + perPage])).all()
        // The thread comes with every row, so no row means it was deleted since its head was read.
        guard let drawnFrom = try rows.first?.decode(column: "version", as: Int.self) else { throw Abort(.notFound, reason: "forum.error.thread_gone") }
        let base = Self.base(req)
        let posts = ForumPostsDrawn.draw(try postSources(rows), version: drawnFrom, base: base, here: "\(base)/threads/\(threadID.uuidString)", t: t)
        req.application.forumPosts.put(key, posts, weight: posts.weight)
        return posts
    }

    /// The posts of the thread page's rows. Ids are read as text: pages only print them, and parsing is
    /// the dearest part of reading a row.
    static func postSources(_ rows: [any SQLRow]) throws -> [ForumPostsDrawn.Source] {
        var posts: [ForumPostsDrawn.Source] = []
        posts.reserveCapacity(rows.count)
        for row in rows {
            guard let id = try row.decode(column: "id", as: String?.self), let position = try row.decode(column: "position", as: Int?.self) else { continue }
            let authorID = try row.decode(column: "author_id", as: String?.self)
            let body = try row.decode(column: "body_html", as: String.self)
            let deleted = try row.decode(column: "deleted_at", as: Date?.self) != nil || (authorID == nil && body.isEmpty)
            let name = try row.decode(column: "name", as: String?.self)
            posts.append(ForumPostsDrawn.Source(
                id: id, position: position, bodyHTML: deleted ? nil : body,
                deletedBy: try row.decode(column: "deleted_by", as: String?.self).flatMap(ForumPost.Deletion.init(rawValue:)),
                authorID: authorID, author: try name.map { ($0, try row.decode(column: "username", as: String?.self) ?? "") },
                at: try row.decode(column: "created_at", as: Date?.self) ?? Date(), edited: try row.decode(column: "edited_at", as: Date?.self)))
        }
        return posts
    }

    /// Jumps to the first post I have not seen: its page and its anchor.
    @Sendable func firstUnread(req: Request) async throws -> Response {
        let rights = Self.rights(req)
        guard let threadID = req.parameters.get("thread", as: UUID.self) else { throw Abort(.notFound) }
        let tracks = rights.takesPart ? rights.viewerID : nil
        guard let head = try await Self.threadHead(req, threadID: threadID, tracks: tracks) else { throw Abort(.notFound, reason: "forum.error.thread_gone") }
        var read = head.read_position ?? 0
        if let viewerID = tracks, let pending = req.application.forumReads.position(userID: viewerID, threadID: threadID) { read = max(read, pending) }
        let since = Self.floor(joined: req.moduleContext.group.joinedAt, marked: head.marked_at)
        struct Row: Decodable { let position: Int }
        let first = try await req.db.sql.select().column("position").from(ForumPost.schema)
            .where("thread_id", .equal, SQLBind(threadID)).where("position", .greaterThan, SQLBind(read))
            .where("created_at", .greaterThan, SQLBind(since))
            .orderBy("position").limit(1).first(decoding: Row.self)
        // Nothing new: the newest post.
        let position = first?.position ?? max(1, head.post_count)
        return .seeOther(Self.postURL(base: Self.base(req), threadID: threadID, position: position))
    }

    /// A post's lasting address: its thread's page with the post.
    @Sendable func permalink(req: Request) async throws -> Response {
        let post = try await Self.postModel(req)
        return .seeOther(Self.postURL(base: Self.base(req), threadID: post.$thread.id, position: post.position))
    }
}
