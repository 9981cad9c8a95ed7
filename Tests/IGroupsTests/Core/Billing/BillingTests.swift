import Fluent
import Foundation
@testable import IGroupsCore
import Testing
import Vapor
import VaporTesting

@Suite("Plans, orders and invoices")
struct BillingTests {
    static let environment = ["BILLING_BANK_ACCOUNT": "Reg. 1234 konto 0012345678", "BILLING_VAT_NUMBER": "DK12345678", "GROUP_STORAGE_MB": "100"]

    static let association = [
        "name_da": "Forening", "name_en": "Association", "storage_mb": "10240", "months": "12", "price": "1.250,00", "currency": "DKK", "available": "on",
    ]

    /// A group with its owner and a member who is not an admin.
    static func club(_ app: Application) async throws -> (owner: Browser, member: Browser, groupID: UUID) {
        var owner = Browser(app)
        try await owner.signUpVerified("mette")
        try await owner.createGroup("klubben", name: "Klubben", visibility: "public", joinPolicy: "open")
        var member = Browser(app)
        try await member.signUpVerified("bodil")
        try await member.get("/g/klubben")
        try await member.post("/g/klubben/join")
        let group = try #require(try await Group.query(on: app.db).filter(\.$slug == "klubben").first())
        return (owner, member, try group.requireID())
    }

    static func order(_ owner: inout Browser, plan: Plan) async throws -> TestingHTTPResponse {
        try await owner.get("/g/klubben/admin/plan")
        return try await owner.post("/g/klubben/admin/plan", [
            "plan": try plan.requireID().uuidString, "buyer_name": "Roklubben Klubben", "buyer_address": "Havnevej 1\n4000 Roskilde",
            "buyer_email": "kasserer@example.org",
        ])
    }

    @Test("The operator offers a plan; an admin orders it against an invoice by mail; the operator records the payment and the group has the plan's storage for its months")
    func orderAndPay() async throws {
        try await withTestApp(environment: Self.environment) { app in
            var (owner, member, groupID) = try await Self.club(app)
            var ops = try await OperatorTests.operatorBrowser(app)
            var page = try await owner.get("/g/klubben/admin/plan").body.string
            #expect(page.contains("Free") && page.contains("of 100 MB."))
            #expect(page.contains("No paid plans are offered at the moment."))
            #expect(try await owner.get("/g/klubben/admin").body.string.contains("href=\"/g/klubben/admin/plan\""))
            // Only the group's admins see its plan; only the operator offers plans.
            #expect(try await member.get("/g/klubben/admin/plan").status == .forbidden)
            #expect(try await member.get("/admin/plans").status == .notFound)
            #expect(try await owner.get("/admin/orders").status == .notFound)

            let plansPage = try await ops.get("/admin/plans").body.string
            #expect(plansPage.components(separatedBy: "<h1").count == 2 && plansPage.contains("<h2>New plan</h2>"), "one title, and the form under it")
            var response = try await ops.post("/admin/plans", Self.association.merging(["price": "gratis", "months": "0", "name_en": "", "storage_mb": "100"]) { $1 })
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("Enter a price of at least 1.00"))
            #expect(response.body.string.contains("Enter a number of months from 1 to 60."))
            #expect(response.body.string.contains("A plan must give more than the 100 MB every group has."))
            #expect(try await Plan.query(on: app.db).count() == 0)
            response = try await ops.post("/admin/plans", Self.association)
            #expect(response.location == "/admin/plans?notice=plan_saved")
            let plan = try #require(try await Plan.query(on: app.db).first())
            #expect(plan.priceMinor == 125_000 && plan.storageMB == 10_240 && plan.available)

            page = try await owner.get("/g/klubben/admin/plan").body.string
            #expect(page.contains("Association: 10 GB of storage for 12 months at DKK\u{A0}1,250.00"))
            // Without an address nothing is ordered; the form says what is missing and keeps what was typed.
            response = try await owner.post("/g/klubben/admin/plan", ["plan": try plan.requireID().uuidString, "buyer_name": "Roklubben Klubben", "buyer_address": " ", "buyer_email": "kasserer"])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("Enter the address for the invoice"))
            #expect(response.body.string.contains("Enter a valid email address"))
            #expect(response.body.string.contains("value=\"Roklubben Klubben\""))
            #expect(try await Order.query(on: app.db).count() == 0)

            response = try await Self.order(&owner, plan: plan)
            let order = try #require(try await Order.query(on: app.db).first())
            let invoicePath = "/g/klubben/admin/plan/orders/\(try order.requireID())"
            #expect(response.location == invoicePath + "?notice=order_placed")
            #expect(order.number == 1 && order.status == .pending && order.amountMinor == 125_000 && order.vatMinor == 25_000)
            #expect(order.groupName == "Klubben" && order.planName == "Association")
            let invoice = try await owner.get(invoicePath).body.string
            for text in ["Invoice 1", "Roklubben Klubben", "Havnevej 1\n4000 Roskilde", "VAT no. DK12345678", "DKK\u{A0}1,000.00", "VAT 25%", "DKK\u{A0}250.00", "DKK\u{A0}1,250.00", "Pay by bank transfer to Reg. 1234 konto 0012345678"] {
                #expect(invoice.contains(text), "the invoice lacks \(text)")
            }
            let mail = try #require(try await app.deliverMail().last)
            #expect(mail.to.contains("kasserer@example.org"))
            #expect(mail.subject == "Invoice 1 from iGroups")
            #expect(mail.text.contains("Reg. 1234 konto 0012345678") && mail.text.contains("DKK\u{A0}1,250.00"))
            #expect(mail.text.contains(app.settings.absolute(invoicePath)))
            // One open invoice at a time; others see neither the invoice nor its group's plan.
            response = try await Self.order(&owner, plan: plan)
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("Pay or cancel it first."))
            #expect(try await member.get(invoicePath).status == .forbidden)
            var other = Browser(app)
            try await other.signUpVerified("andre")
            try await other.createGroup("andre", visibility: "public", joinPolicy: "open")
            #expect(try await other.get("/g/andre/admin/plan/orders/\(try order.requireID())").status == .notFound)
            #expect(try await Uploads.limits(for: groupID, on: app, db: app.db).maxTotalBytes == 100 << 20)

            // The operator sees it waiting and records the payment once.
            #expect(try await ops.get("/admin").body.string.contains("href=\"/admin/orders?status=pending\">Orders (1 waiting for payment)"))
            #expect(try await ops.get("/admin/orders?status=pending").body.string.contains("Klubben"))
            #expect(try await ops.get("/admin/orders?status=paid").body.string.contains("No invoices yet."))
            try await ops.get("/admin/orders/\(try order.requireID())")
            response = try await ops.post("/admin/orders/\(try order.requireID())/paid")
            #expect(response.location == "/admin/orders/\(try order.requireID())?notice=order_paid")
            #expect(try await ops.post("/admin/orders/\(try order.requireID())/paid").status == .conflict)
            let paid = try #require(try await Order.find(order.requireID(), on: app.db))
            let start = try #require(paid.periodStart), end = try #require(paid.periodEnd)
            #expect(paid.status == .paid && abs(start.timeIntervalSinceNow) < 60)
            #expect(end.timeIntervalSince(start) > 364 * 86_400 && end.timeIntervalSince(start) < 367 * 86_400)
            let receipt = try #require(try await app.deliverMail().last)
            #expect(receipt.subject == "The payment of invoice 1 has arrived" && receipt.to.contains("kasserer@example.org"))
            #expect(try await ops.get("/admin").body.string.contains("href=\"/admin/orders\">Orders<"))
            let audit = try #require(try await AuditEvent.query(on: app.db).filter(\.$kind == .orderPaid).first())
            #expect(audit.$user.id != nil && audit.$actor.id != nil && audit.detail == "#1")

            // The group now has the plan's storage, until the period ends.
            #expect(try await Uploads.limits(for: groupID, on: app, db: app.db).maxTotalBytes == 10 << 30)
            page = try await owner.get("/g/klubben/admin/plan").body.string
            #expect(page.contains("Association") && page.contains("Paid until") && page.contains("of 10 GB"))
            #expect(page.contains("Paid "))
            #expect(try await Billing.storageBytes(of: groupID, on: app, db: app.db, at: end.addingTimeInterval(1)) == 100 << 20)

            // A second period paid while the first runs starts where the first ends.
            response = try await Self.order(&owner, plan: plan)
            let second = try #require(try await Order.query(on: app.db).filter(\.$number == 2).first())
            try await ops.get("/admin/orders/\(try second.requireID())")
            try await ops.post("/admin/orders/\(try second.requireID())/paid")
            let renewed = try #require(try await Order.find(second.requireID(), on: app.db))
            #expect(abs(try #require(renewed.periodStart).timeIntervalSince(end)) < 0.01)
        }
    }

    @Test("An invoice not yet paid is cancelled after a question and stays as cancelled; the group can order again")
    func cancel() async throws {
        try await withTestApp(environment: Self.environment) { app in
            var (owner, member, _) = try await Self.club(app)
            let plan = Plan(nameDa: "Forening", nameEn: "Association", storageMB: 10_240, months: 12, priceMinor: 125_000, currency: "DKK")
            try await plan.create(on: app.db)
            try await Self.order(&owner, plan: plan)
            let order = try #require(try await Order.query(on: app.db).first())
            let path = "/g/klubben/admin/plan/orders/\(try order.requireID())"
            #expect(try await owner.get(path).body.string.contains("href=\"\(path)/cancel\""))
            let question = try await owner.get(path + "/cancel").body.string
            #expect(question.contains("Cancel invoice 1?") && question.contains("No, keep the invoice"))
            #expect(try await member.post(path + "/cancel").status == .forbidden)
            #expect(try await owner.post(path + "/cancel").location == "/g/klubben/admin/plan?notice=order_cancelled")
            #expect(try await Order.find(order.requireID(), on: app.db)?.status == .cancelled)
            #expect(try await owner.post(path + "/cancel").status == .conflict)
            #expect(try await owner.get("/g/klubben/admin/plan").body.string.contains("Cancelled"))
            try await Self.order(&owner, plan: plan)
            #expect(try await Order.query(on: app.db).filter(\.$number == 2).filter(\.$status == .pending).count() == 1)
            // A withdrawn plan cannot be ordered.
            var ops = try await OperatorTests.operatorBrowser(app)
            try await ops.get("/admin/plans/\(try plan.requireID())")
            try await ops.post("/admin/plans/\(try plan.requireID())", Self.association.filter { $0.key != "available" })
            #expect(try await Plan.find(plan.requireID(), on: app.db)?.available == false)
            #expect(try await ops.get("/admin/plans").body.string.contains("Withdrawn"))
            // The operator too asks before cancelling.
            let second = try #require(try await Order.query(on: app.db).filter(\.$number == 2).first())
            let secondPath = "/admin/orders/\(try second.requireID())"
            #expect(try await ops.get(secondPath).body.string.contains("href=\"\(secondPath)/cancel\""))
            #expect(try await ops.get(secondPath + "/cancel").body.string.contains("Invoice 2 to Klubben for DKK\u{A0}1,250.00 is cancelled."))
            #expect(try await ops.post(secondPath + "/cancel").location == secondPath + "?notice=order_cancelled")
            #expect(try await Order.find(second.requireID(), on: app.db)?.status == .cancelled)
        }
    }

    @Test("Without a bank account the site takes no orders and says so")
    func noPayments() async throws {
        try await withTestApp { app in
            var (owner, _, _) = try await Self.club(app)
            let plan = Plan(nameDa: "Forening", nameEn: "Association", storageMB: 10_240, months: 12, priceMinor: 125_000, currency: "DKK")
            try await plan.create(on: app.db)
            #expect(try await owner.get("/g/klubben/admin/plan").body.string.contains("The site does not take payments yet"))
            #expect(try await owner.post("/g/klubben/admin/plan", ["plan": try plan.requireID().uuidString]).status == .conflict)
            #expect(try await Order.query(on: app.db).count() == 0)
        }
    }

    @Test("Invoices are a legal hold: the person who ordered, and a treasurer they were mailed to, are erased and the invoices stay without them; the group is deleted and they stay; 5 years after the end of their year they go")
    func legalHold() async throws {
        try await withTestApp(environment: Self.environment) { app in
            var (owner, member, groupID) = try await Self.club(app)
            let memberID = try #require(try await User.query(on: app.db).filter(\.$usernameKey == "bodil").first()?.requireID())
            try await owner.get("/g/klubben/admin/members")
            try await owner.post("/g/klubben/admin/members/\(memberID)/role", ["role": "admin"])
            let plan = Plan(nameDa: "Forening", nameEn: "Association", storageMB: 10_240, months: 12, priceMinor: 125_000, currency: "DKK")
            try await plan.create(on: app.db)
            // She makes an invoice out to herself; the operator records its payment.
            try await member.get("/g/klubben/admin/plan")
            try await member.post("/g/klubben/admin/plan", [
                "plan": try plan.requireID().uuidString, "buyer_name": "Bodil Hansen", "buyer_address": "Søvej 2\n4000 Roskilde", "buyer_email": "bodil@example.org",
            ])
            let hers = try #require(try await Order.query(on: app.db).first())
            #expect(hers.$user.id == memberID)
            var ops = try await OperatorTests.operatorBrowser(app)
            try await ops.get("/admin/orders/\(try hers.requireID())")
            try await ops.post("/admin/orders/\(try hers.requireID())/paid")
            // The owner orders the next period, made out to the club and mailed to her as its treasurer.
            try await owner.get("/g/klubben/admin/plan")
            try await owner.post("/g/klubben/admin/plan", [
                "plan": try plan.requireID().uuidString, "buyer_name": "Roklubben Klubben", "buyer_address": "Havnevej 1\n4000 Roskilde", "buyer_email": "Bodil@Example.org",
            ])
            let club = try #require(try await Order.query(on: app.db).filter(\.$number == 2).first())
            try await app.deliverMail()
            // Her download has both: the one she ordered, and both as mailed to her.
            let person = PrivacyRegistry.Person(id: memberID, emailKey: "bodil@example.org")
            let declarations = app.privacyRegistry.declarations.filter { $0.table == Order.schema }
            #expect(declarations.count == 2)
            for declaration in declarations {
                let rows = try await app.privacyRegistry.rows(declaration, of: person, on: app.db)
                #expect(rows.count == (declaration.match == .id ? 1 : 2), "\(declaration.userColumn)")
                #expect(rows.allSatisfy { declaration.match == .id || $0["user_id"] == nil }, "another person's id is not in her download")
            }

            #expect(try await member.get("/me/privacy/delete").body.string.contains("Invoices for plans you ordered for a group are kept for 5 years"))
            #expect(try await member.post("/me/privacy/delete", ["password": "rolig-hest-42", "confirm": "on"]).location == "/?notice=profile_deleted")
            let farewell = try await app.deliverMail().filter { $0.to.lowercased().contains("bodil@") }
            #expect(farewell.last?.subject == "Your profile has been deleted")
            let kept = try #require(try await Order.find(hers.requireID(), on: app.db))
            #expect(kept.$user.id == nil && (kept.buyerEmail ?? "").isEmpty)
            // The name and address an invoice is made out to are what bookkeeping law keeps.
            #expect(kept.buyerName == "Bodil Hansen" && kept.buyerAddress == "Søvej 2\n4000 Roskilde" && kept.amountMinor == 125_000)
            let clubs = try #require(try await Order.find(club.requireID(), on: app.db))
            #expect(clubs.$user.id != nil && (clubs.buyerEmail ?? "").isEmpty && clubs.buyerName == "Roklubben Klubben")
            let left = try await ErasureTests.traces(of: [memberID.uuidString.lowercased(), "bodil@example.org"], id: memberID, in: app)
            #expect(left.isEmpty, "still found in \(left)")
            let named = try await ErasureTests.traces(of: ["bodil"], id: memberID, in: app)
            #expect(named == ["orders.buyer_name"], "\(named)")
            // No more mail goes to her about them.
            try await ops.get("/admin/orders/\(try club.requireID())")
            try await ops.post("/admin/orders/\(try club.requireID())/paid")
            #expect(try await app.deliverMail().filter { $0.to.lowercased().contains("bodil@") }.count == farewell.count)

            // The group goes; its invoices stay, with the group's name as it was.
            try await owner.get("/g/klubben/admin/delete")
            try await owner.post("/g/klubben/admin/delete", ["confirm": "klubben"])
            #expect(try await Group.find(groupID, on: app.db) == nil)
            let orphan = try #require(try await Order.find(hers.requireID(), on: app.db))
            #expect(orphan.$group.id == nil && orphan.groupName == "Klubben")
            #expect(try await ops.get("/admin/orders/\(try hers.requireID())").body.string.contains("Bodil Hansen"))

            // Kept through the 5 years after the end of the invoice's year (in the zone invoices are dated in), then deleted.
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = Localizer.defaultTimeZone
            let year = calendar.component(.year, from: orphan.issuedAt)
            let lastDay = try #require(calendar.date(from: DateComponents(year: year + 5, month: 12, day: 31, hour: 23)))
            try await Retention.run(app: app, now: lastDay)
            #expect(try await Order.query(on: app.db).count() == 2)
            try await Retention.run(app: app, now: lastDay.addingTimeInterval(2 * 3600))
            #expect(try await Order.query(on: app.db).count() == 0)
            // Numbers go on where they were.
            var other = Browser(app)
            try await other.signUpVerified("andre")
            try await other.createGroup("klubben", visibility: "public", joinPolicy: "open")
            let reborn = try #require(try await Group.query(on: app.db).filter(\.$slug == "klubben").first())
            let next = try await Billing.place(plan, for: reborn, by: try #require(try await User.query(on: app.db).filter(\.$usernameKey == "andre").first()?.requireID()),
                buyer: ("Andre", "Vej 1", "andre@example.org"), language: .en, settings: app.settings, on: app.db)
            #expect(next.number == 3)
        }
    }

    @Test("Two weeks before a paid period ends the group's owner and admins are reminded once, each in their language, unless the next period is ordered")
    func renewalReminder() async throws {
        try await withTestApp(environment: Self.environment) { app in
            var (owner, _, groupID) = try await Self.club(app)
            let bodil = try #require(try await User.query(on: app.db).filter(\.$usernameKey == "bodil").first())
            bodil.language = "da"
            try await bodil.save(on: app.db)
            let membership = try #require(try await Membership.query(on: app.db).filter(\.$user.$id == bodil.requireID()).first())
            membership.role = .admin
            try await membership.save(on: app.db)
            let plan = Plan(nameDa: "Forening", nameEn: "Association", storageMB: 10_240, months: 12, priceMinor: 125_000, currency: "DKK")
            try await plan.create(on: app.db)
            let group = try #require(try await Group.find(groupID, on: app.db))
            let ownerID = try #require(try await User.query(on: app.db).filter(\.$usernameKey == "mette").first()?.requireID())
            let order = try await Billing.place(plan, for: group, by: ownerID, buyer: ("Klubben", "Vej 1", "k@example.org"), language: .en, settings: app.settings, on: app.db)
            try await Billing.markPaid(order, on: app.db)
            let end = try #require(order.periodEnd)
            let reminders = { try await app.deliverMail().filter { $0.subject.contains("Klubben") && ($0.subject.contains("ends on") || $0.subject.contains("slutter")) } }
            try await BillingMail.remind(app: app, now: end.addingTimeInterval(-20 * 86_400))
            #expect(try await reminders().isEmpty)
            try await BillingMail.remind(app: app, now: end.addingTimeInterval(-10 * 86_400))
            var sent = try await reminders()
            #expect(sent.count == 2)
            let english = try #require(sent.first { $0.to.contains("mette@") })
            #expect(english.subject.hasPrefix("The plan of Klubben ends on "))
            #expect(english.text.contains(app.settings.absolute("/g/klubben/admin/plan")))
            #expect(sent.contains { $0.to.contains("bodil@") && $0.subject.hasPrefix("Abonnementet for Klubben slutter ") })
            try await BillingMail.remind(app: app, now: end.addingTimeInterval(-9 * 86_400))
            #expect(try await reminders().count == 2, "once per period")

            // Paid for the next period already: the period before it ends without a reminder.
            let next = try await Billing.place(plan, for: group, by: ownerID, buyer: ("Klubben", "Vej 1", "k@example.org"), language: .en, settings: app.settings, on: app.db)
            try await Billing.markPaid(next, on: app.db)
            let nextEnd = try #require(next.periodEnd)
            #expect(abs(try #require(next.periodStart).timeIntervalSince(end)) < 0.01)
            let third = try await Billing.place(plan, for: group, by: ownerID, buyer: ("Klubben", "Vej 1", "k@example.org"), language: .en, settings: app.settings, on: app.db)
            try await BillingMail.remind(app: app, now: nextEnd.addingTimeInterval(-10 * 86_400))
            sent = try await reminders()
            #expect(sent.count == 2, "an invoice for the next period waits: no reminder")
            #expect(try await Order.find(next.requireID(), on: app.db)?.remindedAt != nil)
            #expect(third.status == .pending)
            _ = owner
        }
    }

    @Test("Orders at the same moment get numbers one after the other, and one group never gets two open invoices")
    func concurrentOrders() async throws {
        try await withTestApp(environment: Self.environment) { app in
            var owner = Browser(app)
            try await owner.signUpVerified("mette")
            for slug in ["roerne", "sejlerne", "svoemmerne"] { try await owner.createGroup(slug, visibility: "public", joinPolicy: "open") }
            let ownerID = try #require(try await User.query(on: app.db).first()?.requireID())
            let groups = try await Group.query(on: app.db).all()
            let plan = Plan(nameDa: "Forening", nameEn: "Association", storageMB: 10_240, months: 12, priceMinor: 125_000, currency: "DKK")
            try await plan.create(on: app.db)
            let settings = app.settings
            let refused = try await withThrowingTaskGroup(of: Bool.self) { tasks in
                for group in groups + groups {
                    tasks.addTask {
                        do {
                            _ = try await Billing.place(plan, for: group, by: ownerID, buyer: ("Klubben", "Vej 1", "k@example.org"), language: .da, settings: settings, on: app.db)
                            return false
                        } catch Billing.OrderError.openInvoice {
                            return true
                        }
                    }
                }
                return try await tasks.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(groups.count == 3)
            #expect(refused == 3)
            let orders = try await Order.query(on: app.db).all()
            #expect(orders.map(\.number).sorted() == [1, 2, 3])
            #expect(Set(orders.compactMap { $0.$group.id }).count == 3)
        }
    }

    @Test("Prices are read as people type them and written out in each language; invoices' years are those of Copenhagen")
    func money() {
        #expect(OperatorBillingController.minorUnits("250") == 25_000)
        #expect(OperatorBillingController.minorUnits("1.250,00") == 125_000)
        #expect(OperatorBillingController.minorUnits("1,250.50") == 125_050)
        #expect(OperatorBillingController.minorUnits("99,5") == 9_950)
        #expect(OperatorBillingController.minorUnits("1 250") == 125_000)
        #expect(OperatorBillingController.minorUnits("") == nil)
        #expect(OperatorBillingController.minorUnits("12,345") == 1_234_500)
        #expect(OperatorBillingController.minorUnits("-5") == nil)
        #expect(OperatorBillingController.minorUnits("gratis") == nil)
        #expect(OperatorBillingController.minorUnits("1.2.3") == nil)
        #expect(OperatorBillingController.minorUnits("1,2,3,4") == nil)
        #expect(OperatorBillingController.minorUnits("1.234.567,89") == 123_456_789)
        #expect(OperatorBillingController.decimal(125_005) == "1250.05")
        #expect(Billing.vat(inPrice: 125_000, percent: 25) == 25_000)
        #expect(Billing.vat(inPrice: 9_995, percent: 25) == 1_999)
        #expect(Billing.vat(inPrice: 9_995, percent: 0) == 0)
        let translations = Translations(catalogues: [:])
        #expect(Billing.money(125_000, "DKK", t: translations.localizer(.en)) == "DKK\u{A0}1,250.00")
        #expect(Billing.money(125_000, "DKK", t: translations.localizer(.da)).hasPrefix("1.250,00"))
        // The years of an invoice are counted in the zone it is dated in: one of New Year's night is of the new year.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Localizer.defaultTimeZone
        let newYear = calendar.date(from: DateComponents(year: 2026, month: 1, day: 1, hour: 0, minute: 30))!
        #expect(newYear >= Order.purgeBefore(calendar.date(from: DateComponents(year: 2031, month: 12, day: 31, hour: 23))!))
        #expect(newYear < Order.purgeBefore(calendar.date(from: DateComponents(year: 2032, month: 1, day: 1, hour: 0, minute: 30))!))
    }
}
