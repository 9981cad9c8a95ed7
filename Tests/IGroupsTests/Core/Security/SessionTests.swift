import Fluent
import SQLKit
@testable import IGroupsCore
import Testing
import Vapor

@Suite("Sessions")
struct SessionTests {
    @Test("My sessions are listed with their device, and I can end one")
    func listAndEnd() async throws {
        try await withTestApp { app in
            var laptop = Browser(app)
            try await laptop.signUp(username: "mette")
            var phone = Browser(app)
            phone.userAgent = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"
            try await phone.logIn("mette")
            let page = try await laptop.get("/me/security")
            #expect(page.body.string.contains("Firefox on Linux"))
            #expect(page.body.string.contains("Chrome on Android"))
            #expect(page.body.string.contains("This device"))
            let phoneSession = try #require(try await UserSession.query(on: app.db).filter(\.$device ~~ "Android").first())
            let response = try await laptop.post("/me/security/sessions/\(phoneSession.requireID())/end")
            #expect(response.location == "/me/security?notice=session_ended")
            #expect(try await phone.get("/me").status == .seeOther)
            #expect(try await laptop.get("/me").status == .ok)
        }
    }

    @Test("Someone else's session id answers 404 and ends nothing")
    func someoneElses() async throws {
        try await withTestApp { app in
            var anne = Browser(app)
            try await anne.signUp(username: "anne")
            var bo = Browser(app)
            try await bo.signUp(username: "bodil")
            let annes = try #require(try await UserSession.query(on: app.db).join(User.self, on: \UserSession.$user.$id == \User.$id).filter(User.self, \.$username == "anne").first())
            try await bo.get("/me/security")
            let response = try await bo.post("/me/security/sessions/\(annes.requireID())/end")
            #expect(response.status == .notFound)
            #expect(try await anne.get("/me").status == .ok)
        }
    }

    @Test("A stolen-looking cookie that matches no session is just a visitor")
    func unknownToken() async throws {
        try await withTestApp { app in
            var browser = Browser(app)
            try await browser.signUp(username: "anne")
            browser.cookies["igroups"] = "s." + SecureToken.make()
            let response = try await browser.get("/me")
            #expect(response.status == .seeOther)
            #expect(response.location?.hasPrefix("/login") == true)
        }
    }

    @Test("Sessions and form tokens made before still work: a token's stored hash is SHA-256 in lower-case hex, tokens are base64url without padding")
    func tokenForms() {
        #expect(SecureToken.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SecureToken.base64URL(Data([0xFB, 0xFF, 0xBF])) == "-_-_")
        #expect(SecureToken.base64URL(Data([0xFB, 0xFF])) == "-_8")
    }

    @Test("A change to a person shows on their next page at once, however it was written: a new name, a notice counted, a suspension")
    func personChanges() async throws {
        try await withTestApp { app in
            var browser = Browser(app)
            try await browser.signUpVerified("mette")
            #expect(try await browser.get("/").body.string.contains("Mette Testesen"))
            // Written past the models, as counts and erasures are.
            try await app.db.sql.raw("UPDATE users SET name = 'Mette Nielsen', unread_notices = 3 WHERE username_key = 'mette'").run()
            let home = try await browser.get("/").body.string
            #expect(home.contains("Mette Nielsen") && !home.contains("Mette Testesen"))
            #expect(home.contains("badge-unread"))
            try await app.db.sql.raw("UPDATE users SET suspended_at = \(bind: Date()) WHERE username_key = 'mette'").run()
            #expect(try await browser.get("/me").location?.hasPrefix("/login") == true)
        }
    }
}
