import Vapor

/// A group's logo: shrunk to fit 256×256 when uploaded, served to everyone who may see the group.
package struct GroupLogoController: RouteCollection {
    package init() {}

    /// The largest upload taken, and the body a logo form may send (the upload and the other fields).
    static let maxBytes = 5 * 1024 * 1024
    static let maxBody: ByteCount = "6mb"
    /// The box the stored logo fits in: four times the largest size it is shown at.
    static let box = 256

    package func boot(routes: any RoutesBuilder) throws {
        routes.get("g", ":group", "logo", use: show)
    }

    /// The logo; 404 when the group has none or is hidden from the viewer.
    @Sendable func show(req: Request) async throws -> Response {
        let context = try await GroupAccess.context(for: req)
        let group = context.group
        guard let version = group.logoVersion, let bytes = try await req.application.files.read(group.logoKey) else { throw Abort(.notFound) }
        let response = Response(status: .ok, body: .init(buffer: bytes))
        response.headers.contentType = .png
        // The address names the version, so the image behind it never changes; a secret group's stays out of shared caches.
        let scope = group.visibility == .secret ? "private" : "public"
        let current = req.query[String.self, at: "v"] == Group.logoToken(id: try group.requireID(), version: version)
        response.headers.replaceOrAdd(name: .cacheControl, value: current ? "\(scope), max-age=31536000, immutable" : "\(scope), no-cache")
        return response
    }

    /// Reads and shrinks an uploaded logo: nil when none was chosen, or an error on the `logo` field.
    static func process(_ file: File?, req: Request, errors: inout FormErrors) async -> ByteBuffer? {
        await req.shrinkUpload(file, field: "logo", box: box, maxBytes: maxBytes, output: .png, errors: &errors)
    }

    /// Stores a new logo for the group, or removes the old one when asked; the caller saves the group.
    static func apply(_ logo: ByteBuffer?, remove: Bool, to group: Group, files: any FileStore) async throws {
        if let logo {
            try await files.write(logo, to: group.logoKey)
            group.logoVersion = (group.logoVersion ?? 0) + 1
        } else if remove, group.logoVersion != nil {
            try await files.delete(group.logoKey)
            group.logoVersion = nil
        }
    }
}
