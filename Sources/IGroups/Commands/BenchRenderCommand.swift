import IGroupsForum
import Vapor

/// `igroups bench-render`: how long drawing a 25-post thread page takes in this process (for `script/bench`).
struct BenchRenderCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String {
        "Prints the median time to render a forum thread page of 25 posts in-process, without the database, with the posts drawn anew and kept drawn (used by script/bench)."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let result = ForumRenderBench.measure(app: context.application)
        context.console.print(String(format: "%.1f µs per page with its posts drawn, %.1f µs with them kept drawn (%d bytes)", result.drawn, result.kept, result.bytes))
    }
}
