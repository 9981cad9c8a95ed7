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

            // an hour later a fresh link no longer works (links are sent at most once a minute)
            try await (app.db as! any SQLDatabase).update(EmailToken.schema).set("created_at", to: SQLBind(Date().addingTimeInterval(-120))).run()
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

@Suite("Links and throttles around passwords")
struct PasswordLinkTests {
    @Test("No usable link is stored: the queue holds only who and what, the token table only hashes")
    func noStoredLinks() async throws {
        try await withTestApp { app in
            var owner = Browser(app)
            try await owner.signUp(username: "anne", email: "anne@example.org")
            var browser = Browser(app)
            try await browser.get("/password/forgot")
            try await browser.post("/password/forgot", ["email": "anne@example.org"])
            struct Payload: Decodable { let payload: String }
            let queued = try await (app.db as! any SQLDatabase).select().column("payload").from("jobs").all(decoding: Payload.self)
            #expect(!queued.isEmpty)
            #expect(queued.allSatisfy { !$0.payload.contains("/verify/") && !$0.payload.contains("/password/reset/") })
            let mails = try await app.deliverMail()
            let link = try #require(mails.last?.path(containing: "/password/reset/"))
            let token = String(link.split(separator: "/").last!)
            #expect(try await EmailToken.query(on: app.db).all().allSatisfy { $0.tokenHash != token })
        }
    }

    @Test("One client can ask for at most 10 reset links an hour, whatever the addresses")
    func forgotLimit() async throws {
        try await withTestApp { app in
            var browser = Browser(app)
            try await browser.get("/password/forgot")
            for index in 1...PasswordController.forgotPerHour {
                #expect(try await browser.post("/password/forgot", ["email": "person\(index)@example.org"]).status == .ok)
            }
            let refused = try await browser.post("/password/forgot", ["email": "one-more@example.org"])
            #expect(refused.status == .tooManyRequests)
            #expect(refused.body.string.contains("You have asked for many links in a short time"))
        }
    }

    @Test("Changing the password voids every reset link sent before")
    func oldLinksDie() async throws {
        try await withTestApp { app in
            var browser = Browser(app)
            try await browser.signUp(username: "oliver", email: "oliver@example.org")
            var stranger = Browser(app)
            try await stranger.get("/password/forgot")
            try await stranger.post("/password/forgot", ["email": "oliver@example.org"])
            let link = try #require(try await app.deliverMail().last?.path(containing: "/password/reset/"))
            try await browser.get("/me/security/password")
            let changed = try await browser.post("/me/security/password", ["current": "rolig-hest-42", "password": "nyt-og-bedre-7"])
            #expect(changed.location == "/me/security?notice=password_changed")
            #expect(try await stranger.get(link).status == .gone)
        }
    }

    @Test("Guessing the current password on the security pages is throttled like logins")
    func currentPasswordThrottle() async throws {
        try await withTestApp { app in
            var browser = Browser(app)
            try await browser.signUp(username: "emily")
            try await browser.get("/me/security/password")
            for _ in 1...5 {
                let response = try await browser.post("/me/security/password", ["current": "guess-guess", "password": "nyt-og-bedre-7"])
                #expect(response.status == .unprocessableEntity)
            }
            let blocked = try await browser.post("/me/email", ["email": "new@example.org", "password": "rolig-hest-42"])
            #expect(blocked.status == .tooManyRequests)
            #expect(blocked.body.string.contains("Too many failed attempts"))
        }
    }

    @Test("Guesses sent in parallel are all counted before any password is compared")
    func parallelGuesses() async throws {
        try await withTestApp { app in
            var owner = Browser(app)
            try await owner.signUp(username: "soeren")
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        var attacker = Browser(app)
                        return try await attacker.logIn("soeren", password: "guess-guess").status
                    }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .unprocessableEntity }.count <= LoginThrottle.perAccount)
            var late = Browser(app)
            #expect(try await late.logIn("soeren").status == .tooManyRequests)
        }
    }
}
