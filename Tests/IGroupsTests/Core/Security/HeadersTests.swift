@testable import IGroupsCore
import Testing
import Vapor

@Suite("Security headers")
struct HeadersTests {
    @Test("Every response, error pages included, carries the security headers; no HSTS on http")
    func headers() async throws {
        try await withTestApp { app in
            var browser = Browser(app)
            for path in ["/", "/login", "/does-not-exist", "/css/app.css"] {
                let response = try await browser.get(path)
                let csp = try #require(response.headers.first(name: "Content-Security-Policy"))
                #expect(csp.contains("frame-ancestors 'none'"))
                #expect(csp.contains("script-src 'self'"))
                #expect(!csp.contains("unsafe-inline"))
                #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(response.headers.first(name: "Referrer-Policy") == "same-origin")
                #expect(response.headers.first(name: "Strict-Transport-Security") == nil)
            }
        }
    }

    @Test("No page has an inline script")
    func noInlineScript() async throws {
        try await withTestApp { app in
            var browser = Browser(app)
            try await browser.signUp()
            for path in ["/", "/me", "/me/security", "/privacy", "/cookies", "/u/mette"] {
                let html = try await browser.get(path).body.string
                let scripts = html.components(separatedBy: "<script").dropFirst()
                #expect(scripts.allSatisfy { $0.hasPrefix(" src=") }, "inline script on \(path)")
                #expect(!html.contains(" onclick="))
            }
        }
    }
}
