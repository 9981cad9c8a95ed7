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
        /// To one of the group's admins: the period paid for ends soon.
        case renewal
    }

    static let jobKind = "billing.mail"

    struct Job: Codable {
        let kind: Kind
        let orderID: UUID
        /// The admin a reminder goes to; the others go to the address on the invoice.
        var userID: UUID? = nil
    }

    static func queue(_ kind: Kind, order: UUID, to userID: UUID? = nil, app: Application, on db: any Database) async throws {
        try await app.jobQueue.enqueue(jobKind, payload: Job(kind: kind, orderID: order, userID: userID), on: db)
    }

    static let reminderKind = "billing.renewal-reminders"
    /// How long before the end of a paid period the group's admins are reminded.
    static let reminderLead: TimeInterval = 14 * 86_400

    /// Finds the paid periods that end within two weeks with nothing ordered after them, and queues a
    /// reminder to each of the group's owners and admins, once per period.
    package static func remind(app: Application, now: Date = Date()) async throws {
        let ending = try await Order.query(on: app.db)
            .filter(\.$status == .paid).filter(\.$remindedAt == nil).filter(\.$group.$id != nil)
            .filter(\.$periodEnd > now).filter(\.$periodEnd <= now.addingTimeInterval(reminderLead))
            .all()
        for order in ending {
            guard let groupID = order.$group.id, let orderID = order.id, let end = order.periodEnd else { continue }
            try await app.db.transaction { db in
                // (The order itself is left out by its id: its own end, read back, may differ from `end` in the last digit.)
                let later = try await Order.query(on: db).filter(\.$group.$id == groupID).filter(\.$id != orderID)
                    .group(.or) { $0.filter(\.$status == .pending).filter(\.$periodEnd > end) }
                    .count()
                if later == 0 {
                    let admins = try await Membership.query(on: db).filter(\.$group.$id == groupID)
                        .filter(\.$role ~~ [.owner, .admin]).all(\.$user.$id)
                    for admin in admins { try await queue(.renewal, order: orderID, to: admin, app: app, on: db) }
                }
                order.remindedAt = now
                try await order.save(on: db)
            }
        }
    }

    package static func register(on app: Application) {
        app.jobQueue.register(reminderKind) { _, app in try await remind(app: app) }
        app.jobQueue.schedule(Schedule(name: reminderKind, period: 3600, jobKind: reminderKind))
        app.jobQueue.register(jobKind) { payload, app in
            let job = try JSONDecoder().decode(Job.self, from: Data(payload.utf8))
            switch job.kind {
            case .renewal: try await sendReminder(job, app: app)
            case .invoice, .paid: try await sendToBuyer(job, app: app)
            }
        }
    }

    /// The invoice or the receipt, to the address on the invoice.
    static func sendToBuyer(_ job: Job, app: Application) async throws {
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
        if job.kind == .invoice {
            template = MailTemplate(
                subjectKey: "mail.invoice.subject", values: values,
                paragraphKeys: ["mail.invoice.body", "mail.invoice.lines", "mail.invoice.pay", "mail.invoice.period", billing.vatNumber.isEmpty ? "mail.invoice.seller" : "mail.invoice.seller_vat"],
                action: action)
        } else {
            values["start"] = order.periodStart.map { t.date($0) } ?? ""
            values["end"] = order.periodEnd.map { t.date($0) } ?? ""
            template = MailTemplate(subjectKey: "mail.paid.subject", values: values, paragraphKeys: ["mail.paid.body"], action: action)
        }
        try await Mailer.deliver(template, to: MailAddress(email: email, name: order.buyerName), language: language, app: app)
    }

    static func slug(of order: Order, on db: any Database) async throws -> String? {
        guard let id = order.$group.id else { return nil }
        return try await Group.find(id, on: db)?.slug
    }

    /// The reminder to one admin, in their language, while they still administer the group.
    static func sendReminder(_ job: Job, app: Application) async throws {
        guard let userID = job.userID, let user = try await User.find(userID, on: app.db),
              let order = try await Order.find(job.orderID, on: app.db), let groupID = order.$group.id,
              let group = try await Group.find(groupID, on: app.db), let end = order.periodEnd,
              try await Membership.query(on: app.db).filter(\.$group.$id == groupID).filter(\.$user.$id == userID).filter(\.$role ~~ [.owner, .admin]).count() > 0
        else { return }
        let language = Language(rawValue: user.language) ?? app.settings.defaultLanguage
        let t = app.translations.localizer(language)
        let template = MailTemplate(
            subjectKey: "mail.renewal.subject", values: ["name": user.name, "group": group.name, "plan": order.planName, "end": t.date(end)],
            paragraphKeys: ["mail.renewal.body", "mail.renewal.after"], action: ("mail.renewal.action", app.settings.absolute("/g/\(group.slug)/admin/plan")))
        try await Mailer.deliver(template, to: MailAddress(email: user.email, name: user.name), language: language, app: app)
    }
}
