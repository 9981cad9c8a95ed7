import Fluent
@testable import IGroupsCore
import Testing
import Vapor

@Suite("The operator")
struct OperatorTests {
    static func operatorBrowser(_ app: Application) async throws -> Browser {
        var browser = Browser(app)
        try await browser.signUpVerified("drift")
        let user = try #require(try await User.query(on: app.db).filter(\.$usernameKey == "drift").first())
        user.isOperator = true
        try await user.save(on: app.db)
        return browser
    }

    @Test("Only operators see /admin; others get 404")
    func hidden() async throws {
        try await withTestApp { app in
            var visitor = Browser(app)
            #expect(try await visitor.get("/admin").status == .notFound)
            var person = Browser(app)
            try await person.signUpVerified("mette")
            #expect(try await person.get("/admin?q=mette").status == .notFound)
            var ops = try await Self.operatorBrowser(app)
            let page = try await ops.get("/admin?q=METTE").body.string
            #expect(page.contains("mette@example.org"))
        }
    }

    @Test("A suspended person's sessions end, login is refused with the reason, and they are told by mail")
    func suspend() async throws {
        try await withTestApp { app in
            var mette = Browser(app)
            try await mette.signUpVerified("mette")
            var ops = try await Self.operatorBrowser(app)
            let id = try #require(try await User.query(on: app.db).filter(\.$usernameKey == "mette").first()?.requireID())
            try await ops.get("/admin?q=mette")
            #expect(try await ops.post("/admin/users/\(id)/suspend", ["reason": ""]).status == .unprocessableEntity)
            let response = try await ops.post("/admin/users/\(id)/suspend", ["reason": "Spam i flere grupper"])
            #expect(response.location == "/admin?q=mette&notice=user_suspended")
            #expect(try await mette.get("/me").status == .seeOther)
            let refused = try await mette.logIn("mette")
            #expect(refused.status == .forbidden)
            #expect(refused.body.string.contains("The account is suspended: Spam i flere grupper"))
            let mail = try #require(try await app.deliverMail().last)
            #expect(mail.subject == "Your account has been suspended")
            #expect(mail.text.contains("Spam i flere grupper"))
            try await ops.get("/admin?q=mette")
            #expect(try await ops.post("/admin/users/\(id)/unsuspend").location == "/admin?q=mette&notice=user_unsuspended")
            #expect(try await mette.logIn("mette").status == .seeOther)
            // An ordinary person cannot suspend anyone.
            var other = Browser(app)
            try await other.signUpVerified("bodil")
            #expect(try await other.post("/admin/users/\(id)/suspend", ["reason": "x"]).status == .notFound)
        }
    }

    @Test("The operator deletes a group after typing its address")
    func deleteGroup() async throws {
        try await withTestApp { app in
            var owner = Browser(app)
            try await owner.signUpVerified("mette")
            try await owner.createGroup("skjult", visibility: "secret", joinPolicy: "invitation")
            let group = try #require(try await Group.query(on: app.db).first())
            var ops = try await Self.operatorBrowser(app)
            #expect(try await ops.get("/admin?q=skjult").body.string.contains("/admin/groups/\(try group.requireID())/delete"))
            try await ops.get("/admin/groups/\(try group.requireID())/delete")
            #expect(try await ops.post("/admin/groups/\(try group.requireID())/delete", ["confirm": "wrong"]).status == .unprocessableEntity)
            #expect(try await ops.post("/admin/groups/\(try group.requireID())/delete", ["confirm": "skjult"]).location == "/admin?notice=group_deleted")
            #expect(try await Group.query(on: app.db).count() == 0)
        }
    }

    @Test("The operator lists everyone suspended, latest first, with the reason, and lifts a suspension from the list")
    func suspendedList() async throws {
        try await withTestApp { app in
            var ops = try await Self.operatorBrowser(app)
            #expect(try await ops.get("/admin").body.string.contains("0 suspended people"))
            #expect(try await ops.get("/admin/suspended").body.string.contains("No one is suspended"))
            var ids: [String: UUID] = [:]
            for name in ["anna", "bent", "carl"] {
                var person = Browser(app)
                try await person.signUpVerified(name)
                ids[name] = try #require(try await User.query(on: app.db).filter(\.$usernameKey == name).first()?.requireID())
            }
            try await ops.get("/admin?q=anna")
            try await ops.post("/admin/users/\(ids["anna"]!)/suspend", ["reason": "Spam"])
            try await ops.post("/admin/users/\(ids["carl"]!)/suspend", ["reason": "Chikane"])
            // Carl was suspended last; make the order certain whatever the clock's resolution.
            let anna = try #require(try await User.find(ids["anna"], on: app.db))
            anna.suspendedAt = Date().addingTimeInterval(-3600)
            try await anna.save(on: app.db)

            #expect(try await ops.get("/admin").body.string.contains("href=\"/admin/suspended\">2 suspended people"))
            let list = try await ops.get("/admin/suspended").body.string
            let carl = try #require(list.range(of: "Chikane")), spam = try #require(list.range(of: "Spam"))
            #expect(carl.lowerBound < spam.lowerBound)
            #expect(!list.contains("Bent Testesen"))
            let response = try await ops.post("/admin/users/\(ids["carl"]!)/unsuspend", ["back": "/admin/suspended"])
            #expect(response.location == "/admin/suspended?notice=user_unsuspended")
            let after = try await ops.get("/admin/suspended").body.string
            #expect(!after.contains("Chikane"))
            #expect(after.contains("Spam"))

            var person = Browser(app)
            try await person.signUpVerified("dorte")
            #expect(try await person.get("/admin/suspended").status == .notFound)
        }
    }
}
