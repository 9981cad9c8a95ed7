import Fluent
import SQLKit

/// Lets the operator's list of suspended people find them without reading every account.
package struct UpdateUsersIndexSuspension: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.createIndex("users_suspended_at", on: User.schema, "suspended_at")
    }

    package func revert(on database: any Database) async throws {
        try await database.sql.drop(index: "users_suspended_at").run()
    }
}
