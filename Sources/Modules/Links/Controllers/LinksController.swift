import Fluent
import IGroupsCore
import SQLKit
import Vapor

/// `/g/:group/links`: the collection, adding and changing links, and the categories admins keep in order.
struct LinksController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: list)
        routes.get("new", use: showNew)
        routes.post("new", use: create)
        routes.get(":link", "edit", use: showEdit)
        routes.post(":link", "edit", use: update)
        routes.get(":link", "delete", use: showDelete)
        routes.post(":link", "delete", use: delete)
        let categories = routes.grouped("categories")
        categories.get(use: showCategories)
        categories.post(use: addCategory)
        categories.post(":category", "edit", use: renameCategory)
        categories.post(":category", "move", use: moveCategory)
        categories.get(":category", "delete", use: showDeleteCategory)
        categories.post(":category", "delete", use: deleteCategory)
    }

    struct Form: Content {
        var title: String?
        var url: String?
        var description: String?
        var category: String?
    }

    // MARK: - Reading

    struct CategoryRow: Decodable, Sendable {
        let id: UUID
        let name: String
        let position: Int
    }

    static func categories(_ groupID: UUID, on db: any Database) async throws -> [CategoryRow] {
        try await db.sql.select().columns("id", "name", "position").from(LinkCategory.schema)
            .where("group_id", .equal, SQLBind(groupID)).orderBy("position").orderBy("name")
            .all(decoding: CategoryRow.self)
    }

    /// The collection in two queries: the categories, then every link with who added it.
    @Sendable func list(req: Request) async throws -> Response {
        struct Row: Decodable {
            let id: UUID
            let category_id: UUID?
            let title: String
            let url: String
            let description: String
            let author_id: UUID?
            let username: String?
            let name: String?
            let created_at: Date?
        }
        let context = req.moduleContext
        let groupID = try context.group.group.requireID()
        let categories = try await Self.categories(groupID, on: req.db)
        let rows = try await req.db.sql.select()
            .column(SQLColumn("id", table: GroupLink.schema)).column(SQLColumn("category_id", table: GroupLink.schema))
            .column(SQLColumn("title", table: GroupLink.schema)).column(SQLColumn("url", table: GroupLink.schema))
            .column(SQLColumn("description", table: GroupLink.schema)).column(SQLColumn("author_id", table: GroupLink.schema))
            .column(SQLColumn("username", table: User.schema)).column(SQLColumn("name", table: User.schema))
            .column(SQLColumn("created_at", table: GroupLink.schema))
            .from(GroupLink.schema)
            .join(User.schema, method: SQLJoinMethod.left, on: SQLColumn("author_id", table: GroupLink.schema), .equal, SQLColumn("id", table: User.schema))
            .where(SQLColumn("group_id", table: GroupLink.schema), .equal, SQLBind(groupID))
            .orderBy(SQLFunction("LOWER", args: SQLColumn("title", table: GroupLink.schema)))
            .all(decoding: Row.self)
        let viewerID = context.group.viewer?.id
        let links = rows.map { row in
            LinkList.Link(
                id: row.id, categoryID: row.category_id, title: row.title, url: row.url, description: row.description,
                // Who added a link is for the group's members.
                addedBy: context.group.isMember || context.group.isOperator ? row.name.map { ($0, row.username ?? "") } : nil, added: row.created_at ?? Date(),
                mayChange: Self.mayChange(authorID: row.author_id, viewerID: viewerID, context: context)
            )
        }
        return LinkList(
            layout: req.layout(title: req.t("links.name")), chrome: context.chrome("links", t: req.t),
            categories: categories.map { ($0.id, $0.name) }, links: links, mayAdd: context.mayWrite, mayOrganise: context.group.mayAdminister
        ).response()
    }

    /// Who changes a link: whoever added it (while they may still add), and the group's admins.
    static func mayChange(authorID: UUID?, viewerID: UUID?, context: ModuleContext) -> Bool {
        guard let viewerID, context.group.viewer?.isVerified == true, let role = context.group.role else { return false }
        return role >= .admin || (authorID == viewerID && context.mayWrite)
    }

    // MARK: - Links

    static func requireAdder(_ req: Request) throws {
        _ = try req.requireViewer()
        guard req.moduleContext.mayWrite else { throw Abort(.forbidden, reason: "links.error.may_not_add") }
    }

    static func link(_ req: Request) async throws -> GroupLink {
        guard let id = req.parameters.get("link", as: UUID.self),
              let link = try await GroupLink.query(on: req.db).filter(\.$id == id).filter(\.$group.$id == req.moduleContext.group.group.requireID()).first()
        else { throw Abort(.notFound) }
        return link
    }

    static func requireChanger(_ req: Request, _ link: GroupLink) throws {
        let viewer = try req.requireViewer()
        guard mayChange(authorID: link.$author.id, viewerID: viewer.id, context: req.moduleContext) else { throw Abort(.forbidden, reason: "links.error.may_not_change") }
    }

    /// A link's values once they passed every check.
    struct Values {
        let title: String
        let url: String
        let description: String
        let categoryID: UUID?
    }

    static func validate(_ form: Form, t: Localizer, categories: [CategoryRow]) -> (Values?, FormErrors) {
        var errors = FormErrors()
        let title = (form.title ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let url = (form.url ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let description = (form.description ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty { errors.add("title", t("links.error.title")) }
        if title.count > 200 { errors.add("title", t("profile.error.too_long", ["max": "200"])) }
        if !isWebAddress(url) { errors.add("url", t("links.error.url")) }
        if description.count > 1_000 { errors.add("description", t("profile.error.too_long", ["max": "1000"])) }
        var categoryID: UUID?
        if let raw = form.category, !raw.isEmpty {
            if let id = UUID(uuidString: raw), categories.contains(where: { $0.id == id }) { categoryID = id } else { errors.add("category", t("group.error.choose")) }
        }
        guard errors.isEmpty else { return (nil, errors) }
        return (Values(title: title, url: url, description: description, categoryID: categoryID), errors)
    }

    /// An http or https address with a host, no spaces, at most 2,000 characters.
    static func isWebAddress(_ text: String) -> Bool {
        guard text.count <= 2_000, !text.contains(where: { $0.isWhitespace || $0.isNewline }),
              let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty, host.contains(".") || host == "localhost"
        else { return false }
        return true
    }

    func editPage(_ req: Request, form: Form, action: String, title: String, errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let context = req.moduleContext
        let categories = try await Self.categories(try context.group.group.requireID(), on: req.db)
        return LinkEdit(layout: req.layout(title: title), chrome: context.chrome("links", t: req.t), form: form, action: action, categories: categories.map { ($0.id, $0.name) }, errors: errors).response(status: status)
    }

    @Sendable func showNew(req: Request) async throws -> Response {
        try Self.requireAdder(req)
        return try await editPage(req, form: Form(url: "https://"), action: "new", title: req.t("links.new"), errors: FormErrors())
    }

    @Sendable func create(req: Request) async throws -> Response {
        try Self.requireAdder(req)
        let context = req.moduleContext
        let form = try req.content.decode(Form.self)
        let categories = try await Self.categories(try context.group.group.requireID(), on: req.db)
        let (values, errors) = Self.validate(form, t: req.t, categories: categories)
        guard let values else { return try await editPage(req, form: form, action: "new", title: req.t("links.new"), errors: errors, status: .unprocessableEntity) }
        let link = GroupLink()
        link.$group.id = try context.group.group.requireID()
        link.$author.id = context.group.viewer?.id
        Self.apply(values, to: link)
        try await req.db.transaction { db in
            try await link.create(on: db)
            try await SearchIndex.put(link.searchDocument(), on: db)
        }
        return .seeOther("/g/\(context.group.group.slug)/links?notice=link_saved")
    }

    static func apply(_ values: Values, to link: GroupLink) {
        link.title = values.title
        link.url = values.url
        link.description = values.description
        link.$category.id = values.categoryID
    }

    @Sendable func showEdit(req: Request) async throws -> Response {
        let link = try await Self.link(req)
        try Self.requireChanger(req, link)
        let form = Form(title: link.title, url: link.url, description: link.description, category: link.$category.id?.uuidString ?? "")
        return try await editPage(req, form: form, action: "\(try link.requireID())/edit", title: req.t("links.edit"), errors: FormErrors())
    }

    @Sendable func update(req: Request) async throws -> Response {
        let link = try await Self.link(req)
        try Self.requireChanger(req, link)
        let form = try req.content.decode(Form.self)
        let categories = try await Self.categories(link.$group.id, on: req.db)
        let (values, errors) = Self.validate(form, t: req.t, categories: categories)
        guard let values else { return try await editPage(req, form: form, action: "\(try link.requireID())/edit", title: req.t("links.edit"), errors: errors, status: .unprocessableEntity) }
        Self.apply(values, to: link)
        try await req.db.transaction { db in
            try await link.save(on: db)
            try await SearchIndex.put(link.searchDocument(), on: db)
        }
        return .seeOther("/g/\(req.moduleContext.group.group.slug)/links?notice=link_saved")
    }

    @Sendable func showDelete(req: Request) async throws -> Response {
        let link = try await Self.link(req)
        try Self.requireChanger(req, link)
        let context = req.moduleContext
        return ModuleConfirmPage(
            layout: req.layout(title: req.t("links.delete.title", ["title": link.title])), chrome: context.chrome("links", t: req.t),
            lead: req.t("links.delete.lead"), action: "/g/\(context.group.group.slug)/links/\(try link.requireID())/delete", submit: req.t("links.delete"),
            cancel: "/g/\(context.group.group.slug)/links"
        ).response()
    }

    @Sendable func delete(req: Request) async throws -> Response {
        let link = try await Self.link(req)
        try Self.requireChanger(req, link)
        try await req.db.transaction { db in
            try await SearchIndex.remove(module: "links", item: link.requireID(), on: db)
            try await link.delete(on: db)
        }
        return .seeOther("/g/\(req.moduleContext.group.group.slug)/links?notice=link_deleted")
    }

    // MARK: - Categories

    static func requireOrganiser(_ req: Request) throws -> ModuleContext {
        _ = try req.requireViewer()
        let context = req.moduleContext
        guard context.group.mayAdminister else { throw Abort(.forbidden, reason: "group.error.admins_only") }
        return context
    }

    static func category(_ req: Request) async throws -> LinkCategory {
        guard let id = req.parameters.get("category", as: UUID.self),
              let category = try await LinkCategory.query(on: req.db).filter(\.$id == id).filter(\.$group.$id == req.moduleContext.group.group.requireID()).first()
        else { throw Abort(.notFound) }
        return category
    }

    struct CategoryForm: Content {
        var name: String?
        var direction: String?
    }

    func categoriesPage(_ req: Request, name: String, errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let context = req.moduleContext
        let categories = try await Self.categories(try context.group.group.requireID(), on: req.db)
        return LinkCategories(layout: req.layout(title: req.t("links.categories")), chrome: context.chrome("links", t: req.t), categories: categories.map { ($0.id, $0.name) }, name: name, errors: errors).response(status: status)
    }

    @Sendable func showCategories(req: Request) async throws -> Response {
        _ = try Self.requireOrganiser(req)
        return try await categoriesPage(req, name: "", errors: FormErrors())
    }

    static func categoryName(_ form: CategoryForm, t: Localizer, errors: inout FormErrors) -> String {
        let name = (form.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty || name.count > 80 { errors.add("name", t("links.error.category_name")) }
        return name
    }

    @Sendable func addCategory(req: Request) async throws -> Response {
        let context = try Self.requireOrganiser(req)
        let form = try req.content.decode(CategoryForm.self)
        var errors = FormErrors()
        let name = Self.categoryName(form, t: req.t, errors: &errors)
        guard errors.isEmpty else { return try await categoriesPage(req, name: name, errors: errors, status: .unprocessableEntity) }
        let groupID = try context.group.group.requireID()
        let last = try await Self.categories(groupID, on: req.db).last?.position ?? -1
        try await LinkCategory(groupID: groupID, name: name, position: last + 1).create(on: req.db)
        return .seeOther("/g/\(context.group.group.slug)/links/categories?notice=category_saved")
    }

    @Sendable func renameCategory(req: Request) async throws -> Response {
        let context = try Self.requireOrganiser(req)
        let category = try await Self.category(req)
        var errors = FormErrors()
        let name = Self.categoryName(try req.content.decode(CategoryForm.self), t: req.t, errors: &errors)
        guard errors.isEmpty else { return try await categoriesPage(req, name: "", errors: errors, status: .unprocessableEntity) }
        category.name = name
        try await category.save(on: req.db)
        return .seeOther("/g/\(context.group.group.slug)/links/categories?notice=category_saved")
    }

    /// Moves a category one place up or down, renumbering the list so positions stay 0, 1, 2, …
    @Sendable func moveCategory(req: Request) async throws -> Response {
        let context = try Self.requireOrganiser(req)
        let category = try await Self.category(req)
        let up = try req.content.decode(CategoryForm.self).direction == "up"
        var ordered = try await LinkCategory.query(on: req.db).filter(\.$group.$id == category.$group.id).sort(\.$position).sort(\.$name).all()
        if let index = ordered.firstIndex(where: { $0.id == category.id }) {
            let target = up ? index - 1 : index + 1
            if ordered.indices.contains(target) { ordered.swapAt(index, target) }
        }
        let final = ordered
        try await req.db.transaction { db in
            for (position, each) in final.enumerated() where each.position != position {
                each.position = position
                try await each.save(on: db)
            }
        }
        return .seeOther("/g/\(context.group.group.slug)/links/categories")
    }

    @Sendable func showDeleteCategory(req: Request) async throws -> Response {
        let context = try Self.requireOrganiser(req)
        let category = try await Self.category(req)
        let slug = context.group.group.slug
        return ModuleConfirmPage(
            layout: req.layout(title: req.t("links.category_delete.title", ["name": category.name])), chrome: context.chrome("links", t: req.t),
            lead: req.t("links.category_delete.lead"), action: "/g/\(slug)/links/categories/\(try category.requireID())/delete", submit: req.t("links.delete"),
            cancel: "/g/\(slug)/links/categories"
        ).response()
    }

    /// Deletes a category; its links stay, without a category.
    @Sendable func deleteCategory(req: Request) async throws -> Response {
        let context = try Self.requireOrganiser(req)
        let category = try await Self.category(req)
        try await req.db.transaction { db in
            try await GroupLink.query(on: db).filter(\.$category.$id == category.requireID()).set(\.$category.$id, to: nil).update()
            try await category.delete(on: db)
        }
        return .seeOther("/g/\(context.group.group.slug)/links/categories?notice=category_deleted")
    }
}
