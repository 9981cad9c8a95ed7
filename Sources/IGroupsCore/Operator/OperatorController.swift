import Fluent
import FluentSQL
import SQLKit
import Vapor

/// `/admin`: the operator finds people and groups, suspends people and deletes groups.
package struct OperatorController: RouteCollection {
    package init() {}

    package func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped("admin")
        admin.get(use: search)
        admin.get("suspended", use: suspended)
        try StatisticsController().boot(routes: routes)
        admin.get("privacy", use: privacyRecord)
        admin.post("privacy", "objections", ":objection", "handled", use: markHandled)
        admin.post("users", ":user", "suspend", use: suspend)
        admin.post("users", ":user", "unsuspend", use: unsuspend)
        admin.get("groups", ":groupID", "delete", use: showDeleteGroup)
        admin.post("groups", ":groupID", "delete", use: deleteGroup)
    }

    /// Only operators; for anyone else the operator's pages do not exist.
    static func requireOperator(_ req: Request) throws -> User {
        guard let user = req.viewer, user.isOperator else { throw Abort(.notFound) }
        return user
    }

    /// People by username, name or email and groups by name or address, 50 of each at most.
    @Sendable func search(req: Request) async throws -> Response {
        _ = try Self.requireOperator(req)
        let q = (req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces)
        var people: [OperatorPage.Person] = []
        var groups: [OperatorPage.GroupRow] = []
        if !q.isEmpty {
            let pattern = "%" + GroupsController.escapeLike(q.lowercased()) + "%"
            let users = try await User.query(on: req.db)
                .filter(.sql(embed: "(\(ident: "username_key") LIKE \(bind: pattern) ESCAPE '\\' OR \(ident: "email_key") LIKE \(bind: pattern) ESCAPE '\\' OR \(ident: "name_key") LIKE \(bind: pattern) ESCAPE '\\')"))
                .sort(\.$usernameKey).limit(50).all()
            people = try users.map(OperatorPage.Person.init)
            let found = try await Group.query(on: req.db)
                .filter(.sql(embed: "(\(ident: "name_key") LIKE \(bind: pattern) ESCAPE '\\' OR \(ident: "slug") LIKE \(bind: pattern) ESCAPE '\\')"))
                .sort(\.$nameKey).limit(50).all()
            groups = try found.map { OperatorPage.GroupRow(id: try $0.requireID(), slug: $0.slug, name: $0.name, visibility: $0.visibility) }
        }
        let suspendedCount = try await User.query(on: req.db).filter(\.$suspendedAt != nil).count()
        let waitingOrders = try await Order.query(on: req.db).filter(\.$status == .pending).count()
        return OperatorPage(layout: req.layout(title: req.t("operator.title")), query: q, people: people, groups: groups, suspendedCount: suspendedCount, waitingOrders: waitingOrders).response()
    }

    /// The record of processing, as `igroups privacy-record` prints it.
    @Sendable func privacyRecord(req: Request) async throws -> Response {
        _ = try Self.requireOperator(req)
        let record = PrivacyRecord.markdown(req.application.privacyRegistry, controller: req.application.settings.controller)
        let open = try await Objection.query(on: req.db).filter(\.$handledAt == nil).sort(\.$createdAt).with(\.$user).all()
        let rows = try open.map {
            OperatorPrivacyPage.ObjectionRow(id: try $0.requireID(), username: $0.user.username, name: $0.user.name, email: $0.user.email, purpose: $0.purpose, reason: $0.reason, at: $0.createdAt ?? Date())
        }
        return OperatorPrivacyPage(layout: req.layout(title: req.t("operator.privacy.title")), objections: rows, record: SanitizedHTML(sanitizedByRenderer: Markdown.render(record))).response()
    }

    /// Marks an objection handled, with who did it and when.
    @Sendable func markHandled(req: Request) async throws -> Response {
        let me = try Self.requireOperator(req)
        guard let id = req.parameters.get("objection", as: UUID.self), let objection = try await Objection.find(id, on: req.db) else { throw Abort(.notFound) }
        if objection.handledAt == nil {
            objection.handledAt = Date()
            objection.$handledBy.id = try me.requireID()
            try await objection.save(on: req.db)
        }
        return .seeOther("/admin/privacy?notice=objection_handled")
    }

    static let suspendedPerPage = 50

    /// Everyone suspended, the latest suspension first, with the reason they were given.
    @Sendable func suspended(req: Request) async throws -> Response {
        _ = try Self.requireOperator(req)
        let query = User.query(on: req.db).filter(\.$suspendedAt != nil)
        let total = try await query.count()
        let pagination = Pagination(page: Pagination.requestedPage(req), perPage: Self.suspendedPerPage, total: total)
        let users = try await query.sort(\.$suspendedAt, .descending).sort(\.$usernameKey)
            .range(pagination.offset..<(pagination.offset + Self.suspendedPerPage)).all()
        return SuspendedPeoplePage(layout: req.layout(title: req.t("operator.suspended_list")), people: try users.map(OperatorPage.Person.init), pagination: pagination).response()
    }

    struct SuspendForm: Content { var reason: String? }
    struct UnsuspendForm: Content { var back: String? }

    /// Suspends a person: their sessions end, login is refused, and they are told why.
    @Sendable func suspend(req: Request) async throws -> Response {
        let me = try Self.requireOperator(req)
        let user = try await Self.person(req)
        let reason = (try req.content.decode(SuspendForm.self).reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.count <= 1_000 else { throw Abort(.unprocessableEntity, reason: "operator.error.reason") }
        guard user.id != me.id else { throw Abort(.forbidden, reason: "operator.error.not_yourself") }
        try await req.db.transaction { db in
            user.suspendedAt = Date()
            user.suspensionReason = reason
            try await user.save(on: db)
            try await UserSession.query(on: db).filter(\.$user.$id == user.requireID()).delete()
            try await AccountMail.suspended.queue(for: user.requireID(), app: req.application, on: db)
            try await AuditLog.record(.suspended, user: user.requireID(), actor: me.requireID(), req: req, on: db)
        }
        req.logger.notice("account suspended", metadata: ["user": .string(user.id?.uuidString ?? ""), "operator": .string(me.id?.uuidString ?? "")])
        return .seeOther("/admin?q=\(user.username)&notice=user_suspended")
    }

    /// Lifts a suspension.
    @Sendable func unsuspend(req: Request) async throws -> Response {
        let me = try Self.requireOperator(req)
        let user = try await Self.person(req)
        user.suspendedAt = nil
        user.suspensionReason = nil
        try await user.save(on: req.db)
        try await AuditLog.record(.unsuspended, user: user.requireID(), actor: me.requireID(), req: req)
        // From the list of suspended people, back to it; otherwise to the person in the search.
        if let back = try? req.content.decode(UnsuspendForm.self).back, back.hasPrefix("/admin/suspended") {
            return .seeOther("/admin/suspended?notice=user_unsuspended")
        }
        return .seeOther("/admin?q=\(user.username)&notice=user_unsuspended")
    }

    static func person(_ req: Request) async throws -> User {
        guard let id = req.parameters.get("user", as: UUID.self), let user = try await User.find(id, on: req.db) else { throw Abort(.notFound) }
        return user
    }

    static func group(_ req: Request) async throws -> Group {
        guard let id = req.parameters.get("groupID", as: UUID.self), let group = try await Group.find(id, on: req.db) else { throw Abort(.notFound) }
        return group
    }

    @Sendable func showDeleteGroup(req: Request) async throws -> Response {
        _ = try Self.requireOperator(req)
        let group = try await Self.group(req)
        return GroupAdminController.deletePage(group, req: req, errors: FormErrors())
    }

    /// Deletes a group after the operator typed its address.
    @Sendable func deleteGroup(req: Request) async throws -> Response {
        _ = try Self.requireOperator(req)
        let group = try await Self.group(req)
        return try await GroupAdminController.deleteConfirmed(group, req: req, then: "/admin?notice=group_deleted")
    }
}
