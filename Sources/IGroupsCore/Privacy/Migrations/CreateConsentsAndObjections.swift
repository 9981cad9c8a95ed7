import Fluent

/// Creates consent records and objections, and the flag that stops counting a person's visits.
package struct CreateConsentsAndObjections: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(ConsentRecord.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("purpose", .string, .required)
            .field("given", .bool, .required)
            .field("policy_version", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.createIndex("consents_user_id", on: ConsentRecord.schema, "user_id", "purpose")
        try await database.schema(Objection.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("purpose", .string, .required)
            .field("reason", .string, .required)
            .field("handled_at", .datetime)
            .field("handled_by_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.createIndex("objections_user_id", on: Objection.schema, "user_id")
        try await database.createIndex("objections_handled_at", on: Objection.schema, "handled_at")
        try await database.schema(User.schema).field("counts_visits", .bool, .required, .sql(.default(true))).update()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(User.schema).deleteField("counts_visits").update()
        try await database.schema(Objection.schema).delete()
        try await database.schema(ConsentRecord.schema).delete()
    }
}
