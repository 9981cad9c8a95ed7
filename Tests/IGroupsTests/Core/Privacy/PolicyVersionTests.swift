import Fluent
import Foundation
@testable import IGroupsCore
import Testing
import Vapor
import VaporTesting

@Suite("Privacy policy versions")
struct PolicyVersionTests {
    @Test("A new policy version is accepted at the next visit before going on; privacy pages stay open; the history shows both")
    func newVersion() async throws {
        try await withTestApp { app in
            var person = Browser(app)
            try await person.signUpVerified("mette")
            try await person.createGroup("klubben")
            #expect(try await person.get("/g/klubben").status == .ok)
            #expect(try await User.query(on: app.db).first()?.policyVersion == PrivacyPolicy.currentVersion)

            // The operator publishes a new version.
            app.settings.policyVersion = "2027-03-01"
            var response = try await person.get("/g/klubben?tab=1")
            #expect(response.status == .seeOther)
            #expect(response.location == "/privacy/accept?next=%2Fg%2Fklubben%3Ftab%3D1")
            response = try await person.post("/groups/new", ["name": "Ny", "slug": "ny-gruppe", "visibility": "public", "join_policy": "open"])
            #expect(response.location == "/privacy/accept?next=%2F")
            #expect(try await Group.query(on: app.db).count() == 1)
            // Reading the policy, downloading or deleting, and logging out need no acceptance.
            #expect(try await person.get("/privacy").status == .ok)
            #expect(try await person.get("/me/privacy").status == .ok)
            #expect(try await person.get("/me/privacy/delete").status == .ok)
            let page = try await person.get("/privacy/accept?next=%2Fg%2Fklubben")
            #expect(page.body.string.contains("version 2027-03-01"))
            #expect(page.body.string.contains("You last accepted version \(PrivacyPolicy.currentVersion)."))

            response = try await person.post("/privacy/accept", ["next": "/g/klubben"])
            #expect(response.location == "/g/klubben")
            #expect(try await person.get("/g/klubben").status == .ok)
            let versions = try await PolicyAcceptance.query(on: app.db).sort(\.$acceptedAt).all().map(\.policyVersion)
            #expect(versions == [PrivacyPolicy.currentVersion, "2027-03-01"])
            let history = try await person.get("/me/privacy").body.string
            #expect(history.contains("Version 2027-03-01"))
            #expect(history.contains("Version \(PrivacyPolicy.currentVersion)"))
            // Accepting twice records nothing more; a foreign next path is ignored.
            #expect(try await person.post("/privacy/accept", ["next": "https://evil.example/"]).location == "/")
            #expect(try await PolicyAcceptance.query(on: app.db).count() == 2)
            // Visitors are not asked.
            var visitor = Browser(app)
            #expect(try await visitor.get("/groups").status == .ok)
        }
    }

    @Test("POLICY_VERSION must be a date")
    func setting() throws {
        #expect(throws: SettingsError.self) { try Settings.from(environment: ["POLICY_VERSION": "soon"]) }
        #expect(try Settings.from(environment: ["POLICY_VERSION": "2027-03-01"]).policyVersion == "2027-03-01")
        #expect(try Settings.from(environment: [:]).policyVersion == PrivacyPolicy.currentVersion)
    }
}
