import Fluent
import SQLKit
import Vapor

/// Creates the table of recent requests counted by rate limits.
package struct CreateRateLimitHits: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(RateLimit.schema)
            .id()
            .field("bucket", .string, .required)
            .field("client_key", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime)
            .create()
        try await database.createIndex("rate_limit_hits_bucket_key_created_at", on: RateLimit.schema, "bucket", "client_key", "created_at")
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(RateLimit.schema).delete()
    }
}

/// Limits how often one client may do something, counted in the database so every process agrees.
package enum RateLimit {
    package static let schema = "rate_limit_hits"

    struct Count: Decodable { let n: Int }

    /// Counts this request and answers whether the client is still within `limit` in the window.
    package static func allow(_ bucket: String, key: String, limit: Int, window: TimeInterval, on db: any Database, now: Date = Date()) async throws -> Bool {
        try await db.sql.insert(into: schema)
            .columns("id", "bucket", "client_key", "created_at", "updated_at")
            .values(SQLBind(UUID()), SQLBind(bucket), SQLBind(key), SQLBind(now), SQLBind(now))
            .run()
        let count = try await db.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(schema)
            .where("bucket", .equal, bucket)
            .where("client_key", .equal, key)
            .where("created_at", .greaterThan, now.addingTimeInterval(-window))
            .first(decoding: Count.self)?.n ?? 0
        return count <= limit
    }
}
