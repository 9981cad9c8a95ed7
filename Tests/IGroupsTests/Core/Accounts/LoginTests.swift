import Fluent
import SQLKit
@testable import IGroupsCore
import Testing
import Vapor

@Suite("Log in and out")
struct LoginTests {
    @Test("Log in by username or by email in any case, and log out with POST")
    func logInAndOut() async throws {
        try await withTestApp { app in
            var signup = Browser(app)
            try await signup.signUp(username: "soeren", email: "soeren@example.org")
            var browser = Browser(app)
            var response = try await browser.logIn("SOEREN")
            #expect(response.status == .seeOther)
            #expect(try await browser.get("/").body.string.contains("Log out"))
            response = try await browser.post("/logout")
            #expect(response.location == "/?notice=logged_out")
            #expect(try await browser.get("/").body.string.contains("Create a free account"))
            response = try await browser.logIn("Soeren@Example.org")
            #expect(response.status == .seeOther)
            #expect(try await UserSession.query(on: app.db).count() == 2)
        }
    }

    @Test("A wrong password says so without telling whether the account exists")
    func wrongPassword() async throws {
        try await withTestApp { app in
            var browser = Browser(app)
            try await browser.signUp(username: "anne")
            var other = Browser(app)
            let wrong = try await other.logIn("anne", password: "not-the-password")
            let missing = try await other.logIn("nobody", password: "not-the-password")
            #expect(wrong.status == .unprocessableEntity)
            #expect(missing.status == .unprocessableEntity)
            #expect(wrong.body.string.contains("The username or password is wrong"))
            #expect(missing.body.string.contains("The username or password is wrong"))
            #expect(wrong.body.string.contains("value=\"anne\""))
        }
    }

    @Test("After 5 failures for one account, even the right password is refused for a while")
    func throttleAccount() async throws {
        try await withTestApp { app in
            var owner = Browser(app)
            try await owner.signUp(username: "emily")
            var attacker = Browser(app)
            for _ in 1...5 {
                #expect(try await attacker.logIn("emily", password: "guess-guess").status == .unprocessableEntity)
            }
            let blocked = try await attacker.logIn("emily")
            #expect(blocked.status == .tooManyRequests)
            #expect(blocked.body.string.contains("Too many failed attempts. Wait 15 minutes"))
            // The failures age out of the window: the right password works again.
            let old = Date().addingTimeInterval(-LoginThrottle.window - 60)
            try await (app.db as! any SQLDatabase).update(LoginAttempt.schema).set("created_at", to: SQLBind(old)).run()
            #expect(try await attacker.logIn("emily").status == .seeOther)
        }
    }

    @Test("After 20 failures from one address, every account is refused from it")
    func throttleAddress() async throws {
        try await withTestApp { app in
            var owner = Browser(app)
            try await owner.signUp(username: "oliver")
            var attacker = Browser(app)
            for index in 1...20 {
                try await attacker.logIn("someone\(index)", password: "guess-guess")
            }
            #expect(try await attacker.logIn("oliver").status == .tooManyRequests)
            // The refused try is counted as well: it keeps the address blocked.
            #expect(try await LoginAttempt.query(on: app.db).count() == 21)
        }
    }

    @Test("The session cookie is HttpOnly and SameSite=Lax, named igroups on http and __Host-igroups with Secure on https")
    func cookieAttributes() async throws {
        try await withTestApp { app in
            var browser = Browser(app)
            let response = try await browser.signUp()
            let cookie = try #require(response.headers[.setCookie].first { $0.hasPrefix("igroups=s.") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(cookie.contains("Path=/"))
            #expect(!cookie.contains("Secure"))
        }
        try await withTestApp(environment: ["BASE_URL": "https://groups.example.org"]) { app in
            var browser = Browser(app)
            let response = try await browser.get("/")
            let cookie = try #require(response.headers[.setCookie].first)
            #expect(cookie.hasPrefix("__Host-igroups="))
            #expect(cookie.contains("Secure"))
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("Path=/"))
            #expect(response.headers.first(name: "Strict-Transport-Security")?.contains("max-age=") == true)
        }
    }

    @Test("A login form sends the person back where they were going, never to another site")
    func next() async throws {
        try await withTestApp { app in
            var browser = Browser(app)
            try await browser.signUp(username: "mette")
            try await browser.post("/logout")
            var response = try await browser.get("/me")
            #expect(response.status == .seeOther)
            #expect(response.location == "/login?next=/me")
            try await browser.get("/login?next=/me")
            response = try await browser.post("/login", ["login": "mette", "password": "rolig-hest-42", "next": "/me"])
            #expect(response.location == "/me")
            try await browser.post("/logout")
            try await browser.get("/login")
            response = try await browser.post("/login", ["login": "mette", "password": "rolig-hest-42", "next": "//evil.example"])
            #expect(response.location == "/")
        }
    }
}

@Suite("Return paths")
struct ReturnPathTests {
    @Test("Only paths on this site are followed after a form")
    func returnPaths() {
        #expect(AccountRules.safeReturnPath("/me") == "/me")
        #expect(AccountRules.safeReturnPath("/u/mette?tab=1") == "/u/mette?tab=1")
        for hostile in ["//evil.example", "/\t/evil.example", "/\\evil.example", "https://evil.example", "/\n/evil.example", "javascript:alert(1)", "", "me"] {
            #expect(AccountRules.safeReturnPath(hostile) == "/", "\(hostile)")
        }
    }
}
