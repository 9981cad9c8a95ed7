import Fluent
import IGroupsCore
import IGroupsForum
import Vapor

/// `igroups seed-forum`: fills a group's forum with many threads, for measuring its pages.
struct SeedForumCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "group", help: "The group's address (default: bridge-oest, from seed-demo).")
        var group: String?
        @Option(name: "threads", help: "How many threads (default 2000).")
        var threads: Int?
        @Option(name: "posts", help: "Posts in each thread (default 50).")
        var posts: Int?
    }

    var help: String { "Fills a group's forum with threads of posts by its members, for benchmarks (--group, --threads, --posts); igroups reindex makes them searchable." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let slug = signature.group ?? "bridge-oest"
        let threads = signature.threads ?? 2_000
        let posts = signature.posts ?? 50
        guard (1...1_000_000).contains(threads), (1...10_000).contains(posts) else {
            throw CommandError("--threads must be 1–1,000,000 and --posts 1–10,000")
        }
        guard let group = try await Group.query(on: app.db).filter(\.$slug == slug).first() else {
            throw CommandError("no group with the address \(slug); run seed-demo first or name one with --group")
        }
        let board = try await ForumSeed.board(in: group.requireID(), on: app.db)
        try await ForumSeed.seed(app.db, groupID: group.requireID(), boardID: board, threads: threads, postsPerThread: posts)
        context.console.print("Wrote \(threads) threads of \(posts) posts in \(slug)'s forum, board \(board.uuidString).")
    }
}
