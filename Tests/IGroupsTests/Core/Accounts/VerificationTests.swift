import Fluent
@testable import IGroupsCore
import SQLKit
import Testing
import Vapor

@Suite("Email verification")
struct VerificationTests {
    @Test("The link verifies the address once; a second use is refused")
    func verifyOnce() async throws {
        try await withTestApp { app in
            var browser = Browser(app)
            try await browser.signUp()
            let link = try #require(try await app.deliverMail().first?.path(containing: "/verify/"))
            var response = try await browser.get(link)
            #expect(response.status == .seeOther)
            #expect(response.location == "/?notice=verified")
            #expect(try await User.query(on: app.db).first()?.emailVerifiedAt != nil)
            response = try await browser.get(link)
            #expect(response.status == .gone)
            #expect(response.body.string.contains("The link has expired or was already used"))
        }
    }

    @Test("Only the token's hash is stored, and an expired link is refused")
    func expired() async throws {
        try await withTestApp { app in
            var browser = Browser(app)
            try await browser.signUp()
            let link = try #require(try await app.deliverMail().first?.path(containing: "/verify/"))
            let token = String(link.split(separator: "/").last!)
            let row = try #require(try await EmailToken.query(on: app.db).first())
            #expect(row.tokenHash != token)
            #expect(row.tokenHash == SecureToken.hash(token))
            #expect(abs(row.expiresAt.timeIntervalSinceNow - 48 * 3600) < 60)
            row.expiresAt = Date().addingTimeInterval(-1)
            try await row.save(on: app.db)
            let response = try await browser.get(link)
            #expect(response.status == .gone)
            #expect(try await User.query(on: app.db).first()?.emailVerifiedAt == nil)
        }
    }

    @Test("An unverified person can ask for a new link, at most once a minute")
    func resend() async throws {
        try await withTestApp { app in
            var browser = Browser(app)
            try await browser.signUp()
            let home = try await browser.get("/")
            #expect(home.body.string.contains("Confirm your email address to join groups and post"))
            try await app.deliverMail()
            // Within the first minute the link just sent is still the newest: no second mail.
            var response = try await browser.post("/verify/resend")
            #expect(response.location == "/?notice=verification_sent")
            #expect(try await app.deliverMail().count == 1)
            try await (app.db as! any SQLDatabase).update(EmailToken.schema).set("created_at", to: SQLBind(Date().addingTimeInterval(-120))).run()
            response = try await browser.post("/verify/resend")
            let mails = try await app.deliverMail()
            #expect(mails.count == 2)
            let newest = try #require(mails.last?.path(containing: "/verify/"))
            #expect(try await browser.get(newest).status == .seeOther)
            #expect(try await User.query(on: app.db).first()?.isVerified == true)
        }
    }
}
