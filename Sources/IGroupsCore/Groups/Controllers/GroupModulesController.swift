import Fluent
import Vapor

/// `/g/:group/admin/modules`: which modules are on, their order in the menu, and who writes.
package struct GroupModulesController: RouteCollection {
    package init() {}

    package func boot(routes: any RoutesBuilder) throws {
        routes.get("g", ":group", "admin", "modules", use: show)
        routes.post("g", ":group", "admin", "modules", use: save)
    }

    @Sendable func show(req: Request) async throws -> Response {
        let context = try await GroupAdminController.administered(req)
        let states = try await GroupModules.states(of: context.group.requireID(), req: req)
        return GroupModulesPage(layout: req.layout(title: req.t("group.modules.title")), chrome: GroupChrome(context, states: states, current: "admin", t: req.t), states: states).response()
    }

    /// Saves every module's state; a switched-off module keeps its data.
    @Sendable func save(req: Request) async throws -> Response {
        let context = try await GroupAdminController.administered(req)
        let groupID = try context.group.requireID()
        let existing = try await GroupModuleSetting.query(on: req.db).filter(\.$group.$id == groupID).all()
        try await req.db.transaction { db in
            for (index, module) in req.application.groupModules.enumerated() {
                let enabled = (try? req.content.get(String.self, at: "enabled_" + module.id)) == "on"
                let membersWrite = (try? req.content.get(String.self, at: "members_write_" + module.id)) == "on"
                let position = min(max((try? req.content.get(Int.self, at: "position_" + module.id)) ?? index + 1, 1), 99) - 1
                if let row = existing.first(where: { $0.moduleID == module.id }) {
                    row.enabled = enabled
                    row.position = position
                    row.membersWrite = membersWrite
                    try await row.save(on: db)
                } else {
                    try await GroupModuleSetting(groupID: groupID, moduleID: module.id, enabled: enabled, position: position, membersWrite: membersWrite).create(on: db)
                }
            }
        }
        return .seeOther("/g/\(context.group.slug)/admin/modules?notice=modules_saved")
    }
}
