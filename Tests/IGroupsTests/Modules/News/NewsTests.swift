import Fluent
import Foundation
@testable import IGroupsCore
@testable import IGroupsNews
import Testing
import Vapor
import VaporTesting

@Suite("News")
struct NewsTests {
    /// A public, open group of mette's with bodil as member.
    static func group(_ app: Application, visibility: String = "public") async throws -> (owner: Browser, member: Browser) {
        var owner = Browser(app)
        try await owner.signUpVerified("mette")
        try await owner.createGroup("koret", visibility: visibility, joinPolicy: visibility == "public" ? "open" : "request")
        var member = Browser(app)
        try await member.signUpVerified("bodil")
        let group = try #require(try await Group.query(on: app.db).first())
        let bodil = try #require(try await User.query(on: app.db).filter(\.$usernameKey == "bodil").first())
        try await Membership(groupID: group.requireID(), userID: bodil.requireID(), role: .member).create(on: app.db)
        return (owner, member)
    }

    static func logo() throws -> Browser.Upload {
        try GroupLogoTests.logo()
    }

    @Test("Admins publish with a picture; Markdown is made safe; the same form twice makes one post; members may not write unless allowed")
    func publish() async throws {
        try await withTestApp { app in
            var (owner, member) = try await Self.group(app)
            #expect(try await member.get("/g/koret/news/new").status == .forbidden)
            try await owner.get("/g/koret/news/new")
            var response = try await owner.postMultipart("/g/koret/news/new", ["title": "", "body": String(repeating: "x", count: 100_001)])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("Give the post a headline."))
            var image = try Self.logo()
            image.field = "image"
            let fields = ["title": "Koncert i maj", "body": "Vi synger **Carl Nielsen**. <script>alert(1)</script> [x](javascript:alert(1))"]
            response = try await owner.postMultipart("/g/koret/news/new", fields, files: [image])
            let post = try #require(try await NewsPost.query(on: app.db).first())
            #expect(response.location == "/g/koret/news/\(try post.requireID())?notice=news_published")
            // Sent twice (a double click): still one post.
            response = try await owner.postMultipart("/g/koret/news/new", fields, files: [image])
            #expect(response.location == "/g/koret/news/\(try post.requireID())")
            #expect(try await NewsPost.query(on: app.db).count() == 1)

            let page = try await member.get("/g/koret/news").body.string
            #expect(page.contains("<strong>Carl Nielsen</strong>"))
            #expect(!page.contains("<script>alert"))
            #expect(!page.contains("javascript:"))
            #expect(page.contains("/g/koret/news/\(try post.requireID())/image?v=1"))
            let picture = try await member.get("/g/koret/news/\(try post.requireID())/image?v=1")
            #expect(picture.headers.contentType == .jpeg)
            #expect(ImageFormat(sniffing: picture.body) == .jpeg)

            // Edited posts say so; a member cannot edit another's post.
            #expect(try await member.get("/g/koret/news/\(try post.requireID())/edit").status == .forbidden)
            try await owner.get("/g/koret/news/\(try post.requireID())/edit")
            try await owner.postMultipart("/g/koret/news/\(try post.requireID())/edit", ["title": "Koncert i juni", "body": "Flyttet.", "remove_image": "on"])
            let shown = try await member.get("/g/koret/news/\(try post.requireID())").body.string
            #expect(shown.contains("Koncert i juni"))
            #expect(shown.contains("edited"))
            #expect(try await NewsPost.query(on: app.db).first()?.imageVersion == nil)

            // When the group lets members write, they do.
            let group = try #require(try await Group.query(on: app.db).first())
            try await GroupModuleSetting(groupID: group.requireID(), moduleID: "news", enabled: true, position: 0, membersWrite: true).create(on: app.db)
            try await member.get("/g/koret/news/new")
            #expect(try await member.postMultipart("/g/koret/news/new", ["title": "Fra et medlem", "body": "Hej."]).status == .seeOther)
        }
    }

    @Test("Comments with replies one level deep, deleting leaves a marker, likes with who liked, pins, and deleting a post")
    func conversation() async throws {
        try await withTestApp { app in
            var (owner, member) = try await Self.group(app)
            try await owner.get("/g/koret/news/new")
            try await owner.postMultipart("/g/koret/news/new", ["title": "Første", "body": "En"])
            try await owner.postMultipart("/g/koret/news/new", ["title": "Anden", "body": "To"])
            let first = try #require(try await NewsPost.query(on: app.db).filter(\.$title == "Første").first())
            let path = "/g/koret/news/\(try first.requireID())"

            try await member.get(path)
            #expect(try await member.post(path + "/comments", ["body": "  "]).status == .unprocessableEntity)
            try await member.post(path + "/comments", ["body": "Dejligt!"])
            try await member.post(path + "/comments", ["body": "Dejligt!"])
            #expect(try await NewsComment.query(on: app.db).count() == 1, "a double submit makes one comment")
            let top = try #require(try await NewsComment.query(on: app.db).first())
            try await owner.post(path + "/comments", ["body": "Tak", "parent": try top.requireID().uuidString])
            let reply = try #require(try await NewsComment.query(on: app.db).filter(\.$body == "Tak").first())
            try await member.post(path + "/comments", ["body": "Svar på svar", "parent": try reply.requireID().uuidString])
            let deeper = try #require(try await NewsComment.query(on: app.db).filter(\.$body == "Svar på svar").first())
            #expect(deeper.$parent.id == top.id, "a reply to a reply answers the same comment")

            #expect(try await owner.post(path + "/comments/\(try deeper.requireID())/delete").status == .seeOther, "admins delete any comment")
            #expect(try await member.post(path + "/comments/\(try reply.requireID())/delete").status == .forbidden)
            try await member.post(path + "/comments/\(try top.requireID())/delete")
            var page = try await member.get(path).body.string
            #expect(page.contains("The comment has been deleted."))
            #expect(page.contains("Tak"), "replies keep their place")

            try await member.post(path + "/like")
            try await owner.post(path + "/like")
            page = try await owner.get(path).body.string
            #expect(page.contains("2 likes"))
            #expect(page.contains("Bodil Testesen, Mette Testesen"))
            try await member.post(path + "/like")
            #expect(try await NewsLike.query(on: app.db).count() == 1, "a second click takes the like back")

            var outsider = Browser(app)
            try await outsider.signUpVerified("outsider")
            try await outsider.get(path)
            #expect(try await outsider.post(path + "/like").status == .forbidden)
            #expect(try await outsider.post(path + "/comments", ["body": "Hej"]).status == .forbidden)

            // Pinned goes first; only admins pin.
            #expect(try await member.post(path + "/pin").status == .forbidden)
            try await owner.post(path + "/pin")
            let list = try await member.get("/g/koret/news").body.string
            let firstAt = try #require(list.range(of: ">Første<")), secondAt = try #require(list.range(of: ">Anden<"))
            #expect(firstAt.lowerBound < secondAt.lowerBound)

            #expect(try await owner.get(path + "/delete").body.string.contains("deleted with its comments"))
            #expect(try await owner.post(path + "/delete").location == "/g/koret/news?notice=news_deleted")
            #expect(try await NewsComment.query(on: app.db).count() == 0)
            #expect(try await NewsLike.query(on: app.db).count() == 0)
        }
    }

    @Test("Subscribers get each post at once or a daily digest, never their own; stopping stops it")
    func mail() async throws {
        try await withTestApp { app in
            var (owner, member) = try await Self.group(app)
            try await member.get("/g/koret/news")
            #expect(try await member.post("/g/koret/news/subscription", ["mode": "immediately"]).location == "/g/koret/news?notice=news_subscription_saved")
            try await owner.get("/g/koret/news")
            try await owner.post("/g/koret/news/subscription", ["mode": "daily"])
            try await app.deliverMail()

            try await owner.get("/g/koret/news/new")
            try await owner.postMultipart("/g/koret/news/new", ["title": "Øvning flyttet", "body": "Vi øver torsdag i stedet."])
            let mail = try await app.deliverMail().filter { $0.subject.hasPrefix("Koret") }
            #expect(mail.count == 1)
            #expect(mail.first?.to.contains("bodil@example.org") == true)
            #expect(mail.first?.text.contains("Vi øver torsdag i stedet.") == true)

            try await member.post("/g/koret/news/subscription", ["mode": "daily"])
            let group = try #require(try await Group.query(on: app.db).first())
            let bodil = try #require(try await User.query(on: app.db).filter(\.$usernameKey == "bodil").first())
            let sub = try #require(try await NewsSubscription.query(on: app.db).filter(\.$user.$id == bodil.requireID()).first())
            sub.digestUntil = Date().addingTimeInterval(-3600)
            try await sub.save(on: app.db)
            func digests() throws -> [SentMail] { try app.sentMail().filter { $0.subject.contains("new post") && $0.to.contains("bodil@") } }
            try await NewsMail.digest(try sub.requireID(), app: app)
            #expect(try digests().count == 1)
            #expect(try digests().first?.text.contains("Øvning flyttet") == true)
            // Nothing new since: the next digest sends nothing.
            try await NewsMail.digest(try sub.requireID(), app: app)
            #expect(try digests().count == 1)

            try await member.post("/g/koret/news/subscription", ["mode": "none"])
            #expect(try await NewsSubscription.query(on: app.db).filter(\.$group.$id == group.requireID()).count() == 1)
        }
    }

    @Test("A public group's news has an Atom feed; a closed group's has none")
    func feed() async throws {
        try await withTestApp { app in
            var (owner, _) = try await Self.group(app)
            try await owner.get("/g/koret/news/new")
            try await owner.postMultipart("/g/koret/news/new", ["title": "Sæson & start", "body": "*Velkommen*"])
            var visitor = Browser(app)
            let response = try await visitor.get("/g/koret/news/feed.atom")
            #expect(response.status == .ok)
            #expect(response.headers.contentType?.description.hasPrefix("application/atom+xml") == true)
            let xml = response.body.string
            #expect(xml.contains("<title>Sæson &amp; start</title>"))
            #expect(xml.contains("&lt;em&gt;Velkommen&lt;/em&gt;"))
            #expect(xml.contains("<author><name>Mette Testesen</name></author>"))
        }
        try await withTestApp { app in
            var (owner, _) = try await Self.group(app, visibility: "closed")
            #expect(try await owner.get("/g/koret/news/feed.atom").status == .notFound)
        }
    }

    @Test("A form sent twice at once makes one post; someone who left gets no digest; outsiders see how many liked, not who")
    func robustness() async throws {
        try await withTestApp { app in
            var (owner, member) = try await Self.group(app)
            let form = try await owner.get("/g/koret/news/new").body.string
            let token = try #require(form.components(separatedBy: "name=\"token\" value=\"").dropFirst().first?.prefix(36)).description
            let fields = ["title": "Én gang", "body": "Kun én.", "token": token]
            try await owner.postMultipart("/g/koret/news/new", fields)
            var changed = fields
            changed["body"] = "Kun én, rettet før andet klik."
            let second = try await owner.postMultipart("/g/koret/news/new", changed)
            #expect(second.location == "/g/koret/news/\(token)")
            #expect(try await NewsPost.query(on: app.db).count() == 1)
            let path = "/g/koret/news/\(token)"
            try await member.get(path)
            try await member.post(path + "/like")
            var visitor = Browser(app)
            let seen = try await visitor.get(path).body.string
            #expect(seen.contains("1 like"))
            #expect(!seen.contains("Bodil Testesen"), "who liked is for members")

            try await member.get("/g/koret/news")
            try await member.post("/g/koret/news/subscription", ["mode": "daily"])
            let sub = try #require(try await NewsSubscription.query(on: app.db).first())
            sub.digestUntil = Date().addingTimeInterval(-3600)
            try await sub.save(on: app.db)
            try await member.post("/g/koret/leave")
            try await owner.postMultipart("/g/koret/news/new", ["title": "Efter", "body": "Hun er gået."])
            try await NewsMail.digest(try sub.requireID(), app: app)
            #expect(try app.sentMail().filter { $0.subject.contains("new post") }.isEmpty)
            #expect(try await NewsSubscription.query(on: app.db).count() == 0, "the wish goes with the membership")
        }
    }
}
