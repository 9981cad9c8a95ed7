import Fluent
import Foundation
@testable import IGroupsCore
import Testing
import Vapor
import VaporTesting

@Suite("The audit log")
struct AuditLogTests {
    @Test("Logins, failures, password changes and others' changes to me are recorded without secrets and shown on /me/security")
    func events() async throws {
        try await withTestApp { app in
            var owner = Browser(app)
            try await owner.signUpVerified("mette")
            try await owner.createGroup("klubben", visibility: "public", joinPolicy: "open")
            var bodil = Browser(app)
            try await bodil.signUpVerified("bodil")
            try await bodil.get("/g/klubben")
            try await bodil.post("/g/klubben/join")
            var stranger = Browser(app)
            try await stranger.logIn("bodil", password: "gæt-forkert-99")
            try await bodil.get("/me/security/password")
            try await bodil.post("/me/security/password", ["current": "rolig-hest-42", "password": "ny-rolig-hest-43"])
            var again = Browser(app)
            try await again.logIn("bodil", password: "ny-rolig-hest-43")
            let bodilID = try #require(try await User.query(on: app.db).filter(\.$usernameKey == "bodil").first()?.requireID())
            try await owner.get("/g/klubben/admin/members")
            try await owner.post("/g/klubben/admin/members/\(bodilID)/role", ["role": "moderator"])

            let page = try await bodil.get("/me/security").body.string
            #expect(page.contains("Failed login (wrong password)"))
            #expect(page.contains("Password changed"))
            #expect(page.contains("Logged in"))
            #expect(page.contains("Role in a group changed</strong> · klubben: member → moderator"))
            #expect(page.contains("by an administrator"))
            let events = try await AuditEvent.query(on: app.db).filter(\.$user.$id == bodilID).all()
            #expect(Set(events.map(\.kind)).isSuperset(of: [.loginFailed, .passwordChanged, .login, .roleChanged]))
            for event in events {
                #expect(!event.detail.contains("hest") && !event.detail.contains("gæt"), "a password in \(event.kind)")
            }
            // Nobody else sees them.
            #expect(!(try await owner.get("/me/security").body.string.contains("Failed login")))

            // A year later they are gone.
            try await Retention.run(app: app, now: Date().addingTimeInterval(366 * 24 * 3600))
            #expect(try await AuditEvent.query(on: app.db).count() == 0)
        }
    }

    @Test("Every kind of event has a name in Danish and English")
    func translated() async throws {
        try await withTestApp { app in
            for language in [Language.da, .en] {
                let t = app.translations.localizer(language)
                for kind in AuditEvent.Kind.allCases {
                    #expect(t("audit.\(kind.rawValue)") != "audit.\(kind.rawValue)", "audit.\(kind.rawValue) in \(language)")
                }
            }
        }
    }
}
