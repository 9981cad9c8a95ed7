import Fluent
import SQLKit
import Vapor

/// Counts failed logins per account and per address in the database and says when to refuse.
package enum LoginThrottle {
    package static let window: TimeInterval = 15 * 60
    package static let perAccount = 5
    package static let perAddress = 20

    struct Count: Decodable { let n: Int }

    /// The outcome of one password check under the throttle.
    package enum Outcome: Sendable {
        case correct, wrong, throttled
    }

    /// Checks a password for an account (or for nobody, in the same time), counting the try first,
    /// so guesses sent in parallel are all counted before any of them is compared.
    package static func check(_ password: String, for user: User?, on req: Request) async throws -> Outcome {
        let address = req.clientAddress
        try await recordFailure(userID: user?.id, address: address, on: req.db)
        if try await isBlocked(userID: user?.id, address: address, on: req.db) {
            req.logger.notice("password check refused by throttle", metadata: ["user": .string(user?.id?.uuidString ?? "-")])
            return .throttled
        }
        let stored: String
        if let hash = user?.passwordHash { stored = hash } else { stored = try await req.application.dummyPasswordHash() }
        guard try await req.password.async.verify(password, created: stored), let userID = user?.id else { return .wrong }
        try await reset(userID: userID, on: req.db)
        return .correct
    }

    /// True when the account or the address has gone past its tries in the window (this try included).
    package static func isBlocked(userID: UUID?, address: String, on db: any Database, now: Date = Date()) async throws -> Bool {
        let since = now.addingTimeInterval(-window)
        if let userID {
            let forAccount = try await db.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from(LoginAttempt.schema)
                .where("user_id", .equal, userID)
                .where("created_at", .greaterThan, since)
                .first(decoding: Count.self)?.n ?? 0
            if forAccount > perAccount { return true }
        }
        let forAddress = try await db.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(LoginAttempt.schema)
            .where("client_address", .equal, address)
            .where("created_at", .greaterThan, since)
            .first(decoding: Count.self)?.n ?? 0
        return forAddress > perAddress
    }

    /// Records one try; a correct password removes the account's tries again.
    package static func recordFailure(userID: UUID?, address: String, on db: any Database) async throws {
        try await LoginAttempt(userID: userID, clientAddress: address).create(on: db)
    }

    /// Forgets an account's failures after it signs in.
    package static func reset(userID: UUID, on db: any Database) async throws {
        try await LoginAttempt.query(on: db).filter(\.$user.$id == userID).delete()
    }
}
