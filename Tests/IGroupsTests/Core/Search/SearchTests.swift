import Fluent
import Foundation
@testable import IGroups
@testable import IGroupsCore
@testable import IGroupsLinks
@testable import IGroupsNews
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("Searching a group")
struct SearchTests {
    /// A public, open group "koret" of mette's, with bodil as a member.
    static func group(_ app: Application, visibility: String = "public") async throws -> (owner: Browser, member: Browser) {
        try await NewsTests.group(app, visibility: visibility)
    }

    static func isPostgres(_ app: Application) -> Bool {
        (app.db as! any SQLDatabase).dialect.name == "postgresql"
    }

    @discardableResult
    static func post(_ browser: inout Browser, _ title: String, _ body: String, group: String = "koret") async throws -> UUID {
        try await browser.get("/g/\(group)/news/new")
        let response = try await browser.postMultipart("/g/\(group)/news/new", ["title": title, "body": body])
        let location = try #require(response.location)
        return try #require(UUID(uuidString: String(location.dropFirst("/g/\(group)/news/".count).prefix(36))))
    }

    /// The addresses of the results on a search page, best first.
    static func results(_ html: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: "class=\"search-title\" href=\"([^\"]+)\"")
        return pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)).map { String(html[Range($0.range(at: 1), in: html)!]) }
    }

    static func search(_ browser: inout Browser, _ query: String, group: String = "koret") async throws -> String {
        let response = try await browser.get("/g/\(group)/search?q=" + (query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
        #expect(response.status == .ok, "search for \(query): \(response.status)")
        return response.body.string
    }

    @Test("A match in the title ranks above one in the text; matches are marked, and everything else stays text")
    func rankingAndHighlight() async throws {
        try await withTestApp { app in
            var (owner, member) = try await Self.group(app)
            let inText = try await Self.post(&owner, "Husk det", "Tom & Jerry \"live\" <script>alert(1)</script> til sommerfesten i haven.")
            let inTitle = try await Self.post(&owner, "Sommerfest", "Vi ses i haven.")
            try await Self.post(&owner, "Noget andet", "Om vinteren.")

            let page = try await Self.search(&member, "sommerfest")
            #expect(Self.results(page) == ["/g/koret/news/\(inTitle)", "/g/koret/news/\(inText)"])
            #expect(page.contains("2 results"))
            #expect(page.contains("<mark>Sommerfest</mark>"))
            #expect(page.contains("<mark>sommerfesten</mark>"))
            #expect(page.contains("Tom &amp; Jerry &quot;live&quot;"))
            #expect(!page.contains("<script>alert"))
            if Self.isPostgres(app) {
                // ts_headline leaves out what looks like a tag.
                #expect(page.contains("alert(1)"))
            } else {
                #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            }
            #expect(page.contains("News · <time"))
        }
    }

    @Test("Words are found by their Danish and English stems on PostgreSQL; by their beginning and without accents on SQLite")
    func stemming() async throws {
        try await withTestApp { app in
            var (owner, member) = try await Self.group(app)
            let horses = try await Self.post(&owner, "Hestene er på græs", "Running på Café Møllen.")
            let postgres = Self.isPostgres(app)
            // Both: the beginning of a word finds it, whatever its case.
            #expect(Self.results(try await Self.search(&member, "hest")) == ["/g/koret/news/\(horses)"])
            #expect(Self.results(try await Self.search(&member, "MØLLEN")) == ["/g/koret/news/\(horses)"])
            // Another form of the same Danish and English word: stemming finds it, a prefix does not.
            #expect(Self.results(try await Self.search(&member, "hestens")).isEmpty == !postgres)
            #expect(Self.results(try await Self.search(&member, "runs")).isEmpty == !postgres)
            // Without the accent: SQLite's tokenizer folds it, PostgreSQL's configurations keep it.
            #expect(Self.results(try await Self.search(&member, "cafe")).isEmpty == postgres)
            #expect(Self.results(try await Self.search(&member, "café")) == ["/g/koret/news/\(horses)"])
            // Every word must be there.
            #expect(Self.results(try await Self.search(&member, "hest vinter")).isEmpty)
        }
    }

    @Test("An edit changes what is found; deleted posts and comments are gone; a switched-off module is not searched")
    func keptCurrent() async throws {
        try await withTestApp { app in
            var (owner, member) = try await Self.group(app)
            let postID = try await Self.post(&owner, "Generalforsamling", "Dagsorden følger.")
            try await member.get("/g/koret/news/\(postID)")
            try await member.post("/g/koret/news/\(postID)/comments", ["body": "Jeg tager *kage* med."])
            let comment = try #require(try await NewsComment.query(on: app.db).first())
            var page = try await Self.search(&owner, "kage")
            #expect(Self.results(page) == ["/g/koret/news/\(postID)#comment-\(try comment.requireID())"])
            #expect(page.contains("In “Generalforsamling”"))
            #expect(page.contains("Jeg tager <mark>kage</mark> med."))

            try await owner.get("/g/koret/news/\(postID)/edit")
            try await owner.postMultipart("/g/koret/news/\(postID)/edit", ["title": "Årsmøde", "body": "Dagsorden følger."])
            #expect(Self.results(try await Self.search(&owner, "generalforsamling")).isEmpty)
            #expect(Self.results(try await Self.search(&owner, "årsmøde")) == ["/g/koret/news/\(postID)"])
            #expect(try await Self.search(&owner, "kage").contains("In “Årsmøde”"))

            try await member.post("/g/koret/news/\(postID)/comments/\(try comment.requireID())/delete")
            #expect(Self.results(try await Self.search(&owner, "kage")).isEmpty)

            // A page of the group, and News switched off: only the page is found.
            try await owner.get("/g/koret/pages/new")
            try await owner.post("/g/koret/pages/new", ["title": "Årsmøde i foråret", "slug": "aarsmoede", "body": "Referat.", "position": "1", "visibility": "public"])
            try await member.post("/g/koret/news/\(postID)/comments", ["body": "Kaffe til alle."])
            #expect(Self.results(try await Self.search(&owner, "årsmøde")).count == 2)
            try await owner.get("/g/koret/admin/modules")
            try await owner.post("/g/koret/admin/modules", ["enabled_pages": "on", "enabled_members": "on"])
            page = try await Self.search(&owner, "årsmøde")
            #expect(Self.results(page) == ["/g/koret/pages/aarsmoede"])
            #expect(Self.results(try await Self.search(&member, "kaffe")).isEmpty)
            try await owner.post("/g/koret/admin/modules", ["enabled_pages": "on", "enabled_news": "on"])
            #expect(Self.results(try await Self.search(&owner, "kaffe")).count == 1)

            // Deleting the post takes its comments along.
            try await owner.get("/g/koret/news/\(postID)/delete")
            try await owner.post("/g/koret/news/\(postID)/delete")
            #expect(Self.results(try await Self.search(&owner, "kaffe")).isEmpty)
            #expect(Self.results(try await Self.search(&owner, "årsmøde")) == ["/g/koret/pages/aarsmoede"])
            try await owner.get("/g/koret/pages/aarsmoede/delete")
            try await owner.post("/g/koret/pages/aarsmoede/delete")
            page = try await Self.search(&owner, "årsmøde")
            #expect(Self.results(page).isEmpty)
            #expect(page.contains("Nothing found"))
            #expect(try await app.db.sql.select().column(SQLLiteral.all).from(SearchDocument.schema).all().isEmpty)
        }
    }

    @Test("Pages and links are found by their text; a members-only page only by members; a link by its address; a deleted group leaves nothing")
    func pagesAndLinks() async throws {
        try await withTestApp { app in
            var (owner, member) = try await Self.group(app)
            try await owner.get("/g/koret/pages/new")
            try await owner.post("/g/koret/pages/new", ["title": "Nodeliste", "slug": "noder", "body": "Alle **satser** til koncerten.", "position": "1", "visibility": "members"])
            try await owner.get("/g/koret/links/new")
            try await owner.post("/g/koret/links/new", ["title": "Korforbundet", "url": "https://example.org/satser", "description": "Hvor vi låner noder."])
            let link = try #require(try await GroupLink.query(on: app.db).first())
            var visitor = Browser(app)

            #expect(Set(Self.results(try await Self.search(&member, "satser"))) == ["/g/koret/pages/noder", "/g/koret/links#link-\(try link.requireID())"])
            #expect(Self.results(try await Self.search(&visitor, "satser")) == ["/g/koret/links#link-\(try link.requireID())"])
            #expect(try await visitor.get("/g/koret/links").body.string.contains("id=\"link-\(try link.requireID())\""))

            // Made public, the page is found by everyone; with a new address, at that address.
            let edit = try await owner.get("/g/koret/pages/noder/edit").body.string
            let base = try #require(edit.range(of: "name=\"base\" value=\"").map { String(edit[$0.upperBound...].prefix(36)) })
            try await owner.post("/g/koret/pages/noder/edit", ["title": "Nodeliste", "slug": "nodeliste", "body": "Alle satser.", "position": "1", "visibility": "public", "base": base])
            #expect(Self.results(try await Self.search(&visitor, "nodeliste")) == ["/g/koret/pages/nodeliste"])

            try await owner.get("/g/koret/links/\(try link.requireID())/delete")
            try await owner.post("/g/koret/links/\(try link.requireID())/delete")
            #expect(Self.results(try await Self.search(&member, "korforbundet")).isEmpty)

            // A deleted group leaves nothing behind in the index.
            #expect(try await app.db.sql.select().column(SQLLiteral.all).from(SearchDocument.schema).all().count == 1)
            try await owner.get("/g/koret/admin/delete")
            try await owner.post("/g/koret/admin/delete", ["confirm": "koret"])
            #expect(try await app.db.sql.select().column(SQLLiteral.all).from(SearchDocument.schema).all().isEmpty)
        }
    }

    @Test("A closed group's content is not searched by outsiders, a secret group is not there for them, and members are listed only for members")
    func hiddenStaysHidden() async throws {
        try await withTestApp { app in
            var (owner, member) = try await Self.group(app, visibility: "closed")
            try await Self.post(&owner, "Hemmelig plan", "Kun for koret.")
            var outsider = Browser(app)
            try await outsider.signUpVerified("udenfor")
            try await outsider.createGroup("andre", visibility: "public", joinPolicy: "open")
            try await Self.post(&outsider, "Offentlig plan", "For alle.", group: "andre")
            var visitor = Browser(app)

            #expect(try await outsider.get("/g/koret/search?q=plan").status == .forbidden)
            #expect(try await visitor.get("/g/koret/search?q=plan").status == .forbidden)
            #expect(!(try await outsider.get("/g/koret").body.string.contains("/g/koret/search")))
            // Each group's search holds its own content only.
            #expect(Self.results(try await Self.search(&member, "plan")) == [try #require(Self.results(try await Self.search(&member, "hemmelig")).first)])
            #expect(Self.results(try await Self.search(&outsider, "plan", group: "andre")).count == 1)
            #expect(try await member.get("/g/koret").body.string.contains("action=\"/g/koret/search\""))

            // Members by name: for members, with a link to the directory; never for others.
            var page = try await Self.search(&member, "bodil")
            #expect(page.contains("href=\"/u/bodil\""))
            #expect(page.contains("href=\"/g/koret/members?q=bodil\""))
            page = try await Self.search(&visitor, "udenfor", group: "andre")
            #expect(!page.contains("href=\"/u/udenfor\""))
            #expect(page.contains("Nothing found"))
            page = try await Self.search(&outsider, "udenfor", group: "andre")
            #expect(page.contains("href=\"/u/udenfor\""))

            let group = try #require(try await Group.query(on: app.db).filter(\.$slug == "koret").first())
            group.visibility = .secret
            try await group.save(on: app.db)
            #expect(try await outsider.get("/g/koret/search?q=plan").status == .notFound)
            #expect(try await visitor.get("/g/koret/search?q=plan").status == .notFound)
            #expect(Self.results(try await Self.search(&member, "plan")).count == 1)
        }
    }

    @Test("An empty search shows the box and a hint; odd or long searches never fail; results come 20 a page")
    func boxAndPages() async throws {
        try await withTestApp { app in
            var (owner, member) = try await Self.group(app)
            var page = try await Self.search(&member, "")
            #expect(page.contains("Type one or more words"))
            #expect(page.contains("name=\"q\""))
            for odd in ["\"", "(*) AND OR NEAR ^ -", "a\"b*c", "\u{E000}kor\u{E001}", "!!", "' OR 1=1 --", String(repeating: "sang ", count: 200)] {
                page = try await Self.search(&member, odd)
                #expect(Self.results(page).isEmpty, "\(odd)")
            }
            for n in 1...25 { try await Self.post(&owner, "Referat \(n)", "Fra mødet.") }
            page = try await Self.search(&member, "referat")
            #expect(Self.results(page).count == 20)
            #expect(page.contains("25 results"))
            #expect(page.contains("href=\"/g/koret/search?q=referat&amp;page=2\""))
            #expect(Self.results(try await member.get("/g/koret/search?q=referat&page=2").body.string).count == 5)
            #expect(try await member.get("/g/koret/search?q=referat&page=9").location == "/g/koret/search?q=referat")
            // The session, the group, its modules, the results, the members found: whatever the data.
            let queries = try await member.get("/g/koret/search?q=referat").headers.first(name: QueryCountingMiddleware.header)
            #expect((queries.flatMap { Int($0) } ?? .max) <= 5, "\(queries ?? "-") queries")
        }
    }

    @Test("igroups reindex rebuilds a lost index from the modules' own tables")
    func reindex() async throws {
        try await withTestApp { app in
            var (owner, member) = try await Self.group(app)
            let postID = try await Self.post(&owner, "Koncert", "I kirken.")
            try await member.get("/g/koret/news/\(postID)")
            try await member.post("/g/koret/news/\(postID)/comments", ["body": "Glæder mig!"])
            try await owner.get("/g/koret/links/new")
            try await owner.post("/g/koret/links/new", ["title": "Kirken", "url": "https://example.org/kirke", "description": ""])
            struct Row: Decodable, Equatable { let path: String; let title: String; let body: String }
            let before = try await app.db.sql.select().column("path").column("title").column("body").from(SearchDocument.schema).orderBy("path").all(decoding: Row.self)
            #expect(before.count == 3)

            try await app.db.sql.delete(from: SearchDocument.schema).run()
            if !Self.isPostgres(app) {
                // The words lost too, not only the rows.
                try await app.db.sql.raw("INSERT INTO search_documents_fts(search_documents_fts) VALUES ('delete-all')").run()
            }
            #expect(Self.results(try await Self.search(&member, "kirken")).isEmpty)

            IGroupsMain.registerCommands(app)
            app.environment.arguments = ["igroups", "reindex"]
            try await app.startup()

            let after = try await app.db.sql.select().column("path").column("title").column("body").from(SearchDocument.schema).orderBy("path").all(decoding: Row.self)
            #expect(after == before)
            #expect(Self.results(try await Self.search(&member, "kirken")).count == 2)
            #expect(Self.results(try await Self.search(&member, "glæder")).count == 1)
        }
    }
}
