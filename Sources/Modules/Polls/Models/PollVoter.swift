import Fluent
import Foundation
import IGroupsCore
import SQLKit
import Vapor

/// Who a ballot belongs to, as the database may know it.
///
/// In a named poll that is the person's id. In an anonymous poll it is a key made from the site's
/// secret, the poll and the person: HMAC-SHA256(site secret, "poll:<poll id>:<user id>"). The same person
/// makes the same key again, so they can change their ballot and cannot cast a second one; the key
/// reveals neither the person nor whether two polls' ballots are theirs, and nobody can make it
/// without the secret (kept in `site_keys`).
enum PollVoter: Sendable, Equatable {
    case named(UUID)
    case anonymous(key: String)

    /// The voter of a person in a poll.
    static func of(_ userID: UUID, pollID: UUID, anonymous: Bool, secret: SymmetricKey) -> PollVoter {
        anonymous ? .anonymous(key: key(pollID: pollID, userID: userID, secret: secret)) : .named(userID)
    }

    static func of(_ userID: UUID, in poll: Poll, secret: SymmetricKey) throws -> PollVoter {
        of(userID, pollID: try poll.requireID(), anonymous: poll.anonymous, secret: secret)
    }

    /// The key of a person's anonymous ballot in a poll, as 64 hexadecimal digits.
    static func key(pollID: UUID, userID: UUID, secret: SymmetricKey) -> String {
        let message = "poll:\(pollID.uuidString.lowercased()):\(userID.uuidString.lowercased())"
        let mac = HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: secret)
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in mac {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The condition that picks this voter's ballot in `poll_ballots`.
    var ballotCondition: any SQLExpression {
        switch self {
        case .named(let userID):
            SQLBinaryExpression(SQLColumn("user_id", table: PollBallot.schema), .equal, SQLBind(userID))
        case .anonymous(let key):
            SQLBinaryExpression(SQLColumn("voter_key", table: PollBallot.schema), .equal, SQLBind(key))
        }
    }
}

extension PollBallot {
    /// Saves a voter's choices as their one ballot in a poll, replacing what they chose before, in one
    /// transaction. The ballot row is written first: a second request of the same person waits for it,
    /// so two submits at once still leave one ballot with one set of choices.
    /// The poll closed while the vote was on its way.
    struct Closed: Error {}

    static func cast(_ optionIDs: [UUID], in pollID: UUID, by voter: PollVoter, on db: any Database) async throws {
        let now = Date()
        try await db.transaction { db in
            // The poll's row is locked first, so a close (or an edit) and this vote happen one after the other;
            // then it must still be open.
            try await db.lockRow(Poll.schema, id: pollID)
            struct State: Decodable { let closed_at: Date?; let deadline: Date? }
            guard let state = try await db.sql.select().columns("closed_at", "deadline").from(Poll.schema).where("id", .equal, SQLBind(pollID)).first(decoding: State.self),
                  !Poll.isClosed(closedAt: state.closed_at, deadline: state.deadline, at: Date())
            else { throw Closed() }
            let insert = db.sql.insert(into: PollBallot.schema).columns("id", "poll_id", "user_id", "voter_key", "created_at", "updated_at")
            switch voter {
            case .named(let userID):
                try await insert.values(SQLBind(UUID()), SQLBind(pollID), SQLBind(userID), SQLLiteral.null, SQLBind(now), SQLBind(now))
                    .onConflict(with: ["poll_id", "user_id"]) { $0.set("updated_at", to: SQLBind(now)) }
                    .run()
            case .anonymous(let key):
                // No times: they could be matched against what the person did elsewhere on the site.
                try await insert.values(SQLBind(UUID()), SQLBind(pollID), SQLLiteral.null, SQLBind(key), SQLLiteral.null, SQLLiteral.null)
                    .onConflict(with: ["poll_id", "voter_key"]) { $0.set(excludedValueOf: "voter_key") }
                    .run()
            }
            struct Row: Decodable { let id: UUID }
            guard let ballot = try await db.sql.select().column("id").from(PollBallot.schema)
                .where("poll_id", .equal, SQLBind(pollID)).where(voter.ballotCondition).first(decoding: Row.self)
            else { throw Abort(.internalServerError) }
            try await db.sql.delete(from: PollVote.schema).where("ballot_id", .equal, SQLBind(ballot.id)).run()
            var votes = db.sql.insert(into: PollVote.schema).columns("id", "ballot_id", "poll_id", "option_id", "user_id", "created_at")
            for optionID in optionIDs {
                switch voter {
                case .named(let userID):
                    votes = votes.values(SQLBind(UUID()), SQLBind(ballot.id), SQLBind(pollID), SQLBind(optionID), SQLBind(userID), SQLBind(now))
                case .anonymous:
                    votes = votes.values(SQLBind(UUID()), SQLBind(ballot.id), SQLBind(pollID), SQLBind(optionID), SQLLiteral.null, SQLLiteral.null)
                }
            }
            try await votes.run()
        }
    }
}
