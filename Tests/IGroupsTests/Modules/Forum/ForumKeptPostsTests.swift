import Fluent
import Foundation
@testable import IGroupsCore
@testable import IGroupsForum
import SQLKit
import Testing
import Vapor
import VaporTesting

/// A thread's posts are drawn once and kept by each process while the thread's version stays the same;
/// what one viewer sees differently is added per view. These tests look at a page, change something,
/// and look again: the second view starts from the kept posts, so a change that did not move the
/// version, or a viewer's part that was kept with the posts, would show here.
@Suite("Forum pages kept drawn")
struct ForumKeptPostsTests {
    /// The posts this process keeps drawn for the first page of a thread, in English, in "klubben".
    static func kept(_ app: Application, _ thread: ForumThread, language: Language = .en, slug: String = "klubben") throws -> ForumPostsDrawn? {
        app.forumPosts.get(ForumPostsKey(threadID: try thread.requireID(), page: 1, language: language, slug: slug))
    }

    static func post(_ app: Application, _ position: Int) async throws -> String {
        try #require(try await ForumPost.query(on: app.db).filter(\.$position == position).first()).requireID().uuidString
    }

    @Test("A kept page shows at once a new reply, an edit, and a post deleted by its author or a moderator")
    func changesShowAtOnce() async throws {
        try await withTestApp { app in
            var (owner, member, moderator, board) = try await ForumTests.group(app)
            try await member.post(board + "/new", ["title": "Kajakker", "body": "Vi har tre kajakker."])
            let thread = try await ForumTests.thread(app, titled: "Kajakker")
            let here = "/g/klubben/forum/threads/\(try thread.requireID())"
            try await owner.post(here + "/reply", ["body": "Og en kano."])
            var page = try await owner.get(here).body.string
            #expect(page.contains("Vi har tre kajakker.") && page.contains("Og en kano."))
            let drawn = try #require(try Self.kept(app, thread), "the first view keeps the posts drawn")

            // A reply: the next view (from the kept page's version on) has it.
            try await member.post(here + "/reply", ["body": "Kanoen er utæt."])
            page = try await owner.get(here).body.string
            #expect(page.contains("Kanoen er utæt.") && page.contains("id=\"post-3\""))
            #expect(try Self.kept(app, thread)?.version != drawn.version)

            // An edit, seen by another viewer and by its author.
            let first = try await Self.post(app, 1)
            try await member.get("/g/klubben/forum/posts/\(first)/edit")
            try await member.post("/g/klubben/forum/posts/\(first)/edit", ["title": "Kajakker", "body": "Vi har fire kajakker."])
            for viewer in [owner, member] {
                var viewer = viewer
                page = try await viewer.get(here).body.string
                #expect(page.contains("Vi har fire kajakker.") && !page.contains("Vi har tre kajakker."))
                #expect(page.contains("/g/klubben/forum/posts/\(first)/history"), "the post says it was edited")
            }

            // Deleted by its author, and by a moderator.
            try await member.post("/g/klubben/forum/posts/\(first)/delete")
            page = try await owner.get(here).body.string
            #expect(page.contains("This post was deleted.") && !page.contains("fire kajakker"))
            try await moderator.post("/g/klubben/forum/posts/\(try await Self.post(app, 2))/delete")
            page = try await owner.get(here).body.string
            #expect(page.contains("This post was deleted by a moderator.") && !page.contains("Og en kano."))
            #expect(page.contains("Kanoen er utæt."))
        }
    }

    @Test("Each viewer of the same kept page sees their own links, new marks and form token, and nobody else's")
    func eachViewerTheirOwn() async throws {
        try await withTestApp { app in
            var (owner, member, moderator, board) = try await ForumTests.group(app)
            try await member.post(board + "/new", ["title": "Bådpladser", "body": "Er der ledige pladser?"])
            let thread = try await ForumTests.thread(app, titled: "Bådpladser")
            let here = "/g/klubben/forum/threads/\(try thread.requireID())"
            try await owner.post(here + "/reply", ["body": "Ja, to."])
            let (bodils, mettes) = (try await Self.post(app, 1), try await Self.post(app, 2))
            func links(_ post: String) -> [String: String] {
                ["quote": here + "/reply?quote=" + post, "edit": "/g/klubben/forum/posts/\(post)/edit",
                 "delete": "/g/klubben/forum/posts/\(post)/delete", "report": "/g/klubben/forum/posts/\(post)/report"]
            }
            func shown(_ page: String, _ post: String) -> Set<String> {
                Set(links(post).filter { page.contains("href=\"\($0.value)\"") }.keys)
            }

            // A visitor looks first, so everyone after starts from the posts kept for that view.
            var visitor = Browser(app)
            let seen = try await visitor.get(here).body.string
            #expect(try Self.kept(app, thread) != nil)
            #expect(shown(seen, bodils).isEmpty && shown(seen, mettes).isEmpty)
            #expect(!seen.contains("forum-post new") && !seen.contains("id=\"reply\""))

            // Bodil wrote the first post and has not read Mette's reply.
            let hers = try await member.get(here).body.string
            #expect(shown(hers, bodils) == ["quote", "edit", "delete"])
            #expect(shown(hers, mettes) == ["quote", "report"])
            #expect(hers.contains("class=\"card forum-post new\" id=\"post-2\"") && !hers.contains("class=\"card forum-post new\" id=\"post-1\""))
            let bodilsToken = try #require(member.csrf)
            // Mette, the owner, moderates: she deletes any post, edits only her own, and has read all of it.
            let mine = try await owner.get(here).body.string
            #expect(shown(mine, bodils) == ["quote", "delete", "report"])
            #expect(shown(mine, mettes) == ["quote", "edit", "delete"])
            #expect(!mine.contains("forum-post new"))
            #expect(owner.csrf != nil && owner.csrf != bodilsToken && !mine.contains(bodilsToken), "each page carries its own viewer's form token")
            // Karl moderates and wrote nothing.
            let karls = try await moderator.get(here).body.string
            #expect(shown(karls, bodils) == ["quote", "delete", "report"] && shown(karls, mettes) == ["quote", "delete", "report"])

            // Locking changes what each may do, not the posts: Bodil can no longer edit; Karl may still reply.
            try await moderator.post(here + "/lock")
            #expect(shown(try await member.get(here).body.string, bodils) == ["delete"])
            #expect(shown(try await moderator.get(here).body.string, bodils) == ["quote", "delete", "report"])
            // Having read it, Bodil no longer sees Mette's reply as new.
            try await app.forumReads.flush(on: app.db)
            #expect(!(try await member.get(here).body.string.contains("forum-post new")))
        }
    }

    @Test("A kept page shows an author's new name at once, and an erased author's posts as deleted, without their name")
    func authorsChange() async throws {
        try await withTestApp { app in
            var (owner, member, _, board) = try await ForumTests.group(app)
            try await member.post(board + "/new", ["title": "Roning", "body": "Hvem ror med på søndag?"])
            let thread = try await ForumTests.thread(app, titled: "Roning")
            let here = "/g/klubben/forum/threads/\(try thread.requireID())"
            try await owner.post(here + "/reply", ["body": "Jeg gør, @bodil."])
            #expect(try await owner.get(here).body.string.contains("Bodil Testesen"))

            var profile = ProfileTests.full
            profile["name"] = "Bodil Bådsmand"
            try await member.get("/me")
            #expect(try await member.post("/me", profile).status == .seeOther)
            var page = try await owner.get(here).body.string
            #expect(page.contains(">Bodil Bådsmand</a>") && page.contains(">BB</span>") && !page.contains("Bodil Testesen"))

            try await member.get("/me/privacy/delete")
            #expect(try await member.post("/me/privacy/delete", ["password": "rolig-hest-42", "confirm": "on"]).location == "/?notice=profile_deleted")
            page = try await owner.get(here).body.string
            #expect(page.contains("This post was deleted.") && !page.contains("Hvem ror med"))
            #expect(!page.lowercased().contains("bodil"), "neither her name nor the mention of her is left")
            #expect(page.contains("Jeg gør, @…."))
        }
    }

    @Test("The same posts are kept apart by language and by the group's address")
    func languageAndAddress() async throws {
        try await withTestApp { app in
            var (owner, member, _, board) = try await ForumTests.group(app)
            try await member.post(board + "/new", ["title": "Sejlads", "body": "Hvornår sejler vi?"])
            let thread = try await ForumTests.thread(app, titled: "Sejlads")
            let threadID = try thread.requireID()
            let english = try await owner.get("/g/klubben/forum/threads/\(threadID)").body.string
            #expect(english.contains(">Quote</a>") && !english.contains(">Citér</a>"))
            owner.acceptLanguage = "da"
            let danish = try await owner.get("/g/klubben/forum/threads/\(threadID)").body.string
            #expect(danish.contains(">Citér</a>") && !danish.contains(">Quote</a>"))

            // Back in English, only the address differs from the posts kept first.
            owner.acceptLanguage = "en"
            try await owner.get("/g/klubben/admin")
            let response = try await owner.post("/g/klubben/admin", ["name": "Klubben", "slug": "sejlklubben", "description": "", "visibility": "public", "join_policy": "open"])
            #expect(response.status == .seeOther)
            let moved = try await owner.get("/g/sejlklubben/forum/threads/\(threadID)").body.string
            #expect(moved.contains("href=\"/g/sejlklubben/forum/posts/") && !moved.contains("/g/klubben/"))
        }
    }

    @Test("The thread's version moves with each change to its posts and their authors' names, and not with other changes to a person")
    func versionMoves() async throws {
        try await withTestApp { app in
            var (owner, member, _, board) = try await ForumTests.group(app)
            try await member.post(board + "/new", ["title": "Første", "body": "Et"])
            try await owner.post(board + "/new", ["title": "Anden", "body": "To"])
            let (first, second) = (try await ForumTests.thread(app, titled: "Første"), try await ForumTests.thread(app, titled: "Anden"))
            struct Row: Decodable { let version: Int }
            func version(_ thread: ForumThread) async throws -> Int {
                let row = try await app.db.sql.select().column("version").from(ForumThread.schema)
                    .where("id", .equal, SQLBind(try thread.requireID())).first(decoding: Row.self)
                return try #require(row).version
            }
            let (before, other) = (try await version(first), try await version(second))
            #expect(before != 0 && other != 0)
            let bodil = try #require(try await User.query(on: app.db).filter(\.$usernameKey == "bodil").first())
            // Something about her that no post shows: no thread changes.
            bodil.unreadNotices += 1
            try await bodil.save(on: app.db)
            #expect(try await version(first) == before)
            // Her name: the thread she wrote in changes, the other does not.
            bodil.name = "Bodil Bådsmand"
            try await bodil.save(on: app.db)
            let renamed = try await version(first)
            #expect(renamed != before)
            #expect(try await version(second) == other)
            // A post written in the thread outside any form (as the privacy registry's erasure does).
            try await app.db.sql.update(ForumPost.schema).set("body_html", to: SQLBind("")).where("thread_id", .equal, SQLBind(try first.requireID())).run()
            #expect(try await version(first) != renamed)
        }
    }
}
