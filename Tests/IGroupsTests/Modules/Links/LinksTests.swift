import Fluent
import Foundation
@testable import IGroupsCore
@testable import IGroupsLinks
import Testing
import Vapor
import VaporTesting

@Suite("Links")
struct LinksTests {
    /// A public group of mette's where members may add links, with bodil as a member.
    static func group(_ app: Application) async throws -> (owner: Browser, member: Browser) {
        var owner = Browser(app)
        try await owner.signUpVerified("mette")
        try await owner.createGroup("roning", visibility: "public", joinPolicy: "open")
        let group = try #require(try await Group.query(on: app.db).first())
        try await GroupModuleSetting(groupID: group.requireID(), moduleID: "links", enabled: true, position: 0, membersWrite: true).create(on: app.db)
        var member = Browser(app)
        try await member.signUpVerified("bodil")
        try await member.get("/g/roning")
        try await member.post("/g/roning/join")
        return (owner, member)
    }

    @Test("Members add links by category in the admins' order; only http and https; nothing is fetched; visitors read")
    func collection() async throws {
        try await withTestApp { app in
            var (owner, member) = try await Self.group(app)
            try await owner.get("/g/roning/links/categories")
            try await owner.post("/g/roning/links/categories", ["name": "Klubber"])
            try await owner.post("/g/roning/links/categories", ["name": "Forbund"])
            let forbund = try #require(try await LinkCategory.query(on: app.db).filter(\.$name == "Forbund").first())
            try await owner.post("/g/roning/links/categories/\(try forbund.requireID())/move", ["direction": "up"])

            try await member.get("/g/roning/links/new")
            for bad in ["javascript:alert(1)", "data:text/html,<b>x</b>", "ftp://example.org", "https://", "www.example.org", "https://exa mple.org"] {
                let response = try await member.post("/g/roning/links/new", ["title": "Dansk Forening for Rosport", "url": bad])
                #expect(response.status == .unprocessableEntity, "\(bad) was taken")
            }
            #expect(try await member.post("/g/roning/links/new", ["title": "", "url": "https://roning.dk"]).status == .unprocessableEntity)
            var response = try await member.post("/g/roning/links/new", ["title": "Dansk Forening for Rosport", "url": "https://roning.dk/", "description": "Forbundet <b>alle</b> klubber hører under.", "category": try forbund.requireID().uuidString])
            #expect(response.location == "/g/roning/links?notice=link_saved")
            try await owner.post("/g/roning/links/new", ["title": "Aarhus Roklub", "url": "http://aarhusroklub.dk"])
            #expect(try await GroupLink.query(on: app.db).count() == 2)

            var visitor = Browser(app)
            let page = try await visitor.get("/g/roning/links").body.string
            #expect(page.contains("href=\"https://roning.dk/\""))
            #expect(page.contains("rel=\"nofollow ugc noopener noreferrer\""))
            #expect(page.contains("Forbundet &lt;b&gt;alle&lt;/b&gt; klubber"))
            #expect(!page.contains("Added by"), "who added a link is for members")
            #expect(try await member.get("/g/roning/links").body.string.contains("Added by"))
            // Forbund was moved above Klubber; the owner's link has no category and comes last.
            let forbundAt = try #require(page.range(of: "<h2>Forbund</h2>")), without = try #require(page.range(of: "<h2>Without a category</h2>"))
            #expect(forbundAt.lowerBound < without.lowerBound)
            #expect(!page.contains("<h2>Klubber</h2>"), "an empty category is not shown")
            #expect(!page.contains("/edit\""), "a visitor changes nothing")

            // Bodil changes her own link, not the owner's; the owner changes any.
            let hers = try #require(try await GroupLink.query(on: app.db).filter(\.$title == "Dansk Forening for Rosport").first())
            let his = try #require(try await GroupLink.query(on: app.db).filter(\.$title == "Aarhus Roklub").first())
            #expect(try await member.get("/g/roning/links/\(try his.requireID())/edit").status == .forbidden)
            #expect(try await member.post("/g/roning/links/\(try his.requireID())/delete").status == .forbidden)
            try await member.get("/g/roning/links/\(try hers.requireID())/edit")
            response = try await member.post("/g/roning/links/\(try hers.requireID())/edit", ["title": "DFfR", "url": "https://roning.dk/"])
            #expect(response.location == "/g/roning/links?notice=link_saved")
            #expect(try await GroupLink.find(hers.id, on: app.db)?.title == "DFfR")
            #expect(try await owner.get("/g/roning/links/\(try hers.requireID())/delete").body.string.contains("Delete the link"))
            #expect(try await owner.post("/g/roning/links/\(try hers.requireID())/delete").location == "/g/roning/links?notice=link_deleted")
            #expect(try await GroupLink.query(on: app.db).count() == 1)
        }
    }

    @Test("Only admins keep categories; deleting one keeps its links without a category")
    func categories() async throws {
        try await withTestApp { app in
            var (owner, member) = try await Self.group(app)
            #expect(try await member.get("/g/roning/links/categories").status == .forbidden)
            #expect(try await member.post("/g/roning/links/categories", ["name": "Hack"]).status == .forbidden)
            try await owner.get("/g/roning/links/categories")
            #expect(try await owner.post("/g/roning/links/categories", ["name": ""]).status == .unprocessableEntity)
            try await owner.post("/g/roning/links/categories", ["name": "Klubber"])
            let category = try #require(try await LinkCategory.query(on: app.db).first())
            try await owner.post("/g/roning/links/new", ["title": "Aarhus Roklub", "url": "https://aarhusroklub.dk", "category": try category.requireID().uuidString])
            try await owner.post("/g/roning/links/categories/\(try category.requireID())/edit", ["name": "Roklubber"])
            #expect(try await LinkCategory.find(category.id, on: app.db)?.name == "Roklubber")
            #expect(try await owner.get("/g/roning/links/categories/\(try category.requireID())/delete").body.string.contains("Its links stay"))
            #expect(try await owner.post("/g/roning/links/categories/\(try category.requireID())/delete").location == "/g/roning/links/categories?notice=category_deleted")
            #expect(try await LinkCategory.query(on: app.db).count() == 0)
            let link = try #require(try await GroupLink.query(on: app.db).first())
            #expect(link.$category.id == nil)
            // Another group's category cannot be used.
            #expect(try await owner.post("/g/roning/links/new", ["title": "X", "url": "https://x.org", "category": UUID().uuidString]).status == .unprocessableEntity)
        }
    }
}
