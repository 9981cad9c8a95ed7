import Fluent
import Foundation
import IGroupsCore

/// A person's secret for their calendar feeds: whoever has the address sees what the person may see.
/// One per person; resetting makes every old feed address stop working.
final class CalendarToken: Model, @unchecked Sendable {
    static let schema = "calendar_tokens"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "token") var token: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    /// The person's token, made on first use.
    static func of(_ userID: UUID, on db: any Database) async throws -> String {
        if let existing = try await query(on: db).filter(\.$user.$id == userID).first() { return existing.token }
        let token = CalendarToken()
        token.$user.id = userID
        token.token = SecureToken.make()
        do {
            try await token.create(on: db)
            return token.token
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Made at the same moment by another request: that one is the token.
            return try await query(on: db).filter(\.$user.$id == userID).first()?.token ?? token.token
        }
    }

    /// A new token for the person; the old addresses stop working.
    static func reset(_ userID: UUID, on db: any Database) async throws {
        try await query(on: db).filter(\.$user.$id == userID).delete()
        _ = try await of(userID, on: db)
    }

    /// Whose token this is, compared in constant time; nil for a token nobody has, and for a person who is
    /// suspended: their feeds stop with their sessions.
    static func owner(of token: String, on db: any Database) async throws -> UUID? {
        guard token.count >= 20, token.count <= 100 else { return nil }
        guard let row = try await query(on: db).filter(\.$token == token).with(\.$user).first(), SecureToken.constantTimeEquals(row.token, token),
              row.user.suspendedAt == nil
        else { return nil }
        return row.$user.id
    }
}

struct CreateCalendarTokens: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CalendarToken.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("token", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "user_id")
            .unique(on: "token")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(CalendarToken.schema).delete()
    }
}
