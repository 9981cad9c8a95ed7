import Fluent
@testable import IGroupsCore
import SQLKit
import Testing
import Vapor

@Suite("Groups kept per process")
struct KeptGroupTests {
    @Test("A change to a group or its modules shows on the next page at once, however it was written")
    func changesShowAtOnce() async throws {
        try await withTestApp { app in
            var (owner, member, _) = try await GroupAdminTests.groupWithMember(app)
            #expect(try await member.get("/g/aabent").body.string.contains("Åben kreds"))
            // Written past the models.
            try await app.db.sql.raw("UPDATE \"groups\" SET name = 'Kredsen i Aarhus' WHERE slug = 'aabent'").run()
            let front = try await member.get("/g/aabent").body.string
            #expect(front.contains("Kredsen i Aarhus") && !front.contains("Åben kreds"))

            // Module settings: made through the form (new rows), then changed and removed by hand.
            try await owner.get("/g/aabent/admin/modules")
            try await owner.post("/g/aabent/admin/modules", ["enabled_pages": "on", "position_pages": "1"])
            #expect(try await member.get("/g/aabent/pages").status == .ok)
            try await app.db.sql.raw("UPDATE group_modules SET enabled = \(bind: false) WHERE module_id = 'pages'").run()
            #expect(try await member.get("/g/aabent/pages").status == .notFound)
            try await app.db.sql.raw("DELETE FROM group_modules WHERE module_id = 'pages'").run()
            #expect(try await member.get("/g/aabent/pages").status == .ok)

            // A group made secret is gone for outsiders on their next request; its members still see it.
            var outsider = Browser(app)
            #expect(try await outsider.get("/g/aabent").status == .ok)
            try await app.db.sql.raw("UPDATE \"groups\" SET visibility = 'secret' WHERE slug = 'aabent'").run()
            #expect(try await outsider.get("/g/aabent").status == .notFound)
            #expect(try await member.get("/g/aabent").status == .ok)
            // A new address answers at once, the old one not at all.
            try await app.db.sql.raw("UPDATE \"groups\" SET slug = 'aarhus' WHERE slug = 'aabent'").run()
            #expect(try await member.get("/g/aabent").status == .notFound)
            #expect(try await member.get("/g/aarhus").body.string.contains("Kredsen i Aarhus"))
        }
    }

    @Test("The group's version moves with every change to its row or its module settings, and not otherwise")
    func versionMoves() async throws {
        try await withTestApp { app in
            var (owner, member, _) = try await GroupAdminTests.groupWithMember(app)
            func version() async throws -> Int {
                try await app.db.sql.raw("SELECT version FROM \"groups\" WHERE slug = 'aabent'").first()!.decode(column: "version", as: Int.self)
            }
            var seen = [try await version()]
            try await app.db.sql.raw("UPDATE \"groups\" SET description = 'Ny' WHERE slug = 'aabent'").run()
            seen.append(try await version())
            try await owner.get("/g/aabent/admin/modules")
            try await owner.post("/g/aabent/admin/modules", ["enabled_pages": "on", "position_pages": "2"])
            seen.append(try await version())
            try await app.db.sql.raw("UPDATE group_modules SET position = 5 WHERE module_id = 'pages'").run()
            seen.append(try await version())
            #expect(Set(seen).count == seen.count, "a change left the version where it was: \(seen)")
            // Reading pages and joining or leaving (memberships are read on every request) change nothing.
            try await member.get("/g/aabent")
            try await member.post("/g/aabent/leave")
            #expect(try await version() == seen.last)
        }
    }
}
