import Fluent
import Foundation
@testable import IGroupsCore
import Testing
import Vapor
import VaporTesting

@Suite("Retention")
struct RetentionTests {
    @Test("Accounts never verified go after 7 days through erasure; finished invitations after 30 days; the rest stays")
    func retention() async throws {
        try await withTestApp { app in
            var owner = Browser(app)
            try await owner.signUpVerified("mette")
            try await owner.createGroup("klubben", visibility: "closed", joinPolicy: "request")
            var late = Browser(app)
            try await late.signUp(username: "glemsom", email: "glemsom@example.org", name: "Glemsom Person")
            try await late.get("/g/klubben")
            try await owner.get("/g/klubben/admin/invitations")
            try await owner.post("/g/klubben/admin/invitations", ["email": "ny@example.org"])
            try await owner.post("/g/klubben/admin/invitations", ["email": "senere@example.org"])
            let used = try #require(try await Invitation.query(on: app.db).filter(\.$email == "ny@example.org").first())
            used.usedAt = Date()
            try await used.save(on: app.db)

            try await Retention.run(app: app, now: Date().addingTimeInterval(6 * 24 * 3600))
            #expect(try await User.query(on: app.db).count() == 2)
            #expect(try await Invitation.query(on: app.db).count() == 2)

            try await Retention.run(app: app, now: Date().addingTimeInterval(8 * 24 * 3600))
            #expect(try await User.query(on: app.db).filter(\.$usernameKey == "glemsom").first() == nil)
            #expect(try await User.query(on: app.db).filter(\.$usernameKey == "mette").first() != nil)
            #expect(try await UserSession.query(on: app.db).count() == 1)
            #expect(try await Invitation.query(on: app.db).count() == 2)

            // 30 days after use the used invitation goes; the pending one expires at 14 days and goes 30 days later.
            try await Retention.run(app: app, now: Date().addingTimeInterval(31 * 24 * 3600))
            #expect(try await Invitation.query(on: app.db).all().map(\.email) == ["senere@example.org"])
            try await Retention.run(app: app, now: Date().addingTimeInterval(45 * 24 * 3600))
            #expect(try await Invitation.query(on: app.db).count() == 0)
        }
    }
}
