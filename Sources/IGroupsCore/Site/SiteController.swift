import Fluent
import SQLKit
import Vapor

/// The pages outside accounts and groups: home, privacy, cookies, the language switch and health.
package struct SiteController: RouteCollection {
    package init() {}

    package func boot(routes: any RoutesBuilder) throws {
        routes.get(use: home)
        routes.get("privacy", use: privacy)
        routes.get("cookies", use: cookies)
        routes.post("language", use: language)
        routes.get("healthz", use: health)
    }

    /// My groups when signed in; what iGroups is, for a visitor.
    @Sendable func home(req: Request) async throws -> Response {
        let t = req.t
        if let user = req.viewer {
            let memberships = try await Membership.query(on: req.db)
                .filter(\.$user.$id == user.requireID())
                .join(Group.self, on: \Membership.$group.$id == \Group.$id)
                .sort(Group.self, \.$nameKey)
                .all()
            let groups = try memberships.map { membership in
                let group = try membership.joined(Group.self)
                return HomePage.Row(slug: group.slug, name: group.name, role: membership.role)
            }
            return HomePage(layout: req.layout(title: t("home.title")), name: user.name, groups: groups).response()
        }
        return LandingPage(layout: req.layout(title: t("landing.title"))).response()
    }

    /// The privacy policy with the controller's details.
    @Sendable func privacy(req: Request) async throws -> Response {
        PolicyPage(layout: req.layout(title: req.t("privacy.title")), controller: req.application.settings.controller, version: req.application.settings.policyVersion).response()
    }

    /// The list of the two cookies the site sets.
    @Sendable func cookies(req: Request) async throws -> Response {
        CookiesPage(layout: req.layout(title: req.t("cookies.title")), sessionCookie: req.application.settings.sessionCookieName).response()
    }

    struct LanguageForm: Content {
        var language: String?
        var back: String?
    }

    /// Remembers the chosen language in the settings cookie (and on the account).
    @Sendable func language(req: Request) async throws -> Response {
        let form = try req.content.decode(LanguageForm.self)
        guard let language = Language(rawValue: form.language ?? "") else { throw Abort(.unprocessableEntity, reason: "error.language") }
        if let user = req.viewer, user.language != language.rawValue {
            user.language = language.rawValue
            try await user.save(on: req.db)
        }
        let response = Response.seeOther(AccountRules.safeReturnPath(form.back))
        response.cookies[Request.languageCookie] = HTTPCookies.Value(
            string: language.rawValue, maxAge: 365 * 24 * 3600, path: "/",
            isSecure: req.application.settings.isHTTPS, isHTTPOnly: true, sameSite: .lax
        )
        return response
    }

    struct Health: Content {
        let status: String
        let database: String
    }

    /// 200 when the database answers, 503 when it does not.
    @Sendable func health(req: Request) async throws -> Response {
        let response = Response()
        do {
            _ = try await req.db.sql.raw("SELECT 1 AS ok").first()
            try response.content.encode(Health(status: "ok", database: "ok"))
        } catch {
            response.status = .serviceUnavailable
            try response.content.encode(Health(status: "unavailable", database: "unreachable"))
        }
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
