import Fluent

/// Adds the zone a person wants times shown in; nil while they follow each group's own.
package struct UpdateUsersAddTimeZone: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(User.schema).field("time_zone", .string).update()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(User.schema).deleteField("time_zone").update()
    }
}
