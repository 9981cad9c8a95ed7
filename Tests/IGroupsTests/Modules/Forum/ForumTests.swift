import Fluent
import Foundation
@testable import IGroupsCore
@testable import IGroupsForum
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("Forum")
struct ForumTests {
    /// A public group of mette's (owner) with bodil as member, karl as moderator, and one board.
    static func group(_ app: Application) async throws -> (owner: Browser, member: Browser, moderator: Browser, board: String) {
        var owner = Browser(app)
        try await owner.signUpVerified("mette")
        try await owner.createGroup("klubben", visibility: "public", joinPolicy: "open")
        let group = try #require(try await Group.query(on: app.db).first())
        var member = Browser(app)
        try await member.signUpVerified("bodil")
        var moderator = Browser(app)
        try await moderator.signUpVerified("karl")
        for (name, role) in [("bodil", Membership.Role.member), ("karl", .moderator)] {
            let user = try #require(try await User.query(on: app.db).filter(\.$usernameKey == name).first())
            try await Membership(groupID: group.requireID(), userID: user.requireID(), role: role).create(on: app.db)
        }
        try await owner.get("/g/klubben/forum/boards/new")
        try await owner.post("/g/klubben/forum/boards/new", ["name": "Snak", "description": "Om alt og intet"])
        let board = try #require(try await ForumBoard.query(on: app.db).first())
        try await member.get("/g/klubben/forum")
        try await moderator.get("/g/klubben/forum")
        return (owner, member, moderator, "/g/klubben/forum/boards/\(try board.requireID().uuidString)")
    }

    static func thread(_ app: Application, titled title: String) async throws -> ForumThread {
        try #require(try await ForumThread.query(on: app.db).filter(\.$title == title).first())
    }

    @Test("Starting a thread: errors by field, safe Markdown, one thread for a form sent twice, announcements boards for admins")
    func start() async throws {
        try await withTestApp { app in
            var (owner, member, _, board) = try await Self.group(app)
            try await member.get(board + "/new")
            var response = try await member.post(board + "/new", ["title": "", "body": String(repeating: "x", count: 100_001)])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("Write a title."))
            #expect(response.body.string.contains("The post can be at most 100,000 characters."))
            #expect(response.body.string.contains("xxxxxxxx"), "what was typed comes back")
            #expect(try await ForumThread.query(on: app.db).count() == 0)

            let fields = ["title": "Sommerfest", "body": "Hvem kommer? <script>alert(1)</script> [x](javascript:alert(1)) <iframe src=x>", "token": UUID().uuidString]
            response = try await member.post(board + "/new", fields)
            let thread = try await Self.thread(app, titled: "Sommerfest")
            #expect(response.location == "/g/klubben/forum/threads/\(try thread.requireID())?notice=forum_thread_started")
            response = try await member.post(board + "/new", fields)
            #expect(response.location == "/g/klubben/forum/threads/\(try thread.requireID())")
            #expect(try await ForumThread.query(on: app.db).count() == 1)
            #expect(try await ForumPost.query(on: app.db).count() == 1)

            let page = try await owner.get("/g/klubben/forum/threads/\(try thread.requireID())").body.string
            #expect(page.contains("Hvem kommer?"))
            #expect(!page.contains("<script>alert") && !page.contains("<iframe") && !page.contains("javascript:"))

            // An announcements board: members read, admins write.
            let boardModel = try #require(try await ForumBoard.query(on: app.db).first())
            try await owner.get(board + "/edit")
            try await owner.post(board + "/edit", ["name": "Meddelelser", "description": "", "admins_only": "on"])
            #expect(try await member.get(board + "/new").status == .forbidden)
            #expect(try await member.post(board + "/new", ["title": "Må jeg?", "body": "Nej."]).status == .forbidden)
            #expect(try await member.post("/g/klubben/forum/threads/\(try thread.requireID())/reply", ["body": "Svar"]).status == .forbidden)
            #expect(try await owner.post(board + "/new", ["title": "Generalforsamling", "body": "Den 12. marts."]).status == .seeOther)
            #expect(try await ForumBoard.find(boardModel.id, on: app.db)?.adminsOnly == true)
        }
    }

    @Test("Replies are numbered, 25 a page; the board shows the newest activity first with pinned threads on top")
    func paging() async throws {
        try await withTestApp { app in
            var (owner, member, moderator, board) = try await Self.group(app)
            try await member.post(board + "/new", ["title": "Første", "body": "Et"])
            try await member.post(board + "/new", ["title": "Anden", "body": "To"])
            let first = try await Self.thread(app, titled: "Første")
            let here = "/g/klubben/forum/threads/\(try first.requireID())"
            for number in 2...27 {
                try await owner.post(here + "/reply", ["body": "Svar nummer \(number)."])
            }
            #expect(try await ForumThread.find(first.id, on: app.db)?.postCount == 27)
            // A reply sent twice (a double click, the same form) is one reply.
            let token = UUID().uuidString
            #expect(try await member.post(here + "/reply", ["body": "Kun én gang.", "token": token]).location == here + "?page=2#post-28")
            #expect(try await member.post(here + "/reply", ["body": "Kun én gang.", "token": token]).location == here + "?page=2#post-28")
            #expect(try await member.post(here + "/reply", ["body": "Kun én gang."]).location == here + "?page=2#post-28", "the same text again at once")
            #expect(try await ForumThread.find(first.id, on: app.db)?.postCount == 28)
            let pageOne = try await member.get(here).body.string
            #expect(pageOne.contains("Svar nummer 25.") && !pageOne.contains("Svar nummer 26."))
            #expect(pageOne.contains("Page 1 of 2"))
            let pageTwo = try await member.get(here + "?page=2").body.string
            #expect(pageTwo.contains("id=\"post-26\"") && pageTwo.contains("Svar nummer 27.") && pageTwo.contains("Kun én gang.") && !pageTwo.contains("Svar nummer 25."))
            #expect(pageTwo.contains("id=\"reply\""), "the reply form is on the last page")
            #expect(try await member.get(here + "?page=9").location == here + "?page=2", "past the end: the last page")
            #expect(try await member.get(here + "?page=9223372036854775807").location == here + "?page=2")
            #expect(try await member.get(here + "?page=-5").status == .ok)

            // "Første" had the newest reply, so it comes first; pinning "Anden" puts it above.
            var list = try await member.get(board).body.string
            #expect(try #require(list.range(of: "Første")).lowerBound < #require(list.range(of: "Anden")).lowerBound)
            let second = try await Self.thread(app, titled: "Anden")
            try await moderator.get("/g/klubben/forum/threads/\(try second.requireID())")
            try await moderator.post("/g/klubben/forum/threads/\(try second.requireID())/pin")
            list = try await member.get(board).body.string
            #expect(try #require(list.range(of: "Anden")).lowerBound < #require(list.range(of: "Første")).lowerBound)
            #expect(list.contains("Pinned"))
            // A post's address leads to its page and place.
            let post26 = try #require(try await ForumPost.query(on: app.db).filter(\.$thread.$id == first.requireID()).filter(\.$position == 26).first())
            #expect(try await member.get("/g/klubben/forum/posts/\(try post26.requireID())").location == here + "?page=2#post-26")
        }
    }

    @Test("Quoting shows the quoted author and text as a block")
    func quote() async throws {
        try await withTestApp { app in
            var (owner, member, _, board) = try await Self.group(app)
            try await owner.post(board + "/new", ["title": "Bådene", "body": "Den røde båd er utæt."])
            let thread = try await Self.thread(app, titled: "Bådene")
            let post = try #require(try await ForumPost.query(on: app.db).first())
            let form = try await member.get("/g/klubben/forum/threads/\(try thread.requireID())/reply?quote=\(try post.requireID())").body.string
            #expect(form.contains("&gt; **Mette Testesen:**"))
            #expect(form.contains("&gt; Den røde båd er utæt."))
            try await member.post("/g/klubben/forum/threads/\(try thread.requireID())/reply", ["body": "> **Mette Testesen:**\n>\n> Den røde båd er utæt.\n\nJeg tager den med til værftet."])
            let page = try await owner.get("/g/klubben/forum/threads/\(try thread.requireID())").body.string
            #expect(page.contains("<blockquote>") && page.contains("<strong>Mette Testesen:</strong>"))
        }
    }

    @Test("@mentions give members a notice and a mail if they want; people outside the group get nothing; an edit tells only the newly named")
    func mentions() async throws {
        try await withTestApp { app in
            var (owner, member, _, board) = try await Self.group(app)
            var outsider = Browser(app)
            try await outsider.signUpVerified("ulla")
            try await app.deliverMail()
            let before = try app.sentMail().count
            try await owner.post(board + "/new", ["title": "Roning", "body": "Kommer @bodil og @ulla? Skriv til mette@example.org."])
            let mails = try await app.deliverMail().dropFirst(before)
            #expect(mails.filter { $0.subject.contains("mentioned you") }.map(\.to).contains { $0.contains("bodil@") })
            #expect(!mails.contains { $0.to.contains("ulla@") }, "no notice for someone outside the group")
            #expect(try await Notice.query(on: app.db).count() == 1)

            // The header counts it; the notices page lists it and marks it read.
            var home = try await member.get("/").body.string
            #expect(home.contains("badge-unread"))
            let notices = try await member.get("/me/notices").body.string
            #expect(notices.contains("Mette Testesen mentioned you in “Roning”"))
            home = try await member.get("/").body.string
            #expect(!home.contains("badge-unread"))
            #expect(try await User.query(on: app.db).filter(\.$usernameKey == "bodil").first()?.unreadNotices == 0)

            // An edit naming her again tells nobody; naming karl tells karl. With mail off, no mail comes.
            try await member.post("/me/notices/settings", [:])
            let post = try #require(try await ForumPost.query(on: app.db).first())
            try await owner.get("/g/klubben/forum/posts/\(try post.requireID())/edit")
            try await owner.post("/g/klubben/forum/posts/\(try post.requireID())/edit", ["title": "Roning", "body": "Kommer @bodil og @karl?"])
            try await owner.post("/g/klubben/forum/threads/\(post.$thread.id)/reply", ["body": "Hallo @bodil, svar nu!"])
            let later = try await app.deliverMail().dropFirst(before + mails.count)
            #expect(try await Notice.query(on: app.db).count() == 3)
            let mentionMails = later.filter { $0.subject.contains("mentioned you") }
            // Karl, newly named, gets one; bodil, named again and then with mail turned off, gets none.
            #expect(mentionMails.count == 1 && mentionMails.allSatisfy { $0.to.contains("karl@") }, "\(mentionMails.map(\.to))")
        }
    }

    @Test("Editing keeps a visible history; deleting leaves a numbered marker; only authors edit, moderators delete")
    func editAndDelete() async throws {
        try await withTestApp { app in
            var (owner, member, moderator, board) = try await Self.group(app)
            try await member.post(board + "/new", ["title": "Kajakker", "body": "Vi har tre kajakker."])
            let thread = try await Self.thread(app, titled: "Kajakker")
            let here = "/g/klubben/forum/threads/\(try thread.requireID())"
            try await owner.post(here + "/reply", ["body": "Og en kano."])
            let first = try #require(try await ForumPost.query(on: app.db).filter(\.$position == 1).first())
            let second = try #require(try await ForumPost.query(on: app.db).filter(\.$position == 2).first())
            let firstURL = "/g/klubben/forum/posts/\(try first.requireID())"
            #expect(try await owner.get(firstURL + "/edit").status == .forbidden)
            #expect(try await owner.post(firstURL + "/edit", ["title": "Kapret", "body": "Kapret"]).status == .forbidden)
            try await member.get(firstURL + "/edit")
            #expect(try await member.post(firstURL + "/edit", ["title": "Kajakker", "body": ""]).status == .unprocessableEntity)
            try await member.post(firstURL + "/edit", ["title": "Kajakker og kanoer", "body": "Vi har fire kajakker."])
            let page = try await owner.get(here).body.string
            #expect(page.contains("Kajakker og kanoer") && page.contains("Vi har fire kajakker.") && page.contains(firstURL + "/history"))
            let history = try await owner.get(firstURL + "/history").body.string
            #expect(history.contains("- Vi har tre kajakker.") && history.contains("+ Vi har fire kajakker."))

            // Her own post: a marker stays with its number; its history goes.
            try await member.get(firstURL + "/delete")
            try await member.post(firstURL + "/delete")
            #expect(try await ForumRevision.query(on: app.db).count() == 0)
            // A moderator deletes another's post; a member cannot.
            let secondURL = "/g/klubben/forum/posts/\(try second.requireID())"
            #expect(try await member.post(secondURL + "/delete").status == .forbidden)
            try await moderator.post(secondURL + "/delete")
            let after = try await owner.get(here).body.string
            #expect(after.contains("This post was deleted.") && after.contains("This post was deleted by a moderator."))
            #expect(after.contains("id=\"post-1\"") && after.contains("id=\"post-2\""))
            #expect(!after.contains("fire kajakker") && !after.contains("Og en kano."))
            #expect(try await ForumPost.query(on: app.db).filter(\.$body != "").count() == 0)
        }
    }

    @Test("Moderators lock, move and delete threads; a locked thread refuses replies and a deleted one gives the text back")
    func moderation() async throws {
        try await withTestApp { app in
            var (owner, member, moderator, board) = try await Self.group(app)
            try await owner.get("/g/klubben/forum/boards/new")
            try await owner.post("/g/klubben/forum/boards/new", ["name": "Arkiv"])
            let archive = try #require(try await ForumBoard.query(on: app.db).filter(\.$name == "Arkiv").first())
            try await member.post(board + "/new", ["title": "Standerhejsning", "body": "Hvornår?"])
            let thread = try await Self.thread(app, titled: "Standerhejsning")
            let here = "/g/klubben/forum/threads/\(try thread.requireID())"
            #expect(try await member.post(here + "/lock").status == .forbidden)
            try await moderator.post(here + "/lock")
            var response = try await member.post(here + "/reply", ["body": "Mit lange svar om standeren."])
            #expect(response.status == .conflict)
            #expect(response.body.string.contains("The thread is locked, so your reply was not posted."))
            #expect(response.body.string.contains("Mit lange svar om standeren."))
            #expect(try await ForumPost.query(on: app.db).count() == 1)
            #expect(try await moderator.post(here + "/reply", ["body": "Lukket for nu."]).status == .seeOther)

            try await moderator.get(here + "/move")
            #expect(try await moderator.post(here + "/move", ["board": UUID().uuidString]).status == .unprocessableEntity)
            try await moderator.post(here + "/move", ["board": try archive.requireID().uuidString])
            #expect(try await ForumThread.find(thread.id, on: app.db)?.$board.id == archive.id)
            // Each board counts its threads for its pages.
            #expect(try await ForumBoard.find(archive.id, on: app.db)?.threadCount == 1)
            #expect(try await ForumBoard.query(on: app.db).filter(\.$name == "Snak").first()?.threadCount == 0)

            try await moderator.get(here + "/delete")
            try await moderator.post(here + "/delete")
            #expect(try await ForumThread.query(on: app.db).count() == 0)
            #expect(try await ForumPost.query(on: app.db).count() == 0)
            #expect(try await ForumBoard.find(archive.id, on: app.db)?.threadCount == 0)
            response = try await member.post(here + "/reply", ["body": "Et svar, der kom for sent."])
            #expect(response.status == .notFound)
            #expect(response.body.string.contains("The thread was deleted while you were writing."))
            #expect(response.body.string.contains("Et svar, der kom for sent."))
            #expect(try await member.get(here).status == .notFound)
        }
    }

    @Test("Members report a post once; moderators see the reports and close them")
    func reports() async throws {
        try await withTestApp { app in
            var (owner, member, moderator, board) = try await Self.group(app)
            try await owner.post(board + "/new", ["title": "Tilbud", "body": "Køb billige ure!"])
            let post = try #require(try await ForumPost.query(on: app.db).first())
            let url = "/g/klubben/forum/posts/\(try post.requireID())/report"
            try await member.get(url)
            #expect(try await member.post(url, ["reason": ""]).status == .unprocessableEntity)
            #expect(try await member.post(url, ["reason": "Reklame"]).status == .seeOther)
            #expect(try await member.post(url, ["reason": "Reklame"]).status == .seeOther)
            #expect(try await ForumReport.query(on: app.db).count() == 1)
            #expect(try await member.get("/g/klubben/forum/reports").status == .forbidden)
            #expect(try await moderator.get("/g/klubben/forum").body.string.contains("1 waiting"))
            let list = try await moderator.get("/g/klubben/forum/reports").body.string
            #expect(list.contains("Reklame") && list.contains("Køb billige ure!") && list.contains("reported by Bodil"))
            let report = try #require(try await ForumReport.query(on: app.db).first())
            try await moderator.post("/g/klubben/forum/reports/\(try report.requireID())/close")
            #expect(try await ForumReport.query(on: app.db).filter(\.$closedAt == nil).count() == 0)
            #expect(try await moderator.get("/g/klubben/forum/reports").body.string.contains("No reports waiting"))
        }
    }

    @Test("Unread: what is new since my last visit is marked, a link jumps to the first unread reply, and reading writes nothing at once")
    func unread() async throws {
        try await withTestApp { app in
            var (owner, member, _, board) = try await Self.group(app)
            // Bodil joined before the thread began, so all of it is new to her.
            try await owner.post(board + "/new", ["title": "Havnefest", "body": "Første indlæg."])
            let thread = try await Self.thread(app, titled: "Havnefest")
            let here = "/g/klubben/forum/threads/\(try thread.requireID())"
            for number in 2...30 { try await owner.post(here + "/reply", ["body": "Indlæg \(number)."]) }
            #expect(try await member.get(board).body.string.contains("/unread\">new<"))
            #expect(try await member.get("/g/klubben/forum").body.string.contains("1 with news"))
            #expect(try await member.get(here + "/unread").location == here + "?page=1#post-1")
            // Watching a thread does not count as reading it.
            try await member.post(here + "/watch")
            #expect(try await member.get(board).body.string.contains("/unread\">new<"))

            // She reads page 1: nothing is written to the database by that view.
            let page = try await member.get(here)
            #expect(page.body.string.contains("class=\"card forum-post new\""))
            #expect(try await ForumRead.query(on: app.db).filter(\.$user.$id == Self.id(app, "bodil")).count() == 0)
            // This process knows, so the board and the jump say so at once.
            #expect(try await member.get(here + "/unread").location == here + "?page=2#post-26")
            #expect(try await member.get(board).body.string.contains("new replies"))
            // Written later, in one batch.
            try await app.forumReads.flush(on: app.db)
            #expect(try await ForumRead.query(on: app.db).filter(\.$user.$id == Self.id(app, "bodil")).first()?.position == 25)
            try await member.get(here + "?page=2")
            try await app.forumReads.flush(on: app.db)
            let list = try await member.get(board).body.string
            #expect(!list.contains("new replies") && !list.contains("/unread\">new<"))
            #expect(try await member.get(here).body.string.contains("forum-post new") == false)

            // A new reply makes the thread new again, and the jump goes to it.
            try await owner.post(here + "/reply", ["body": "Indlæg 31."])
            #expect(try await member.get(board).body.string.contains("new replies"))
            #expect(try await member.get(here + "/unread").location == here + "?page=2#post-31")
            // "Mark everything read" clears it.
            try await member.post("/g/klubben/forum/read")
            #expect(try await member.get("/g/klubben/forum").body.string.contains("with news") == false)
            #expect(try await member.get(board).body.string.contains("new replies") == false)
        }
    }

    static func id(_ app: Application, _ username: String) async throws -> UUID {
        try #require(try await User.query(on: app.db).filter(\.$usernameKey == username).first()).requireID()
    }

    @Test("Watching: posting watches a thread; one mail per new reply until I have read it; unwatching stops the mail")
    func watching() async throws {
        try await withTestApp { app in
            var (owner, member, _, board) = try await Self.group(app)
            try await member.post(board + "/new", ["title": "Bådpladser", "body": "Er der ledige pladser?"])
            let thread = try await Self.thread(app, titled: "Bådpladser")
            let here = "/g/klubben/forum/threads/\(try thread.requireID())"
            try await app.deliverMail()
            func repliesToBodil() throws -> [SentMail] { try app.sentMail().filter { $0.to.contains("bodil@") && $0.subject.contains("new reply") } }
            try await owner.get(here)
            try await owner.post(here + "/reply", ["body": "Ja, to pladser."])
            try await app.deliverMail()
            #expect(try repliesToBodil().count == 1)
            #expect(try repliesToBodil().first?.text.contains("Ja, to pladser.") == true)
            #expect(try app.sentMail().filter { $0.to.contains("mette@") && $0.subject.contains("new reply") }.isEmpty, "no mail about one's own reply")
            // Another before she has read: no second mail.
            try await owner.post(here + "/reply", ["body": "Og en til."])
            try await app.deliverMail()
            #expect(try repliesToBodil().count == 1)
            // She reads; the next reply brings a mail again.
            try await member.get(here)
            try await owner.post(here + "/reply", ["body": "Nu er de væk."])
            try await app.deliverMail()
            #expect(try repliesToBodil().count == 2)
            // She stops watching.
            try await member.get(here)
            try await member.post(here + "/watch")
            #expect(try await ForumWatch.query(on: app.db).filter(\.$user.$id == Self.id(app, "bodil")).count() == 0)
            try await owner.post(here + "/reply", ["body": "Sidste nyt."])
            try await app.deliverMail()
            #expect(try repliesToBodil().count == 2)
        }
    }

    @Test("The thread and board pages take a fixed number of queries, at most 6 for a thread page, however long the forum grows")
    func queryCounts() async throws {
        try await withTestApp { app in
            var (owner, member, _, board) = try await Self.group(app)
            try await owner.post(board + "/new", ["title": "Lang tråd", "body": "Start."])
            let thread = try await Self.thread(app, titled: "Lang tråd")
            let here = "/g/klubben/forum/threads/\(try thread.requireID())"
            func counts() async throws -> [Int] {
                // Her own row, changed by the notices of her mentions, is read once again before the pages.
                try await member.get("/")
                var result: [Int] = []
                for path in [here, here + "?page=2", board, "/g/klubben/forum", "/g"] where path != "/g" {
                    let response = try await member.get(path)
                    #expect(response.status == .ok, "\(path): \(response.status)")
                    result.append(try #require(response.headers.first(name: QueryCountingMiddleware.header).flatMap(Int.init)))
                }
                return result
            }
            for number in 2...30 { try await owner.post(here + "/reply", ["body": "Svar \(number) til @bodil."]) }
            try await app.forumReads.flush(on: app.db)
            let small = try await counts()
            #expect(small[0] <= 6 && small[1] <= 6, "thread pages: \(small)")
            try await ForumSeed.seed(app.db, groupID: try #require(try await Group.query(on: app.db).first()).requireID(), boardID: #require(try await ForumBoard.query(on: app.db).first()).requireID(), threads: 60, postsPerThread: 30)
            for number in 31...60 { try await owner.post(here + "/reply", ["body": "Svar \(number)."]) }
            try await app.forumReads.flush(on: app.db)
            let large = try await counts()
            #expect(small == large, "queries grew with the data: \(small) → \(large)")
            // Seen again, from the posts this process keeps drawn: the posts are not read.
            let again = try await counts()
            #expect(again[0] == large[0] - 1 && again[1] == large[1] - 1, "thread pages seen again: \(again) after \(large)")
        }
    }

    @Test("Search finds threads by title and opening post and replies by their text; edits, deletions and moves keep it current")
    func search() async throws {
        try await withTestApp { app in
            var (owner, member, moderator, board) = try await Self.group(app)
            try await member.post(board + "/new", ["title": "Kapsejlads i august", "body": "Vi mangler en **gaster** til båden."])
            let thread = try await Self.thread(app, titled: "Kapsejlads i august")
            let here = "/g/klubben/forum/threads/\(try thread.requireID())"
            try await owner.post(here + "/reply", ["body": "Jeg kan tage spinnakeren."])
            let reply = try #require(try await ForumPost.query(on: app.db).filter(\.$position == 2).first())
            func found(_ query: String) async throws -> [String] {
                SearchTests.results(try await SearchTests.search(&member, query, group: "klubben"))
            }
            #expect(try await found("kapsejlads") == [here])
            #expect(try await found("gaster") == [here])
            #expect(try await found("spinnakeren") == ["/g/klubben/forum/posts/\(try reply.requireID())"])
            // Editing changes what is found.
            try await owner.get("/g/klubben/forum/posts/\(try reply.requireID())/edit")
            try await owner.post("/g/klubben/forum/posts/\(try reply.requireID())/edit", ["body": "Jeg tager fokken."])
            #expect(try await found("spinnakeren").isEmpty)
            #expect(try await found("fokken").count == 1)
            // A deleted reply is gone; so is a deleted thread with all its replies.
            try await owner.post("/g/klubben/forum/posts/\(try reply.requireID())/delete")
            #expect(try await found("fokken").isEmpty)
            try await owner.post(here + "/reply", ["body": "Husk redningsvesten."])
            #expect(try await found("redningsvesten").count == 1)
            try await moderator.post(here + "/delete")
            #expect(try await found("redningsvesten").isEmpty)
            #expect(try await found("kapsejlads").isEmpty)
            // A switched-off forum is not searched.
            try await member.post(board + "/new", ["title": "Vinteropbevaring", "body": "Hvem har plads?"])
            #expect(try await found("vinteropbevaring").count == 1)
            let group = try #require(try await Group.query(on: app.db).first())
            try await GroupModuleSetting(groupID: group.requireID(), moduleID: "forum", enabled: false, position: 1).create(on: app.db)
            #expect(try await found("vinteropbevaring").isEmpty)
        }
    }
}
