import Fluent
@testable import IGroupsCore
import Testing
import Vapor

@Suite("Group settings and members")
struct GroupAdminTests {
    /// A public, open group owned by mette, with bodil as member; returns both browsers.
    static func groupWithMember(_ app: Application) async throws -> (owner: Browser, member: Browser, memberID: UUID) {
        var owner = Browser(app)
        try await owner.signUpVerified("mette")
        try await owner.createGroup("aabent", name: "Åben kreds", visibility: "public", joinPolicy: "open")
        var member = Browser(app)
        try await member.signUpVerified("bodil")
        try await member.get("/g/aabent")
        try await member.post("/g/aabent/join")
        let id = try #require(try await User.query(on: app.db).filter(\.$usernameKey == "bodil").first()?.requireID())
        return (owner, member, id)
    }

    @Test("Admins change the settings; members get 403, outsiders of a secret group 404")
    func settings() async throws {
        try await withTestApp { app in
            var (owner, member, _) = try await Self.groupWithMember(app)
            try await owner.get("/g/aabent/admin")
            var response = try await owner.post("/g/aabent/admin", ["name": "Åben kreds i Aarhus", "slug": "aarhus-kreds", "description": "Ny tekst", "visibility": "closed", "join_policy": "request"])
            #expect(response.location == "/g/aarhus-kreds/admin?notice=group_saved")
            let group = try #require(try await Group.query(on: app.db).first())
            #expect(group.name == "Åben kreds i Aarhus")
            #expect(group.visibility == .closed)
            #expect(try await owner.get("/g/aabent").status == .notFound)
            #expect(try await member.get("/g/aarhus-kreds/admin").status == .forbidden)
            response = try await member.post("/g/aarhus-kreds/admin", ["name": "Hacked", "slug": "hacked", "visibility": "public", "join_policy": "open"])
            #expect(response.status == .forbidden)
            response = try await owner.post("/g/aarhus-kreds/admin", ["name": "", "slug": "admin", "visibility": "secret", "join_policy": "open"])
            #expect(response.status == .unprocessableEntity)
            #expect(try await Group.query(on: app.db).first()?.name == "Åben kreds i Aarhus")
        }
    }

    @Test("Only the owner deletes a group, after typing its address; its memberships go with it")
    func delete() async throws {
        try await withTestApp { app in
            var (owner, member, _) = try await Self.groupWithMember(app)
            #expect(try await member.get("/g/aabent/admin/delete").status == .forbidden)
            try await owner.get("/g/aabent/admin/delete")
            var response = try await owner.post("/g/aabent/admin/delete", ["confirm": "aaben"])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("Type exactly aabent"))
            response = try await owner.post("/g/aabent/admin/delete", ["confirm": "aabent"])
            #expect(response.location == "/?notice=group_deleted")
            #expect(try await Group.query(on: app.db).count() == 0)
            #expect(try await Membership.query(on: app.db).count() == 0)
        }
    }

    @Test("Admins change roles but never the owner's; a member cannot make themselves admin")
    func roles() async throws {
        try await withTestApp { app in
            var (owner, member, memberID) = try await Self.groupWithMember(app)
            let ownerID = try #require(try await User.query(on: app.db).filter(\.$usernameKey == "mette").first()?.requireID())
            // A forged role change from a plain member.
            #expect(try await member.post("/g/aabent/admin/members/\(memberID)/role", ["role": "admin"]).status == .forbidden)
            try await owner.get("/g/aabent/admin/members")
            var response = try await owner.post("/g/aabent/admin/members/\(memberID)/role", ["role": "admin"])
            #expect(response.location == "/g/aabent/admin/members?notice=role_changed")
            // The new admin cannot demote the owner, nor crown anyone owner.
            try await member.get("/g/aabent/admin/members")
            response = try await member.post("/g/aabent/admin/members/\(ownerID)/role", ["role": "member"])
            #expect(response.status == .forbidden)
            #expect(response.body.string.contains("role changes only when the owner hands the group over"))
            #expect(try await member.post("/g/aabent/admin/members/\(memberID)/role", ["role": "owner"]).status == .forbidden)
            let roles = try await Membership.query(on: app.db).all().map(\.role).sorted()
            #expect(roles == [.admin, .owner])
        }
    }

    @Test("A banned member is removed and cannot join again; a removed one can")
    func removeAndBan() async throws {
        try await withTestApp { app in
            var (owner, member, memberID) = try await Self.groupWithMember(app)
            try await owner.get("/g/aabent/admin/members")
            #expect(try await owner.post("/g/aabent/admin/members/\(memberID)/remove").location == "/g/aabent/admin/members?notice=member_removed")
            try await member.get("/g/aabent")
            #expect(try await member.post("/g/aabent/join").location == "/g/aabent?notice=group_joined")
            try await owner.get("/g/aabent/admin/members")
            #expect(try await owner.post("/g/aabent/admin/members/\(memberID)/ban").location == "/g/aabent/admin/members?notice=member_banned")
            try await member.get("/g/aabent")
            let refused = try await member.post("/g/aabent/join")
            #expect(refused.status == .forbidden)
            #expect(refused.body.string.contains("You are banned from this group"))
            #expect(try await Membership.query(on: app.db).count() == 1)
        }
    }

    @Test("The owner hands the group over, becomes admin, and may then leave")
    func transfer() async throws {
        try await withTestApp { app in
            var (owner, member, memberID) = try await Self.groupWithMember(app)
            #expect(try await member.post("/g/aabent/admin/members/\(memberID)/transfer").status == .forbidden)
            try await owner.get("/g/aabent/admin/members")
            let response = try await owner.post("/g/aabent/admin/members/\(memberID)/transfer")
            #expect(response.location == "/g/aabent?notice=ownership_transferred")
            #expect(try await member.get("/g/aabent").body.string.contains("You are in this group as Owner"))
            #expect(try await owner.post("/g/aabent/leave").location == "/?notice=group_left")
            #expect(try await Membership.query(on: app.db).all().map(\.role) == [.owner])
        }
    }
}
