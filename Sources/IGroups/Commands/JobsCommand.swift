import IGroupsCore
import Vapor

/// `igroups jobs`: runs the job worker alone, for installations that keep it out of `serve`.
struct JobsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "once", help: "Run the jobs that are due now, then stop.")
        var once: Bool
    }

    var help: String { "Runs queued and scheduled jobs (mail, clean-up) until stopped, or once with --once." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await prepareDatabase(app)
        if signature.once {
            let count = try await app.jobQueue.runPending(app: app)
            context.console.print("Ran \(count) job(s).")
            return
        }
        let worker = JobWorker()
        try await worker.didBootAsync(app)
        context.console.print("Job worker running; stop with Ctrl-C.")
        let (stopped, stop) = AsyncStream.makeStream(of: Void.self)
        let sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stop.yield() }
            source.resume()
            return source
        }
        var iterator = stopped.makeAsyncIterator()
        _ = await iterator.next()
        sources.forEach { $0.cancel() }
        await worker.shutdownAsync(app)
    }
}
