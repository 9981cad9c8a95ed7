import Fluent
import Vapor

/// When the operator publishes a new privacy policy, a signed-in person accepts it before going on.
/// The policy itself, the cookie list, logging out and everything on `/me/privacy` (download, delete)
/// stay open, so nobody has to accept in order to leave.
package struct PolicyGate: AsyncMiddleware {
    package init() {}

    static let open = ["/privacy", "/cookies", "/logout", "/language", "/healthz", "/me/privacy"]

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let viewer = request.viewer, viewer.policyVersion != request.application.settings.policyVersion else {
            return try await next.respond(to: request)
        }
        let path = request.urlPath
        if Self.open.contains(where: { path == $0 || path.hasPrefix($0 + "/") }) {
            return try await next.respond(to: request)
        }
        let back = request.method == .GET ? request.url.string : "/"
        let query = back.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"
        return .seeOther("/privacy/accept?next=\(query)")
    }
}

/// `/privacy/accept`: the new policy, and accepting it.
package struct PolicyAcceptanceController: RouteCollection {
    package init() {}

    package func boot(routes: any RoutesBuilder) throws {
        routes.get("privacy", "accept", use: show)
        routes.post("privacy", "accept", use: accept)
    }

    @Sendable func show(req: Request) async throws -> Response {
        let user = try req.requireViewer()
        let next = AccountRules.safeReturnPath(req.query[String.self, at: "next"])
        if user.policyVersion == req.application.settings.policyVersion { return .seeOther(next) }
        return AcceptPolicyPage(layout: req.layout(title: req.t("privacy.accept.title")), version: req.application.settings.policyVersion, previous: user.policyVersion, next: next).response()
    }

    struct Form: Content { var next: String? }

    /// Records the acceptance, with its time and version, and goes on to where the person was going.
    @Sendable func accept(req: Request) async throws -> Response {
        let user = try req.requireViewer()
        let next = AccountRules.safeReturnPath(try req.content.decode(Form.self).next)
        let version = req.application.settings.policyVersion
        guard user.policyVersion != version else { return .seeOther(next) }
        try await req.db.transaction { db in
            try await PolicyAcceptance(userID: user.requireID(), policyVersion: version, acceptedAt: Date()).create(on: db)
            user.policyVersion = version
            try await user.save(on: db)
        }
        return .seeOther(next)
    }
}

/// The page that asks to accept a new version of the policy.
struct AcceptPolicyPage: PageView {
    let layout: Layout.Model
    let version: String
    let previous: String?
    let next: String

    func content(_ h: inout HTML) {
        let t = layout.t
        h.el("section", .class("card narrow")) { h in
            h.el("h1", text: layout.title)
            h.el("p", text: t("privacy.accept.lead", ["version": version]))
            if let previous { h.el("p", .class("muted"), text: t("privacy.accept.previous", ["version": previous])) }
            h.el("p") { $0.el("a", .href("/privacy"), .attr("target", "_blank"), text: t("privacy.accept.read")) }
            h.el("form", .method("post"), .action("/privacy/accept")) { h in
                Parts.csrf(layout.csrf, into: &h)
                h.void("input", .type("hidden"), .name("next"), .value(next))
                h.el("button", .type("submit"), .class("button button-primary"), text: t("privacy.accept.submit"))
            }
            h.el("p", .class("muted")) { h in
                h.text(t("privacy.accept.or") + " ")
                h.el("a", .href("/me/privacy"), text: t("privacy.me.title"))
            }
        }
    }
}
