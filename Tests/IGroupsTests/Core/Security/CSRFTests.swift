import Fluent
@testable import IGroupsCore
import Testing
import Vapor

@Suite("CSRF protection")
struct CSRFTests {
    @Test("A form posted without a token gets 403 and changes nothing")
    func missingToken() async throws {
        try await withTestApp { app in
            var browser = Browser(app)
            try await browser.get("/signup")
            let response = try await browser.post("/signup", [
                "username": "mette", "name": "Mette", "email": "mette@example.org",
                "password": "rolig-hest-42", "birthdate": "1990-01-01", "accept_policy": "on",
            ], csrf: false)
            #expect(response.status == .forbidden)
            #expect(response.body.string.contains("The form was too old or did not come from this site"))
            #expect(try await User.query(on: app.db).count() == 0)
        }
    }

    @Test("A token taken from another browser does not work")
    func otherBrowsersToken() async throws {
        try await withTestApp { app in
            var victim = Browser(app)
            try await victim.signUp(username: "anne")
            var attacker = Browser(app)
            try await attacker.get("/")
            // The attacker's page makes the victim's browser post with the attacker's token.
            victim.csrf = attacker.csrf
            let response = try await victim.post("/me", ["name": "Hacked"])
            #expect(response.status == .forbidden)
            #expect(try await User.query(on: app.db).first()?.name == "Mette Hansen")
            // The logout form, too, is protected.
            victim.csrf = attacker.csrf
            #expect(try await victim.post("/logout").status == .forbidden)
            #expect(try await victim.get("/me").status == .ok)
        }
    }

    @Test("The token changes when a person logs in")
    func rotates() async throws {
        try await withTestApp { app in
            var browser = Browser(app)
            try await browser.get("/signup")
            let before = try #require(browser.csrf)
            try await browser.signUp()
            try await browser.get("/")
            #expect(browser.csrf != before)
        }
    }
}
