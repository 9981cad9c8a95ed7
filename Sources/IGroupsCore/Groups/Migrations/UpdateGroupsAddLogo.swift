import Fluent

/// Adds the group's logo: its version number, nil while there is none (the image itself is in the file store).
package struct UpdateGroupsAddLogo: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(Group.schema).field("logo_version", .int).update()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(Group.schema).deleteField("logo_version").update()
    }
}
