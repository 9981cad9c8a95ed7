import Fluent
@testable import IGroupsCore
import Testing
import Vapor

@Suite("Join requests")
struct JoinRequestTests {
    @Test("A person asks to join a closed group; an admin approves and the person is told by mail")
    func approve() async throws {
        try await withTestApp { app in
            var owner = Browser(app)
            try await owner.signUpVerified("anne")
            try await owner.createGroup("kolonihaven", name: "Kolonihaven", visibility: "closed", joinPolicy: "request")
            var mette = Browser(app)
            try await mette.signUpVerified("mette")
            #expect(try await mette.get("/g/kolonihaven").body.string.contains("Ask to join"))
            var response = try await mette.post("/g/kolonihaven/request")
            #expect(response.location == "/g/kolonihaven?notice=request_sent")
            #expect(try await mette.get("/g/kolonihaven").body.string.contains("Your request is waiting"))
            try await mette.post("/g/kolonihaven/request")
            #expect(try await JoinRequest.query(on: app.db).count() == 1)

            let page = try await owner.get("/g/kolonihaven/admin/members").body.string
            #expect(page.contains("Requests to join"))
            #expect(page.contains("Mette Testesen"))
            let metteID = try #require(try await User.query(on: app.db).filter(\.$usernameKey == "mette").first()?.requireID())
            // A member who is not an admin cannot approve.
            #expect(try await mette.post("/g/kolonihaven/admin/requests/\(metteID)/approve").status == .forbidden)
            response = try await owner.post("/g/kolonihaven/admin/requests/\(metteID)/approve")
            #expect(response.location == "/g/kolonihaven/admin/members?notice=request_approved")
            #expect(try await mette.get("/g/kolonihaven").body.string.contains("You are in this group as Member"))
            #expect(try await JoinRequest.query(on: app.db).count() == 0)
            let mail = try #require(try await app.deliverMail().last)
            #expect(mail.to.contains("mette@example.org"))
            #expect(mail.subject == "You are now a member of Kolonihaven")
            #expect(mail.path(containing: "/g/kolonihaven") == "/g/kolonihaven")
        }
    }

    @Test("A declined person is told, may ask again; a banned one may not; an open or invitation group takes no requests")
    func declineAndLimits() async throws {
        try await withTestApp { app in
            var owner = Browser(app)
            try await owner.signUpVerified("anne")
            try await owner.createGroup("kolonihaven", name: "Kolonihaven", visibility: "closed", joinPolicy: "request")
            try await owner.createGroup("aabent", visibility: "public", joinPolicy: "open")
            var mette = Browser(app)
            try await mette.signUpVerified("mette")
            try await mette.get("/g/kolonihaven")
            try await mette.post("/g/kolonihaven/request")
            let metteID = try #require(try await User.query(on: app.db).filter(\.$usernameKey == "mette").first()?.requireID())
            try await owner.get("/g/kolonihaven/admin/members")
            #expect(try await owner.post("/g/kolonihaven/admin/requests/\(metteID)/decline").location == "/g/kolonihaven/admin/members?notice=request_declined")
            #expect(try await app.deliverMail().last?.subject == "An answer from Kolonihaven")
            #expect(try await Membership.query(on: app.db).filter(\.$user.$id == metteID).count() == 0)
            #expect(try await mette.post("/g/kolonihaven/request").location == "/g/kolonihaven?notice=request_sent")
            #expect(try await mette.post("/g/kolonihaven/request/withdraw").location == "/g/kolonihaven?notice=request_withdrawn")
            #expect(try await JoinRequest.query(on: app.db).count() == 0)
            // Approved, then banned: asking again is refused.
            try await mette.post("/g/kolonihaven/request")
            try await owner.get("/g/kolonihaven/admin/members")
            try await owner.post("/g/kolonihaven/admin/requests/\(metteID)/approve")
            #expect(try await owner.post("/g/kolonihaven/admin/members/\(metteID)/ban").location == "/g/kolonihaven/admin/members?notice=member_banned")
            let refused = try await mette.post("/g/kolonihaven/request")
            #expect(refused.status == .forbidden)
            #expect(refused.body.string.contains("You are banned from this group"))
            #expect(try await mette.post("/g/aabent/request").status == .forbidden)
        }
    }
}
