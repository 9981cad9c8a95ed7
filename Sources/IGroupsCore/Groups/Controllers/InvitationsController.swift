import Fluent
import Vapor

/// Inviting people to a group by mail or by a shareable link, and using an invitation.
package struct InvitationsController: RouteCollection {
    package init() {}

    package func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped("g", ":group", "admin", "invitations")
        admin.get(use: list)
        admin.post(use: invite)
        admin.post("link", use: makeLink)
        admin.post(":invitation", "revoke", use: revoke)
        routes.get("invite", ":token", use: show)
        routes.post("invite", ":token", use: accept)
    }

    struct InviteForm: Content { var email: String? }

    /// Pending invitations and the forms to invite more.
    @Sendable func list(req: Request) async throws -> Response {
        let context = try await GroupAdminController.administered(req)
        return try await page(req, context, email: "", errors: FormErrors(), newLink: nil)
    }

    func page(_ req: Request, _ context: GroupContext, email: String, errors: FormErrors, newLink: String?, status: HTTPResponseStatus = .ok) async throws -> Response {
        let pending = try await Invitation.query(on: req.db)
            .filter(\.$group.$id == context.group.requireID())
            .filter(\.$usedAt == nil)
            .filter(\.$revokedAt == nil)
            .sort(\.$createdAt, .descending)
            .all()
            .filter { $0.isUsable() }
        let rows = pending.map { GroupInvitationsPage.Row(id: $0.id ?? UUID(), email: $0.email, created: $0.createdAt ?? Date(), expires: $0.expiresAt) }
        return GroupInvitationsPage(layout: req.layout(title: req.t("group.invitations.title")), slug: context.group.slug, rows: rows, email: email, errors: errors, newLink: newLink).response(status: status)
    }

    /// Invites one address; someone already in the group is not invited again.
    @Sendable func invite(req: Request) async throws -> Response {
        let context = try await GroupAdminController.administered(req)
        let email = (try req.content.decode(InviteForm.self).email ?? "").trimmingCharacters(in: .whitespaces)
        var errors = FormErrors()
        if let problem = AccountRules.emailProblem(email) { errors.add("email", req.t(problem)) }
        let groupID = try context.group.requireID()
        if errors.isEmpty, let user = try await User.query(on: req.db).filter(\.$emailKey == EmailAddress.key(email)).first(),
           try await Membership.of(user.requireID(), in: groupID, on: req.db) != nil {
            errors.add("email", req.t("group.invitations.already_member"))
        }
        guard errors.isEmpty else { return try await page(req, context, email: email, errors: errors, newLink: nil, status: .unprocessableEntity) }
        try await req.db.transaction { db in
            // A new invitation replaces an older one to the same address.
            try await Invitation.query(on: db).filter(\.$group.$id == groupID).filter(\.$email == email).filter(\.$usedAt == nil).set(\.$revokedAt, to: Date()).update()
            let invitation = Invitation(groupID: groupID, email: email, tokenHash: nil, invitedBy: context.viewer?.id, now: Date())
            try await invitation.create(on: db)
            try await InvitationMail.queue(invitation.requireID(), language: req.language, app: req.application, on: db)
        }
        return .seeOther("/g/\(context.group.slug)/admin/invitations?notice=invitation_sent")
    }

    /// Makes a new shareable link (the old one stops working) and shows it once.
    @Sendable func makeLink(req: Request) async throws -> Response {
        let context = try await GroupAdminController.administered(req)
        let groupID = try context.group.requireID()
        let token = SecureToken.make()
        try await req.db.transaction { db in
            try await Invitation.query(on: db).filter(\.$group.$id == groupID).filter(\.$email == nil).filter(\.$revokedAt == nil).set(\.$revokedAt, to: Date()).update()
            try await Invitation(groupID: groupID, email: nil, tokenHash: SecureToken.hash(token), invitedBy: context.viewer?.id, now: Date()).create(on: db)
        }
        return try await page(req, context, email: "", errors: FormErrors(), newLink: req.application.settings.absolute("/invite/" + token))
    }

    /// Revokes a pending invitation or the shareable link.
    @Sendable func revoke(req: Request) async throws -> Response {
        let context = try await GroupAdminController.administered(req)
        guard let id = req.parameters.get("invitation", as: UUID.self),
              let invitation = try await Invitation.query(on: req.db).filter(\.$id == id).filter(\.$group.$id == context.group.requireID()).first()
        else { throw Abort(.notFound) }
        invitation.revokedAt = Date()
        try await invitation.save(on: req.db)
        return .seeOther("/g/\(context.group.slug)/admin/invitations?notice=invitation_revoked")
    }

    /// The usable invitation behind a link, with its group.
    static func usable(_ req: Request) async throws -> (Invitation, Group) {
        let token = req.parameters.get("token") ?? ""
        guard token.count < 100, let invitation = try await Invitation.query(on: req.db).filter(\.$tokenHash == SecureToken.hash(token)).first(),
              invitation.isUsable()
        else { throw Abort(.gone, reason: "group.invitations.invalid") }
        return (invitation, try await invitation.$group.get(on: req.db))
    }

    /// What the invited person sees: the group, and the way in for them.
    @Sendable func show(req: Request) async throws -> Response {
        let (invitation, group) = try await Self.usable(req)
        var alreadyMember = false
        if let viewer = req.viewer {
            alreadyMember = try await Membership.of(viewer.requireID(), in: group.requireID(), on: req.db) != nil
        }
        if alreadyMember { return .seeOther("/g/" + group.slug) }
        return InvitationPage(layout: req.layout(title: req.t("group.invitations.join_title", ["group": group.name])), path: req.url.path, name: group.name, descriptionHTML: SanitizedHTML(sanitizedByRenderer: group.descriptionHTML), signedIn: req.viewer != nil, email: invitation.email).response()
    }

    /// Joins with the invitation. An invitation to the person's own address also proves that address is theirs.
    @Sendable func accept(req: Request) async throws -> Response {
        let user = try req.requireViewer()
        let (invitation, group) = try await Self.usable(req)
        let groupID = try group.requireID(), userID = try user.requireID()
        let invitedHere = invitation.email.map { EmailAddress.key($0) == user.emailKey } ?? false
        guard user.isVerified || invitedHere else { throw Abort(.forbidden, reason: "error.verify_first") }
        try await GroupBan.refuseIfBanned(userID, from: groupID, on: req.db)
        try await req.db.transaction { db in
            if invitation.email != nil {
                invitation.usedAt = Date()
                try await invitation.save(on: db)
            }
            if invitedHere, user.emailVerifiedAt == nil {
                user.emailVerifiedAt = Date()
                try await user.save(on: db)
            }
            try await Membership.admit(userID, to: groupID, on: db)
            try await JoinRequest.query(on: db).filter(\.$group.$id == groupID).filter(\.$user.$id == userID).delete()
        }
        return .seeOther("/g/\(group.slug)?notice=group_joined")
    }
}
