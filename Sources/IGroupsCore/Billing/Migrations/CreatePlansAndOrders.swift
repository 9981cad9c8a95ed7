import Fluent
import SQLKit

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
            .field("buyer_email", .string)
            .field("status", .string, .required)
            .field("issued_at", .datetime, .required)
            .field("due_at", .datetime, .required)
            .field("paid_at", .datetime)
            .field("cancelled_at", .datetime)
            .field("period_starts_at", .datetime)
            .field("period_ends_at", .datetime)
            .field("reminded_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "number")
            .create()
        try await database.createIndex("orders_group_id", on: Order.schema, "group_id", "status")
        try await database.createIndex("orders_user_id", on: Order.schema, "user_id")
        try await database.createIndex("orders_plan_id", on: Order.schema, "plan_id")
        try await database.createIndex("orders_status", on: Order.schema, "status", "issued_at")
        try await database.createIndex("orders_issued_at", on: Order.schema, "issued_at")
        try await database.createIndex("orders_buyer_email", on: Order.schema, "buyer_email")
        try await database.createIndex("orders_period_ends_at", on: Order.schema, "status", "period_ends_at")
        // The last invoice number, in one row, so numbers go on after old orders are purged.
        try await database.schema(InvoiceCounter.schema)
            .field("id", .int, .identifier(auto: false))
            .field("last", .int, .required)
            .create()
        try await database.sql.insert(into: InvoiceCounter.schema).columns("id", "last").values(SQLLiteral.numeric("1"), SQLLiteral.numeric("0")).run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(InvoiceCounter.schema).delete()
        try await database.schema(Order.schema).delete()
        try await database.schema(Plan.schema).delete()
    }
}
