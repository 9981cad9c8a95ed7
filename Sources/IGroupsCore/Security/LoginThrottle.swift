import Fluent
import SQLKit
import Vapor

/// Counts failed logins per account and per address in the database and says when to refuse.
package enum LoginThrottle {
    package static let window: TimeInterval = 15 * 60
    package static let perAccount = 5
    package static let perAddress = 20

    struct Count: Decodable { let n: Int }

    /// True when either the account or the address has used up its tries in the window.
    package static func isBlocked(userID: UUID?, address: String, on db: any Database, now: Date = Date()) async throws -> Bool {
        let since = now.addingTimeInterval(-window)
        if let userID {
            let forAccount = try await db.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from(LoginAttempt.schema)
                .where("user_id", .equal, userID)
                .where("created_at", .greaterThan, since)
                .first(decoding: Count.self)?.n ?? 0
            if forAccount >= perAccount { return true }
        }
        let forAddress = try await db.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(LoginAttempt.schema)
            .where("client_address", .equal, address)
            .where("created_at", .greaterThan, since)
            .first(decoding: Count.self)?.n ?? 0
        return forAddress >= perAddress
    }

    /// Records one failed try.
    package static func recordFailure(userID: UUID?, address: String, on db: any Database) async throws {
        try await LoginAttempt(userID: userID, clientAddress: address).create(on: db)
    }

    /// Forgets an account's failures after it signs in.
    package static func reset(userID: UUID, on db: any Database) async throws {
        try await LoginAttempt.query(on: db).filter(\.$user.$id == userID).delete()
    }
}
