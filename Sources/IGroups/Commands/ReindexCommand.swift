import IGroupsCore
import Vapor

/// `igroups reindex`: rebuilds the search index from the modules' own tables, for data from before
/// the index existed or an index that was lost or damaged.
struct ReindexCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Rebuilds the search index from every group's news, pages, links and other content." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await prepareDatabase(app)
        let count = try await SearchIndex.rebuild(modules: app.groupModules, on: app.db)
        context.console.print("Indexed \(count) item(s).")
    }
}
