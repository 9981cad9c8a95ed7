import Fluent
import Foundation
@testable import IGroupsCore
import Testing
import Vapor
import VaporTesting

@Suite("Reports of profiles under 16")
struct AgeReportTests {
    @Test("Anyone reports; the operator confirms: the account is erased at once, its group passes on, reporters and the person are told")
    func confirm() async throws {
        try await withTestApp { app in
            var child = Browser(app)
            try await child.signUpVerified("lille")
            try await child.createGroup("legeklub", visibility: "public", joinPolicy: "open")
            var friend = Browser(app)
            try await friend.signUpVerified("ven")
            try await friend.get("/g/legeklub")
            try await friend.post("/g/legeklub/join")
            try await child.createGroup("alene", visibility: "public", joinPolicy: "open")

            // A visitor must give an address and a reason.
            var visitor = Browser(app)
            let form = try await visitor.get("/u/lille/report-age")
            #expect(form.body.string.contains("name=\"email\""))
            var response = try await visitor.post("/u/lille/report-age", ["reason": "", "email": "nej"])
            #expect(response.status == .unprocessableEntity)
            response = try await visitor.post("/u/lille/report-age", ["reason": "Går i 6. klasse med min datter.", "email": "Forælder@example.org"])
            #expect(response.location == "/u/lille?notice=age_reported")
            // A signed-in person is told at their own address; nobody reports themselves.
            #expect(try await friend.get("/u/lille").body.string.contains("href=\"/u/lille/report-age\""))
            try await friend.post("/u/lille/report-age", ["reason": "Skrev selv, at hun er 12."])
            #expect(try await child.post("/u/lille/report-age", ["reason": "x"]).status == .unprocessableEntity)
            #expect(try await AgeReport.query(on: app.db).count() == 2)
            #expect(try await app.deliverMail().filter { $0.to.contains("lille") }.isEmpty, "the person reported is not told of a report")

            var ops = try await OperatorTests.operatorBrowser(app)
            #expect(try await friend.get("/admin/reports").status == .notFound)
            let queue = try await ops.get("/admin/reports").body.string
            #expect(queue.contains("Går i 6. klasse med min datter."))
            let report = try #require(try await AgeReport.query(on: app.db).sort(\.$createdAt).first())
            #expect(try await ops.post("/admin/reports/\(try report.requireID())/confirm").status == .unprocessableEntity)
            response = try await ops.post("/admin/reports/\(try report.requireID())/confirm", ["sure": "on"])
            #expect(response.location == "/admin/reports?notice=age_confirmed")

            #expect(try await User.query(on: app.db).filter(\.$usernameKey == "lille").first() == nil)
            #expect(try await AgeReport.query(on: app.db).count() == 0)
            let legeklub = try #require(try await Group.query(on: app.db).filter(\.$slug == "legeklub").first())
            let heir = try #require(try await Membership.query(on: app.db).filter(\.$group.$id == legeklub.requireID()).first())
            #expect(heir.role == .owner)
            #expect(try await Group.query(on: app.db).filter(\.$slug == "alene").first() == nil)
            #expect(try await child.get("/me").status == .seeOther)

            let mail = try await app.deliverMail()
            #expect(mail.contains { $0.to.contains("forælder@example.org") && $0.text.contains("The profile has been closed") })
            #expect(mail.contains { $0.to.contains("ven@example.org") && $0.subject == "Your report of a profile" })
            #expect(mail.contains { $0.to.contains("lille@example.org") && $0.text.contains("You must be 16 or older") })
        }
    }

    @Test("A dismissed report leaves the account and tells the reporter; decided reports go after 90 days")
    func dismiss() async throws {
        try await withTestApp { app in
            var person = Browser(app)
            try await person.signUpVerified("voksen")
            var visitor = Browser(app)
            try await visitor.get("/u/voksen/report-age")
            try await visitor.post("/u/voksen/report-age", ["reason": "Ser ung ud.", "email": "nabo@example.org"])
            var ops = try await OperatorTests.operatorBrowser(app)
            let report = try #require(try await AgeReport.query(on: app.db).first())
            try await ops.get("/admin/reports")
            #expect(try await ops.post("/admin/reports/\(try report.requireID())/dismiss").location == "/admin/reports?notice=age_dismissed")
            #expect(try await ops.post("/admin/reports/\(try report.requireID())/dismiss").status == .notFound)
            #expect(try await User.query(on: app.db).filter(\.$usernameKey == "voksen").first() != nil)
            #expect(try await app.deliverMail().contains { $0.to.contains("nabo@example.org") && $0.text.contains("found no reason") })
            #expect(try await ops.get("/admin/reports").body.string.contains("No reports are waiting"))
            try await Retention.run(app: app, now: Date().addingTimeInterval(91 * 24 * 3600))
            #expect(try await AgeReport.query(on: app.db).count() == 0)
        }
    }
}
