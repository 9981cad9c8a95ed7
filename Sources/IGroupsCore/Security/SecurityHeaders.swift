import Vapor

/// Adds the security headers to every response, error pages included.
package struct SecurityHeaders: AsyncMiddleware {
    static let contentSecurityPolicy = [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ].joined(separator: "; ")

    /// A download's policy: nothing in it may run or load anything, should a browser ever take it for a
    /// page. PDFs are left to the browser's own viewer, which a sandbox would stop.
    static let downloadPolicy = "default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox"
    /// A PDF opens in the browser's own viewer, also inside a file's page on this site.
    static let pdfPolicy = "frame-ancestors 'self'"

    /// The page policy, with `frame-src` opened to the players a page asked for and to nothing else.
    static func policy(framing sources: [FrameSource]) -> String {
        guard !sources.isEmpty else { return contentSecurityPolicy }
        return contentSecurityPolicy + "; frame-src " + Set(sources).map(\.rawValue).sorted().joined(separator: " ")
    }

    let https: Bool

    package init(https: Bool) {
        self.https = https
    }

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let isDownload = response.headers.first(name: .contentDisposition) != nil
        let isPDF = isDownload && response.headers.first(name: .contentType) == "application/pdf"
        response.headers.replaceOrAdd(
            name: "Content-Security-Policy", value: isPDF ? Self.pdfPolicy : isDownload ? Self.downloadPolicy : Self.policy(framing: response.frameSources))
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: isDownload ? "SAMEORIGIN" : "DENY")
        response.headers.replaceOrAdd(name: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), interest-cohort=()")
        if https {
            response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains")
        }
        return response
    }
}

/// A player from elsewhere that a page may frame once the visitor has asked for it (a linked video,
/// after its play button is clicked). These hosts are the only ones any page can ever frame.
package enum FrameSource: String, Sendable, CaseIterable {
    /// YouTube's player that sets no cookies until the video plays.
    case youtube = "https://www.youtube-nocookie.com"
    case vimeo = "https://player.vimeo.com"
}

extension Response {
    private struct FrameSourcesKey: StorageKey { typealias Value = [FrameSource] }

    /// The players this page may frame: the security headers widen `frame-src` to them for this
    /// response alone; every other page keeps the strict policy.
    package var frameSources: [FrameSource] {
        get { storage[FrameSourcesKey.self] ?? [] }
        set { storage[FrameSourcesKey.self] = newValue }
    }
}
