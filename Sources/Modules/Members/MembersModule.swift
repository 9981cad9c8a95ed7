import Fluent
import IGroupsCore
import SQLKit
import Vapor

/// The members directory ("Medlemmer"): who is in the group, with what each shares with it.
/// It keeps no data of its own; it reads memberships and profiles, so it declares no tables.
package struct MembersModule: GroupModule {
    package init() {}

    package let id = "members"
    package let nameKey = "members.name"
    package var migrations: [any Migration] { [] }
    package var personalData: [PersonalData] { [] }

    package func routes(_ routes: any RoutesBuilder) throws {
        try routes.register(collection: MembersController())
    }

    /// The newest members, for the group's front page; only members see who is in a group.
    package func latest(in context: GroupContext, limit: Int, on db: any Database) async throws -> [ModuleItem] {
        guard context.isMember else { return [] }
        let rows = try await MembersController.rows(of: try context.group.requireID(), search: "", newestFirst: true, range: 0..<limit, on: db)
        return rows.map { ModuleItem(title: $0.name, url: "/u/\($0.username)", date: $0.joined) }
    }
}
