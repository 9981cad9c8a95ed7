import Fluent
import IGroupsCore
import SQLKit
import Vapor

extension ForumController {
    struct ThreadForm: Content {
        var title: String?
        var body: String?
        /// Made with the form and used as the first post's id: the same form sent twice makes one thread.
        var token: String?
    }

    struct ReplyForm: Content {
        var body: String?
        var token: String?
    }

    /// A body's problem, as a translation key, or nil.
    static func bodyProblem(_ body: String) -> String? {
        if body.isEmpty { return "forum.error.body_empty" }
        if body.count > maxBody { return "forum.error.body_long" }
        return nil
    }

    // MARK: - New thread

    @Sendable func showNewThread(req: Request) async throws -> Response {
        _ = try req.requireViewer()
        let board = try await Self.board(req)
        guard Self.rights(req).posts(in: board.adminsOnly) else { throw Abort(.forbidden, reason: "forum.error.may_not_post") }
        return threadFormPage(req, board: board, form: ThreadForm(token: UUID().uuidString), errors: FormErrors())
    }

    func threadFormPage(_ req: Request, board: ForumBoard, form: ThreadForm, errors: FormErrors, status: HTTPResponseStatus = .ok) -> Response {
        ForumThreadFormPage(
            layout: req.layout(title: req.t("forum.thread.new")), chrome: req.moduleContext.chrome("forum", t: req.t),
            boardID: board.id ?? UUID(), boardName: board.name, form: form, errors: errors
        ).response(status: status)
    }

    /// Starts a thread with its first post; its author watches it.
    @Sendable func createThread(req: Request) async throws -> Response {
        _ = try req.requireViewer()
        let board = try await Self.board(req)
        let rights = Self.rights(req)
        guard rights.posts(in: board.adminsOnly), let viewerID = rights.viewerID else { throw Abort(.forbidden, reason: "forum.error.may_not_post") }
        let form = try req.content.decode(ThreadForm.self)
        let title = (form.title ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let body = (form.body ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var errors = FormErrors()
        if title.isEmpty { errors.add("title", req.t("forum.error.title_empty")) }
        if title.count > Self.maxTitle { errors.add("title", req.t("profile.error.too_long", ["max": String(Self.maxTitle)])) }
        if let problem = Self.bodyProblem(body) { errors.add("body", req.t(problem, ["max": req.t.number(Self.maxBody)])) }
        guard errors.isEmpty else { return threadFormPage(req, board: board, form: form, errors: errors, status: .unprocessableEntity) }
        let base = Self.base(req)
        let groupID = try req.moduleContext.group.group.requireID()
        let token = form.token.flatMap(UUID.init(uuidString:))
        if let token, let sent = try await ForumPost.find(token, on: req.db) {
            guard sent.$group.id == groupID, sent.$author.id == viewerID else { throw Abort(.conflict) }
            return .seeOther("\(base)/threads/\(sent.$thread.id.uuidString)")
        }
        let since = Date().addingTimeInterval(-Self.doubleSubmitWindow)
        if let twin = try await ForumThread.query(on: req.db).filter(\.$board.$id == board.requireID()).filter(\.$author.$id == viewerID)
            .filter(\.$title == title).filter(\.$createdAt > since).first(),
           try await ForumPost.query(on: req.db).filter(\.$thread.$id == twin.requireID()).filter(\.$position == 1).filter(\.$body == body).first() != nil {
            return .seeOther("\(base)/threads/\(try twin.requireID().uuidString)")
        }
        let now = Date()
        let thread = ForumThread()
        thread.id = UUID()
        thread.$group.id = groupID
        thread.$board.id = try board.requireID()
        thread.$author.id = viewerID
        thread.title = title
        thread.pinned = false
        thread.locked = false
        thread.postCount = 1
        thread.lastPostAt = now
        thread.$lastAuthor.id = viewerID
        let post = ForumPost()
        post.id = token ?? UUID()
        post.$thread.id = try thread.requireID()
        post.$group.id = groupID
        post.$author.id = viewerID
        post.position = 1
        post.body = body
        post.bodyHTML = Markdown.render(body)
        do {
            try await req.db.transaction { db in
                try await thread.create(on: db)
                try await post.create(on: db)
                try await ForumBoard.count(threads: 1, on: thread.$board.id, db)
                try await Self.watch(userID: viewerID, threadID: thread.requireID(), from: 1, readTo: 1, on: db)
                try await ForumMentions.notify(in: body, before: nil, post: post, thread: thread, req: req, on: db)
                try await ForumSearch.index(post, thread: thread, on: db)
            }
        } catch {
            // The same form sent twice at once: the other request made the thread.
            guard (error as? any DatabaseError)?.isConstraintFailure == true, let sent = try await ForumPost.find(post.id, on: req.db) else { throw error }
            return .seeOther("\(base)/threads/\(sent.$thread.id.uuidString)")
        }
        return .seeOther("\(base)/threads/\(try thread.requireID().uuidString)?notice=forum_thread_started")
    }

    /// Watches a thread from a post on (mail comes about what follows it) and, for its author, notes it
    /// read up to their own post; in one go and without failing on a second click.
    static func watch(userID: UUID, threadID: UUID, from start: Int, readTo position: Int?, on db: any Database) async throws {
        let now = SQLBind(Date())
        try await db.sql.raw("""
            INSERT INTO forum_watches (id, user_id, thread_id, from_position, created_at)
            VALUES (\(bind: UUID()), \(bind: userID), \(bind: threadID), \(bind: start), \(now))
            ON CONFLICT (user_id, thread_id) DO NOTHING
            """).run()
        guard let position else { return }
        try await ForumReadBuffer.write([.init(userID: userID, threadID: threadID): position], on: db)
    }

    // MARK: - Replies

    /// The reply form on a page of its own; `?quote=<post>` starts it with that post quoted.
    @Sendable func showReply(req: Request) async throws -> Response {
        _ = try req.requireViewer()
        let thread = try await Self.threadModel(req)
        let board = try await ForumBoard.find(thread.$board.id, on: req.db)
        let rights = Self.rights(req)
        guard rights.posts(in: board?.adminsOnly ?? true) else { throw Abort(.forbidden, reason: "forum.error.may_not_post") }
        guard !thread.locked || rights.moderates else { throw Abort(.forbidden, reason: "forum.error.locked") }
        var body = ""
        if let quoteID = req.query[UUID.self, at: "quote"],
           let quoted = try await ForumPost.query(on: req.db).filter(\.$id == quoteID).filter(\.$thread.$id == thread.requireID()).with(\.$author).first(),
           quoted.deletedAt == nil, !quoted.body.isEmpty {
            body = ForumQuote.markdown(quoted.body, author: quoted.author?.name ?? req.t("forum.deleted_person")) + "\n\n"
        }
        return replyPage(req, thread: thread, form: ReplyForm(body: body, token: UUID().uuidString), error: nil)
    }

    func replyPage(_ req: Request, thread: ForumThread, form: ReplyForm, error: String?, status: HTTPResponseStatus = .ok) -> Response {
        ForumReplyPage(
            layout: req.layout(title: req.t("forum.reply.title", ["title": Self.shown(thread.title, req.t)])), chrome: req.moduleContext.chrome("forum", t: req.t),
            threadID: thread.id ?? UUID(), threadTitle: Self.shown(thread.title, req.t), form: form, error: error, mayPost: error == nil || status == .unprocessableEntity
        ).response(status: status)
    }

    /// Adds a reply at the end of the thread, watches the thread for its author and tells the others.
    @Sendable func reply(req: Request) async throws -> Response {
        _ = try req.requireViewer()
        let form = try req.content.decode(ReplyForm.self)
        let base = Self.base(req)
        let thread: ForumThread
        do {
            thread = try await Self.threadModel(req)
        } catch let abort as any AbortError where abort.status == .notFound {
            // Deleted while the reply was written: say so, and give the text back.
            return ForumGonePage(
                layout: req.layout(title: req.t("forum.gone.title")), chrome: req.moduleContext.chrome("forum", t: req.t), text: form.body ?? ""
            ).response(status: .notFound)
        }
        let rights = Self.rights(req)
        let board = try await ForumBoard.find(thread.$board.id, on: req.db)
        guard rights.posts(in: board?.adminsOnly ?? true), let viewerID = rights.viewerID else { throw Abort(.forbidden, reason: "forum.error.may_not_post") }
        guard !thread.locked || rights.moderates else {
            return replyPage(req, thread: thread, form: form, error: req.t("forum.error.locked"), status: .conflict)
        }
        let body = (form.body ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if let problem = Self.bodyProblem(body) {
            return replyPage(req, thread: thread, form: form, error: req.t(problem, ["max": req.t.number(Self.maxBody)]), status: .unprocessableEntity)
        }
        let threadID = try thread.requireID()
        let token = form.token.flatMap(UUID.init(uuidString:))
        if let token, let sent = try await ForumPost.find(token, on: req.db) {
            guard sent.$thread.id == threadID, sent.$author.id == viewerID else { throw Abort(.conflict) }
            return .seeOther(Self.postURL(base: base, threadID: threadID, position: sent.position))
        }
        let since = Date().addingTimeInterval(-Self.doubleSubmitWindow)
        if let twin = try await ForumPost.query(on: req.db).filter(\.$thread.$id == threadID).filter(\.$author.$id == viewerID)
            .filter(\.$body == body).filter(\.$createdAt > since).first() {
            return .seeOther(Self.postURL(base: base, threadID: threadID, position: twin.position))
        }
        let post = ForumPost()
        post.id = token ?? UUID()
        post.$thread.id = threadID
        post.$group.id = thread.$group.id
        post.$author.id = viewerID
        post.body = body
        post.bodyHTML = Markdown.render(body)
        do {
            try await req.db.transaction { db in
                // The thread's counter gives the post its number; two replies at once get two numbers.
                let now = Date()
                struct Counted: Decodable { let post_count: Int }
                guard let counted = try await db.sql.raw("""
                    UPDATE forum_threads SET post_count = post_count + 1, last_post_at = \(bind: now), last_author_id = \(bind: viewerID), updated_at = \(bind: now)
                    WHERE id = \(bind: threadID) RETURNING post_count
                    """).first(decoding: Counted.self)
                else { throw Abort(.notFound, reason: "forum.error.thread_gone") }
                post.position = counted.post_count
                try await post.create(on: db)
                try await Self.watch(userID: viewerID, threadID: threadID, from: counted.post_count, readTo: counted.post_count, on: db)
                try await ForumMentions.notify(in: body, before: nil, post: post, thread: thread, req: req, on: db)
                try await ForumMail.queueReply(postID: post.requireID(), app: req.application, on: db)
                try await ForumSearch.index(post, thread: thread, on: db)
            }
        } catch let abort as any AbortError where abort.status == .notFound {
            // Deleted while this reply was on its way: say so, and give the text back.
            return ForumGonePage(
                layout: req.layout(title: req.t("forum.gone.title")), chrome: req.moduleContext.chrome("forum", t: req.t), text: form.body ?? ""
            ).response(status: .notFound)
        } catch {
            // The same form sent twice at once: the other request saved the reply.
            guard (error as? any DatabaseError)?.isConstraintFailure == true, let sent = try await ForumPost.find(post.id, on: req.db) else { throw error }
            return .seeOther(Self.postURL(base: base, threadID: threadID, position: sent.position))
        }
        return .seeOther(Self.postURL(base: base, threadID: threadID, position: post.position))
    }

    // MARK: - Editing, history, deleting

    static func requireAuthor(_ req: Request, _ post: ForumPost) async throws -> ForumThread {
        let rights = rights(req)
        guard rights.takesPart, post.deletedAt == nil, post.$author.id != nil, post.$author.id == rights.viewerID else {
            throw Abort(.forbidden, reason: "forum.error.may_not_change")
        }
        guard let thread = try await ForumThread.find(post.$thread.id, on: req.db) else { throw Abort(.notFound) }
        guard !thread.locked || rights.moderates else { throw Abort(.forbidden, reason: "forum.error.locked") }
        return thread
    }

    @Sendable func showEdit(req: Request) async throws -> Response {
        _ = try req.requireViewer()
        let post = try await Self.postModel(req)
        let thread = try await Self.requireAuthor(req, post)
        return editPage(req, post: post, thread: thread, body: post.body, title: post.position == 1 ? thread.title : nil, errors: FormErrors())
    }

    func editPage(_ req: Request, post: ForumPost, thread: ForumThread, body: String, title: String?, errors: FormErrors, status: HTTPResponseStatus = .ok) -> Response {
        ForumEditPage(
            layout: req.layout(title: req.t("forum.post.edit")), chrome: req.moduleContext.chrome("forum", t: req.t),
            postID: post.id ?? UUID(), threadID: thread.id ?? UUID(), threadTitle: thread.title, title: title, body: body, errors: errors
        ).response(status: status)
    }

    /// Saves a new version; the old one goes into the post's history. The first post may change the title.
    @Sendable func edit(req: Request) async throws -> Response {
        _ = try req.requireViewer()
        let post = try await Self.postModel(req)
        let thread = try await Self.requireAuthor(req, post)
        let form = try req.content.decode(ThreadForm.self)
        let body = (form.body ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let title = (form.title ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var errors = FormErrors()
        if let problem = Self.bodyProblem(body) { errors.add("body", req.t(problem, ["max": req.t.number(Self.maxBody)])) }
        if post.position == 1 {
            if title.isEmpty { errors.add("title", req.t("forum.error.title_empty")) }
            if title.count > Self.maxTitle { errors.add("title", req.t("profile.error.too_long", ["max": String(Self.maxTitle)])) }
        }
        guard errors.isEmpty else {
            return editPage(req, post: post, thread: thread, body: form.body ?? "", title: post.position == 1 ? form.title ?? "" : nil, errors: errors, status: .unprocessableEntity)
        }
        let base = Self.base(req)
        let changedBody = body != post.body
        let changedTitle = post.position == 1 && title != thread.title
        if changedBody || changedTitle {
            let before = post.body
            try await req.db.transaction { db in
                if changedBody {
                    let revision = ForumRevision()
                    revision.$post.id = try post.requireID()
                    revision.$author.id = post.$author.id
                    revision.body = before
                    revision.writtenAt = post.editedAt ?? post.createdAt ?? Date()
                    try await revision.create(on: db)
                    post.body = body
                    post.bodyHTML = Markdown.render(body)
                    post.editedAt = Date()
                    try await post.save(on: db)
                    try await ForumMentions.notify(in: body, before: before, post: post, thread: thread, req: req, on: db)
                }
                if changedTitle {
                    thread.title = title
                    try await thread.save(on: db)
                }
                try await ForumSearch.index(post, thread: thread, on: db)
            }
        }
        return .seeOther(Self.postURL(base: base, threadID: thread.id ?? UUID(), position: post.position))
    }

    /// Every version of a post, newest first, each with what changed from the one before.
    @Sendable func history(req: Request) async throws -> Response {
        let post = try await Self.postModel(req)
        guard post.deletedAt == nil, let thread = try await ForumThread.find(post.$thread.id, on: req.db) else { throw Abort(.notFound) }
        let revisions = try await ForumRevision.query(on: req.db).filter(\.$post.$id == post.requireID()).sort(\.$writtenAt, .descending).all()
        // Newest first: the post as it is now, then each earlier version; each compared with the one before it.
        var versions: [(body: String, at: Date)] = [(post.body, post.editedAt ?? post.createdAt ?? Date())]
        versions += revisions.map { ($0.body, $0.writtenAt) }
        let shown = versions.enumerated().map { index, version in
            ForumHistoryPage.Version(at: version.at, diff: index + 1 < versions.count ? LineDiff.diff(versions[index + 1].body, version.body) : nil, body: version.body)
        }
        return ForumHistoryPage(
            layout: req.layout(title: req.t("forum.history.title")), chrome: req.moduleContext.chrome("forum", t: req.t),
            back: Self.postURL(base: Self.base(req), threadID: thread.id ?? UUID(), position: post.position), threadTitle: Self.shown(thread.title, req.t), versions: shown
        ).response()
    }

    static func requireDeleter(_ req: Request, _ post: ForumPost) throws -> ForumPost.Deletion {
        let rights = rights(req)
        guard rights.takesPart, post.deletedAt == nil else { throw Abort(.forbidden, reason: "forum.error.may_not_change") }
        if post.$author.id != nil, post.$author.id == rights.viewerID { return .author }
        guard rights.moderates else { throw Abort(.forbidden, reason: "forum.error.may_not_change") }
        return .moderator
    }

    @Sendable func showDeletePost(req: Request) async throws -> Response {
        _ = try req.requireViewer()
        let post = try await Self.postModel(req)
        _ = try Self.requireDeleter(req, post)
        let base = Self.base(req)
        return ModuleConfirmPage(
            layout: req.layout(title: req.t("forum.post.delete.title")), chrome: req.moduleContext.chrome("forum", t: req.t),
            lead: req.t("forum.post.delete.lead"), action: "\(base)/posts/\(try post.requireID().uuidString)/delete", submit: req.t("forum.post.delete"),
            cancel: Self.postURL(base: base, threadID: post.$thread.id, position: post.position)
        ).response()
    }

    /// Deletes a post's text and history; a marker with its number stays so the thread reads on.
    @Sendable func deletePost(req: Request) async throws -> Response {
        _ = try req.requireViewer()
        let post = try await Self.postModel(req)
        let by = try Self.requireDeleter(req, post)
        try await req.db.transaction { db in
            try await ForumRevision.query(on: db).filter(\.$post.$id == post.requireID()).delete()
            post.body = ""
            post.bodyHTML = ""
            post.deletedAt = Date()
            post.deletedBy = by
            try await post.save(on: db)
            if let thread = try await ForumThread.find(post.$thread.id, on: db) { try await ForumSearch.index(post, thread: thread, on: db) }
        }
        return .seeOther(Self.postURL(base: Self.base(req), threadID: post.$thread.id, position: post.position))
    }

    // MARK: - Watching and reporting

    /// Gets mail about new replies, or stops it.
    @Sendable func watch(req: Request) async throws -> Response {
        _ = try req.requireViewer()
        let rights = Self.rights(req)
        guard rights.takesPart, let viewerID = rights.viewerID else { throw Abort(.forbidden, reason: "forum.error.members_only") }
        let thread = try await Self.threadModel(req)
        let threadID = try thread.requireID()
        let notice: String
        if let existing = try await ForumWatch.query(on: req.db).filter(\.$user.$id == viewerID).filter(\.$thread.$id == threadID).first() {
            try await existing.delete(on: req.db)
            notice = "forum_unwatched"
        } else {
            // Mail comes for replies after the last one now; what I have read stays as it is.
            try await Self.watch(userID: viewerID, threadID: threadID, from: thread.postCount, readTo: nil, on: req.db)
            notice = "forum_watching"
        }
        return .seeOther("\(Self.base(req))/threads/\(threadID.uuidString)?notice=\(notice)")
    }

    struct ReportForm: Content { var reason: String? }

    @Sendable func showReport(req: Request) async throws -> Response {
        _ = try req.requireViewer()
        let post = try await Self.postModel(req)
        guard Self.rights(req).takesPart, post.deletedAt == nil else { throw Abort(.forbidden, reason: "forum.error.members_only") }
        return reportPage(req, post: post, reason: "", errors: FormErrors())
    }

    func reportPage(_ req: Request, post: ForumPost, reason: String, errors: FormErrors, status: HTTPResponseStatus = .ok) -> Response {
        let base = Self.base(req)
        return ForumReportFormPage(
            layout: req.layout(title: req.t("forum.report.title")), chrome: req.moduleContext.chrome("forum", t: req.t),
            action: "\(base)/posts/\(post.id?.uuidString ?? "")/report", back: Self.postURL(base: base, threadID: post.$thread.id, position: post.position),
            excerpt: Excerpt.of(post.body, limit: 300), reason: reason, errors: errors
        ).response(status: status)
    }

    /// Tells the moderators about a post; one open report per person and post.
    @Sendable func report(req: Request) async throws -> Response {
        _ = try req.requireViewer()
        let post = try await Self.postModel(req)
        let rights = Self.rights(req)
        guard rights.takesPart, let viewerID = rights.viewerID, post.deletedAt == nil else { throw Abort(.forbidden, reason: "forum.error.members_only") }
        let reason = (try req.content.decode(ReportForm.self).reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var errors = FormErrors()
        if reason.isEmpty { errors.add("reason", req.t("forum.error.reason_empty")) }
        if reason.count > 1_000 { errors.add("reason", req.t("profile.error.too_long", ["max": "1000"])) }
        guard errors.isEmpty else { return reportPage(req, post: post, reason: reason, errors: errors, status: .unprocessableEntity) }
        let back = Self.postURL(base: Self.base(req), threadID: post.$thread.id, position: post.position)
        let open = try await ForumReport.query(on: req.db).filter(\.$post.$id == post.requireID()).filter(\.$reporter.$id == viewerID).filter(\.$closedAt == nil).first()
        if open == nil {
            let report = ForumReport()
            report.$post.id = try post.requireID()
            report.$group.id = post.$group.id
            report.$reporter.id = viewerID
            report.reason = reason
            try await report.create(on: req.db)
        }
        return .seeOther(back.replacingOccurrences(of: "#", with: "&notice=forum_reported#"))
    }
}

/// Quoting a post in a reply: the author's name and their text as a Markdown block quote.
enum ForumQuote {
    static func markdown(_ body: String, author: String) -> String {
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false).prefix(40)
        let quoted = lines.map { $0.isEmpty ? ">" : "> " + $0 }.joined(separator: "\n")
        return "> **\(author.replacingOccurrences(of: "*", with: "")):**\n>\n" + quoted
    }
}
