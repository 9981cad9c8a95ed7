import Fluent
import IGroupsCore
import SQLKit
import Vapor

/// `/g/:group/forum`: boards, threads and posts, with unread tracking, watching, moderation and reports.
struct ForumController: RouteCollection {
    static let perPage = 25
    static let maxBody = 100_000
    static let maxTitle = 200
    /// A second identical post within this time is the same form sent twice.
    static let doubleSubmitWindow: TimeInterval = 60

    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: index)
        routes.post("read", use: markAllRead)
        routes.get("reports", use: reports)
        routes.post("reports", ":report", "close", use: closeReport)
        routes.get("boards", "new", use: showNewBoard)
        routes.post("boards", "new", use: createBoard)
        routes.get("boards", ":board", use: board)
        routes.get("boards", ":board", "edit", use: showEditBoard)
        routes.post("boards", ":board", "edit", use: updateBoard)
        routes.post("boards", ":board", "move", use: moveBoard)
        routes.get("boards", ":board", "delete", use: showDeleteBoard)
        routes.post("boards", ":board", "delete", use: deleteBoard)
        routes.get("boards", ":board", "new", use: showNewThread)
        routes.post("boards", ":board", "new", use: createThread)
        routes.get("threads", ":thread", use: thread)
        routes.get("threads", ":thread", "unread", use: firstUnread)
        routes.get("threads", ":thread", "reply", use: showReply)
        routes.post("threads", ":thread", "reply", use: reply)
        routes.post("threads", ":thread", "watch", use: watch)
        routes.post("threads", ":thread", "pin", use: pin)
        routes.post("threads", ":thread", "lock", use: lock)
        routes.get("threads", ":thread", "move", use: showMove)
        routes.post("threads", ":thread", "move", use: move)
        routes.get("threads", ":thread", "delete", use: showDeleteThread)
        routes.post("threads", ":thread", "delete", use: deleteThread)
        routes.get("posts", ":post", use: permalink)
        routes.get("posts", ":post", "edit", use: showEdit)
        routes.post("posts", ":post", "edit", use: edit)
        routes.get("posts", ":post", "history", use: history)
        routes.get("posts", ":post", "delete", use: showDeletePost)
        routes.post("posts", ":post", "delete", use: deletePost)
        routes.get("posts", ":post", "report", use: showReport)
        routes.post("posts", ":post", "report", use: report)
    }

    // MARK: - Who may do what

    /// What the viewer may do in the forum of this group.
    struct Rights {
        let context: ModuleContext

        var viewerID: UUID? { context.group.viewer?.id }
        /// Verified members take part: watch, report, keep track of what they read.
        var takesPart: Bool { context.group.isMember && context.group.viewer?.isVerified == true }
        var moderates: Bool { takesPart && (context.group.role ?? .member) >= .moderator }
        var administers: Bool { takesPart && context.group.mayAdminister }

        /// Starting threads and replying in a board: members when the group lets them write here
        /// (the default), admins only in an announcements board.
        func posts(in adminsOnly: Bool) -> Bool {
            guard takesPart else { return false }
            if adminsOnly { return administers }
            return context.mayWrite || moderates
        }
    }

    static func rights(_ req: Request) -> Rights { Rights(context: req.moduleContext) }

    static func base(_ req: Request) -> String { "/g/\(req.moduleContext.group.group.slug)/forum" }

    /// A thread's title, or what stands for it when its erased author's title went with them.
    static func shown(_ title: String, _ t: Localizer) -> String {
        title.isEmpty ? t("forum.thread.untitled") : title
    }

    /// The page of a thread that holds a post number.
    static func page(of position: Int) -> Int { max(1, (position - 1) / perPage + 1) }

    static func postURL(base: String, threadID: UUID, position: Int) -> String {
        "\(base)/threads/\(threadID.uuidString)?page=\(page(of: position))#post-\(position)"
    }

    // MARK: - Loading

    static func board(_ req: Request) async throws -> ForumBoard {
        guard let id = req.parameters.get("board", as: UUID.self),
              let board = try await ForumBoard.query(on: req.db).filter(\.$id == id).filter(\.$group.$id == req.moduleContext.group.group.requireID()).first()
        else { throw Abort(.notFound) }
        return board
    }

    static func threadModel(_ req: Request) async throws -> ForumThread {
        guard let id = req.parameters.get("thread", as: UUID.self),
              let thread = try await ForumThread.query(on: req.db).filter(\.$id == id).filter(\.$group.$id == req.moduleContext.group.group.requireID()).first()
        else { throw Abort(.notFound, reason: "forum.error.thread_gone") }
        return thread
    }

    static func postModel(_ req: Request) async throws -> ForumPost {
        guard let id = req.parameters.get("post", as: UUID.self),
              let post = try await ForumPost.query(on: req.db).filter(\.$id == id).filter(\.$group.$id == req.moduleContext.group.group.requireID()).first()
        else { throw Abort(.notFound) }
        return post
    }

    /// Since when things are new to a member: when they joined, or last marked everything read.
    static func floor(joined: Date?, marked: Date?) -> Date {
        max(joined ?? .distantPast, marked ?? .distantPast)
    }

    // MARK: - The boards

    struct BoardRow: Decodable {
        let id: UUID
        let name: String
        let description: String
        let admins_only: Bool
        let threads: Int?
        let posts: Int?
        let last_post_at: Date?
        let unread: Int?
    }

    /// The boards in their order, with how much is in each and how many threads have news for me.
    @Sendable func index(req: Request) async throws -> Response {
        let rights = Self.rights(req)
        let context = req.moduleContext
        let groupID = try context.group.group.requireID()
        var marked: Date?
        if rights.takesPart, let viewerID = rights.viewerID {
            // What this process saw and has not written yet counts too.
            try await req.application.forumReads.flush(userID: viewerID, on: req.db)
            marked = try await ForumMark.query(on: req.db).filter(\.$user.$id == viewerID).filter(\.$group.$id == groupID).first()?.markedAt
        }
        let since = Self.floor(joined: context.group.joinedAt, marked: marked)
        var totals = req.db.sql.select()
            .column("board_id")
            .column(SQLAlias(SQLRaw("CAST(COUNT(*) AS BIGINT)"), as: SQLIdentifier("threads")))
            .column(SQLAlias(SQLRaw("CAST(SUM(post_count) AS BIGINT)"), as: SQLIdentifier("posts")))
            .column(SQLAlias(SQLRaw("MAX(last_post_at)"), as: SQLIdentifier("last_post_at")))
            .from(ForumThread.schema)
        if rights.takesPart, let viewerID = rights.viewerID {
            totals = totals
                .column(SQLAlias(("CAST(SUM(CASE WHEN forum_threads.last_post_at > \(bind: since) AND forum_threads.post_count > COALESCE(forum_reads.position, 0) THEN 1 ELSE 0 END) AS BIGINT)" as SQLQueryString), as: SQLIdentifier("unread")))
                .join(ForumRead.schema, method: SQLJoinMethod.left, on: ("forum_reads.thread_id = forum_threads.id AND forum_reads.user_id = \(bind: viewerID)" as SQLQueryString))
        } else {
            totals = totals.column(SQLAlias(SQLRaw("CAST(0 AS BIGINT)"), as: SQLIdentifier("unread")))
        }
        totals = totals.where(SQLColumn("group_id", table: ForumThread.schema), .equal, SQLBind(groupID)).groupBy("board_id")
        let rows = try await req.db.sql.select()
            .column(SQLColumn("id", table: ForumBoard.schema)).column(SQLColumn("name", table: ForumBoard.schema))
            .column(SQLColumn("description", table: ForumBoard.schema)).column(SQLColumn("admins_only", table: ForumBoard.schema))
            .column(SQLColumn("threads", table: "totals")).column(SQLColumn("posts", table: "totals"))
            .column(SQLColumn("last_post_at", table: "totals")).column(SQLColumn("unread", table: "totals"))
            .from(ForumBoard.schema)
            .join(SQLAlias(SQLGroupExpression(totals.query), as: SQLIdentifier("totals")), method: SQLJoinMethod.left,
                  on: SQLColumn("board_id", table: "totals"), .equal, SQLColumn("id", table: ForumBoard.schema))
            .where(SQLColumn("group_id", table: ForumBoard.schema), .equal, SQLBind(groupID))
            .orderBy(SQLColumn("position", table: ForumBoard.schema)).orderBy(SQLColumn("name", table: ForumBoard.schema))
            .all(decoding: BoardRow.self)
        var openReports = 0
        if rights.moderates {
            openReports = try await ForumReport.query(on: req.db).filter(\.$group.$id == groupID).filter(\.$closedAt == nil).count()
        }
        return ForumIndexPage(
            layout: req.layout(title: req.t("forum.name")), chrome: context.chrome("forum", t: req.t),
            boards: rows.map { ForumIndexPage.Board(id: $0.id, name: $0.name, description: $0.description, adminsOnly: $0.admins_only, threads: $0.threads ?? 0, posts: $0.posts ?? 0, lastPostAt: $0.last_post_at, unread: $0.unread ?? 0) },
            administers: rights.administers, tracksReading: rights.takesPart, openReports: rights.moderates ? openReports : nil
        ).response()
    }

    /// Everything in the group's forum is read from now on.
    @Sendable func markAllRead(req: Request) async throws -> Response {
        _ = try req.requireViewer()
        let rights = Self.rights(req)
        guard rights.takesPart, let viewerID = rights.viewerID else { throw Abort(.forbidden, reason: "forum.error.members_only") }
        let groupID = try req.moduleContext.group.group.requireID()
        let mark = try await ForumMark.query(on: req.db).filter(\.$user.$id == viewerID).filter(\.$group.$id == groupID).first() ?? ForumMark()
        mark.$user.id = viewerID
        mark.$group.id = groupID
        mark.markedAt = Date()
        do {
            try await mark.save(on: req.db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Two clicks at once: the other one marked it.
        }
        return .seeOther(Self.base(req) + "?notice=forum_all_read")
    }

    // MARK: - A board

    struct BoardHead: Decodable {
        let id: UUID
        let name: String
        let description: String
        let admins_only: Bool
        let thread_count: Int
        let marked_at: Date?
    }

    struct ThreadRow: Decodable {
        let id: UUID
        let title: String
        let pinned: Bool
        let locked: Bool
        let post_count: Int
        let last_post_at: Date
        let created_at: Date?
        let author_username: String?
        let author_name: String?
        let last_username: String?
        let last_name: String?
        let read_position: Int?
    }

    /// A board's threads: pinned first, then the newest activity; 25 a page, with what is new for me.
    @Sendable func board(req: Request) async throws -> Response {
        let rights = Self.rights(req)
        let context = req.moduleContext
        let groupID = try context.group.group.requireID()
        guard let boardID = req.parameters.get("board", as: UUID.self) else { throw Abort(.notFound) }
        let tracks = rights.takesPart ? rights.viewerID : nil
        var head = req.db.sql.select()
            .column(SQLColumn("id", table: ForumBoard.schema)).column(SQLColumn("name", table: ForumBoard.schema))
            .column(SQLColumn("description", table: ForumBoard.schema)).column(SQLColumn("admins_only", table: ForumBoard.schema))
            .column(SQLColumn("thread_count", table: ForumBoard.schema))
            .from(ForumBoard.schema)
            .where(SQLColumn("id", table: ForumBoard.schema), .equal, SQLBind(boardID))
            .where(SQLColumn("group_id", table: ForumBoard.schema), .equal, SQLBind(groupID))
        if let viewerID = tracks {
            head = head.column(SQLColumn("marked_at", table: ForumMark.schema))
                .join(ForumMark.schema, method: SQLJoinMethod.left, on: ("forum_marks.group_id = forum_boards.group_id AND forum_marks.user_id = \(bind: viewerID)" as SQLQueryString))
        } else {
            head = head.column(SQLAlias(SQLLiteral.null, as: SQLIdentifier("marked_at")))
        }
        guard let board = try await head.first(decoding: BoardHead.self) else { throw Abort(.notFound) }
        let pagination = Pagination(page: Pagination.requestedPage(req), perPage: Self.perPage, total: board.thread_count)
        var threads = req.db.sql.select()
            .column(SQLColumn("id", table: ForumThread.schema)).column(SQLColumn("title", table: ForumThread.schema))
            .column(SQLColumn("pinned", table: ForumThread.schema)).column(SQLColumn("locked", table: ForumThread.schema))
            .column(SQLColumn("post_count", table: ForumThread.schema)).column(SQLColumn("last_post_at", table: ForumThread.schema))
            .column(SQLColumn("created_at", table: ForumThread.schema))
            .column(SQLAlias(SQLColumn("username", table: "a"), as: SQLIdentifier("author_username")))
            .column(SQLAlias(SQLColumn("name", table: "a"), as: SQLIdentifier("author_name")))
            .column(SQLAlias(SQLColumn("username", table: "l"), as: SQLIdentifier("last_username")))
            .column(SQLAlias(SQLColumn("name", table: "l"), as: SQLIdentifier("last_name")))
            .from(ForumThread.schema)
            .join(SQLAlias(SQLIdentifier(User.schema), as: SQLIdentifier("a")), method: SQLJoinMethod.left, on: SQLColumn("author_id", table: ForumThread.schema), .equal, SQLColumn("id", table: "a"))
            .join(SQLAlias(SQLIdentifier(User.schema), as: SQLIdentifier("l")), method: SQLJoinMethod.left, on: SQLColumn("last_author_id", table: ForumThread.schema), .equal, SQLColumn("id", table: "l"))
        if let viewerID = tracks {
            threads = threads.column(SQLAlias(SQLColumn("position", table: ForumRead.schema), as: SQLIdentifier("read_position")))
                .join(ForumRead.schema, method: SQLJoinMethod.left, on: ("forum_reads.thread_id = forum_threads.id AND forum_reads.user_id = \(bind: viewerID)" as SQLQueryString))
        } else {
            threads = threads.column(SQLAlias(SQLLiteral.null, as: SQLIdentifier("read_position")))
        }
        let rows = try await threads
            .where(SQLColumn("board_id", table: ForumThread.schema), .equal, SQLBind(boardID))
            .orderBy(SQLOrderBy(expression: SQLColumn("pinned", table: ForumThread.schema), direction: SQLDirection.descending))
            .orderBy(SQLOrderBy(expression: SQLColumn("last_post_at", table: ForumThread.schema), direction: SQLDirection.descending))
            .offset(pagination.offset).limit(Self.perPage)
            .all(decoding: ThreadRow.self)
        let since = Self.floor(joined: context.group.joinedAt, marked: board.marked_at)
        let buffer = req.application.forumReads
        let items = rows.map { row in
            var read = row.read_position ?? 0
            if let viewerID = tracks, let pending = buffer.position(userID: viewerID, threadID: row.id) { read = max(read, pending) }
            let unread = tracks != nil && row.last_post_at > since && row.post_count > read
            return ForumBoardPage.Thread(
                id: row.id, title: Self.shown(row.title, req.t), pinned: row.pinned, locked: row.locked, posts: row.post_count, lastPostAt: row.last_post_at,
                author: row.author_name.map { ($0, row.author_username ?? "") }, lastAuthor: row.last_name.map { ($0, row.last_username ?? "") },
                unread: unread, startedUnread: unread && read == 0)
        }
        return ForumBoardPage(
            layout: req.layout(title: board.name), chrome: context.chrome("forum", t: req.t),
            board: .init(id: board.id, name: board.name, description: board.description, adminsOnly: board.admins_only),
            threads: items, pagination: pagination, mayStart: rights.posts(in: board.admins_only), administers: rights.administers
        ).response()
    }
}
