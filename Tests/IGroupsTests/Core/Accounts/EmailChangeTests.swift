import Fluent
@testable import IGroupsCore
import Testing
import Vapor

@Suite("Changing email")
struct EmailChangeTests {
    @Test("A new address is confirmed by a link sent to it, and the old address is told")
    func changeEmail() async throws {
        try await withTestApp { app in
            var browser = Browser(app)
            try await browser.signUp(username: "emily", email: "emily@example.org")
            try await app.deliverMail()
            try await browser.get("/me/email")
            var response = try await browser.post("/me/email", ["email": "emily@example.org", "password": "rolig-hest-42"])
            #expect(response.body.string.contains("That is already your address"))
            response = try await browser.post("/me/email", ["email": "emily.carter@example.net", "password": "wrong"])
            #expect(response.body.string.contains("The current password is wrong"))
            response = try await browser.post("/me/email", ["email": "emily.carter@example.net", "password": "rolig-hest-42"])
            #expect(response.location == "/me?notice=email_change_sent")
            // nothing changes until the link is opened
            #expect(try await User.query(on: app.db).first()?.email == "emily@example.org")
            let mails = try await app.deliverMail()
            let confirm = try #require(mails.last)
            #expect(confirm.to.contains("emily.carter@example.net"))
            let link = try #require(confirm.path(containing: "/verify/"))
            response = try await browser.get(link)
            #expect(response.location == "/me?notice=email_changed")
            let user = try #require(try await User.query(on: app.db).first())
            #expect(user.email == "emily.carter@example.net")
            #expect(user.emailKey == "emily.carter@example.net")
            #expect(user.isVerified)
            let told = try #require(try await app.deliverMail().last)
            #expect(told.to.contains("emily@example.org"))
            #expect(told.subject == "Your email address has changed")
            #expect(told.text.contains("emily.carter@example.net"))
        }
    }

    @Test("An address that another account uses cannot be taken")
    func taken() async throws {
        try await withTestApp { app in
            var other = Browser(app)
            try await other.signUp(username: "anne", email: "anne@example.org")
            var browser = Browser(app)
            try await browser.signUp(username: "bodil", email: "bodil@example.org")
            try await browser.get("/me/email")
            let response = try await browser.post("/me/email", ["email": "ANNE@example.org", "password": "rolig-hest-42"])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("An account with that email address already exists"))
        }
    }
}
