import Vapor

/// Turns every error into a page with the real status, or JSON problem details under `/api`.
package struct ErrorPageMiddleware: AsyncMiddleware {
    package init() {}

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return Self.response(for: error, request: request)
        }
    }

    static func response(for error: any Error, request: Request) -> Response {
        let status: HTTPResponseStatus
        var headers = HTTPHeaders()
        var reason: String?
        switch error {
        case let abort as any AbortError:
            status = abort.status
            headers = abort.headers
            reason = abort.reason
        default:
            status = .internalServerError
        }
        if (300..<400).contains(status.code) {
            let response = Response(status: status, headers: headers)
            return response
        }
        if status == .internalServerError {
            request.logger.report(error: error)
        }
        let t = request.t
        // Reasons that are translation keys become the person's message; anything else stays in the log.
        let message: String
        if let reason, reason.contains("."), t(reason) != reason {
            message = t(reason)
        } else {
            message = t("error.\(status.code).text") != "error.\(status.code).text" ? t("error.\(status.code).text") : t("error.other.text")
        }
        let title = t("error.\(status.code).title") != "error.\(status.code).title" ? t("error.\(status.code).title") : t("error.other.title")

        if request.url.path.hasPrefix("/api/") {
            let problem = Problem(type: "about:blank", title: title, status: Int(status.code), detail: message)
            let body = (try? JSONEncoder().encode(problem)) ?? Data()
            let response = Response(status: status, body: .init(data: body))
            response.headers.contentType = HTTPMediaType(type: "application", subType: "problem+json", parameters: ["charset": "utf-8"])
            return response
        }
        return ErrorPage(layout: request.layout(title: title), status: status, message: message).response(status: status)
    }
}

/// RFC 9457 problem details for the API.
struct Problem: Codable {
    let type: String
    let title: String
    let status: Int
    let detail: String
}

/// The one error page for every status.
struct ErrorPage: PageView {
    let layout: Layout.Model
    let status: HTTPResponseStatus
    let message: String

    func content(_ h: inout HTML) {
        let t = layout.t
        h.el("section", .class("card error-page")) { h in
            h.el("p", .class("error-code"), text: String(status.code))
            h.el("h1", text: layout.title)
            h.el("p", text: message)
            h.el("p") { $0.el("a", .class("button button-secondary"), .href("/"), text: t("error.home")) }
        }
    }
}
