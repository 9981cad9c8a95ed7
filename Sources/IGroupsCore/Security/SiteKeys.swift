import Vapor
import Fluent
import Foundation
import SQLKit

/// Creates the table of keys shared by all processes.
package struct CreateSiteKeys: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema("site_keys")
            .id()
            .field("name", .string, .required)
            .field("value", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "name")
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("site_keys").delete()
    }
}

/// Reads the site's signing key, making it on first use.
package enum SiteKeys {
    struct Row: Decodable { let value: String }

    /// The key named `csrf`; the first process to start creates it, the rest read it.
    package static func csrfKey(on db: any Database) async throws -> SymmetricKey {
        let now = Date()
        try await db.sql.insert(into: "site_keys")
            .columns("id", "name", "value", "created_at", "updated_at")
            .values(SQLBind(UUID()), SQLBind("csrf"), SQLBind(SecureToken.make() + SecureToken.make()), SQLBind(now), SQLBind(now))
            .ignoringConflicts(with: ["name"])
            .run()
        guard let row = try await db.sql.select().column("value").from("site_keys").where("name", .equal, "csrf").first(decoding: Row.self) else {
            throw SettingsError(variable: "site_keys", problem: "the signing key could not be stored")
        }
        return SymmetricKey(data: Data(row.value.utf8))
    }
}
