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
            // One plain read of my groups (the hot path of a signed-in person).
            struct Row: Decodable {
                let id: UUID
                let slug: String
                let name: String
                let logo_version: Int?
                let role: String
            }
            let rows = try await req.db.sql.select()
                .column(SQLColumn("id", table: Group.schema)).column(SQLColumn("slug", table: Group.schema)).column(SQLColumn("name", table: Group.schema))
                .column(SQLColumn("logo_version", table: Group.schema)).column(SQLColumn("role", table: Membership.schema))
                .from(Membership.schema)
                .join(Group.schema, on: SQLColumn("group_id", table: Membership.schema), .equal, SQLColumn("id", table: Group.schema))
                .where(SQLColumn("user_id", table: Membership.schema), .equal, SQLBind(user.requireID()))
                .orderBy(SQLColumn("name_key", table: Group.schema))
                .all(decoding: Row.self)
            let groups = rows.map {
                HomePage.Row(slug: $0.slug, name: $0.name, logo: Group.logoURL(slug: $0.slug, id: $0.id, version: $0.logo_version), role: Membership.Role(rawValue: $0.role) ?? .member)
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
