import Fluent
import Foundation
import SQLKit

/// Adds the lower-cased name people are searched by; SQLite's LOWER folds only ASCII, so Swift fills it.
/// Reads and writes plain rows, not the `User` model, whose later columns do not exist yet at this step.
package struct UpdateUsersAddNameKey: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(User.schema).field("name_key", .string).update()
        struct Row: Decodable { let id: UUID; let name: String }
        for row in try await database.sql.select().columns("id", "name").from(User.schema).all(decoding: Row.self) {
            try await database.sql.update(User.schema).set("name_key", to: SQLBind(row.name.lowercased())).where("id", .equal, SQLBind(row.id)).run()
        }
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(User.schema).deleteField("name_key").update()
    }
}
