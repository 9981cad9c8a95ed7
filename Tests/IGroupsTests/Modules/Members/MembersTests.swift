import Fluent
import Foundation
@testable import IGroupsCore
@testable import IGroupsMembers
import Testing
import Vapor
import VaporTesting

@Suite("Members directory")
struct MembersTests {
    /// A public group of mette's with 30 more members; bodil shares her address with members, carl keeps his.
    static func group(_ app: Application) async throws -> (owner: Browser, bodil: Browser) {
        var owner = Browser(app)
        try await owner.signUpVerified("mette")
        try await owner.createGroup("koret", visibility: "public", joinPolicy: "open")
        var bodil = Browser(app)
        try await bodil.signUpVerified("bodil")
        try await bodil.get("/g/koret")
        try await bodil.post("/g/koret/join")
        let group = try #require(try await Group.query(on: app.db).first())
        for n in 1...30 {
            let user = User(username: "sanger\(n)", name: n == 1 ? "=HYPERLINK(\"x\")" : "Sanger \(n)", email: "sanger\(n)@example.org", passwordHash: "-", birthdate: "1990-01-01", language: .da)
            user.emailVisibility = n.isMultiple(of: 2) ? .members : .private
            try await user.create(on: app.db)
            try await Membership(groupID: group.requireID(), userID: user.requireID(), role: .member).create(on: app.db)
        }
        let user = try #require(try await User.query(on: app.db).filter(\.$usernameKey == "bodil").first())
        user.emailVisibility = .members
        user.phone = "+45 11 22 33 44"
        user.phoneVisibility = .private
        try await user.save(on: app.db)
        return (owner, bodil)
    }

    @Test("Members see everyone with role and joined date, each field only as its owner shares it; search and pages")
    func directory() async throws {
        try await withTestApp { app in
            var (owner, bodil) = try await Self.group(app)
            var page = try await owner.get("/g/koret/members").body.string
            #expect(page.contains("32 members"))
            #expect(page.contains("href=\"/u/bodil\""))
            #expect(page.contains("bodil@example.org"))
            #expect(!page.contains("+45 11 22 33 44"))
            #expect(page.contains("sanger2@example.org"))
            #expect(!page.contains("sanger3@example.org"))
            #expect(page.contains("page=2"))
            // Her own phone is hers to see.
            #expect(try await bodil.get("/g/koret/members?q=bodil").body.string.contains("+45 11 22 33 44"))
            page = try await bodil.get("/g/koret/members?q=SANGER%202").body.string
            #expect(page.contains("Sanger 2<"))
            #expect(page.contains("Sanger 20<"))
            #expect(!page.contains("Sanger 3<"))
            #expect(!page.contains("Download the member list"))
            // Letters beyond ASCII fold too, on SQLite as on PostgreSQL.
            let group = try #require(try await Group.query(on: app.db).first())
            let aase = User(username: "aase", name: "Åse Østergaard", email: "aase@example.org", passwordHash: "-", birthdate: "1980-01-01", language: .da)
            try await aase.create(on: app.db)
            try await Membership(groupID: group.requireID(), userID: aase.requireID(), role: .member).create(on: app.db)
            #expect(try await bodil.get("/g/koret/members?q=%C3%B8sterg").body.string.contains("Åse Østergaard"))
            #expect(try await bodil.get("/g/koret/members?q=%C3%85SE").body.string.contains("Åse Østergaard"))
            page = try await bodil.get("/g/koret/members?q=zzz").body.string
            #expect(page.contains("No members match"))
        }
    }

    @Test("Outsiders and visitors never see who is in a group, even a public one")
    func membersOnly() async throws {
        try await withTestApp { app in
            _ = try await Self.group(app)
            var visitor = Browser(app)
            #expect(try await visitor.get("/g/koret/members").location?.hasPrefix("/login") == true)
            var outsider = Browser(app)
            try await outsider.signUpVerified("outsider")
            #expect(try await outsider.get("/g/koret/members").status == .forbidden)
            #expect(try await outsider.get("/g/koret/members/export.csv").status == .forbidden)
            // The front page lists the newest members for members only.
            #expect(!(try await outsider.get("/g/koret").body.string.contains("href=\"/u/sanger30\"")))
        }
    }

    @Test("Admins see what is pending and download a CSV with only what each member shares with the group")
    func csv() async throws {
        try await withTestApp { app in
            var (owner, bodil) = try await Self.group(app)
            try await owner.get("/g/koret/admin/invitations")
            try await owner.post("/g/koret/admin/invitations", ["email": "ny@example.org"])
            let page = try await owner.get("/g/koret/members").body.string
            #expect(page.contains("1 invitation waiting"))
            #expect(page.contains("0 requests waiting"))
            let response = try await owner.get("/g/koret/members/export.csv")
            #expect(response.status == .ok)
            #expect(response.headers.contentType?.description.hasPrefix("text/csv") == true)
            let lines = response.body.string.components(separatedBy: "\r\n")
            #expect(lines.first == "Name,Username,Role,Member since,Email,Phone")
            #expect(lines.filter { !$0.isEmpty }.count == 33)
            #expect(lines.contains { $0.hasPrefix("Bodil Testesen,bodil,Member,") && $0.hasSuffix(",bodil@example.org,") })
            #expect(!response.body.string.contains("sanger3@example.org"))
            #expect(!response.body.string.contains("+45 11 22 33 44"))
            #expect(response.body.string.contains("\"'=HYPERLINK(\"\"x\"\")\""), "a formula is defused")
            #expect(try await bodil.get("/g/koret/members/export.csv").status == .forbidden)
        }
    }
}
