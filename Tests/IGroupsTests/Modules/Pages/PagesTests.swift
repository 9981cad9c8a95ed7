import Fluent
@testable import IGroupsCore
@testable import IGroupsPages
import Testing
import Vapor

@Suite("Free-text pages")
struct PagesTests {
    /// A public, open group owned by mette, with bodil as plain member.
    static func group(_ app: Application) async throws -> (owner: Browser, member: Browser) {
        var owner = Browser(app)
        try await owner.signUpVerified("mette")
        try await owner.createGroup("bridge", name: "Bridgeklubben", visibility: "public", joinPolicy: "open")
        var member = Browser(app)
        try await member.signUpVerified("bodil")
        try await member.get("/g/bridge")
        try await member.post("/g/bridge/join")
        return (owner, member)
    }

    static func page(_ title: String, slug: String, body: String, visibility: String = "members", base: String? = nil) -> [String: String] {
        var fields = ["title": title, "slug": slug, "body": body, "position": "1", "visibility": visibility]
        if let base { fields["base"] = base }
        return fields
    }

    @Test("An admin writes a page; it is sanitised, listed, in the group menu and on the front page")
    func write() async throws {
        try await withTestApp { app in
            var (owner, member) = try await Self.group(app)
            try await owner.get("/g/bridge/pages/new")
            let response = try await owner.post("/g/bridge/pages/new", Self.page("Vedtægter", slug: "vedtaegter", body: "# Formål\n\nVi spiller **bridge**. <script>alert(1)</script> [x](javascript:alert(1))", visibility: "public"))
            #expect(response.location == "/g/bridge/pages/vedtaegter?notice=page_saved")
            let shown = try await member.get("/g/bridge/pages/vedtaegter").body.string
            #expect(shown.contains("<h2>Formål</h2>"))
            #expect(shown.contains("<strong>bridge</strong>"))
            #expect(!shown.contains("<script>alert"))
            #expect(!shown.contains("javascript:"))
            #expect(try await member.get("/g/bridge/pages").body.string.contains("Vedtægter"))
            let front = try await member.get("/g/bridge").body.string
            #expect(front.contains("href=\"/g/bridge/pages\""))
            #expect(front.contains("href=\"/g/bridge/pages/vedtaegter\""))
            #expect(try await TextPageRevision.query(on: app.db).count() == 1)
        }
    }

    @Test("Members write only when the group allows it; visitors read public pages only")
    func permissions() async throws {
        try await withTestApp { app in
            var (owner, member) = try await Self.group(app)
            #expect(try await member.get("/g/bridge/pages/new").status == .forbidden)
            #expect(try await member.post("/g/bridge/pages/new", Self.page("Min side", slug: "min", body: "x")).status == .forbidden)
            try await owner.get("/g/bridge/pages/new")
            try await owner.post("/g/bridge/pages/new", Self.page("Intern", slug: "intern", body: "Kun for os"))
            try await owner.post("/g/bridge/pages/new", Self.page("Om klubben", slug: "om", body: "For alle", visibility: "public"))
            var visitor = Browser(app)
            #expect(try await visitor.get("/g/bridge/pages/om").status == .ok)
            #expect(try await visitor.get("/g/bridge/pages/intern").status == .notFound)
            #expect(!(try await visitor.get("/g/bridge/pages").body.string.contains("Intern")))
            // The admin lets members write.
            try await owner.get("/g/bridge/admin/modules")
            #expect(try await owner.post("/g/bridge/admin/modules", ["enabled_pages": "on", "position_pages": "1", "members_write_pages": "on"]).location == "/g/bridge/admin/modules?notice=modules_saved")
            try await member.get("/g/bridge/pages/new")
            #expect(try await member.post("/g/bridge/pages/new", Self.page("Min side", slug: "min", body: "x")).status == .seeOther)
        }
    }

    @Test("A switched-off module answers 404 and keeps its pages; switched on, they are back")
    func switchOff() async throws {
        try await withTestApp { app in
            var (owner, member) = try await Self.group(app)
            try await owner.get("/g/bridge/pages/new")
            try await owner.post("/g/bridge/pages/new", Self.page("Vedtægter", slug: "vedtaegter", body: "Tekst"))
            try await owner.get("/g/bridge/admin/modules")
            try await owner.post("/g/bridge/admin/modules", ["position_pages": "1"])
            #expect(try await member.get("/g/bridge/pages").status == .notFound)
            #expect(try await member.get("/g/bridge/pages/vedtaegter").status == .notFound)
            #expect(!(try await member.get("/g/bridge").body.string.contains("/g/bridge/pages")))
            try await owner.post("/g/bridge/admin/modules", ["enabled_pages": "on", "position_pages": "1"])
            #expect(try await member.get("/g/bridge/pages/vedtaegter").body.string.contains("Tekst"))
        }
    }

    @Test("Every save is a revision; history shows author and diff; an old revision can be restored")
    func revisions() async throws {
        try await withTestApp { app in
            var (owner, _) = try await Self.group(app)
            try await owner.get("/g/bridge/pages/new")
            try await owner.post("/g/bridge/pages/new", Self.page("Tider", slug: "tider", body: "Tirsdag kl. 19\nTorsdag kl. 19"))
            let first = try #require(try await TextPageRevision.query(on: app.db).first())
            try await owner.get("/g/bridge/pages/tider/edit")
            var response = try await owner.post("/g/bridge/pages/tider/edit", Self.page("Tider", slug: "tider", body: "Tirsdag kl. 19\nFredag kl. 18", base: first.id?.uuidString))
            #expect(response.location == "/g/bridge/pages/tider?notice=page_saved")
            let history = try await owner.get("/g/bridge/pages/tider/history").body.string
            #expect(history.components(separatedBy: "/g/bridge/pages/tider/history/").count - 1 == 2)
            #expect(history.contains("Mette Testesen"))
            let old = try await owner.get("/g/bridge/pages/tider/history/\(first.requireID())").body.string
            #expect(old.contains("<del class=\"diff-removed\">- Torsdag kl. 19"))
            #expect(old.contains("<ins class=\"diff-added\">+ Fredag kl. 18"))
            response = try await owner.post("/g/bridge/pages/tider/history/\(first.requireID())/restore")
            #expect(response.location == "/g/bridge/pages/tider?notice=page_restored")
            #expect(try await owner.get("/g/bridge/pages/tider").body.string.contains("Torsdag kl. 19"))
            #expect(try await TextPageRevision.query(on: app.db).count() == 3)
            // A revision of another page is not found here.
            try await owner.get("/g/bridge/pages/new")
            try await owner.post("/g/bridge/pages/new", Self.page("Andet", slug: "andet", body: "x"))
            #expect(try await owner.post("/g/bridge/pages/andet/history/\(first.requireID())/restore").status == .notFound)
        }
    }

    @Test("A save based on a stale version is refused with the text kept; preview shows without saving")
    func staleAndPreview() async throws {
        try await withTestApp { app in
            var (owner, _) = try await Self.group(app)
            try await owner.get("/g/bridge/pages/new")
            var response = try await owner.post("/g/bridge/pages/new", Self.page("Tider", slug: "tider", body: "*Kladde*") .merging(["preview": "1"]) { $1 })
            #expect(response.status == .ok)
            #expect(response.body.string.contains("<em>Kladde</em>"))
            #expect(try await TextPage.query(on: app.db).count() == 0)
            try await owner.post("/g/bridge/pages/new", Self.page("Tider", slug: "tider", body: "Version 1"))
            let first = try #require(try await TextPageRevision.query(on: app.db).first())
            try await owner.get("/g/bridge/pages/tider/edit")
            try await owner.post("/g/bridge/pages/tider/edit", Self.page("Tider", slug: "tider", body: "Version 2", base: first.id?.uuidString))
            response = try await owner.post("/g/bridge/pages/tider/edit", Self.page("Tider", slug: "tider", body: "Min ændring", base: first.id?.uuidString))
            #expect(response.status == .conflict)
            #expect(response.body.string.contains("Someone else saved the page while you were writing"))
            #expect(response.body.string.contains("Min ændring"))
            #expect(try await TextPage.query(on: app.db).first()?.body == "Version 2")
        }
    }

    @Test("The live preview draws the text as saving would, for writers alone, and saves nothing")
    func livePreview() async throws {
        try await withTestApp { app in
            var (owner, member) = try await Self.group(app)
            let edit = try await owner.get("/g/bridge/pages/new").body.string
            #expect(edit.contains("data-live-preview=\"/g/bridge/pages/preview\""))
            #expect(edit.contains("<section class=\"card preview\" aria-label=\"Preview\" hidden "))
            let response = try await owner.post("/g/bridge/pages/preview", ["body": "## Tider\n\n*Tirsdag* <script>alert(1)</script> [x](javascript:alert(1))"])
            #expect(response.status == .ok)
            #expect(response.headers.contentType == .html)
            #expect(response.body.string == Markdown.render("## Tider\n\n*Tirsdag* <script>alert(1)</script> [x](javascript:alert(1))"))
            #expect(response.body.string.contains("<em>Tirsdag</em>"))
            #expect(!response.body.string.contains("<script") && !response.body.string.contains("javascript:"))
            #expect(try await TextPage.query(on: app.db).count() == 0)
            // Too long for a page: refused, as saving would be.
            #expect(try await owner.post("/g/bridge/pages/preview", ["body": String(repeating: "a", count: PageRules.maxBody + 1)]).status == .payloadTooLarge)
            // Without the form's token, a member who may not write, and a visitor: nothing is drawn.
            #expect(try await owner.post("/g/bridge/pages/preview", ["body": "x"], csrf: false).status == .forbidden)
            #expect(try await member.post("/g/bridge/pages/preview", ["body": "x"]).status == .forbidden)
            var visitor = Browser(app)
            try await visitor.get("/g/bridge")
            let refused = try await visitor.post("/g/bridge/pages/preview", ["body": "x"])
            #expect(refused.status == .seeOther && refused.location?.hasPrefix("/login") == true)
        }
    }

    @Test("Bad page input is refused by the field; deleting asks first and removes the revisions")
    func badInputAndDelete() async throws {
        try await withTestApp { app in
            var (owner, _) = try await Self.group(app)
            try await owner.get("/g/bridge/pages/new")
            try await owner.post("/g/bridge/pages/new", Self.page("Tider", slug: "tider", body: "x"))
            var response = try await owner.post("/g/bridge/pages/new", Self.page("", slug: "Tider!", body: String(repeating: "x", count: 100_001)))
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("Enter a title"))
            #expect(response.body.string.contains("lower-case letters a–z"))
            #expect(response.body.string.contains("at most 100 KB"))
            response = try await owner.post("/g/bridge/pages/new", Self.page("Igen", slug: "tider", body: "x"))
            #expect(response.body.string.contains("Another page in the group has that address"))
            #expect(try await owner.get("/g/bridge/pages/tider/delete").body.string.contains("deleted for good"))
            #expect(try await owner.post("/g/bridge/pages/tider/delete").location == "/g/bridge/pages?notice=page_deleted")
            #expect(try await TextPage.query(on: app.db).count() == 0)
            #expect(try await TextPageRevision.query(on: app.db).count() == 0)
        }
    }
}
