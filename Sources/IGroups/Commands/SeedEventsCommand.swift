import Fluent
import IGroupsCore
import IGroupsEvents
import Vapor

/// `igroups seed-events`: fills a group with many events, for measuring the calendar and its feed.
struct SeedEventsCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "group", help: "The group's address (default: bridge-oest, from seed-demo).")
        var group: String?
        @Option(name: "events", help: "How many events (default 5000); two in five repeat.")
        var events: Int?
        @Option(name: "years", help: "The years they spread over, ending two years ahead (default 10).")
        var years: Int?
    }

    var help: String { "Fills a group with events, two in five repeating, for benchmarks (--group, --events, --years)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let slug = signature.group ?? "bridge-oest"
        let events = signature.events ?? 5_000
        let years = signature.years ?? 10
        guard (1...1_000_000).contains(events), (1...100).contains(years) else {
            throw CommandError("--events must be 1–1,000,000 and --years 1–100")
        }
        guard let group = try await Group.query(on: app.db).filter(\.$slug == slug).first() else {
            throw CommandError("no group with the address \(slug); run seed-demo first or name one with --group")
        }
        try await EventSeed.seed(app.db, group: group, events: events, years: years)
        context.console.print("Wrote \(events) events over \(years) years in \(slug).")
    }
}
