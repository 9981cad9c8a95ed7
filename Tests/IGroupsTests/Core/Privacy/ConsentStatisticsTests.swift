import Fluent
import Foundation
@testable import IGroupsCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("Consents, objections and statistics")
struct ConsentStatisticsTests {
    @Test("A consent is given and withdrawn with one click each, both recorded with time and policy version")
    func consents() async throws {
        try await withTestApp { app in
            var person = Browser(app)
            try await person.signUpVerified("mette")
            var page = try await person.get("/me/privacy").body.string
            #expect(page.contains("News about the site from the operator by mail"))
            #expect(page.contains("Not given"))
            #expect(try await person.post("/me/privacy/consents/operator_news", ["given": "yes"]).location == "/me/privacy?notice=consent_given#consents")
            page = try await person.get("/me/privacy").body.string
            #expect(page.contains("Withdraw consent"))
            try await person.post("/me/privacy/consents/operator_news", ["given": "no"])
            // Withdrawing again changes nothing.
            try await person.post("/me/privacy/consents/operator_news", ["given": "no"])
            let records = try await ConsentRecord.query(on: app.db).sort(\.$createdAt).all()
            #expect(records.map(\.given) == [true, false])
            #expect(records.allSatisfy { $0.policyVersion == PrivacyPolicy.currentVersion })
            page = try await person.get("/me/privacy").body.string
            #expect(page.contains("Give consent"))
            #expect(page.contains("News about the site from the operator by mail: given"))
            #expect(page.contains("News about the site from the operator by mail: withdrawn"))
            #expect(try await person.post("/me/privacy/consents/adverts", ["given": "yes"]).status == .notFound)
        }
    }

    @Test("Visits are counted per day and page without cookies or addresses; secrets in addresses are not stored; an objection stops the counting at once")
    func statistics() async throws {
        try await withTestApp { app in
            var owner = Browser(app)
            try await owner.signUpVerified("mette")
            try await owner.createGroup("klubben", visibility: "secret", joinPolicy: "invitation")
            let links = try await owner.post("/g/klubben/admin/invitations/link").body.string
            let token = try #require(links.components(separatedBy: "/invite/").dropFirst().first?.prefix(while: { $0 != "<" })).description
            try await app.visitCounter.flush(on: app.db)
            try await app.db.sql.delete(from: VisitCount.schema).run()

            var visitor = Browser(app)
            for _ in 1...3 { try await visitor.get("/groups") }
            try await visitor.get("/invite/" + token)
            try await visitor.get("/g/findes-ikke")
            try await visitor.get("/u/mette")
            var person = Browser(app)
            try await person.signUpVerified("bodil")
            try await app.visitCounter.flush(on: app.db)
            try await app.db.sql.delete(from: VisitCount.schema).run()
            try await person.get("/groups")
            #expect(try await person.post("/me/privacy/objections", ["purpose": "statistics"]).location == "/me/privacy?notice=objection_recorded#objections")
            for _ in 1...5 { try await person.get("/groups") }
            for _ in 1...3 { try await visitor.get("/groups") }
            try await visitor.get("/invite/" + token)
            try await app.visitCounter.flush(on: app.db)

            struct Row: Decodable { let path: String; let visits: Int }
            let rows = try await app.db.sql.select().columns("path", "visits").from(VisitCount.schema).orderBy("path").all(decoding: Row.self)
            #expect(rows.map(\.path) == ["/groups", "/invite/:token"], "a profile's address is never counted by name")
            #expect(rows.first?.visits == 4, "3 visits and the person's one before objecting")
            #expect(rows.last?.visits == 1)
            let columns = try await PrivacyRegistryTests.columns(app.db).filter { $0.table == VisitCount.schema }.map(\.column).sorted()
            #expect(columns == ["day", "path", "visits"])

            let me = try #require(try await User.query(on: app.db).filter(\.$usernameKey == "mette").first())
            me.isOperator = true
            try await me.save(on: app.db)
            let stats = try await owner.get("/admin/stats").body.string
            #expect(stats.contains("<code>/groups</code>"))
            #expect(stats.contains("5 page views in all"))
            #expect(!stats.contains(token))
            #expect(try await person.get("/admin/stats").status == .notFound)
        }
    }

    @Test("Objections: another purpose needs a reason; the operator sees open ones and marks them handled; the person sees it")
    func objections() async throws {
        try await withTestApp { app in
            var person = Browser(app)
            try await person.signUpVerified("bodil")
            try await person.get("/me/privacy")
            var response = try await person.post("/me/privacy/objections", ["purpose": "other", "reason": ""])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("Say what your objection is about."))
            response = try await person.post("/me/privacy/objections", ["purpose": "other", "reason": "Min profil skal ikke vises i medlemslisten."])
            #expect(response.status == .seeOther)
            try await person.post("/me/privacy/objections", ["purpose": "statistics"])
            #expect(try await User.query(on: app.db).first()?.countsVisits == false)
            #expect(try await person.get("/me/privacy").body.string.contains("Your visits are not counted in the statistics."))

            var ops = try await OperatorTests.operatorBrowser(app)
            let operatorUser = try #require(try await User.query(on: app.db).filter(\.$usernameKey == "drift").first())
            var page = try await ops.get("/admin/privacy").body.string
            #expect(page.contains("Min profil skal ikke vises i medlemslisten."))
            let open = try await Objection.query(on: app.db).filter(\.$purpose == .other).first()
            let id = try #require(open?.id)
            #expect(try await person.post("/admin/privacy/objections/\(id)/handled").status == .notFound)
            #expect(try await ops.post("/admin/privacy/objections/\(id)/handled").location == "/admin/privacy?notice=objection_handled")
            page = try await ops.get("/admin/privacy").body.string
            #expect(!page.contains("Min profil skal ikke vises i medlemslisten."))
            let handled = try #require(try await Objection.find(id, on: app.db))
            #expect(handled.$handledBy.id == operatorUser.id)
            #expect(try await person.get("/me/privacy").body.string.contains("Handled"))
        }
    }
}
