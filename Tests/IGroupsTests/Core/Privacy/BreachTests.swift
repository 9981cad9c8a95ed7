import Fluent
import Foundation
@testable import IGroupsCore
import Testing
import Vapor
import VaporTesting

@Suite("Breach notices")
struct BreachTests {
    @Test("The operator records a breach and notifies a group, then a list, each person once and in their language")
    func notify() async throws {
        try await withTestApp { app in
            var owner = Browser(app)
            try await owner.signUpVerified("mette")
            try await owner.createGroup("klubben", visibility: "public", joinPolicy: "open")
            var bodil = Browser(app)
            bodil.acceptLanguage = "da"
            try await bodil.signUpVerified("bodil")
            try await bodil.get("/g/klubben")
            try await bodil.post("/g/klubben/join")
            var outsider = Browser(app)
            try await outsider.signUpVerified("outsider")
            var ops = try await OperatorTests.operatorBrowser(app)
            try await app.deliverMail()

            #expect(try await bodil.get("/admin/breaches").status == .notFound)
            let list = try await ops.get("/admin/breaches").body.string
            #expect(list.components(separatedBy: "<h1").count == 2 && list.contains("<h2>Record a breach</h2>"), "one title, and the form under it")
            var response = try await ops.post("/admin/breaches", ["title": "", "occurred_on": "i går", "data_affected": "", "measures": ""])
            #expect(response.status == .unprocessableEntity)
            #expect(try await Breach.query(on: app.db).count() == 0)
            response = try await ops.post("/admin/breaches", [
                "title": "A backup copy was readable from the web", "occurred_on": "2026-11-20",
                "data_affected": "Names and email addresses", "measures": "The copy was removed and access closed on 2026-11-21.",
            ])
            let breach = try #require(try await Breach.query(on: app.db).first())
            #expect(response.location == "/admin/breaches/\(try breach.requireID())?notice=breach_recorded")
            let path = "/admin/breaches/\(try breach.requireID())"

            response = try await ops.post(path + "/notify", ["audience": "group", "group": "findes-ikke"])
            #expect(response.status == .unprocessableEntity)
            response = try await ops.post(path + "/notify", ["audience": "group", "group": "klubben"])
            #expect(response.location == path + "?notice=breach_notified")
            var mail = try await app.deliverMail()
            let danish = try #require(mail.first { $0.to.contains("bodil@example.org") })
            #expect(danish.subject == "Vigtigt: dine oplysninger kan være berørt af et sikkerhedsbrud")
            #expect(danish.text.contains("Names and email addresses"))
            #expect(mail.contains { $0.to.contains("mette@example.org") && $0.subject.hasPrefix("Important") })
            #expect(!mail.contains { $0.to.contains("outsider@") })

            // A list with an unknown entry notifies nobody; corrected, only the new person is told.
            response = try await ops.post(path + "/notify", ["audience": "list", "people": "outsider\nukendt@example.org"])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("Not found: ukendt@example.org"))
            try await ops.post(path + "/notify", ["audience": "list", "people": "outsider, BODIL@example.org"])
            mail = try await app.deliverMail()
            #expect(mail.filter { $0.subject.hasPrefix("Important") || $0.subject.hasPrefix("Vigtigt") }.count == 3)
            #expect(try await BreachNotice.query(on: app.db).count() == 3)
            #expect(try await ops.get(path).body.string.contains("3 people notified"))
            #expect(try await ops.get("/admin/breaches").body.string.contains("A backup copy was readable from the web"))
        }
    }
}
