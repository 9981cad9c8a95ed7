import Fluent
import FluentSQL
import SQLKit
import Vapor

/// The group directory, creating a group, a group's front page, joining and leaving.
package struct GroupsController: RouteCollection {
    package init() {}

    static let perPage = 20

    package func boot(routes: any RoutesBuilder) throws {
        routes.get("groups", use: directory)
        routes.get("groups", "new", use: showNew)
        routes.on(.POST, "groups", "new", body: .collect(maxSize: GroupLogoController.maxBody), use: create)
        routes.get("g", ":group", use: show)
        routes.post("g", ":group", "join", use: join)
        routes.post("g", ":group", "leave", use: leave)
    }

    /// What the new-group form sends.
    struct Form: Content {
        var name: String?
        var slug: String?
        var description: String?
        var visibility: String?
        var joinPolicy: String?
        var timeZone: String?
        /// A new logo (multipart forms only), and the settings' box to remove the current one.
        var logo: File?
        var removeLogo: String?

        enum CodingKeys: String, CodingKey {
            case name, slug, description, visibility, logo
            case joinPolicy = "join_policy"
            case timeZone = "time_zone"
            case removeLogo = "remove_logo"
        }
    }

    /// A group's settings once they passed every check.
    struct Values {
        let name: String
        let slug: String
        let description: String
        let visibility: Group.Visibility
        let joinPolicy: Group.JoinPolicy
        /// Nil when the form did not send one: a new group takes the default, an existing one keeps its own.
        let timeZone: String?
    }

    /// The one check of a group's settings, for creating and for editing (`except` the group itself).
    static func validate(_ form: Form, t: Localizer, on db: any Database, except groupID: UUID?) async throws -> (Values?, FormErrors) {
        let name = (form.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let slug = (form.slug ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let description = (form.description ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var errors = FormErrors()
        if name.isEmpty { errors.add("name", t("group.error.name_required")) }
        if name.count > 80 { errors.add("name", t("group.error.name_length")) }
        if let problem = GroupRules.slugProblem(slug) { errors.add("slug", t(problem)) }
        if description.count > 10_000 { errors.add("description", t("profile.error.too_long", ["max": "10000"])) }
        let visibility = Group.Visibility(rawValue: form.visibility ?? "")
        let joinPolicy = Group.JoinPolicy(rawValue: form.joinPolicy ?? "")
        if visibility == nil { errors.add("visibility", t("group.error.choose")) }
        if joinPolicy == nil { errors.add("join_policy", t("group.error.choose")) }
        if visibility == .secret, joinPolicy != .invitation { errors.add("join_policy", t("group.error.secret_invitation")) }
        let timeZone = form.timeZone.map { $0.trimmingCharacters(in: .whitespaces) }
        if let timeZone, !TimeZone.knownTimeZoneIdentifiers.contains(timeZone) { errors.add("time_zone", t("group.error.time_zone")) }
        if errors["slug"] == nil, let other = try await Group.query(on: db).filter(\.$slug == slug).first(), other.id != groupID {
            errors.add("slug", t("group.error.slug_taken"))
        }
        guard errors.isEmpty, let visibility, let joinPolicy else { return (nil, errors) }
        return (Values(name: name, slug: slug, description: description, visibility: visibility, joinPolicy: joinPolicy, timeZone: timeZone), errors)
    }

    /// Public and closed groups, searchable by name, 20 a page; secret groups never appear.
    @Sendable func directory(req: Request) async throws -> Response {
        let search = (req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces)
        let query = Group.query(on: req.db).filter(\.$visibility != .secret)
        if !search.isEmpty {
            let pattern = "%" + Self.escapeLike(search.lowercased()) + "%"
            query.filter(.sql(embed: "\(ident: "name_key") LIKE \(bind: pattern) ESCAPE '\\'"))
        }
        let total = try await query.count()
        let pagination = Pagination(page: Pagination.requestedPage(req), perPage: Self.perPage, total: total)
        let groups = try await query.sort(\.$nameKey).range(pagination.offset..<(pagination.offset + Self.perPage)).all()
        let rows = groups.map { GroupDirectoryPage.Row(slug: $0.slug, name: $0.name, visibility: $0.visibility, logo: $0.logoURL) }
        return GroupDirectoryPage(layout: req.layout(title: req.t("groups.directory.title")), search: search, rows: rows, pagination: pagination, mayCreate: req.viewer != nil).response()
    }

    /// Shows the new-group form to verified people.
    @Sendable func showNew(req: Request) async throws -> Response {
        _ = try req.requireVerifiedViewer()
        let form = Form(visibility: Group.Visibility.closed.rawValue, joinPolicy: Group.JoinPolicy.request.rawValue, timeZone: Group.defaultTimeZone)
        return GroupNewPage(layout: req.layout(title: req.t("groups.new.title")), form: form, errors: FormErrors()).response()
    }

    /// Creates the group with its creator as owner.
    @Sendable func create(req: Request) async throws -> Response {
        let user = try req.requireVerifiedViewer()
        let form = try req.content.decode(Form.self)
        let t = req.t
        var (values, errors) = try await Self.validate(form, t: t, on: req.db, except: nil)
        let logo = await GroupLogoController.process(form.logo, req: req, errors: &errors)
        guard let values, errors.isEmpty else {
            return GroupNewPage(layout: req.layout(title: t("groups.new.title")), form: form, errors: errors).response(status: .unprocessableEntity)
        }
        let group = Group(slug: values.slug, name: values.name, description: values.description, visibility: values.visibility, joinPolicy: values.joinPolicy)
        group.id = UUID()
        group.timeZone = values.timeZone ?? Group.defaultTimeZone
        try await GroupLogoController.apply(logo, remove: false, to: group, files: req.application.files)
        do {
            try await req.db.transaction { db in
                try await group.create(on: db)
                try await Membership(groupID: group.requireID(), userID: user.requireID(), role: .owner).create(on: db)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            try await req.application.files.deleteAll(under: group.filesPrefix)
            errors.add("slug", t("group.error.slug_taken"))
            return GroupNewPage(layout: req.layout(title: t("groups.new.title")), form: form, errors: errors).response(status: .unprocessableEntity)
        }
        return .seeOther("/g/\(values.slug)?notice=group_created")
    }

    /// The group's front page; a secret group is a 404 for everyone outside it.
    @Sendable func show(req: Request) async throws -> Response {
        let context = try await GroupAccess.context(for: req)
        let group = context.group
        struct Count: Decodable { let n: Int }
        let memberCount = try await req.db.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(Membership.schema).where("group_id", .equal, SQLBind(group.requireID()))
            .first(decoding: Count.self)?.n ?? 0
        var pending = false
        if !context.isMember, group.joinPolicy == .request, let viewer = context.viewer {
            pending = try await JoinRequest.query(on: req.db).filter(\.$group.$id == group.requireID()).filter(\.$user.$id == viewer.requireID()).first() != nil
        }
        var latest: [(module: String, items: [ModuleItem])] = []
        let states = try await GroupModules.states(of: group.requireID(), req: req)
        if context.mayRead {
            for state in states where state.enabled {
                guard let module = req.application.groupModule(state.id) else { continue }
                let items = try await module.latest(in: context, limit: 5, on: req.db)
                if !items.isEmpty { latest.append((req.t(state.nameKey), items)) }
            }
        }
        return GroupPage(
            layout: req.layout(title: group.name), chrome: GroupChrome(context, states: states, current: nil, t: req.t), latest: latest, slug: group.slug, name: group.name, logo: group.logoURL,
            description: context.mayRead || group.visibility == .closed ? SanitizedHTML(sanitizedByRenderer: group.descriptionHTML) : nil,
            visibility: group.visibility, joinPolicy: group.joinPolicy, role: context.role, memberCount: memberCount,
            signedIn: context.viewer != nil, requestPending: pending
        ).response()
    }

    /// Joins an open group.
    @Sendable func join(req: Request) async throws -> Response {
        let user = try req.requireVerifiedViewer()
        let context = try await GroupAccess.context(for: req)
        guard context.group.joinPolicy == .open else { throw Abort(.forbidden, reason: "group.error.not_open") }
        try await GroupBan.refuseIfBanned(user.requireID(), from: context.group.requireID(), on: req.db)
        try await Membership.admit(user.requireID(), to: context.group.requireID(), on: req.db)
        return .seeOther("/g/\(context.group.slug)?notice=group_joined")
    }

    /// Leaves a group; the owner must hand the group over first.
    @Sendable func leave(req: Request) async throws -> Response {
        let user = try req.requireViewer()
        let context = try await GroupAccess.context(for: req)
        guard let role = context.role else { throw Abort(.notFound) }
        guard role != .owner else { throw Abort(.forbidden, reason: "group.error.owner_leave") }
        try await Membership.query(on: req.db).filter(\.$group.$id == context.group.requireID()).filter(\.$user.$id == user.requireID()).delete()
        try await req.application.memberLeft(user.requireID(), group: context.group.requireID(), on: req.db)
        return .seeOther("/?notice=group_left")
    }

    /// Escapes `%`, `_` and `\` so a search matches them literally.
    package static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }
}
