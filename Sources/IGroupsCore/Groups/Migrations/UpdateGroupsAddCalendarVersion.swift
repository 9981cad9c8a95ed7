import Fluent
import SQLKit

/// Adds the group's calendar version: a number the modules raise with every change to what the group's
/// calendar shows, read with the group, so calendar pages and feeds are kept until it moves.
package struct UpdateGroupsAddCalendarVersion: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(Group.schema).field("calendar_version", .int, .required, .sql(.default(SQLLiteral.numeric("0")))).update()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(Group.schema).deleteField("calendar_version").update()
    }
}
