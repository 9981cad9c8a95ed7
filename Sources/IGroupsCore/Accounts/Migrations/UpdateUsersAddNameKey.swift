import Fluent

/// Adds the lower-cased name people are searched by; SQLite's LOWER folds only ASCII, so Swift fills it.
package struct UpdateUsersAddNameKey: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(User.schema).field("name_key", .string).update()
        for user in try await User.query(on: database).all() {
            user.nameKey = user.name.lowercased()
            try await user.save(on: database)
        }
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(User.schema).deleteField("name_key").update()
    }
}
