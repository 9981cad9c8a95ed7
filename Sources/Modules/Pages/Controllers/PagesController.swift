import Fluent
import IGroupsCore
import SQLKit
import Vapor

/// The pages of a group: list, read, write with preview, delete; history in `PagesController+History`.
struct PagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: list)
        routes.get("new", use: showNew)
        routes.post("new", use: create)
        routes.post("preview", use: livePreview)
        routes.get(":page", use: show)
        routes.get(":page", "edit", use: showEdit)
        routes.post(":page", "edit", use: update)
        routes.get(":page", "delete", use: showDelete)
        routes.post(":page", "delete", use: delete)
        routes.get(":page", "history", use: history)
        routes.get(":page", "history", ":revision", use: revision)
        routes.post(":page", "history", ":revision", "restore", use: restore)
    }

    /// What the page form sends.
    struct Form: Content {
        var title: String?
        var slug: String?
        var body: String?
        var position: Int?
        var visibility: String?
        /// The revision the editor started from, to notice someone else's save in between.
        var base: String?
        /// Set by the preview button.
        var preview: String?
    }

    /// The pages the viewer may read, in menu order.
    @Sendable func list(req: Request) async throws -> Response {
        let context = req.moduleContext
        let pages = try await Self.readable(context, on: req.db).sort(\.$position).sort(\.$title).all()
        let chrome = context.chrome("pages", t: req.t)
        let rows = pages.map { PageList.Row(slug: $0.slug, title: $0.title, updated: $0.updatedAt ?? Date(), isPublic: $0.visibility == .public) }
        return PageList(layout: req.layout(title: req.t("pages.name")), chrome: chrome, rows: rows, mayWrite: context.mayWrite).response()
    }

    /// Pages of the group this viewer may read: members-only pages only for members.
    static func readable(_ context: ModuleContext, on db: any Database) throws -> QueryBuilder<TextPage> {
        let groupID = try context.group.group.requireID()
        let query = TextPage.query(on: db).filter(\.$group.$id == groupID)
        if !context.group.isMember && !context.group.isOperator { query.filter(\.$visibility == .public) }
        return query
    }

    /// The page in the URL, or 404 (also for a members-only page and a non-member).
    static func page(_ req: Request) async throws -> TextPage {
        let slug = req.parameters.get("page") ?? ""
        guard let page = try await readable(req.moduleContext, on: req.db).filter(\.$slug == slug).first() else { throw Abort(.notFound) }
        return page
    }

    static func requireWriter(_ req: Request) throws {
        _ = try req.requireViewer()
        guard req.moduleContext.mayWrite else { throw Abort(.forbidden, reason: "pages.error.may_not_write") }
    }

    /// A page, read as one plain row (the hot path: no model, one query).
    @Sendable func show(req: Request) async throws -> Response {
        struct Row: Decodable {
            let slug: String
            let title: String
            let body_html: String
            let updated_at: Date?
        }
        let context = req.moduleContext
        var query = req.db.sql.select().columns("slug", "title", "body_html", "updated_at").from(TextPage.schema)
            .where("group_id", .equal, SQLBind(try context.group.group.requireID()))
            .where("slug", .equal, SQLBind(req.parameters.get("page") ?? ""))
        if !context.group.isMember && !context.group.isOperator { query = query.where("visibility", .equal, SQLBind(TextPage.Visibility.public.rawValue)) }
        guard let page = try await query.first(decoding: Row.self) else { throw Abort(.notFound) }
        return PageShow(
            layout: req.layout(title: page.title), chrome: context.chrome("pages", t: req.t),
            slug: page.slug, title: page.title, body: SanitizedHTML(sanitizedByRenderer: page.body_html),
            updated: page.updated_at ?? Date(), mayWrite: context.mayWrite
        ).response()
    }

    @Sendable func showNew(req: Request) async throws -> Response {
        try Self.requireWriter(req)
        let form = Form(position: 1, visibility: TextPage.Visibility.members.rawValue)
        return PageEdit(layout: req.layout(title: req.t("pages.new")), chrome: req.moduleContext.chrome("pages", t: req.t), form: form, action: "new", errors: FormErrors(), preview: nil, groupIsPublic: req.moduleContext.group.group.visibility == .public).response()
    }

    @Sendable func create(req: Request) async throws -> Response {
        try Self.requireWriter(req)
        let form = try req.content.decode(Form.self)
        let context = req.moduleContext
        let (values, errors) = try await PageRules.validate(form, t: req.t, group: context.group.group, except: nil, on: req.db)
        guard let values, errors.isEmpty, form.preview == nil else {
            return try await editPage(req, form: form, action: "new", errors: errors, title: req.t("pages.new"), status: errors.isEmpty ? .ok : .unprocessableEntity)
        }
        let page = TextPage()
        page.$group.id = try context.group.group.requireID()
        page.$author.id = context.group.viewer?.id
        values.apply(to: page)
        try await req.db.transaction { db in
            try await page.create(on: db)
            try await TextPageRevision(pageID: page.requireID(), title: page.title, body: page.body, authorID: context.group.viewer?.id).create(on: db)
            try await SearchIndex.put(page.searchDocument(), on: db)
        }
        return .seeOther("/g/\(context.group.group.slug)/pages/\(page.slug)?notice=page_saved")
    }

    @Sendable func showEdit(req: Request) async throws -> Response {
        try Self.requireWriter(req)
        let page = try await Self.page(req)
        let latest = try await PageRules.latestRevision(of: page, on: req.db)
        let form = Form(title: page.title, slug: page.slug, body: page.body, position: page.position + 1, visibility: page.visibility.rawValue, base: latest?.id?.uuidString)
        return try await editPage(req, form: form, action: page.slug + "/edit", errors: FormErrors(), title: req.t("pages.edit", ["title": page.title]))
    }

    /// Saves a new revision; if someone saved in between, nothing is lost: the form comes back with the text.
    @Sendable func update(req: Request) async throws -> Response {
        try Self.requireWriter(req)
        let page = try await Self.page(req)
        let form = try req.content.decode(Form.self)
        let context = req.moduleContext
        var (values, errors) = try await PageRules.validate(form, t: req.t, group: context.group.group, except: page.id, on: req.db)
        let latest = try await PageRules.latestRevision(of: page, on: req.db)
        let conflict = latest != nil && form.base != latest?.id?.uuidString
        if conflict { errors.add("body", req.t("pages.error.changed_meanwhile")) }
        guard let values, errors.isEmpty, form.preview == nil else {
            var kept = form
            // After a conflict the editor starts from the newest version, keeping their own text.
            if conflict { kept.base = latest?.id?.uuidString }
            let status: HTTPResponseStatus = conflict ? .conflict : (errors.isEmpty ? .ok : .unprocessableEntity)
            return try await editPage(req, form: kept, action: page.slug + "/edit", errors: errors, title: req.t("pages.edit", ["title": page.title]), status: status)
        }
        values.apply(to: page)
        try await req.db.transaction { db in
            try await page.save(on: db)
            try await TextPageRevision(pageID: page.requireID(), title: page.title, body: page.body, authorID: context.group.viewer?.id).create(on: db)
            try await SearchIndex.put(page.searchDocument(), on: db)
        }
        return .seeOther("/g/\(context.group.group.slug)/pages/\(page.slug)?notice=page_saved")
    }

    func editPage(_ req: Request, form: Form, action: String, errors: FormErrors, title: String, status: HTTPResponseStatus = .ok) async throws -> Response {
        let context = req.moduleContext
        let preview = form.preview != nil ? SanitizedHTML(sanitizedByRenderer: Markdown.render(form.body ?? "")) : nil
        return PageEdit(layout: req.layout(title: title), chrome: context.chrome("pages", t: req.t), form: form, action: action, errors: errors, preview: preview, groupIsPublic: context.group.group.visibility == .public).response(status: status)
    }

    /// The editor's live preview: the body drawn by the renderer that saving uses, as an HTML fragment.
    @Sendable func livePreview(req: Request) async throws -> Response {
        try Self.requireWriter(req)
        let body = try req.content.decode(Form.self).body ?? ""
        guard body.utf8.count <= PageRules.maxBody else { throw Abort(.payloadTooLarge, reason: "pages.error.body_too_long") }
        let response = Response(status: .ok, body: .init(string: Markdown.render(body)))
        response.headers.contentType = .html
        response.headers.cacheControl = .init(noStore: true)
        return response
    }

    @Sendable func showDelete(req: Request) async throws -> Response {
        try Self.requireWriter(req)
        let page = try await Self.page(req)
        let base = "/g/\(req.moduleContext.group.group.slug)/pages/\(page.slug)"
        return ModuleConfirmPage(
            layout: req.layout(title: req.t("pages.delete.title", ["title": page.title])), chrome: req.moduleContext.chrome("pages", t: req.t),
            lead: req.t("pages.delete.lead"), action: base + "/delete", submit: req.t("pages.delete.submit"), cancel: base
        ).response()
    }

    @Sendable func delete(req: Request) async throws -> Response {
        try Self.requireWriter(req)
        let page = try await Self.page(req)
        try await req.db.transaction { db in
            try await SearchIndex.remove(module: "pages", item: page.requireID(), on: db)
            try await page.delete(on: db)
        }
        return .seeOther("/g/\(req.moduleContext.group.group.slug)/pages?notice=page_deleted")
    }
}
