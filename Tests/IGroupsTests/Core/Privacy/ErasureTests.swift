import Fluent
import Foundation
@testable import IGroupsCore
@testable import IGroupsLinks
@testable import IGroupsNews
@testable import IGroupsPages
@testable import IGroupsPolls
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("Delete my profile")
struct ErasureTests {
    /// Every place in the database where any of the needles appears, as `table.column`.
    static func traces(of needles: [String], id: UUID, in app: Application) async throws -> [String] {
        let columns = try await PrivacyRegistryTests.columns(app.db)
        var found: [String] = []
        for table in Set(columns.map(\.table)).sorted() {
            let rows = try await app.db.sql.select().column(SQLLiteral.all).from(table).all()
            for row in rows {
                for column in row.allColumns {
                    if let value = try? row.decode(column: column, as: UUID.self), value == id { found.append("\(table).\(column)") }
                    if let text = try? row.decode(column: column, as: String.self).lowercased(), needles.contains(where: { text.contains($0) }) {
                        found.append("\(table).\(column)")
                    }
                }
            }
        }
        return found
    }

    @Test("A person with data everywhere erases it all: nothing with their id, name or address is left, others keep their pages")
    func erase() async throws {
        try await withTestApp { app in
            var fixture = try await PrivacyFixture.make(app)
            let needles = [fixture.bodilID.uuidString.lowercased(), "bodil testesen", "bodil@example.org"]
            let before = try await Self.traces(of: needles, id: fixture.bodilID, in: app)
            #expect(before.count >= 10)
            // What she wrote is in the search index too.
            #expect(before.contains("search_documents.author_id") && before.contains("search_documents.body"), "\(before)")
            #expect(before.contains("orders.user_id") && before.contains("orders.buyer_email"), "\(before)")
            // A download of her data waits in the store; it goes with her, as does her news picture.
            try await fixture.bodil.get("/me/privacy")
            try await fixture.bodil.post("/me/privacy/export")
            try await app.deliverMail()
            #expect(try await app.files.list(under: "exports/").count == 1)
            let pictures = try await app.files.list(under: "groups/").filter { $0.contains("/news/") }
            #expect(pictures.count == 1)
            // What she uploaded (her picture, her shared file and version, her video and its poster, her photo's
            // display size and thumbnail) is in the store until she goes.
            let uploaded = try await Uploads.blobs(uploadedBy: fixture.bodilID, on: app.db)
            #expect(uploaded.count == 7)
            for blob in uploaded { #expect(try await app.files.size(of: Upload.key(ofBlob: blob)) != nil) }
            // A file of hers in the store goes too.
            try await app.files.write(ByteBuffer(string: "hers"), to: "users/\(fixture.bodilID.uuidString)/avatar.png")

            // Without the box ticked or with a wrong password nothing happens.
            try await fixture.bodil.get("/me/privacy/delete")
            var response = try await fixture.bodil.post("/me/privacy/delete", ["password": "rolig-hest-42"])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("Tick the box"))
            response = try await fixture.bodil.post("/me/privacy/delete", ["password": "forkert", "confirm": "on"])
            #expect(response.status == .unprocessableEntity)
            #expect(try await User.find(fixture.bodilID, on: app.db) != nil)

            response = try await fixture.bodil.post("/me/privacy/delete", ["password": "rolig-hest-42", "confirm": "on"])
            #expect(response.location == "/?notice=profile_deleted")
            #expect(try await fixture.bodil.get("/me").status == .seeOther)
            let farewell = try #require(try await app.deliverMail().last)
            #expect(farewell.subject == "Your profile has been deleted")
            #expect(farewell.to.contains("Bodil@Example.org"))

            let left = try await Self.traces(of: needles, id: fixture.bodilID, in: app)
            #expect(left.isEmpty, "still found in \(left)")
            let named = try await Self.traces(of: ["bodil"], id: fixture.bodilID, in: app)
            #expect(named.isEmpty, "still named in \(named)")
            let files = try await app.files.list(under: "users/") + app.files.list(under: "exports/")
            #expect(files.isEmpty, "files left: \(files)")
            for blob in uploaded { #expect(try await app.files.size(of: Upload.key(ofBlob: blob)) == nil, "her upload \(blob) is gone from the store") }
            #expect(try await app.files.list(under: "groups/").filter { $0.contains("/news/") }.isEmpty, "her news picture is gone")
            // The group's page and the invitation she sent stay, without her.
            let page = try #require(try await TextPage.query(on: app.db).filter(\.$slug == "referat").first())
            #expect(page.$author.id == nil)
            #expect(try await TextPageRevision.query(on: app.db).filter(\.$page.$id == page.requireID()).first()?.$author.id == nil)
            #expect(try await Invitation.query(on: app.db).filter(\.$email == "someone@example.org").first()?.$invitedBy.id == nil)
            #expect(try await GroupLink.query(on: app.db).filter(\.$title == "Rostadion").first()?.$author.id == nil)
            // Her poll stays without her; her named vote stays as a count without her, the anonymous one as it was.
            let poll = try #require(try await Poll.query(on: app.db).filter(\.$question == "Hvor skal vi ro hen?").first())
            #expect(poll.$author.id == nil)
            #expect(try await PollBallot.query(on: app.db).count() == 4)
            #expect(try await PollBallot.query(on: app.db).filter(\.$poll.$id == poll.requireID()).filter(\.$user.$id == nil).count() == 1)
            #expect(try await fixture.owner.get("/g/aaben/polls/\(try poll.requireID())").body.string.contains("2 people have voted."))
            // Her post stays as an empty marker so Mette's comment keeps its place; her own comment is emptied.
            let marker = try #require(try await NewsPost.query(on: app.db).filter(\.$title == "").first())
            #expect(marker.$author.id == nil && marker.body.isEmpty)
            #expect(try await NewsComment.query(on: app.db).filter(\.$body == "Tak, Mette her.").count() == 1)
            // Mette's comment is still found, no longer under the title of Bodil's post.
            let search = try await fixture.owner.get("/g/aaben/search?q=mette").body.string
            #expect(SearchTests.results(search).count == 1)
            #expect(search.contains("Untitled"))
            #expect(try await NewsLike.query(on: app.db).count() == 0)
            #expect(try await fixture.owner.get("/g/aaben/pages/referat").body.string.contains("Mødet gik godt."))
            // The invoice she ordered stays for bookkeeping, cut off from her: no link to her, no address of hers.
            let order = try #require(try await Order.query(on: app.db).first())
            #expect(order.$user.id == nil && (order.buyerEmail ?? "").isEmpty)
            #expect(order.buyerName == "Roklubben Åben" && order.amountMinor == 125_000 && order.status == .pending)
            #expect(try await User.query(on: app.db).count() == 1)
        }
    }

    @Test("An owner must hand over or delete their groups first; the page says which and how")
    func ownerFirst() async throws {
        try await withTestApp { app in
            var owner = Browser(app)
            try await owner.signUpVerified("mette")
            try await owner.createGroup("klubben", name: "Klubben", visibility: "public", joinPolicy: "open")
            let page = try await owner.get("/me/privacy/delete").body.string
            #expect(page.contains("You own these groups"))
            #expect(page.contains("href=\"/g/klubben/admin/members\""))
            #expect(page.contains("href=\"/g/klubben/admin/delete\""))
            #expect(!page.contains("name=\"password\""))
            let response = try await owner.post("/me/privacy/delete", ["password": "rolig-hest-42", "confirm": "on"])
            #expect(response.status == .conflict)
            #expect(try await User.query(on: app.db).count() == 1)
            #expect(try await Group.query(on: app.db).count() == 1)

            try await owner.get("/g/klubben/admin/delete")
            try await owner.post("/g/klubben/admin/delete", ["confirm": "klubben"])
            try await owner.get("/me/privacy/delete")
            #expect(try await owner.post("/me/privacy/delete", ["password": "rolig-hest-42", "confirm": "on"]).location == "/?notice=profile_deleted")
            #expect(try await User.query(on: app.db).count() == 0)
        }
    }

    @Test("The privacy page needs a login and shows the policy versions accepted")
    func page() async throws {
        try await withTestApp { app in
            var visitor = Browser(app)
            #expect(try await visitor.get("/me/privacy").location?.hasPrefix("/login") == true)
            var person = Browser(app)
            try await person.signUpVerified("mette")
            let page = try await person.get("/me/privacy").body.string
            #expect(page.contains("Version \(PrivacyPolicy.currentVersion)"))
            #expect(page.contains("Prepare a file with my data"))
            #expect(page.contains("href=\"/me/privacy/delete\""))
        }
    }
}
