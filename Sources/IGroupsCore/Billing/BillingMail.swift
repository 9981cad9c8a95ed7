import Fluent
import Foundation
import Vapor

/// The mail about an order, to the address the invoice was made out to, in the language of who ordered.
package enum BillingMail {
    package enum Kind: String, Codable, Sendable {
        /// The invoice, with how to pay it.
        case invoice
        /// The payment arrived and the plan runs.
        case paid
    }

    static let jobKind = "billing.mail"

    struct Job: Codable {
        let kind: Kind
        let orderID: UUID
    }

    static func queue(_ kind: Kind, order: UUID, app: Application, on db: any Database) async throws {
        try await app.jobQueue.enqueue(jobKind, payload: Job(kind: kind, orderID: order), on: db)
    }

    package static func register(on app: Application) {
        app.jobQueue.register(jobKind) { payload, app in
            let job = try JSONDecoder().decode(Job.self, from: Data(payload.utf8))
            // An order whose address was emptied with the profile gets no more mail.
            guard let order = try await Order.find(job.orderID, on: app.db), let email = order.buyerEmail, !email.isEmpty else { return }
            var who: User?
            if let userID = order.$user.id { who = try await User.find(userID, on: app.db) }
            let language = who.flatMap { Language(rawValue: $0.language) } ?? app.settings.defaultLanguage
            let t = app.translations.localizer(language)
            let billing = app.settings.billing
            var values = [
                "name": order.buyerName, "number": String(order.number), "group": order.groupName, "plan": order.planName,
                "amount": Billing.money(order.amountMinor, order.currency, t: t), "due": t.date(order.dueAt),
                "account": billing.bankAccount, "site": app.settings.controller.name,
                "net": Billing.money(order.amountMinor - order.vatMinor, order.currency, t: t), "vat": Billing.money(order.vatMinor, order.currency, t: t),
                "percent": String(order.vatPercent), "vat_number": billing.vatNumber,
                "seller": [app.settings.controller.name, app.settings.controller.address].filter { !$0.isEmpty }.joined(separator: ", "),
            ]
            let orderID = try order.requireID()
            let action = try await slug(of: order, on: app.db).map { ("mail.invoice.action", app.settings.absolute("/g/\($0)/admin/plan/orders/\(orderID)")) }
            let template: MailTemplate
            switch job.kind {
            case .invoice:
                template = MailTemplate(
                    subjectKey: "mail.invoice.subject", values: values,
                    paragraphKeys: ["mail.invoice.body", "mail.invoice.lines", "mail.invoice.pay", "mail.invoice.period", billing.vatNumber.isEmpty ? "mail.invoice.seller" : "mail.invoice.seller_vat"],
                    action: action)
            case .paid:
                values["start"] = order.periodStart.map { t.date($0) } ?? ""
                values["end"] = order.periodEnd.map { t.date($0) } ?? ""
                template = MailTemplate(subjectKey: "mail.paid.subject", values: values, paragraphKeys: ["mail.paid.body"], action: action)
            }
            try await Mailer.deliver(template, to: MailAddress(email: email, name: order.buyerName), language: language, app: app)
        }
    }

    static func slug(of order: Order, on db: any Database) async throws -> String? {
        guard let id = order.$group.id else { return nil }
        return try await Group.find(id, on: db)?.slug
    }
}
