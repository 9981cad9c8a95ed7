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

    /// Members whose name or username holds the search, for the group's search page; people are not
    /// copied into the search index, and only those who may see the directory see them here.
    package func searchMatches(_ query: String, in context: GroupContext, limit: Int, on db: any Database) async throws -> SearchMatches? {
        guard context.isMember || context.isOperator else { return nil }
        let rows = try await MembersController.rows(of: try context.group.requireID(), search: query, range: 0..<limit, on: db)
        let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return SearchMatches(
            items: rows.map { ModuleItem(title: $0.name, url: "/u/\($0.username)", date: $0.joined) },
            moreURL: "/g/\(context.group.slug)/members?q=\(encoded)"
        )
    }
}
