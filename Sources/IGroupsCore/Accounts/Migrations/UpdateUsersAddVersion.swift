import Fluent

/// Adds the person's version (`RowVersion`): each process keeps the rows of people it has read and uses
/// one only while the session lookup, which reads the version, says it is current.
package struct UpdateUsersAddVersion: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await RowVersion.add(to: User.schema, on: database)
    }

    package func revert(on database: any Database) async throws {
        try await RowVersion.remove(from: User.schema, on: database)
    }
}
