import Fluent
import SQLKit

/// Keeps the policy version each person last accepted on their row, so checking it costs no query;
/// existing accounts take it from their acceptances.
package struct UpdateUsersAddPolicyVersion: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(User.schema).field("policy_version", .string).update()
        try await database.sql.raw("""
            UPDATE users SET policy_version = (SELECT MAX(policy_version) FROM policy_acceptances WHERE policy_acceptances.user_id = users.id)
            """).run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(User.schema).deleteField("policy_version").update()
    }
}
