import Fluent
import IGroupsCore
import IGroupsPhotos
import Vapor

/// `igroups seed-photos`: adds an album of many photos to a group, for measuring the album pages.
struct SeedPhotosCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "group", help: "The group's address (default: bridge-oest, from seed-demo).")
        var group: String?
        @Option(name: "photos", help: "How many photos (default 1000).")
        var photos: Int?
    }

    var help: String { "Adds an album of copies of a group's ready photos, for benchmarks (--group, --photos)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let slug = signature.group ?? "bridge-oest"
        let photos = signature.photos ?? 1_000
        guard (1...100_000).contains(photos) else { throw CommandError("--photos must be 1–100,000") }
        guard let group = try await Group.query(on: app.db).filter(\.$slug == slug).first() else {
            throw CommandError("no group with the address \(slug); run seed-demo first or name one with --group")
        }
        let album = try await PhotoSeed.seed(group: group, count: photos, on: app.db)
        context.console.print("Wrote an album of \(photos) photos in \(slug), /g/\(slug)/photos/\(album.uuidString).")
    }
}
