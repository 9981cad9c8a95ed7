import Fluent
import Foundation

/// A paid plan the operator offers: more storage for a group, for a number of months, at a price.
package final class Plan: Model, @unchecked Sendable {
    package static let schema = "plans"

    @ID(key: .id) package var id: UUID?
    @Field(key: "name_da") package var nameDa: String
    @Field(key: "name_en") package var nameEn: String
    /// The group's storage for uploaded files while the plan runs, in MB.
    @Field(key: "storage_mb") package var storageMB: Int
    /// How long one order of the plan runs.
    @Field(key: "months") package var months: Int
    /// The price of one period with VAT, in minor units (øre, cents).
    @Field(key: "price_minor") package var priceMinor: Int
    @Field(key: "currency") package var currency: String
    /// Whether groups can order it now; a plan once ordered is withdrawn, never deleted.
    @Field(key: "available") package var available: Bool
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) package var updatedAt: Date?

    package init() {}

    package init(nameDa: String, nameEn: String, storageMB: Int, months: Int, priceMinor: Int, currency: String, available: Bool = true) {
        self.nameDa = nameDa
        self.nameEn = nameEn
        self.storageMB = storageMB
        self.months = months
        self.priceMinor = priceMinor
        self.currency = currency
        self.available = available
    }

    /// The plan's name in a language.
    package func name(_ language: Language) -> String { language == .da ? nameDa : nameEn }
}

/// An order of a plan by a group, and the invoice it is paid against. Orders and invoices are kept for
/// 5 years as bookkeeping law requires, also after the group or the person who ordered is deleted; so
/// the order carries its own copy of everything its invoice shows.
package final class Order: Model, @unchecked Sendable {
    package static let schema = "orders"
    /// What the record of processing says of how long orders are kept.
    package static let retentionText = "5 years from the end of the financial (calendar) year of the invoice, as bookkeeping law requires; then deleted. Kept when the person's profile or the group is deleted, cut off from them."

    /// Orders issued before this time are past their 5 years: those of every year that ended more than
    /// 5 years ago (bookkeeping law counts from the end of the financial year, here the calendar year).
    package static func purgeBefore(_ now: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let year = calendar.component(.year, from: now)
        return calendar.date(from: DateComponents(year: year - 5, month: 1, day: 1)) ?? now
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
    /// Where the invoice was sent; emptied with the profile.
    @Field(key: "buyer_email") package var buyerEmail: String
    @Field(key: "status") package var status: Status
    @Field(key: "issued_at") package var issuedAt: Date
    @Field(key: "due_at") package var dueAt: Date
    @OptionalField(key: "paid_at") package var paidAt: Date?
    @OptionalField(key: "cancelled_at") package var cancelledAt: Date?
    @OptionalField(key: "period_start") package var periodStart: Date?
    @OptionalField(key: "period_end") package var periodEnd: Date?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) package var updatedAt: Date?

    package init() {}
}

/// Creates the plans and the orders of them.
package struct CreatePlansAndOrders: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(Plan.schema)
            .id()
            .field("name_da", .string, .required)
            .field("name_en", .string, .required)
            .field("storage_mb", .int, .required)
            .field("months", .int, .required)
            .field("price_minor", .int, .required)
            .field("currency", .string, .required)
            .field("available", .bool, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.schema(Order.schema)
            .id()
            .field("number", .int, .required)
            .field("group_id", .uuid, .references(Group.schema, "id", onDelete: .setNull))
            .field("group_name", .string, .required)
            .field("plan_id", .uuid, .references(Plan.schema, "id", onDelete: .setNull))
            .field("plan_name", .string, .required)
            .field("storage_mb", .int, .required)
            .field("months", .int, .required)
            .field("amount_minor", .int, .required)
            .field("vat_minor", .int, .required)
            .field("vat_percent", .int, .required)
            .field("currency", .string, .required)
            .field("user_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("buyer_name", .string, .required)
            .field("buyer_address", .string, .required)
            .field("buyer_email", .string, .required)
            .field("status", .string, .required)
            .field("issued_at", .datetime, .required)
            .field("due_at", .datetime, .required)
            .field("paid_at", .datetime)
            .field("cancelled_at", .datetime)
            .field("period_start", .datetime)
            .field("period_end", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "number")
            .create()
        try await database.createIndex("orders_group_id", on: Order.schema, "group_id", "status")
        try await database.createIndex("orders_user_id", on: Order.schema, "user_id")
        try await database.createIndex("orders_plan_id", on: Order.schema, "plan_id")
        try await database.createIndex("orders_status", on: Order.schema, "status", "issued_at")
        try await database.createIndex("orders_issued_at", on: Order.schema, "issued_at")
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(Order.schema).delete()
        try await database.schema(Plan.schema).delete()
    }
}
