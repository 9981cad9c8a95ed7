import Fluent
import Foundation
import SQLKit
import Vapor

/// An order of a plan by a group, and the invoice it is paid against. Orders and invoices are kept for
/// 5 years as bookkeeping law requires, also after the group or the person who ordered is deleted; so
/// the order carries its own copy of everything its invoice shows.
package final class Order: Model, @unchecked Sendable {
    package static let schema = "orders"
    /// What the record of processing says of how long orders are kept.
    package static let retentionText = "5 years from the end of the financial (calendar) year of the invoice, as bookkeeping law requires; then deleted. Kept when the person's profile or the group is deleted, cut off from them."

    /// Orders issued before this time are past their 5 years: those of every year that ended more than
    /// 5 years ago (bookkeeping law counts from the end of the financial year, here the calendar year in
    /// the zone invoices are dated in).
    package static func purgeBefore(_ now: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Localizer.defaultTimeZone
        let year = calendar.component(.year, from: now)
        return calendar.date(from: DateComponents(year: year - 5, month: 1, day: 1)) ?? .distantPast
    }

    package enum Status: String, Codable, Sendable, CaseIterable {
        /// Issued, waiting for the payment.
        case pending
        /// Paid: the plan runs from `periodStart` to `periodEnd`.
        case paid
        /// Cancelled before it was paid; the invoice stays, marked cancelled.
        case cancelled
    }

    @ID(key: .id) package var id: UUID?
    /// The invoice number: 1, 2, 3… across the site, never reused.
    @Field(key: "number") package var number: Int
    @OptionalParent(key: "group_id") package var group: Group?
    @Field(key: "group_name") package var groupName: String
    @OptionalParent(key: "plan_id") package var plan: Plan?
    @Field(key: "plan_name") package var planName: String
    @Field(key: "storage_mb") package var storageMB: Int
    @Field(key: "months") package var months: Int
    /// The total with VAT, and the VAT in it, in minor units.
    @Field(key: "amount_minor") package var amountMinor: Int
    @Field(key: "vat_minor") package var vatMinor: Int
    @Field(key: "vat_percent") package var vatPercent: Int
    @Field(key: "currency") package var currency: String
    /// Who ordered; emptied when their profile is erased, while the invoice stays.
    @OptionalParent(key: "user_id") package var user: User?
    /// Whom the invoice is made out to, as the person typed it (a club's name and address, or their own).
    @Field(key: "buyer_name") package var buyerName: String
    @Field(key: "buyer_address") package var buyerAddress: String
    /// Where the invoice was sent; emptied when the person who ordered, or whose address it is, is erased.
    @OptionalField(key: "buyer_email") package var buyerEmail: String?
    @Field(key: "status") package var status: Status
    @Field(key: "issued_at") package var issuedAt: Date
    @Field(key: "due_at") package var dueAt: Date
    @OptionalField(key: "paid_at") package var paidAt: Date?
    @OptionalField(key: "cancelled_at") package var cancelledAt: Date?
    /// The period the payment bought, set when it is recorded.
    @OptionalField(key: "period_starts_at") package var periodStart: Date?
    @OptionalField(key: "period_ends_at") package var periodEnd: Date?
    /// When the group's admins were told that this period is about to end.
    @OptionalField(key: "reminded_at") package var remindedAt: Date?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) package var updatedAt: Date?

    package init() {}
}

/// The last invoice number given, in one row: numbers go on after old orders are purged, and two
/// orders at once take turns on the row.
package enum InvoiceCounter {
    package static let schema = "invoice_counters"

    /// The next number, the row locked until the transaction ends; the transaction's first write.
    static func next(on db: any Database) async throws -> Int {
        struct Row: Decodable { var last: Int }
        guard let row = try await db.sql.raw("UPDATE invoice_counters SET last = last + 1 WHERE id = 1 RETURNING last").first(decoding: Row.self) else {
            throw Abort(.internalServerError, reason: "the invoice counter is missing")
        }
        return row.last
    }
}
