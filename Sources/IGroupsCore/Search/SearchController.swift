import Fluent
import Vapor

/// `/g/:group/search`: one box that searches every module of the group that is switched on,
/// in what the viewer may read; the same access as the group's content (404 hidden, 403 members only).
package struct SearchController: RouteCollection {
    package init() {}

    static let perPage = 20
    /// Pages beyond this are not offered; nobody reads that far, and the offset stays small.
    static let maxPage = 250
    /// How many of a module's own matches (members by name) the page shows before linking on.
    static let matchesShown = 5

    package func boot(routes: any RoutesBuilder) throws {
        routes.get("g", ":group", "search", use: search)
    }

    /// Reads the box, searches the index and the modules' own matches, and shows one page of results.
    @Sendable func search(req: Request) async throws -> Response {
        let context = try await GroupAccess.context(for: req)
        guard context.mayRead else { throw Abort(.forbidden, reason: "group.error.members_only") }
        let group = context.group
        let states = try await GroupModules.states(of: group.requireID(), req: req)
        let text = String((req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(SearchIndex.maxQueryLength))
        let page = min(max(1, Pagination.requestedPage(req)), Self.maxPage)
        let enabled = states.filter(\.enabled)
        var results = SearchPage.Results(hits: [], total: 0, page: page, matches: [])
        if !text.isEmpty {
            let scope = SearchScope(groupID: try group.requireID(), modules: enabled.map(\.id), includesMembersOnly: context.isMember || context.isOperator)
            let found = try await SearchIndex.search(text, in: scope, offset: (page - 1) * Self.perPage, limit: Self.perPage, on: req.db)
            if found.hits.isEmpty, page > 1 { return .seeOther(SearchPage.url(slug: group.slug, query: text, page: 1)) }
            let names = Dictionary(enabled.map { ($0.id, req.t($0.nameKey)) }, uniquingKeysWith: { first, _ in first })
            results.hits = found.hits.map { SearchPage.Hit(hit: $0, moduleName: names[$0.module] ?? $0.module) }
            results.total = found.total
            // People and the like come first, on the first page only.
            for state in enabled where page == 1 {
                guard let module = req.application.groupModule(state.id),
                      let matches = try await module.searchMatches(text, in: context, limit: Self.matchesShown, on: req.db),
                      !matches.items.isEmpty
                else { continue }
                results.matches.append((names[state.id] ?? state.id, matches))
            }
        }
        return SearchPage(
            layout: req.layout(title: text.isEmpty ? req.t("search.title") : req.t("search.title_for", ["query": text])),
            chrome: GroupChrome(context, states: states, current: "search", t: req.t), query: text, results: text.isEmpty ? nil : results
        ).response()
    }
}
