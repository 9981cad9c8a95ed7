import Vapor

/// The site's own files (`Public/`: styles, scripts, icons), served by Vapor's file middleware for the
/// addresses under one of that folder's names, read at start. Every other address, every page, goes on
/// without a look at the disk first.
package struct PublicFiles: AsyncMiddleware {
    let files: FileMiddleware
    let names: Set<String>

    package init(directory: String) {
        files = FileMiddleware(publicDirectory: directory, defaultFile: nil)
        names = Set((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
    }

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = request.urlPath
        let first = path.dropFirst().prefix { $0 != "/" }
        // An address with escapes is left to the file middleware, which reads it decoded.
        guard names.contains(String(first)) || path.contains("%") else { return try await next.respond(to: request) }
        return try await files.respond(to: request, chainingTo: next)
    }
}
