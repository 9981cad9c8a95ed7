import Fluent
import Foundation

/// A report that a profile belongs to someone under 16 (the policy's age limit), waiting for the operator.
package final class AgeReport: Model, @unchecked Sendable {
    package static let schema = "age_reports"

    package enum Outcome: String, Codable, Sendable {
        /// The account was cancelled and erased.
        case confirmed
        /// Nothing showed the person to be under 16.
        case dismissed
    }

    @ID(key: .id) package var id: UUID?
    /// The profile reported.
    @Parent(key: "user_id") package var user: User
    /// Who reported it, when signed in.
    @OptionalParent(key: "reporter_id") package var reporter: User?
    /// Where to tell the reporter the outcome.
    @Field(key: "reporter_email") package var reporterEmail: String
    @Field(key: "reporter_language") package var reporterLanguage: String
    @Field(key: "reason") package var reason: String
    @OptionalField(key: "outcome") package var outcome: Outcome?
    @OptionalField(key: "decided_at") package var decidedAt: Date?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?

    package init() {}

    package init(userID: UUID, reporterID: UUID?, reporterEmail: String, reporterLanguage: Language, reason: String) {
        self.$user.id = userID
        self.$reporter.id = reporterID
        self.reporterEmail = EmailAddress.key(reporterEmail)
        self.reporterLanguage = reporterLanguage.rawValue
        self.reason = reason
    }
}

/// Creates the queue of age reports.
package struct CreateAgeReports: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(AgeReport.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("reporter_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("reporter_email", .string, .required)
            .field("reporter_language", .string, .required)
            .field("reason", .string, .required)
            .field("outcome", .string)
            .field("decided_at", .datetime)
            .field("created_at", .datetime)
            .create()
        try await database.createIndex("age_reports_open", on: AgeReport.schema, "decided_at", "created_at")
        try await database.createIndex("age_reports_user_id", on: AgeReport.schema, "user_id")
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(AgeReport.schema).delete()
    }
}
