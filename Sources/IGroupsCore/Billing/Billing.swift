import Fluent
import Foundation
import SQLKit
import Vapor

/// Plans, orders and what a group's paid plan gives it.
package enum Billing {
    /// The currencies a plan may be priced in; each has two minor digits.
    package static let currencies = ["DKK", "EUR", "SEK", "NOK", "GBP", "USD"]

    /// A price in minor units written out for a language, such as "1.250,00 kr." or "DKK 1,250.00".
    package static func money(_ minor: Int, _ currency: String, t: Localizer) -> String {
        let amount = Decimal(minor) / 100
        return amount.formatted(Decimal.FormatStyle.Currency(code: currency, locale: t.locale).precision(.fractionLength(2)))
    }

    /// The VAT in a price that includes it, rounded to the nearest minor unit.
    package static func vat(inPrice price: Int, percent: Int) -> Int {
        guard percent > 0 else { return 0 }
        return Int((Double(price) * Double(percent) / Double(100 + percent)).rounded())
    }

    /// Whether the group has an invoice waiting for its payment.
    package static func hasOpenInvoice(_ groupID: UUID, on db: any Database) async throws -> Bool {
        try await Order.query(on: db).filter(\.$group.$id == groupID).filter(\.$status == .pending).count() > 0
    }

    /// The paid order whose period runs at a time, the one with the most storage if two do.
    package static func running(in groupID: UUID, at now: Date = Date(), on db: any Database) async throws -> Order? {
        try await Order.query(on: db)
            .filter(\.$group.$id == groupID).filter(\.$status == .paid)
            .filter(\.$periodStart <= now).filter(\.$periodEnd > now)
            .sort(\.$storageMB, .descending).first()
    }

    /// The storage a group has now, in bytes: its running plan's, or the site's default when that is more.
    package static func storageBytes(of groupID: UUID, on app: Application, db: any Database, at now: Date = Date()) async throws -> Int {
        struct Row: Decodable { var storage: Int? }
        let row = try await db.sql.raw("""
            SELECT MAX(storage_mb) AS storage FROM orders
            WHERE group_id = \(bind: groupID) AND status = 'paid' AND period_starts_at <= \(bind: now) AND period_ends_at > \(bind: now)
            """).first(decoding: Row.self)
        return max(app.settings.groupStorageBytes, (row?.storage ?? 0) << 20)
    }

    /// The end of the group's last paid period, if it runs past a time: a new payment starts there.
    package static func paidUntil(_ groupID: UUID, after now: Date, on db: any Database) async throws -> Date? {
        try await Order.query(on: db)
            .filter(\.$group.$id == groupID).filter(\.$status == .paid).filter(\.$periodEnd > now)
            .sort(\.$periodEnd, .descending).first()?.periodEnd
    }

    /// A date some whole months later, by the calendar (31 January + 1 month is the last of February).
    static func adding(months: Int, to date: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Localizer.defaultTimeZone
        return calendar.date(byAdding: .month, value: months, to: date) ?? date.addingTimeInterval(Double(months) * 30 * 86_400)
    }

    /// Why an order was not issued.
    package enum OrderError: Error {
        /// The group has an invoice waiting for its payment.
        case openInvoice
    }

    /// Issues an order of a plan with the next invoice number, unless the group has an invoice waiting
    /// for its payment. The group's row is locked first, so two orders for one group at once take turns
    /// and the second finds the first.
    package static func place(
        _ plan: Plan, for group: Group, by userID: UUID, buyer: (name: String, address: String, email: String),
        language: Language, settings: Settings, on db: any Database, now: Date = Date()
    ) async throws -> Order {
        let groupID = try group.requireID()
        return try await db.transaction { db in
            try await db.lockRow(Group.schema, id: groupID)
            guard try await !hasOpenInvoice(groupID, on: db) else {
                throw OrderError.openInvoice
            }
            let order = Order()
            order.number = try await InvoiceCounter.next(on: db)
            order.$group.id = groupID
            order.groupName = group.name
            order.$plan.id = try plan.requireID()
            order.planName = plan.name(language)
            order.storageMB = plan.storageMB
            order.months = plan.months
            order.amountMinor = plan.priceMinor
            order.vatPercent = settings.billing.vatPercent
            order.vatMinor = vat(inPrice: plan.priceMinor, percent: settings.billing.vatPercent)
            order.currency = plan.currency
            order.$user.id = userID
            order.buyerName = buyer.name
            order.buyerAddress = buyer.address
            order.buyerEmail = buyer.email
            order.status = .pending
            order.issuedAt = now
            order.dueAt = now.addingTimeInterval(Double(settings.billing.dueDays) * 86_400)
            try await order.create(on: db)
            return order
        }
    }

    /// Records the payment of an order: its plan runs for its months from now, or from the end of the
    /// group's period already paid for.
    package static func markPaid(_ order: Order, on db: any Database, now: Date = Date()) async throws {
        guard order.status == .pending else { return }
        let start: Date
        if let groupID = order.$group.id, let until = try await paidUntil(groupID, after: now, on: db) {
            start = until
        } else {
            start = now
        }
        order.status = .paid
        order.paidAt = now
        order.periodStart = start
        order.periodEnd = adding(months: order.months, to: start)
        try await order.save(on: db)
    }

    /// Cancels an invoice not yet paid; it stays, marked cancelled, as bookkeeping needs.
    package static func cancel(_ order: Order, on db: any Database, now: Date = Date()) async throws {
        guard order.status == .pending else { return }
        order.status = .cancelled
        order.cancelledAt = now
        try await order.save(on: db)
    }

    /// Changes an order still waiting for its payment under a lock of its row, so two clicks at once
    /// never pay or cancel it twice; 409 when it was paid or cancelled already.
    package static func changePending(_ id: UUID, on db: any Database, _ body: @escaping @Sendable (Order, any Database) async throws -> Void) async throws {
        let changed = try await db.transaction { db in
            try await db.lockRow(Order.schema, id: id)
            guard let order = try await Order.find(id, on: db), order.status == .pending else { return false }
            try await body(order, db)
            return true
        }
        guard changed else { throw Abort(.conflict, reason: "billing.error.not_pending") }
    }
}
