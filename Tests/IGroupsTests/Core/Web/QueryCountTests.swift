import Fluent
@testable import IGroupsCore
@testable import IGroupsPages
import Testing
import Vapor
import VaporTesting

/// The number of queries a page makes must not grow with the data behind it: no query per row.
@Suite("Queries per page")
struct QueryCountTests {
    static let pages = [
        "/", "/groups", "/groups?page=2", "/g/klub", "/g/klub/pages", "/g/klub/pages/info", "/g/klub/pages/info/history",
        "/g/klub/admin", "/g/klub/admin/members", "/g/klub/members", "/g/klub/members?q=medlem", "/g/klub/links", "/g/klub/news", "/g/klub/news?page=2", "/g/klub/admin/modules", "/g/klub/admin/invitations", "/g/klub/search?q=tekst", "/g/klub/search?q=medlem", "/u/mette", "/admin?q=a", "/admin/suspended",
    ]

    /// How many queries each page makes for the owner (an operator too) and for a visitor.
    static func counts(_ owner: inout Browser, _ visitor: inout Browser) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for path in pages {
            for (who, response) in [("owner", try await owner.get(path)), ("visitor", try await visitor.get(path))] {
                let count = try #require(response.headers.first(name: QueryCountingMiddleware.header).flatMap(Int.init))
                counts["\(who) \(path) \(response.status.code)"] = count
            }
        }
        return counts
    }

    @Test("Group, module, directory, profile and operator pages make as many queries with 5 rows as with 40")
    func constantQueries() async throws {
        try await withTestApp { app in
            var owner = Browser(app)
            try await owner.signUpVerified("mette")
            let mette = try #require(try await User.query(on: app.db).first())
            mette.isOperator = true
            try await mette.save(on: app.db)
            try await owner.createGroup("klub", visibility: "public", joinPolicy: "open")
            try await owner.get("/g/klub/pages/new")
            try await owner.post("/g/klub/pages/new", ["title": "Info", "slug": "info", "body": "Tekst", "position": "1", "visibility": "public"])
            for n in 1...2 { try await owner.createGroup("gruppe-\(n)", visibility: "public", joinPolicy: "open") }
            try await owner.get("/g/klub/news/new")
            try await owner.postMultipart("/g/klub/news/new", ["title": "Nyhed 0", "body": "Tekst"])
            var visitor = Browser(app)

            let small = try await Self.counts(&owner, &visitor)
            #expect((small["owner /g/klub 200"] ?? 0) > 0, "the counter saw no queries: \(small)")
            #expect(small.keys.filter { $0.hasSuffix(" 200") }.count >= 15, "pages answered: \(small.keys.sorted())")

            // Grow everything those pages list: members, pages, revisions, groups.
            let group = try #require(try await Group.query(on: app.db).filter(\.$slug == "klub").first())
            for n in 1...40 {
                let user = User(username: "medlem\(n)", name: "Medlem \(n)", email: "medlem\(n)@example.org", passwordHash: "-", birthdate: "1990-01-01", language: .da)
                try await user.create(on: app.db)
                try await Membership(groupID: group.requireID(), userID: user.requireID(), role: n % 10 == 0 ? .moderator : .member).create(on: app.db)
                if n % 2 == 0 {
                    user.suspendedAt = Date()
                    user.suspensionReason = "Spam"
                    try await user.save(on: app.db)
                }
            }
            for n in 1...25 {
                try await owner.post("/g/klub/pages/new", ["title": "Side \(n)", "slug": "side-\(n)", "body": "Tekst \(n)", "position": "\(n + 1)", "visibility": "public"])
            }
            let info = try #require(try await TextPage.query(on: app.db).filter(\.$slug == "info").first())
            for n in 1...30 {
                try await TextPageRevision(pageID: info.requireID(), title: "Info", body: "Udgave \(n)", authorID: mette.requireID()).create(on: app.db)
            }
            for n in 3...40 { try await owner.createGroup("gruppe-\(n)", visibility: "public", joinPolicy: "open") }
            for n in 1...15 { try await owner.postMultipart("/g/klub/news/new", ["title": "Nyhed \(n)", "body": "Tekst \(n)"]) }
            #expect(try await TextPage.query(on: app.db).count() == 26)

            let large = try await Self.counts(&owner, &visitor)
            #expect(large == small)
            for key in small.keys.sorted() where large[key] != small[key] {
                Issue.record("\(key): \(small[key] ?? -1) queries with little data, \(large[key] ?? -1) with more")
            }
        }
    }
}
