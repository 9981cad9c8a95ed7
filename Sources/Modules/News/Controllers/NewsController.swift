import Fluent
import IGroupsCore
import SQLKit
import Vapor

/// `/g/:group/news`: posts, comments, likes, subscriptions and the Atom feed.
struct NewsController: RouteCollection {
    static let perPage = 10
    static let maxBody = 100_000
    static let maxComment = 10_000
    /// A second identical post or comment within this time is the same form sent twice.
    static let doubleSubmitWindow: TimeInterval = 60

    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: list)
        routes.get("feed.atom", use: feed)
        routes.post("subscription", use: subscribe)
        routes.get("new", use: showNew)
        routes.on(.POST, "new", body: .collect(maxSize: "12mb"), use: create)
        routes.get(":post", use: show)
        routes.get(":post", "image", use: image)
        routes.get(":post", "edit", use: showEdit)
        routes.on(.POST, ":post", "edit", body: .collect(maxSize: "12mb"), use: update)
        routes.get(":post", "delete", use: showDelete)
        routes.post(":post", "delete", use: delete)
        routes.post(":post", "pin", use: pin)
        routes.post(":post", "like", use: like)
        routes.post(":post", "comments", use: comment)
        routes.post(":post", "comments", ":comment", "delete", use: deleteComment)
    }

    // MARK: - Who may do what

    /// Members who have verified their address take part: comment, like, subscribe.
    static func requireParticipant(_ req: Request) throws -> ModuleContext {
        let viewer = try req.requireViewer()
        let context = req.moduleContext
        guard context.group.isMember, viewer.isVerified else { throw Abort(.forbidden, reason: "news.error.members_only") }
        return context
    }

    /// The author of a post, and the group's admins, change it.
    static func mayChange(authorID: UUID?, context: ModuleContext) -> Bool {
        guard let viewer = context.group.viewer, viewer.isVerified, let role = context.group.role else { return false }
        return role >= .admin || (authorID != nil && authorID == viewer.id)
    }

    static func post(_ req: Request) async throws -> NewsPost {
        guard let id = req.parameters.get("post", as: UUID.self),
              let post = try await NewsPost.query(on: req.db).filter(\.$id == id).filter(\.$group.$id == req.moduleContext.group.group.requireID()).first()
        else { throw Abort(.notFound) }
        return post
    }

    // MARK: - Reading

    struct PostRow: Decodable, Sendable {
        let id: UUID
        let author_id: UUID?
        let title: String
        let body_html: String
        let pinned: Bool
        let image_version: Int?
        let edited_at: Date?
        let created_at: Date?
        let username: String?
        let name: String?
    }

    static func postQuery(_ db: any Database, groupID: UUID) -> SQLSelectBuilder {
        db.sql.select()
            .column(SQLColumn("id", table: NewsPost.schema)).column(SQLColumn("author_id", table: NewsPost.schema))
            .column(SQLColumn("title", table: NewsPost.schema)).column(SQLColumn("body_html", table: NewsPost.schema))
            .column(SQLColumn("pinned", table: NewsPost.schema)).column(SQLColumn("image_version", table: NewsPost.schema))
            .column(SQLColumn("edited_at", table: NewsPost.schema)).column(SQLColumn("created_at", table: NewsPost.schema))
            .column(SQLColumn("username", table: User.schema)).column(SQLColumn("name", table: User.schema))
            .from(NewsPost.schema)
            .join(User.schema, method: SQLJoinMethod.left, on: SQLColumn("author_id", table: NewsPost.schema), .equal, SQLColumn("id", table: User.schema))
            .where(SQLColumn("group_id", table: NewsPost.schema), .equal, SQLBind(groupID))
    }

    /// Counts per post for a page of posts, in one query.
    static func counts(_ table: String, posts: [UUID], on db: any Database) async throws -> [UUID: Int] {
        guard !posts.isEmpty else { return [:] }
        struct Row: Decodable { let post_id: UUID; let n: Int }
        var query = db.sql.select().column("post_id").column(SQLAlias(SQLRaw("CAST(COUNT(*) AS BIGINT)"), as: SQLIdentifier("n"))).from(table)
            .where("post_id", .in, SQLGroupExpression(SQLList(posts.map { SQLBind($0) })))
        if table == NewsComment.schema { query = query.where("deleted_at", .is, SQLLiteral.null) }
        let rows = try await query.groupBy("post_id").all(decoding: Row.self)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.post_id, $0.n) })
    }

    /// Pinned posts first, then the newest; ten a page.
    @Sendable func list(req: Request) async throws -> Response {
        let context = req.moduleContext
        let group = context.group.group
        let groupID = try group.requireID()
        struct Count: Decodable { let n: Int }
        let total = try await req.db.sql.select().column(SQLAlias(SQLRaw("CAST(COUNT(*) AS BIGINT)"), as: SQLIdentifier("n"))).from(NewsPost.schema)
            .where("group_id", .equal, SQLBind(groupID)).where("title", .notEqual, SQLBind("")).first(decoding: Count.self)?.n ?? 0
        let pagination = Pagination(page: Pagination.requestedPage(req), perPage: Self.perPage, total: total)
        let rows = try await Self.postQuery(req.db, groupID: groupID)
            .where(SQLColumn("title", table: NewsPost.schema), .notEqual, SQLBind(""))
            .orderBy(SQLOrderBy(expression: SQLColumn("pinned", table: NewsPost.schema), direction: SQLDirection.descending))
            .orderBy(SQLOrderBy(expression: SQLColumn("created_at", table: NewsPost.schema), direction: SQLDirection.descending))
            .offset(pagination.offset).limit(Self.perPage).all(decoding: PostRow.self)
        let ids = rows.map(\.id)
        let comments = try await Self.counts(NewsComment.schema, posts: ids, on: req.db)
        let likes = try await Self.counts(NewsLike.schema, posts: ids, on: req.db)
        var subscription: NewsSubscription.Mode??
        if context.group.isMember, let viewerID = context.group.viewer?.id {
            let found = try await NewsSubscription.query(on: req.db).filter(\.$group.$id == groupID).filter(\.$user.$id == viewerID).first()
            subscription = .some(found?.mode)
        }
        let posts = rows.map { row in
            NewsList.Post(
                row: row, comments: comments[row.id] ?? 0, likes: likes[row.id] ?? 0,
                imageURL: row.image_version.map { "/g/\(group.slug)/news/\(row.id.uuidString)/image?v=\($0)" }
            )
        }
        return NewsList(
            layout: req.layout(title: req.t("news.name")), chrome: context.chrome("news", t: req.t), posts: posts, pagination: pagination,
            mayWrite: context.mayWrite, subscription: subscription, feed: group.visibility == .public ? "/g/\(group.slug)/news/feed.atom" : nil
        ).response()
    }

    /// A post with its comments (replies under the comment they answer) and who liked it.
    @Sendable func show(req: Request) async throws -> Response {
        let context = req.moduleContext
        let group = context.group.group
        guard let id = req.parameters.get("post", as: UUID.self),
              let row = try await Self.postQuery(req.db, groupID: try group.requireID()).where(SQLColumn("id", table: NewsPost.schema), .equal, SQLBind(id)).first(decoding: PostRow.self)
        else { throw Abort(.notFound) }
        struct CommentRow: Decodable {
            let id: UUID
            let parent_id: UUID?
            let author_id: UUID?
            let body_html: String
            let deleted_at: Date?
            let created_at: Date?
            let username: String?
            let name: String?
        }
        let comments = try await req.db.sql.select()
            .column(SQLColumn("id", table: NewsComment.schema)).column(SQLColumn("parent_id", table: NewsComment.schema))
            .column(SQLColumn("author_id", table: NewsComment.schema)).column(SQLColumn("body_html", table: NewsComment.schema))
            .column(SQLColumn("deleted_at", table: NewsComment.schema)).column(SQLColumn("created_at", table: NewsComment.schema))
            .column(SQLColumn("username", table: User.schema)).column(SQLColumn("name", table: User.schema))
            .from(NewsComment.schema)
            .join(User.schema, method: SQLJoinMethod.left, on: SQLColumn("author_id", table: NewsComment.schema), .equal, SQLColumn("id", table: User.schema))
            .where(SQLColumn("post_id", table: NewsComment.schema), .equal, SQLBind(id))
            .orderBy(SQLColumn("created_at", table: NewsComment.schema))
            .all(decoding: CommentRow.self)
        struct LikeRow: Decodable { let user_id: UUID; let name: String }
        let likes = try await req.db.sql.select()
            .column(SQLColumn("user_id", table: NewsLike.schema)).column(SQLColumn("name", table: User.schema))
            .from(NewsLike.schema)
            .join(User.schema, on: SQLColumn("user_id", table: NewsLike.schema), .equal, SQLColumn("id", table: User.schema))
            .where(SQLColumn("post_id", table: NewsLike.schema), .equal, SQLBind(id))
            .orderBy(SQLColumn("created_at", table: NewsLike.schema))
            .all(decoding: LikeRow.self)
        let viewerID = context.group.viewer?.id
        let isAdmin = context.group.mayAdminister
        let mayTakePart = context.group.isMember && context.group.viewer?.isVerified == true
        // Who liked is for the group's members; others see how many.
        let showNames = context.group.isMember || context.group.isOperator
        let all = comments.map { c in
            NewsPostPage.Comment(
                id: c.id, parentID: c.parent_id, bodyHTML: c.deleted_at == nil ? c.body_html : nil,
                author: c.name.map { ($0, c.username ?? "") }, at: c.created_at ?? Date(),
                mayDelete: c.deleted_at == nil && viewerID != nil && mayTakePart && (isAdmin || c.author_id == viewerID)
            )
        }
        return NewsPostPage(
            layout: req.layout(title: row.title.isEmpty ? req.t("news.deleted_post") : row.title), chrome: context.chrome("news", t: req.t),
            post: NewsList.Post(row: row, comments: all.count, likes: likes.count, imageURL: row.image_version.map { "/g/\(group.slug)/news/\(row.id.uuidString)/image?v=\($0)" }),
            comments: all.filter { $0.parentID == nil }, replies: Dictionary(grouping: all.filter { $0.parentID != nil }, by: { $0.parentID! }),
            likedBy: showNames ? likes.map(\.name) : nil, likeCount: likes.count, viewerLikes: likes.contains { $0.user_id == viewerID },
            mayTakePart: mayTakePart, mayChange: !row.title.isEmpty && Self.mayChange(authorID: row.author_id, context: context), mayPin: isAdmin && !row.title.isEmpty
        ).response()
    }

    /// The picture, for whoever may read the post.
    @Sendable func image(req: Request) async throws -> Response {
        let post = try await Self.post(req)
        guard !post.title.isEmpty, let version = post.imageVersion, let bytes = try await req.application.files.read(NewsPost.imageKey(groupID: post.$group.id, postID: try post.requireID())) else { throw Abort(.notFound) }
        let response = Response(status: .ok, body: .init(buffer: bytes))
        response.headers.contentType = .jpeg
        let scope = req.moduleContext.group.group.visibility == .public ? "public" : "private"
        let current = req.query[Int.self, at: "v"] == version
        response.headers.replaceOrAdd(name: .cacheControl, value: current ? "\(scope), max-age=31536000, immutable" : "\(scope), no-cache")
        return response
    }

    // MARK: - Writing posts

    struct Form: Content {
        var title: String?
        var body: String?
        var image: File?
        var removeImage: String?
        /// Made when the form is shown and used as the new post's id, so the same form sent twice makes one post.
        var token: String?

        enum CodingKeys: String, CodingKey {
            case title, body, image, token
            case removeImage = "remove_image"
        }
    }

    static func requireWriter(_ req: Request) throws {
        let viewer = try req.requireViewer()
        guard req.moduleContext.mayWrite, viewer.isVerified else { throw Abort(.forbidden, reason: "news.error.may_not_write") }
    }

    /// Checks the form and shrinks a chosen picture; errors by field.
    static func validate(_ form: Form, req: Request) async -> (title: String, body: String, image: ByteBuffer?, errors: FormErrors) {
        let t = req.t
        var errors = FormErrors()
        let title = (form.title ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let body = (form.body ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty { errors.add("title", t("news.error.title")) }
        if title.count > 200 { errors.add("title", t("profile.error.too_long", ["max": "200"])) }
        if body.isEmpty { errors.add("body", t("news.error.body")) }
        if body.count > maxBody { errors.add("body", t("profile.error.too_long", ["max": "100000"])) }
        let image = await req.shrinkUpload(form.image, field: "image", box: 1600, maxBytes: 10 * 1024 * 1024, output: .jpeg, errors: &errors)
        return (title, body, image, errors)
    }

    func editPage(_ req: Request, form: Form, action: String, title: String, hasImage: Bool, errors: FormErrors, status: HTTPResponseStatus = .ok) -> Response {
        let context = req.moduleContext
        return NewsEdit(layout: req.layout(title: title), chrome: context.chrome("news", t: req.t), form: form, action: action, hasImage: hasImage, errors: errors).response(status: status)
    }

    @Sendable func showNew(req: Request) async throws -> Response {
        try Self.requireWriter(req)
        return editPage(req, form: Form(token: UUID().uuidString), action: "new", title: req.t("news.new"), hasImage: false, errors: FormErrors())
    }

    /// Publishes a post and tells the subscribers; the same form sent twice makes one post.
    @Sendable func create(req: Request) async throws -> Response {
        try Self.requireWriter(req)
        let context = req.moduleContext
        let groupID = try context.group.group.requireID()
        let viewerID = try context.group.viewer!.requireID()
        let form = try req.content.decode(Form.self)
        let checked = await Self.validate(form, req: req)
        guard checked.errors.isEmpty else {
            return editPage(req, form: form, action: "new", title: req.t("news.new"), hasImage: false, errors: checked.errors, status: .unprocessableEntity)
        }
        let since = Date().addingTimeInterval(-Self.doubleSubmitWindow)
        let token = form.token.flatMap(UUID.init(uuidString:))
        if let token, let sent = try await NewsPost.find(token, on: req.db) {
            guard sent.$group.id == groupID, sent.$author.id == viewerID else { throw Abort(.conflict) }
            return .seeOther("/g/\(context.group.group.slug)/news/\(token)")
        }
        if let twin = try await NewsPost.query(on: req.db).filter(\.$group.$id == groupID).filter(\.$author.$id == viewerID)
            .filter(\.$title == checked.title).filter(\.$body == checked.body).filter(\.$createdAt > since).first() {
            return .seeOther("/g/\(context.group.group.slug)/news/\(try twin.requireID())")
        }
        let post = NewsPost()
        post.id = token ?? UUID()
        post.$group.id = groupID
        post.$author.id = viewerID
        post.title = checked.title
        post.body = checked.body
        post.bodyHTML = Markdown.render(checked.body)
        post.pinned = false
        if let image = checked.image {
            try await req.application.files.write(image, to: NewsPost.imageKey(groupID: groupID, postID: try post.requireID()))
            post.imageVersion = 1
        }
        do {
            try await req.db.transaction { db in
                try await post.create(on: db)
                if let document = try post.searchDocument() { try await SearchIndex.put(document, on: db) }
                try await NewsMail.queueNotify(postID: post.requireID(), app: req.application, on: db)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // The twin request won the race: its post is this one.
            return .seeOther("/g/\(context.group.group.slug)/news/\(try post.requireID())")
        }
        return .seeOther("/g/\(context.group.group.slug)/news/\(try post.requireID())?notice=news_published")
    }

    static func requireChanger(_ req: Request, _ post: NewsPost) throws {
        _ = try req.requireViewer()
        guard !post.title.isEmpty, mayChange(authorID: post.$author.id, context: req.moduleContext) else { throw Abort(.forbidden, reason: "news.error.may_not_change") }
    }

    @Sendable func showEdit(req: Request) async throws -> Response {
        let post = try await Self.post(req)
        try Self.requireChanger(req, post)
        return editPage(req, form: Form(title: post.title, body: post.body), action: "\(try post.requireID())/edit", title: req.t("news.edit"), hasImage: post.imageVersion != nil, errors: FormErrors())
    }

    /// Saves changes; the post then shows that it was edited.
    @Sendable func update(req: Request) async throws -> Response {
        let post = try await Self.post(req)
        try Self.requireChanger(req, post)
        let form = try req.content.decode(Form.self)
        let checked = await Self.validate(form, req: req)
        let postID = try post.requireID()
        guard checked.errors.isEmpty else {
            return editPage(req, form: form, action: "\(postID)/edit", title: req.t("news.edit"), hasImage: post.imageVersion != nil, errors: checked.errors, status: .unprocessableEntity)
        }
        let key = NewsPost.imageKey(groupID: post.$group.id, postID: postID)
        if let image = checked.image {
            try await req.application.files.write(image, to: key)
            post.imageVersion = (post.imageVersion ?? 0) + 1
        } else if form.removeImage != nil, post.imageVersion != nil {
            try await req.application.files.delete(key)
            post.imageVersion = nil
        }
        if post.title != checked.title || post.body != checked.body { post.editedAt = Date() }
        post.title = checked.title
        post.body = checked.body
        post.bodyHTML = Markdown.render(checked.body)
        try await req.db.transaction { db in
            try await post.save(on: db)
            if let document = try post.searchDocument() { try await SearchIndex.put(document, on: db) }
        }
        return .seeOther("/g/\(req.moduleContext.group.group.slug)/news/\(postID)?notice=news_saved")
    }

    @Sendable func showDelete(req: Request) async throws -> Response {
        let post = try await Self.post(req)
        try Self.requireChanger(req, post)
        let context = req.moduleContext
        let here = "/g/\(context.group.group.slug)/news/\(try post.requireID())"
        return ModuleConfirmPage(
            layout: req.layout(title: req.t("news.delete.title", ["title": post.title])), chrome: context.chrome("news", t: req.t),
            lead: req.t("news.delete.lead"), action: here + "/delete", submit: req.t("news.delete"), cancel: here
        ).response()
    }

    /// Deletes a post with its comments, likes and picture, and takes them out of the search.
    @Sendable func delete(req: Request) async throws -> Response {
        let post = try await Self.post(req)
        try Self.requireChanger(req, post)
        let postID = try post.requireID()
        let key = NewsPost.imageKey(groupID: post.$group.id, postID: postID)
        try await req.db.transaction { db in
            try await SearchIndex.remove(module: "news", item: postID, on: db)
            try await post.delete(on: db)
        }
        try await req.application.files.delete(key)
        return .seeOther("/g/\(req.moduleContext.group.group.slug)/news?notice=news_deleted")
    }

    /// Pins a post to the top, or unpins it; admins only.
    @Sendable func pin(req: Request) async throws -> Response {
        _ = try req.requireViewer()
        let post = try await Self.post(req)
        guard req.moduleContext.group.mayAdminister, !post.title.isEmpty else { throw Abort(.forbidden, reason: "group.error.admins_only") }
        post.pinned.toggle()
        try await post.save(on: req.db)
        return .seeOther("/g/\(req.moduleContext.group.group.slug)/news/\(try post.requireID())")
    }

    // MARK: - Taking part

    /// Likes a post, or takes the like back.
    @Sendable func like(req: Request) async throws -> Response {
        let context = try Self.requireParticipant(req)
        let post = try await Self.post(req)
        let viewerID = try context.group.viewer!.requireID()
        let postID = try post.requireID()
        if let existing = try await NewsLike.query(on: req.db).filter(\.$post.$id == postID).filter(\.$user.$id == viewerID).first() {
            try await existing.delete(on: req.db)
        } else {
            do {
                try await NewsLike(postID: postID, userID: viewerID).create(on: req.db)
            } catch let error as any DatabaseError where error.isConstraintFailure {
                // Two clicks at once: one like is there, which is what was asked.
            }
        }
        return .seeOther("/g/\(context.group.group.slug)/news/\(postID)#likes")
    }

    struct CommentForm: Content {
        var body: String?
        var parent: String?
        /// The new comment's id, made with the form: the same form sent twice makes one comment.
        var token: String?
    }

    /// Adds a comment, or a reply to a comment (a reply to a reply answers the same comment).
    @Sendable func comment(req: Request) async throws -> Response {
        let context = try Self.requireParticipant(req)
        let post = try await Self.post(req)
        let postID = try post.requireID()
        let viewerID = try context.group.viewer!.requireID()
        let form = try req.content.decode(CommentForm.self)
        let body = (form.body ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !body.isEmpty, body.count <= Self.maxComment else {
            throw Abort(.unprocessableEntity, reason: body.isEmpty ? "news.error.comment_empty" : "news.error.comment_long")
        }
        var parentID: UUID?
        if let raw = form.parent, !raw.isEmpty {
            guard let id = UUID(uuidString: raw), let parent = try await NewsComment.query(on: req.db).filter(\.$id == id).filter(\.$post.$id == postID).first() else {
                throw Abort(.unprocessableEntity, reason: "news.error.comment_gone")
            }
            parentID = parent.$parent.id ?? id
        }
        let since = Date().addingTimeInterval(-Self.doubleSubmitWindow)
        let twin = try await NewsComment.query(on: req.db).filter(\.$post.$id == postID).filter(\.$author.$id == viewerID)
            .filter(\.$body == body).filter(\.$createdAt > since).first()
        let token = form.token.flatMap(UUID.init(uuidString:))
        var sent: NewsComment?
        if let token { sent = try await NewsComment.find(token, on: req.db) }
        if twin == nil, sent == nil {
            let comment = NewsComment()
            comment.id = token
            comment.$post.id = postID
            comment.$parent.id = parentID
            comment.$author.id = viewerID
            comment.body = body
            comment.bodyHTML = Markdown.render(body)
            do {
                let groupID = try context.group.group.requireID()
                try await req.db.transaction { db in
                    try await comment.create(on: db)
                    if let document = try comment.searchDocument(groupID: groupID) { try await SearchIndex.put(document, on: db) }
                }
            } catch let error as any DatabaseError where error.isConstraintFailure {
                // The same form, sent twice at once: the other request saved it.
            }
        }
        return .seeOther("/g/\(context.group.group.slug)/news/\(postID)#comments")
    }

    /// Deletes a comment: the author or an admin; replies keep their place under a marker.
    @Sendable func deleteComment(req: Request) async throws -> Response {
        let context = try Self.requireParticipant(req)
        let post = try await Self.post(req)
        guard let id = req.parameters.get("comment", as: UUID.self),
              let comment = try await NewsComment.query(on: req.db).filter(\.$id == id).filter(\.$post.$id == post.requireID()).first(),
              comment.deletedAt == nil
        else { throw Abort(.notFound) }
        guard context.group.mayAdminister || comment.$author.id == context.group.viewer?.id else { throw Abort(.forbidden, reason: "news.error.may_not_change") }
        comment.deletedAt = Date()
        comment.body = ""
        comment.bodyHTML = ""
        try await req.db.transaction { db in
            try await comment.save(on: db)
            try await SearchIndex.remove(module: "news", item: id, on: db)
        }
        return .seeOther("/g/\(context.group.group.slug)/news/\(try post.requireID())#comments")
    }

    struct SubscriptionForm: Content { var mode: String? }

    /// Gets new posts by mail at once, in a daily digest, or not at all.
    @Sendable func subscribe(req: Request) async throws -> Response {
        let context = try Self.requireParticipant(req)
        let groupID = try context.group.group.requireID()
        let viewerID = try context.group.viewer!.requireID()
        let raw = try req.content.decode(SubscriptionForm.self).mode ?? ""
        let existing = try await NewsSubscription.query(on: req.db).filter(\.$group.$id == groupID).filter(\.$user.$id == viewerID).first()
        if let mode = NewsSubscription.Mode(rawValue: raw) {
            let subscription = existing ?? NewsSubscription()
            // A digest starts from now: what came before was already sent at once, or is not wanted.
            if subscription.id == nil || subscription.mode != mode { subscription.digestUntil = Date() }
            subscription.$group.id = groupID
            subscription.$user.id = viewerID
            subscription.mode = mode
            try await subscription.save(on: req.db)
        } else if raw == "none" {
            try await existing?.delete(on: req.db)
        } else {
            throw Abort(.unprocessableEntity, reason: "group.error.choose")
        }
        return .seeOther("/g/\(context.group.group.slug)/news?notice=news_subscription_saved")
    }

    // MARK: - Feed

    /// The Atom feed of a public group's news; other groups have none.
    @Sendable func feed(req: Request) async throws -> Response {
        let group = req.moduleContext.group.group
        guard group.visibility == .public else { throw Abort(.notFound) }
        let rows = try await Self.postQuery(req.db, groupID: try group.requireID())
            .where(SQLColumn("title", table: NewsPost.schema), .notEqual, SQLBind(""))
            .orderBy(SQLOrderBy(expression: SQLColumn("created_at", table: NewsPost.schema), direction: SQLDirection.descending))
            .limit(20).all(decoding: PostRow.self)
        let settings = req.application.settings
        let response = Response(status: .ok, body: .init(string: NewsFeed.atom(group: group, posts: rows, absolute: settings.absolute)))
        response.headers.replaceOrAdd(name: .contentType, value: "application/atom+xml; charset=utf-8")
        return response
    }
}
