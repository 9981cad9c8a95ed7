import Fluent
import Vapor

/// `/g/:group/admin`: settings for admins, deleting for the owner.
package struct GroupAdminController: RouteCollection {
    package init() {}

    package func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped("g", ":group", "admin")
        admin.get(use: showSettings)
        admin.on(.POST, body: .collect(maxSize: GroupLogoController.maxBody), use: saveSettings)
        admin.get("delete", use: showDelete)
        admin.post("delete", use: delete)
    }

    /// The context of a group the viewer administers; 404 when hidden, 403 when only seen.
    static func administered(_ req: Request) async throws -> GroupContext {
        _ = try req.requireViewer()
        let context = try await GroupAccess.context(for: req)
        guard context.mayAdminister else { throw Abort(.forbidden, reason: "group.error.admins_only") }
        return context
    }

    /// Shows the settings form filled with the group's values.
    @Sendable func showSettings(req: Request) async throws -> Response {
        let context = try await Self.administered(req)
        let group = context.group
        let form = GroupsController.Form(name: group.name, slug: group.slug, description: group.description, visibility: group.visibility.rawValue, joinPolicy: group.joinPolicy.rawValue, timeZone: group.timeZone)
        return GroupSettingsPage(layout: req.layout(title: req.t("group.settings.title")), slug: group.slug, logo: group.logoURL, form: form, errors: FormErrors(), isOwner: context.role == .owner).response()
    }

    /// Saves the settings, or shows them again with what is wrong.
    @Sendable func saveSettings(req: Request) async throws -> Response {
        let context = try await Self.administered(req)
        let group = context.group
        let form = try req.content.decode(GroupsController.Form.self)
        var (values, errors) = try await GroupsController.validate(form, t: req.t, on: req.db, except: group.id)
        let logo = await GroupLogoController.process(form.logo, req: req, errors: &errors)
        guard let values, errors.isEmpty else {
            return GroupSettingsPage(layout: req.layout(title: req.t("group.settings.title")), slug: group.slug, logo: group.logoURL, form: form, errors: errors, isOwner: context.role == .owner).response(status: .unprocessableEntity)
        }
        let oldSlug = group.slug
        group.name = values.name
        group.nameKey = values.name.lowercased()
        group.slug = values.slug
        group.description = values.description
        group.descriptionHTML = Markdown.render(values.description)
        group.visibility = values.visibility
        group.joinPolicy = values.joinPolicy
        if let timeZone = values.timeZone { group.timeZone = timeZone }
        try await GroupLogoController.apply(logo, remove: form.removeLogo != nil, to: group, files: req.application.files)
        do {
            try await group.save(on: req.db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            errors.add("slug", req.t("group.error.slug_taken"))
            return GroupSettingsPage(layout: req.layout(title: req.t("group.settings.title")), slug: oldSlug, logo: nil, form: form, errors: errors, isOwner: context.role == .owner).response(status: .unprocessableEntity)
        }
        return .seeOther("/g/\(group.slug)/admin?notice=group_saved")
    }

    /// Asks the owner to type the address before deleting.
    @Sendable func showDelete(req: Request) async throws -> Response {
        let context = try await Self.administered(req)
        guard context.role == .owner else { throw Abort(.forbidden, reason: "group.error.owner_only") }
        return Self.deletePage(context.group, req: req, errors: FormErrors())
    }

    struct DeleteForm: Content { var confirm: String? }

    /// Deletes a group once its address was typed, or shows the confirmation again.
    /// Memberships, bans, invitations and module content go with it through ON DELETE CASCADE.
    static func deleteConfirmed(_ group: Group, req: Request, then location: String) async throws -> Response {
        let typed = (try req.content.decode(DeleteForm.self).confirm ?? "").trimmingCharacters(in: .whitespaces)
        guard typed == group.slug else {
            var errors = FormErrors()
            errors.add("confirm", req.t("group.delete.mismatch", ["slug": group.slug]))
            return deletePage(group, req: req, errors: errors, status: .unprocessableEntity)
        }
        try await group.delete(on: req.db)
        try await AuditLog.record(.groupDeleted, user: nil, actor: req.viewer?.id, detail: group.slug, req: req)
        try await req.application.files.deleteAll(under: group.filesPrefix)
        req.logger.notice("group deleted", metadata: ["group": .string(group.id?.uuidString ?? ""), "by": .string(req.viewer?.id?.uuidString ?? "")])
        return .seeOther(location)
    }

    /// The confirmation page: the owner's under the group, the operator's under /admin.
    static func deletePage(_ group: Group, req: Request, errors: FormErrors, status: HTTPResponseStatus = .ok) -> Response {
        let byOperator = req.url.path.hasPrefix("/admin/")
        let action = byOperator ? "/admin/groups/\(group.id?.uuidString ?? "")/delete" : "/g/\(group.slug)/admin/delete"
        return GroupDeletePage(layout: req.layout(title: req.t("group.delete.title")), slug: group.slug, name: group.name, action: action, cancel: byOperator ? "/admin" : "/g/\(group.slug)/admin", errors: errors).response(status: status)
    }

    /// Deletes the group and everything in it, once the owner typed its address.
    @Sendable func delete(req: Request) async throws -> Response {
        let context = try await Self.administered(req)
        guard context.role == .owner else { throw Abort(.forbidden, reason: "group.error.owner_only") }
        return try await Self.deleteConfirmed(context.group, req: req, then: "/?notice=group_deleted")
    }
}
