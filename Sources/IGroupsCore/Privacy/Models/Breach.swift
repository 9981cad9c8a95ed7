import Fluent
import Foundation

/// A personal-data breach the operator recorded: what happened, when, which data, what was done.
package final class Breach: Model, @unchecked Sendable {
    package static let schema = "breaches"

    @ID(key: .id) package var id: UUID?
    @Field(key: "title") package var title: String
    /// The day it happened or began, as the operator knows it (YYYY-MM-DD).
    @Field(key: "occurred_on") package var occurredOn: String
    @Field(key: "data_affected") package var dataAffected: String
    @Field(key: "measures") package var measures: String
    @OptionalParent(key: "recorded_by_id") package var recordedBy: User?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) package var updatedAt: Date?

    package init() {}

    package init(title: String, occurredOn: String, dataAffected: String, measures: String, recordedBy: UUID?) {
        self.title = title
        self.occurredOn = occurredOn
        self.dataAffected = dataAffected
        self.measures = measures
        self.$recordedBy.id = recordedBy
    }
}

/// That one person was sent the notice of one breach, and when.
package final class BreachNotice: Model, @unchecked Sendable {
    package static let schema = "breach_notices"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "breach_id") package var breach: Breach
    @Parent(key: "user_id") package var user: User
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?

    package init() {}

    package init(breachID: UUID, userID: UUID) {
        self.$breach.id = breachID
        self.$user.id = userID
    }
}

/// Creates breaches and the notices sent about them.
package struct CreateBreaches: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(Breach.schema)
            .id()
            .field("title", .string, .required)
            .field("occurred_on", .string, .required)
            .field("data_affected", .string, .required)
            .field("measures", .string, .required)
            .field("recorded_by_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.schema(BreachNotice.schema)
            .id()
            .field("breach_id", .uuid, .required, .references(Breach.schema, "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("created_at", .datetime)
            .unique(on: "breach_id", "user_id")
            .create()
        try await database.createIndex("breach_notices_user_id", on: BreachNotice.schema, "user_id")
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(BreachNotice.schema).delete()
        try await database.schema(Breach.schema).delete()
    }
}
