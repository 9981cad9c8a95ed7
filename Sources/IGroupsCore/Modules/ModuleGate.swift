import Fluent
import SQLKit
import Vapor

/// A module's view of the request: the group context and the module's settings in that group.
package struct ModuleContext: Sendable {
    package let group: GroupContext
    package let membersWrite: Bool
    /// Every module's state in the group, read once by the gate for the menu.
    package let states: [ModuleState]

    /// The group's name and menu, with this module marked.
    package func chrome(_ current: String, t: Localizer) -> GroupChrome {
        GroupChrome(group, states: states, current: current, t: t)
    }

    /// Admins write; members too when the group allows it; an unverified address writes nothing.
    package var mayWrite: Bool {
        guard let viewer = group.viewer, viewer.isVerified, let role = group.role else { return false }
        return role >= .admin || membersWrite
    }
}

/// The state of every built module in one group; a module without a saved row is on, in its default place.
package struct ModuleState: Sendable {
    package let id: String
    package let nameKey: String
    package let enabled: Bool
    package let position: Int
    package let membersWrite: Bool
}

package enum GroupModules {
    /// A saved setting of one module in one group.
    package struct Setting: Sendable, Decodable {
        let moduleID: String
        let enabled: Bool
        let position: Int
        let membersWrite: Bool

        enum CodingKeys: String, CodingKey {
            case moduleID = "module_id", enabled, position, membersWrite = "members_write"
        }
    }

    /// All built modules with their state in the group, in menu order: from the settings read with the
    /// group when this request resolved it, otherwise in one query.
    package static func states(of groupID: UUID, req: Request) async throws -> [ModuleState] {
        if let settings = GroupAccess.resolvedSettings(of: groupID, on: req) { return states(req.application, settings) }
        return try await states(of: groupID, app: req.application, on: req.db)
    }

    /// All built modules with their state in the group, in menu order (one query).
    package static func states(of groupID: UUID, app: Application, on db: any Database) async throws -> [ModuleState] {
        let rows = try await db.sql.select().columns("module_id", "enabled", "position", "members_write")
            .from(GroupModuleSetting.schema).where("group_id", .equal, SQLBind(groupID)).all(decoding: Setting.self)
        return states(app, rows)
    }

    /// A module without a saved row is on, in its default place.
    package static func states(_ app: Application, _ settings: [Setting]) -> [ModuleState] {
        app.groupModules.enumerated().map { index, module in
            let row = settings.first { $0.moduleID == module.id }
            return ModuleState(id: module.id, nameKey: module.nameKey, enabled: row?.enabled ?? true, position: row?.position ?? index, membersWrite: row?.membersWrite ?? module.membersWriteByDefault)
        }.sorted { ($0.position, $0.id) < ($1.position, $1.id) }
    }
}

/// Sits in front of a module's routes: resolves the group (404 when hidden), answers 404 when the
/// module is switched off and 403 when the group may be seen but its content is for members.
package struct ModuleGate: AsyncMiddleware {
    let moduleID: String

    package init(moduleID: String) {
        self.moduleID = moduleID
    }

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let context = try await GroupAccess.context(for: request)
        let states = try await GroupModules.states(of: context.group.requireID(), req: request)
        guard let state = states.first(where: { $0.id == moduleID }), state.enabled else { throw Abort(.notFound) }
        guard context.mayRead else { throw Abort(.forbidden, reason: "group.error.members_only") }
        request.moduleContext = ModuleContext(group: context, membersWrite: state.membersWrite, states: states)
        return try await next.respond(to: request)
    }
}

extension Request {
    private struct ModuleContextKey: StorageKey { typealias Value = ModuleContext }

    /// Set by `ModuleGate` for every module route.
    package var moduleContext: ModuleContext {
        get {
            guard let context = storage[ModuleContextKey.self] else { fatalError("module routes sit behind ModuleGate") }
            return context
        }
        set { storage[ModuleContextKey.self] = newValue }
    }
}

extension Application {
    /// Mounts every built module at `/g/:group/<id>` behind its gate.
    package func mountGroupModules() throws {
        for module in groupModules {
            try module.routes(grouped(ModuleGate(moduleID: module.id)).grouped("g", ":group", PathComponent(stringLiteral: module.id)))
            try module.siteRoutes(routes)
        }
    }
}
