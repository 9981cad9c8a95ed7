import Fluent
import SQLKit

/// Adds the group's time zone (an IANA name): events are planned in it and repeat by its clock.
package struct UpdateGroupsAddTimeZone: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(Group.schema)
            .field("time_zone", .string, .required, .sql(.default(SQLLiteral.string(Group.defaultTimeZone))))
            .update()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(Group.schema).deleteField("time_zone").update()
    }
}
