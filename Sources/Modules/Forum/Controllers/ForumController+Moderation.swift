import Fluent
import IGroupsCore
import SQLKit
import Vapor

extension ForumController {
    // MARK: - Threads: pin, lock, move, delete (moderators)

    static func requireModerator(_ req: Request) throws {
        _ = try req.requireViewer()
        guard rights(req).moderates else { throw Abort(.forbidden, reason: "forum.error.moderators_only") }
    }

    @Sendable func pin(req: Request) async throws -> Response {
        try await toggle(req, \.pinned, on: "forum_pinned", off: "forum_unpinned")
    }

    @Sendable func lock(req: Request) async throws -> Response {
        try await toggle(req, \.locked, on: "forum_locked", off: "forum_unlocked")
    }

    /// Turns a thread's flag on or off, and says which.
    func toggle(_ req: Request, _ flag: ReferenceWritableKeyPath<ForumThread, Bool>, on: String, off: String) async throws -> Response {
        try Self.requireModerator(req)
        let thread = try await Self.threadModel(req)
        thread[keyPath: flag].toggle()
        try await thread.save(on: req.db)
        return .seeOther("\(Self.base(req))/threads/\(try thread.requireID().uuidString)?notice=\(thread[keyPath: flag] ? on : off)")
    }

    @Sendable func showMove(req: Request) async throws -> Response {
        try Self.requireModerator(req)
        let thread = try await Self.threadModel(req)
        return try await movePage(req, thread: thread, errors: FormErrors())
    }

    func movePage(_ req: Request, thread: ForumThread, errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let boards = try await ForumBoard.query(on: req.db).filter(\.$group.$id == req.moduleContext.group.group.requireID()).sort(\.$position).sort(\.$name).all()
        return ForumMovePage(
            layout: req.layout(title: req.t("forum.move.title", ["title": Self.shown(thread.title, req.t)])), chrome: req.moduleContext.chrome("forum", t: req.t),
            threadID: try thread.requireID(), current: thread.$board.id, boards: boards.compactMap { board in board.id.map { ($0, board.name) } }, errors: errors
        ).response(status: status)
    }

    struct MoveForm: Content { var board: String? }

    /// Moves a thread to another board of the same group.
    @Sendable func move(req: Request) async throws -> Response {
        try Self.requireModerator(req)
        let thread = try await Self.threadModel(req)
        let raw = try req.content.decode(MoveForm.self).board ?? ""
        guard let boardID = UUID(uuidString: raw),
              let board = try await ForumBoard.query(on: req.db).filter(\.$id == boardID).filter(\.$group.$id == thread.$group.id).first()
        else {
            var errors = FormErrors()
            errors.add("board", req.t("forum.error.choose_board"))
            return try await movePage(req, thread: thread, errors: errors, status: .unprocessableEntity)
        }
        let from = thread.$board.id
        thread.$board.id = try board.requireID()
        try await req.db.transaction { db in
            try await thread.save(on: db)
            try await ForumBoard.count(threads: -1, on: from, db)
            try await ForumBoard.count(threads: 1, on: board.requireID(), db)
        }
        return .seeOther("\(Self.base(req))/threads/\(try thread.requireID().uuidString)?notice=forum_moved")
    }

    @Sendable func showDeleteThread(req: Request) async throws -> Response {
        try Self.requireModerator(req)
        let thread = try await Self.threadModel(req)
        let base = Self.base(req)
        let here = "\(base)/threads/\(try thread.requireID().uuidString)"
        return ModuleConfirmPage(
            layout: req.layout(title: req.t("forum.thread.delete.title", ["title": Self.shown(thread.title, req.t)])), chrome: req.moduleContext.chrome("forum", t: req.t),
            lead: req.t.plural("forum.thread.delete.lead", thread.postCount), action: here + "/delete", submit: req.t("forum.thread.delete"), cancel: here
        ).response()
    }

    /// Deletes a thread with all its posts, history, reports and read marks.
    @Sendable func deleteThread(req: Request) async throws -> Response {
        try Self.requireModerator(req)
        let thread = try await Self.threadModel(req)
        let boardID = thread.$board.id
        try await req.db.transaction { db in
            try await SearchIndex.remove(module: "forum", item: thread.requireID(), on: db)
            try await thread.delete(on: db)
            try await ForumBoard.count(threads: -1, on: boardID, db)
        }
        return .seeOther("\(Self.base(req))/boards/\(boardID.uuidString)?notice=forum_thread_deleted")
    }

    // MARK: - Reports

    struct ReportRow: Decodable {
        let id: UUID
        let reason: String
        let created_at: Date?
        let closed_at: Date?
        let post_id: UUID
        let thread_id: UUID
        let position: Int
        let body: String
        let deleted_at: Date?
        let title: String
        let reporter_name: String?
        let author_name: String?
    }

    /// Open reports for the moderators, oldest first, and the twenty last closed.
    @Sendable func reports(req: Request) async throws -> Response {
        try Self.requireModerator(req)
        let groupID = try req.moduleContext.group.group.requireID()
        func query(open: Bool) -> SQLSelectBuilder {
            req.db.sql.select()
                .column(SQLColumn("id", table: ForumReport.schema)).column(SQLColumn("reason", table: ForumReport.schema))
                .column(SQLColumn("created_at", table: ForumReport.schema)).column(SQLColumn("closed_at", table: ForumReport.schema))
                .column(SQLAlias(SQLColumn("id", table: ForumPost.schema), as: SQLIdentifier("post_id")))
                .column(SQLColumn("thread_id", table: ForumPost.schema)).column(SQLColumn("position", table: ForumPost.schema))
                .column(SQLColumn("body", table: ForumPost.schema)).column(SQLColumn("deleted_at", table: ForumPost.schema))
                .column(SQLColumn("title", table: ForumThread.schema))
                .column(SQLAlias(SQLColumn("name", table: "r"), as: SQLIdentifier("reporter_name")))
                .column(SQLAlias(SQLColumn("name", table: "a"), as: SQLIdentifier("author_name")))
                .from(ForumReport.schema)
                .join(ForumPost.schema, on: SQLColumn("post_id", table: ForumReport.schema), .equal, SQLColumn("id", table: ForumPost.schema))
                .join(ForumThread.schema, on: SQLColumn("thread_id", table: ForumPost.schema), .equal, SQLColumn("id", table: ForumThread.schema))
                .join(SQLAlias(SQLIdentifier(User.schema), as: SQLIdentifier("r")), method: SQLJoinMethod.left, on: SQLColumn("reporter_id", table: ForumReport.schema), .equal, SQLColumn("id", table: "r"))
                .join(SQLAlias(SQLIdentifier(User.schema), as: SQLIdentifier("a")), method: SQLJoinMethod.left, on: SQLColumn("author_id", table: ForumPost.schema), .equal, SQLColumn("id", table: "a"))
                .where(SQLColumn("group_id", table: ForumReport.schema), .equal, SQLBind(groupID))
                .where(SQLColumn("closed_at", table: ForumReport.schema), open ? .is : .isNot, SQLLiteral.null)
        }
        let open = try await query(open: true).orderBy(SQLColumn("created_at", table: ForumReport.schema)).limit(200).all(decoding: ReportRow.self)
        let closed = try await query(open: false)
            .orderBy(SQLOrderBy(expression: SQLColumn("closed_at", table: ForumReport.schema), direction: SQLDirection.descending)).limit(20).all(decoding: ReportRow.self)
        let base = Self.base(req)
        func item(_ row: ReportRow) -> ForumReportsPage.Report {
            ForumReportsPage.Report(
                id: row.id, reason: row.reason, at: row.created_at ?? Date(), closedAt: row.closed_at, threadTitle: Self.shown(row.title, req.t),
                url: Self.postURL(base: base, threadID: row.thread_id, position: row.position),
                excerpt: row.deleted_at == nil ? Excerpt.of(row.body, limit: 300) : nil, reporter: row.reporter_name, author: row.author_name)
        }
        return ForumReportsPage(
            layout: req.layout(title: req.t("forum.reports.title")), chrome: req.moduleContext.chrome("forum", t: req.t),
            open: open.map(item), closed: closed.map(item)
        ).response()
    }

    /// Marks a report handled.
    @Sendable func closeReport(req: Request) async throws -> Response {
        try Self.requireModerator(req)
        guard let id = req.parameters.get("report", as: UUID.self),
              let report = try await ForumReport.query(on: req.db).filter(\.$id == id).filter(\.$group.$id == req.moduleContext.group.group.requireID()).first()
        else { throw Abort(.notFound) }
        if report.closedAt == nil {
            report.closedAt = Date()
            report.$closedBy.id = Self.rights(req).viewerID
            try await report.save(on: req.db)
        }
        return .seeOther("\(Self.base(req))/reports?notice=forum_report_closed")
    }

    // MARK: - Boards (admins)

    static func requireAdmin(_ req: Request) throws {
        _ = try req.requireViewer()
        guard rights(req).administers else { throw Abort(.forbidden, reason: "group.error.admins_only") }
    }

    struct BoardForm: Content {
        var name: String?
        var description: String?
        var adminsOnly: String?

        enum CodingKeys: String, CodingKey {
            case name, description
            case adminsOnly = "admins_only"
        }
    }

    func boardPage(_ req: Request, form: BoardForm, action: String, title: String, errors: FormErrors, status: HTTPResponseStatus = .ok) -> Response {
        ForumBoardFormPage(layout: req.layout(title: title), chrome: req.moduleContext.chrome("forum", t: req.t), form: form, action: action, errors: errors).response(status: status)
    }

    static func checkBoard(_ form: BoardForm, req: Request) -> (name: String, description: String, errors: FormErrors) {
        let name = (form.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let description = (form.description ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var errors = FormErrors()
        if name.isEmpty { errors.add("name", req.t("forum.error.board_name")) }
        if name.count > 100 { errors.add("name", req.t("profile.error.too_long", ["max": "100"])) }
        if description.count > 500 { errors.add("description", req.t("profile.error.too_long", ["max": "500"])) }
        return (name, description, errors)
    }

    @Sendable func showNewBoard(req: Request) async throws -> Response {
        try Self.requireAdmin(req)
        return boardPage(req, form: BoardForm(), action: "\(Self.base(req))/boards/new", title: req.t("forum.board.new"), errors: FormErrors())
    }

    @Sendable func createBoard(req: Request) async throws -> Response {
        try Self.requireAdmin(req)
        let form = try req.content.decode(BoardForm.self)
        let checked = Self.checkBoard(form, req: req)
        guard checked.errors.isEmpty else {
            return boardPage(req, form: form, action: "\(Self.base(req))/boards/new", title: req.t("forum.board.new"), errors: checked.errors, status: .unprocessableEntity)
        }
        let groupID = try req.moduleContext.group.group.requireID()
        let last = try await ForumBoard.query(on: req.db).filter(\.$group.$id == groupID).max(\.$position) ?? -1
        let board = ForumBoard()
        board.$group.id = groupID
        board.name = checked.name
        board.description = checked.description
        board.adminsOnly = form.adminsOnly == "on"
        board.threadCount = 0
        board.position = last + 1
        try await board.create(on: req.db)
        return .seeOther("\(Self.base(req))/boards/\(try board.requireID().uuidString)?notice=forum_board_saved")
    }

    @Sendable func showEditBoard(req: Request) async throws -> Response {
        try Self.requireAdmin(req)
        let board = try await Self.board(req)
        let form = BoardForm(name: board.name, description: board.description, adminsOnly: board.adminsOnly ? "on" : nil)
        return boardPage(req, form: form, action: "\(Self.base(req))/boards/\(try board.requireID().uuidString)/edit", title: req.t("forum.board.edit"), errors: FormErrors())
    }

    @Sendable func updateBoard(req: Request) async throws -> Response {
        try Self.requireAdmin(req)
        let board = try await Self.board(req)
        let form = try req.content.decode(BoardForm.self)
        let checked = Self.checkBoard(form, req: req)
        let here = "\(Self.base(req))/boards/\(try board.requireID().uuidString)"
        guard checked.errors.isEmpty else {
            return boardPage(req, form: form, action: here + "/edit", title: req.t("forum.board.edit"), errors: checked.errors, status: .unprocessableEntity)
        }
        board.name = checked.name
        board.description = checked.description
        board.adminsOnly = form.adminsOnly == "on"
        try await board.save(on: req.db)
        return .seeOther(here + "?notice=forum_board_saved")
    }

    struct MoveBoardForm: Content { var direction: String? }

    /// Moves a board one place up or down in the forum.
    @Sendable func moveBoard(req: Request) async throws -> Response {
        try Self.requireAdmin(req)
        let board = try await Self.board(req)
        let direction = try req.content.decode(MoveBoardForm.self).direction
        guard direction == "up" || direction == "down" else { throw Abort(.unprocessableEntity, reason: "group.error.choose") }
        var boards = try await ForumBoard.query(on: req.db).filter(\.$group.$id == board.$group.id).sort(\.$position).sort(\.$name).all()
        if let index = boards.firstIndex(where: { $0.id == board.id }) {
            let other = direction == "up" ? index - 1 : index + 1
            if boards.indices.contains(other) { boards.swapAt(index, other) }
        }
        let ordered = boards
        try await req.db.transaction { db in
            for (position, each) in ordered.enumerated() where each.position != position {
                each.position = position
                try await each.save(on: db)
            }
        }
        return .seeOther(Self.base(req))
    }

    @Sendable func showDeleteBoard(req: Request) async throws -> Response {
        try Self.requireAdmin(req)
        let board = try await Self.board(req)
        let threads = try await ForumThread.query(on: req.db).filter(\.$board.$id == board.requireID()).count()
        let here = "\(Self.base(req))/boards/\(try board.requireID().uuidString)"
        return ModuleConfirmPage(
            layout: req.layout(title: req.t("forum.board.delete.title", ["name": board.name])), chrome: req.moduleContext.chrome("forum", t: req.t),
            lead: req.t.plural("forum.board.delete.lead", threads), action: here + "/delete", submit: req.t("forum.board.delete"), cancel: here
        ).response()
    }

    /// Deletes a board with all its threads.
    @Sendable func deleteBoard(req: Request) async throws -> Response {
        try Self.requireAdmin(req)
        let board = try await Self.board(req)
        let threads = try await ForumThread.query(on: req.db).filter(\.$board.$id == board.requireID()).all(\.$id)
        try await req.db.transaction { db in
            for threadID in threads { try await SearchIndex.remove(module: "forum", item: threadID, on: db) }
            try await board.delete(on: db)
        }
        return .seeOther("\(Self.base(req))?notice=forum_board_deleted")
    }
}
