import Foundation
import IGroupsPhotos
import Vapor

/// `igroups bench-photo <file>`: how long the photo job takes for one picture, in this process.
struct BenchPhotoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "A picture (JPEG, PNG, WebP or HEIC).")
        var file: String
        @Option(name: "runs", help: "How many times (default 10).")
        var runs: Int?
    }

    var help: String { "Times the photo job's work on one picture: the stripped original, the display size and the thumbnail (--runs)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let runs = signature.runs ?? 10
        guard (1...1_000).contains(runs) else { throw CommandError("--runs must be 1–1,000") }
        guard FileManager.default.isReadableFile(atPath: signature.file) else { throw CommandError("cannot read \(signature.file)") }
        guard context.application.mediaAvailability.images else { throw CommandError("libvips is not installed (apt-get install libvips-tools)") }
        let result = try await PhotoBench.measure(signature.file, runs: runs, app: context.application)
        let sorted = result.seconds.sorted()
        let mean = sorted.reduce(0, +) / Double(sorted.count)
        context.console.print(String(format: "%d runs: mean %.3f s, median %.3f s, min %.3f s; CPU %.3f s per run", runs, mean, sorted[sorted.count / 2], sorted[0], result.cpu / Double(runs)))
    }
}
