import Fluent
import Vapor

/// `/g/:group/admin/members`: roles, removing and banning, and handing the group over.
package struct GroupMembersController: RouteCollection {
    package init() {}

    package func boot(routes: any RoutesBuilder) throws {
        let members = routes.grouped("g", ":group", "admin", "members")
        members.get(use: list)
        members.post(":user", "role", use: changeRole)
        members.post(":user", "remove", use: remove)
        members.post(":user", "ban", use: ban)
        members.post(":user", "transfer", use: transfer)
    }

    /// Every member with their role, newest role changes kept in the rows.
    @Sendable func list(req: Request) async throws -> Response {
        let context = try await GroupAdminController.administered(req)
        let memberships = try await Membership.query(on: req.db)
            .filter(\.$group.$id == context.group.requireID())
            .join(User.self, on: \Membership.$user.$id == \User.$id)
            .sort(User.self, \.$name)
            .all()
        let rows = try memberships.map { membership in
            let user = try membership.joined(User.self)
            return GroupMembersPage.Row(userID: try user.requireID(), username: user.username, name: user.name, role: membership.role, joined: membership.createdAt ?? Date())
        }
        let requests = try await JoinRequest.query(on: req.db)
            .filter(\.$group.$id == context.group.requireID())
            .join(User.self, on: \JoinRequest.$user.$id == \User.$id)
            .sort(\.$createdAt)
            .all()
            .map { request in
                let user = try request.joined(User.self)
                return GroupMembersPage.Row(userID: try user.requireID(), username: user.username, name: user.name, role: .member, joined: request.createdAt ?? Date())
            }
        return GroupMembersPage(layout: req.layout(title: req.t("group.members.title")), slug: context.group.slug, rows: rows, requests: requests, viewerRole: context.role ?? .member, viewerID: context.viewer?.id).response()
    }

    struct RoleForm: Content { var role: String? }

    /// The target's membership, which admins may change unless it is the owner's or their own.
    static func target(_ req: Request, _ context: GroupContext) async throws -> Membership {
        guard let userID = req.parameters.get("user", as: UUID.self),
              let membership = try await Membership.query(on: req.db).filter(\.$group.$id == context.group.requireID()).filter(\.$user.$id == userID).first()
        else { throw Abort(.notFound) }
        guard membership.role != .owner else { throw Abort(.forbidden, reason: "group.error.owner_untouchable") }
        guard userID != context.viewer?.id else { throw Abort(.forbidden, reason: "group.error.not_yourself") }
        return membership
    }

    /// Gives a member another role (never owner: that is a transfer).
    @Sendable func changeRole(req: Request) async throws -> Response {
        let context = try await GroupAdminController.administered(req)
        let membership = try await Self.target(req, context)
        guard let role = Membership.Role(rawValue: try req.content.decode(RoleForm.self).role ?? ""), role != .owner else {
            throw Abort(.unprocessableEntity, reason: "group.error.choose")
        }
        let before = membership.role
        membership.role = role
        try await membership.save(on: req.db)
        try await AuditLog.record(.roleChanged, user: membership.$user.id, actor: context.viewer?.id, detail: "\(context.group.slug): \(before.rawValue) → \(role.rawValue)", req: req)
        return .seeOther("/g/\(context.group.slug)/admin/members?notice=role_changed")
    }

    /// Takes a member out of the group; they may join or ask again.
    @Sendable func remove(req: Request) async throws -> Response {
        let context = try await GroupAdminController.administered(req)
        let membership = try await Self.target(req, context)
        try await membership.delete(on: req.db)
        try await req.application.memberLeft(membership.$user.id, group: context.group.requireID(), on: req.db)
        try await AuditLog.record(.memberRemoved, user: membership.$user.id, actor: context.viewer?.id, detail: context.group.slug, req: req)
        return .seeOther("/g/\(context.group.slug)/admin/members?notice=member_removed")
    }

    /// Takes a member out and bars them from joining or asking again.
    @Sendable func ban(req: Request) async throws -> Response {
        let context = try await GroupAdminController.administered(req)
        let membership = try await Self.target(req, context)
        try await req.db.transaction { db in
            try await membership.delete(on: db)
            try await GroupBan(groupID: context.group.requireID(), userID: membership.$user.id).create(on: db)
            try await AuditLog.record(.memberBanned, user: membership.$user.id, actor: context.viewer?.id, detail: context.group.slug, req: req, on: db)
        }
        try await req.application.memberLeft(membership.$user.id, group: context.group.requireID(), on: req.db)
        return .seeOther("/g/\(context.group.slug)/admin/members?notice=member_banned")
    }

    /// The owner hands the group to another member and becomes an admin.
    @Sendable func transfer(req: Request) async throws -> Response {
        let context = try await GroupAdminController.administered(req)
        guard context.role == .owner, let viewerID = context.viewer?.id else { throw Abort(.forbidden, reason: "group.error.owner_only") }
        let target = try await Self.target(req, context)
        try await req.db.transaction { db in
            try await Membership.query(on: db).filter(\.$group.$id == context.group.requireID()).filter(\.$user.$id == viewerID).set(\.$role, to: .admin).update()
            target.role = .owner
            try await target.save(on: db)
            try await AuditLog.record(.ownershipTransferred, user: target.$user.id, actor: viewerID, detail: context.group.slug, req: req, on: db)
        }
        return .seeOther("/g/\(context.group.slug)?notice=ownership_transferred")
    }
}
