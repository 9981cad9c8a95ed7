import Fluent
@testable import IGroupsCore
import SQLKit
import Testing
import Vapor

@Suite("Passwords")
struct PasswordTests {
    @Test("Forgot password answers the same whether or not the address has an account")
    func sameAnswer() async throws {
        try await withTestApp { app in
            var owner = Browser(app)
            try await owner.signUp(username: "anne", email: "anne@example.org")
            try await app.deliverMail()
            var browser = Browser(app)
            try await browser.get("/password/forgot")
            let known = try await browser.post("/password/forgot", ["email": "anne@example.org"])
            let unknown = try await browser.post("/password/forgot", ["email": "ghost@example.org"])
            #expect(known.status == .ok)
            #expect(unknown.status == .ok)
            #expect(known.body.string.contains("If an account with the address"))
            #expect(unknown.body.string.contains("If an account with the address"))
            let mails = try await app.deliverMail()
            #expect(mails.count == 2)
            #expect(mails.last?.subject == "Reset your password")
            #expect(mails.last?.to.contains("anne@example.org") == true)
        }
    }

    @Test("A reset link sets a new password once, ends every session, and expires after an hour")
    func reset() async throws {
        try await withTestApp { app in
            var owner = Browser(app)
            try await owner.signUp(username: "anne", email: "anne@example.org")
            var browser = Browser(app)
            try await browser.get("/password/forgot")
            try await browser.post("/password/forgot", ["email": "ANNE@example.org"])
            let link = try #require(try await app.deliverMail().last?.path(containing: "/password/reset/"))
            let row = try #require(try await EmailToken.query(on: app.db).filter(\.$purpose == .reset).first())
            #expect(abs(row.expiresAt.timeIntervalSinceNow - 3600) < 60)

            #expect(try await browser.get(link).status == .ok)
            var response = try await browser.post(link, ["password": "123456789"])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("too common"))
            response = try await browser.post(link, ["password": "ny-og-lang-kode"])
            #expect(response.location == "/login?notice=password_reset")
            #expect(try await UserSession.query(on: app.db).count() == 0)
            #expect(try await owner.get("/me").status == .seeOther)
            #expect(try await browser.logIn("anne", password: "ny-og-lang-kode").status == .seeOther)
            // used once
            var again = Browser(app)
            #expect(try await again.get(link).status == .gone)
            try await again.get("/")
            #expect(try await again.post(link, ["password": "endnu-en-ny-kode"]).status == .gone)

            // an hour later a fresh link no longer works
            try await browser.post("/logout")
            try await browser.get("/password/forgot")
            try await browser.post("/password/forgot", ["email": "anne@example.org"])
            let second = try #require(try await app.deliverMail().last?.path(containing: "/password/reset/"))
            try await (app.db as! any SQLDatabase).update(EmailToken.schema).set("expires_at", to: SQLBind(Date().addingTimeInterval(-1))).run()
            #expect(try await browser.get(second).status == .gone)
        }
    }

    @Test("Changing the password needs the current one and ends the other sessions")
    func change() async throws {
        try await withTestApp { app in
            var laptop = Browser(app)
            try await laptop.signUp(username: "oliver")
            var phone = Browser(app)
            phone.userAgent = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1"
            try await phone.logIn("oliver")
            try await laptop.get("/me/security/password")
            var response = try await laptop.post("/me/security/password", ["current": "wrong-one", "password": "helt-ny-kode-9"])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("The current password is wrong"))
            response = try await laptop.post("/me/security/password", ["current": "rolig-hest-42", "password": "helt-ny-kode-9"])
            #expect(response.location == "/me/security?notice=password_changed")
            #expect(try await laptop.get("/me").status == .ok)
            #expect(try await phone.get("/me").status == .seeOther)
            #expect(try await UserSession.query(on: app.db).count() == 1)
            let mails = try await app.deliverMail()
            #expect(mails.last?.subject == "Your password has changed")
        }
    }
}
