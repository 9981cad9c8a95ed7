import Fluent
import Foundation
@testable import IGroupsCore
import Testing
import Vapor
import VaporTesting

@Suite("Cookies")
struct CookieTests {
    /// Every GET route of the app with its parameters filled from the access fixture.
    static func pages(_ app: Application, values: [String: String]) -> [String] {
        app.routes.all.compactMap { route in
            guard route.method == .GET else { return nil }
            let components = route.path.map(\.description)
            if components.contains(where: { $0.hasPrefix(":") && values[$0] == nil }) { return nil }
            return "/" + components.map { values[$0] ?? $0 }.joined(separator: "/")
        }
    }

    @Test("Every page, for a visitor, a member and the operator, sets no cookie but the two /cookies lists")
    func onlyListedCookies() async throws {
        try await withTestApp { app in
            var fixture = try await AccessMatrixTests.fixture(app, visibility: .public)
            let pages = Self.pages(app, values: fixture.values)
            #expect(pages.count >= 30, "only \(pages.count) pages")
            var reader = Browser(app)
            let listed = try await reader.get("/cookies").body.string
            var seen: Set<String> = []
            for viewer in [AccessMatrixTests.Viewer.visitor, .member, .owner, .operatorAccount] {
                var browser = try #require(fixture.browsers[viewer])
                for page in pages {
                    let response = try await browser.get(page)
                    for header in response.headers[.setCookie] {
                        let name = String(header.prefix { $0 != "=" })
                        seen.insert(name)
                        #expect([app.settings.sessionCookieName, Request.languageCookie].contains(name), "\(page) set the cookie \(name)")
                    }
                }
                // The language switch is the one place the settings cookie is set.
                let switched = try await browser.post("/language", ["language": "da", "back": "/"])
                for header in switched.headers[.setCookie] { seen.insert(String(header.prefix { $0 != "=" })) }
                fixture.browsers[viewer] = browser
            }
            #expect(seen == [app.settings.sessionCookieName, Request.languageCookie])
            for name in seen { #expect(listed.contains("<code>\(name)</code>") || listed.contains(">\(name)<"), "/cookies does not list \(name)") }
        }
    }
}
