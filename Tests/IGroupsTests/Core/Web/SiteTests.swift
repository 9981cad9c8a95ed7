import Foundation
@testable import IGroups
@testable import IGroupsCore
import Testing
import Vapor

@Suite("Pages, errors and language")
struct SiteTests {
    @Test("A missing page is a 404 page in the visitor's language; the API answers problem details")
    func errors() async throws {
        try await withTestApp { app in
            var browser = Browser(app)
            var response = try await browser.get("/nowhere")
            #expect(response.status == .notFound)
            #expect(response.headers.contentType == .html)
            #expect(response.body.string.contains("Page not found"))
            browser.acceptLanguage = "da-DK,da;q=0.9,en;q=0.5"
            response = try await browser.get("/nowhere")
            #expect(response.body.string.contains("Siden findes ikke"))
            #expect(response.body.string.contains("lang=\"da\""))
            response = try await browser.get("/api/v1/nowhere")
            #expect(response.status == .notFound)
            #expect(response.headers.contentType?.description.hasPrefix("application/problem+json") == true)
            let problem = try JSONDecoder().decode([String: AnyCodableValue].self, from: Data(response.body.readableBytesView))
            #expect(problem["status"] == .int(404))
            #expect(problem["title"] == .string("Siden findes ikke"))
        }
    }

    @Test("An unexpected error is a 500 page that tells nothing of the cause; unverified people are told to verify")
    func internalError() async throws {
        try await withTestApp { app in
            struct Secret: Error { let detail = "password=hunter2 at db.internal" }
            app.get("boom") { _ -> String in throw Secret() }
            app.get("needs-verified") { req -> String in _ = try req.requireVerifiedViewer(); return "ok" }
            var browser = Browser(app)
            let response = try await browser.get("/boom")
            #expect(response.status == .internalServerError)
            #expect(response.body.string.contains("An error happened on our side"))
            #expect(!response.body.string.contains("hunter2"))
            try await browser.signUp()
            let refused = try await browser.get("/needs-verified")
            #expect(refused.status == .forbidden)
            #expect(refused.body.string.contains("First confirm your email address"))
        }
    }

    @Test("The language comes from the settings cookie first, then Accept-Language; the switch sets the cookie")
    func language() async throws {
        try await withTestApp { app in
            var browser = Browser(app)
            browser.acceptLanguage = "da"
            #expect(try await browser.get("/login").body.string.contains("Glemt adgangskode?"))
            let response = try await browser.post("/language", ["language": "en", "back": "/login"])
            #expect(response.location == "/login")
            #expect(response.headers[.setCookie].contains { $0.hasPrefix("igroups-lang=en") })
            #expect(try await browser.get("/login").body.string.contains("Forgot your password?"))
            #expect(try await browser.post("/language", ["language": "xx"]).status == .unprocessableEntity)
            #expect(try await browser.post("/language", ["language": "da", "back": "https://evil.example"]).location == "/")
        }
    }

    @Test("The styles, the script and the icon are served as files; any other address is a page or not found")
    func publicFiles() async throws {
        try await withTestApp { app in
            var browser = Browser(app)
            let css = try await browser.get("/css/app.css")
            #expect(css.status == .ok && css.body.string.contains("--color-accent"))
            #expect(css.headers.first(name: .contentType)?.hasPrefix("text/css") == true)
            #expect(try await browser.get("/js/app.js").status == .ok)
            #expect(try await browser.get("/favicon.svg").status == .ok)
            #expect(try await browser.get("/css/nothing.css").status == .notFound)
            #expect(try await browser.get("/login").body.string.contains("name=\"password\""))
        }
    }

    @Test("Dates and numbers are written the way each language writes them")
    func formats() {
        let translations = Translations(catalogues: [:])
        let date = Date(timeIntervalSince1970: 1_764_000_000) // 24 Nov 2025
        #expect(translations.localizer(.da).date(date).contains("november"))
        #expect(translations.localizer(.en).date(date).contains("November"))
        #expect(translations.localizer(.da).number(1_234_567) == "1.234.567")
        #expect(translations.localizer(.en).number(1_234_567) == "1,234,567")
    }

    @Test("Privacy and cookie pages name the controller from configuration and exactly two cookies")
    func policyPages() async throws {
        try await withTestApp(environment: ["CONTROLLER_NAME": "Foreningen Eksempel", "CONTROLLER_EMAIL": "dpo@example.org", "CONTROLLER_ADDRESS": "Vestergade 2, 1456 København K"]) { app in
            var browser = Browser(app)
            let privacy = try await browser.get("/privacy").body.string
            #expect(privacy.contains("Foreningen Eksempel"))
            #expect(privacy.contains("dpo@example.org"))
            #expect(privacy.contains("Vestergade 2"))
            #expect(privacy.contains(PrivacyPolicy.currentVersion))
            let cookies = try await browser.get("/cookies").body.string
            #expect(cookies.components(separatedBy: "<code>").count - 1 == 2)
            #expect(cookies.contains("<code>igroups</code>"))
            #expect(cookies.contains("<code>igroups-lang</code>"))
        }
    }

    @Test("/healthz is 200 when the database answers and 503 when it does not")
    func health() async throws {
        try await withTestApp { app in
            var browser = Browser(app)
            let response = try await browser.get("/healthz")
            #expect(response.status == .ok)
            #expect(response.body.string.contains("\"status\":\"ok\""))
        }
        let app = try await Application.make(.testing)
        let settings = try Settings.from(environment: ["DATA_DIR": FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString).path])
        // Nothing listens on port 9: every query fails as it would with the database down.
        try await IGroups.configure(app, settings: settings, database: (.postgres(url: "postgres://nobody:nothing@127.0.0.1:9/none"), .psql))
        app.siteSecret = SymmetricKey(size: .bits256)
        let response = try await app.testing().performTest(request: .init(method: .GET, url: "/healthz", headers: [:], body: ByteBuffer()))
        #expect(response.status == .serviceUnavailable)
        try await app.asyncShutdown()
    }
}

/// A JSON value, for reading problem details.
enum AnyCodableValue: Codable, Equatable {
    case string(String), int(Int), other

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Int.self) { self = .int(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else { self = .other }
    }

    func encode(to encoder: any Encoder) throws {}
}
