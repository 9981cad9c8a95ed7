import Fluent

/// Adds the operator's suspension of an account: when, and the reason the person is told.
package struct UpdateUsersAddSuspension: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds a single column per ALTER TABLE.
        try await database.schema(User.schema).field("suspended_at", .datetime).update()
        try await database.schema(User.schema).field("suspension_reason", .string).update()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(User.schema).deleteField("suspension_reason").update()
        try await database.schema(User.schema).deleteField("suspended_at").update()
    }
}
