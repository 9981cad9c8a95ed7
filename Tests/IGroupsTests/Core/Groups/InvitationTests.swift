import Fluent
@testable import IGroupsCore
import SQLKit
import Testing
import Vapor

@Suite("Invitations")
struct InvitationTests {
    static func secretGroup(_ app: Application) async throws -> Browser {
        var owner = Browser(app)
        try await owner.signUpVerified("oliver")
        try await owner.createGroup("hughes", name: "The Hughes Family", visibility: "secret", joinPolicy: "invitation")
        try await owner.get("/g/hughes/admin/invitations")
        return owner
    }

    @Test("An invitation by mail works for someone without an account: sign up, then join, address verified")
    func byMailNewPerson() async throws {
        try await withTestApp { app in
            var owner = try await Self.secretGroup(app)
            var response = try await owner.post("/g/hughes/admin/invitations", ["email": "emily@example.org"])
            #expect(response.location == "/g/hughes/admin/invitations?notice=invitation_sent")
            let mail = try #require(try await app.deliverMail().last)
            #expect(mail.to.contains("emily@example.org"))
            #expect(mail.subject == "Invitation to The Hughes Family")
            let link = try #require(mail.path(containing: "/invite/"))
            #expect(try await owner.get("/g/hughes/admin/invitations").body.string.contains("emily@example.org"))

            var emily = Browser(app)
            let landing = try await emily.get(link).body.string
            #expect(landing.contains("Invitation to The Hughes Family"))
            #expect(landing.contains("/signup?next=\(link)"))
            try await emily.get("/signup?next=\(link)")
            response = try await emily.post("/signup", ["username": "emily", "name": "Emily Carter", "email": "emily@example.org", "password": "rolig-hest-42", "birthdate": "1995-01-15", "accept_policy": "on", "next": link])
            #expect(response.location == link)
            try await emily.get(link)
            response = try await emily.post(link)
            #expect(response.location == "/g/hughes?notice=group_joined")
            let user = try #require(try await User.query(on: app.db).filter(\.$usernameKey == "emily").first())
            #expect(user.isVerified)
            #expect(try await emily.get("/g/hughes").status == .ok)
            // single use
            var other = Browser(app)
            try await other.signUpVerified("bodil")
            #expect(try await other.get(link).status == .gone)
            try await other.get("/")
            #expect(try await other.post(link).status == .gone)
        }
    }

    @Test("A shareable link lets verified people join until a new link replaces it")
    func byLink() async throws {
        try await withTestApp { app in
            var owner = try await Self.secretGroup(app)
            let page = try await owner.post("/g/hughes/admin/invitations/link").body.string
            let link = try #require(page.components(separatedBy: "/invite/").dropFirst().first?.prefix(while: { $0 != "<" })).description
            var bodil = Browser(app)
            try await bodil.signUp(username: "bodil")
            try await bodil.get("/invite/" + link)
            // Unverified, and the link was not sent to her address.
            #expect(try await bodil.post("/invite/" + link).status == .forbidden)
            var anne = Browser(app)
            try await anne.signUpVerified("anne")
            try await anne.get("/invite/" + link)
            #expect(try await anne.post("/invite/" + link).location == "/g/hughes?notice=group_joined")
            try await owner.get("/g/hughes/admin/invitations")
            try await owner.post("/g/hughes/admin/invitations/link")
            var mette = Browser(app)
            try await mette.signUpVerified("mette")
            #expect(try await mette.get("/invite/" + link).status == .gone)
        }
    }

    @Test("Expired and revoked invitations are refused; members are not invited; only admins invite")
    func limits() async throws {
        try await withTestApp { app in
            var owner = try await Self.secretGroup(app)
            var response = try await owner.post("/g/hughes/admin/invitations", ["email": "oliver@example.org"])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("already a member"))
            response = try await owner.post("/g/hughes/admin/invitations", ["email": "not-an-address"])
            #expect(response.body.string.contains("Enter a valid email address"))

            try await owner.post("/g/hughes/admin/invitations", ["email": "emily@example.org"])
            let link = try #require(try await app.deliverMail().last?.path(containing: "/invite/"))
            try await (app.db as! any SQLDatabase).update(Invitation.schema).set("expires_at", to: SQLBind(Date().addingTimeInterval(-1))).run()
            var emily = Browser(app)
            #expect(try await emily.get(link).status == .gone)

            try await owner.post("/g/hughes/admin/invitations", ["email": "anne@example.org"])
            let second = try #require(try await app.deliverMail().last?.path(containing: "/invite/"))
            let invitation = try #require(try await Invitation.query(on: app.db).filter(\.$email == "anne@example.org").first())
            try await owner.get("/g/hughes/admin/invitations")
            #expect(try await owner.post("/g/hughes/admin/invitations/\(invitation.requireID())/revoke").location == "/g/hughes/admin/invitations?notice=invitation_revoked")
            #expect(try await emily.get(second).status == .gone)

            var stranger = Browser(app)
            try await stranger.signUpVerified("bodil")
            #expect(try await stranger.get("/g/hughes/admin/invitations").status == .notFound)
            #expect(try await stranger.post("/g/hughes/admin/invitations", ["email": "x@example.org"]).status == .notFound)
        }
    }
}
