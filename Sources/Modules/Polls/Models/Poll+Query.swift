import Fluent
import Foundation
import IGroupsCore
import SQLKit

/// The reads of the poll pages, as plain rows: a few queries a page, however many people vote.
extension Poll {
    /// A poll as its page shows it, with who made it.
    struct Row: Decodable, Sendable {
        let id: UUID
        let author_id: UUID?
        let question: String
        let description: String
        let multiple: Bool
        let max_choices: Int
        let anonymous: Bool
        let results: String
        let deadline: Date?
        let closed_at: Date?
        let created_at: Date?
        let username: String?
        let name: String?

        func isClosed(at now: Date) -> Bool { Poll.isClosed(closedAt: closed_at, deadline: deadline, at: now) }
    }

    /// One poll of a group with its creator, in one query; nil when the group has no such poll.
    static func row(_ id: UUID, groupID: UUID, on db: any Database) async throws -> Row? {
        let columns = ["id", "author_id", "question", "description", "multiple", "max_choices", "anonymous", "results", "deadline", "closed_at", "created_at"]
        var query = db.sql.select()
        for column in columns { query = query.column(SQLColumn(column, table: Poll.schema)) }
        return try await query.column(SQLColumn("username", table: User.schema)).column(SQLColumn("name", table: User.schema))
            .from(Poll.schema)
            .join(User.schema, method: SQLJoinMethod.left, on: SQLColumn("author_id", table: Poll.schema), .equal, SQLColumn("id", table: User.schema))
            .where(SQLColumn("id", table: Poll.schema), .equal, SQLBind(id))
            .where(SQLColumn("group_id", table: Poll.schema), .equal, SQLBind(groupID))
            .first(decoding: Row.self)
    }

    /// An option with how many ballots chose it.
    struct OptionCount: Decodable, Sendable {
        let id: UUID
        let text: String
        let votes: Int
    }

    /// A poll's options in order, each with its count, in one grouped query.
    static func options(of pollID: UUID, on db: any Database) async throws -> [OptionCount] {
        try await db.sql.select()
            .column(SQLColumn("id", table: PollOption.schema)).column(SQLColumn("text", table: PollOption.schema))
            .column(SQLAlias(SQLQueryString("CAST(COUNT(\(ident: PollVote.schema).\(ident: "id")) AS BIGINT)"), as: SQLIdentifier("votes")))
            .from(PollOption.schema)
            .join(PollVote.schema, method: SQLJoinMethod.left, on: SQLColumn("option_id", table: PollVote.schema), .equal, SQLColumn("id", table: PollOption.schema))
            .where(SQLColumn("poll_id", table: PollOption.schema), .equal, SQLBind(pollID))
            .groupBy(SQLColumn("id", table: PollOption.schema)).groupBy(SQLColumn("text", table: PollOption.schema)).groupBy(SQLColumn("position", table: PollOption.schema))
            .orderBy(SQLColumn("position", table: PollOption.schema))
            .all(decoding: OptionCount.self)
    }

    /// How many people have voted in a poll.
    static func ballotCount(of pollID: UUID, on db: any Database) async throws -> Int {
        struct Count: Decodable { let n: Int }
        return try await db.sql.select().column(SQLAlias(SQLRaw("CAST(COUNT(*) AS BIGINT)"), as: SQLIdentifier("n")))
            .from(PollBallot.schema).where("poll_id", .equal, SQLBind(pollID)).first(decoding: Count.self)?.n ?? 0
    }

    /// The options on a voter's ballot; empty when they have not voted.
    static func choices(of voter: PollVoter, in pollID: UUID, on db: any Database) async throws -> [UUID] {
        struct Choice: Decodable { let option_id: UUID }
        return try await db.sql.select().column(SQLColumn("option_id", table: PollVote.schema))
            .from(PollVote.schema)
            .join(PollBallot.schema, on: SQLColumn("id", table: PollBallot.schema), .equal, SQLColumn("ballot_id", table: PollVote.schema))
            .where(SQLColumn("poll_id", table: PollBallot.schema), .equal, SQLBind(pollID))
            .where(voter.ballotCondition)
            .all(decoding: Choice.self).map(\.option_id)
    }

    /// Who chose each option of a named poll, by name; people whose profile is gone are counted, not named.
    static func voters(of pollID: UUID, on db: any Database) async throws -> [UUID: [(name: String, username: String)]] {
        struct Voter: Decodable { let option_id: UUID; let name: String; let username: String }
        let rows = try await db.sql.select()
            .column(SQLColumn("option_id", table: PollVote.schema)).column(SQLColumn("name", table: User.schema)).column(SQLColumn("username", table: User.schema))
            .from(PollVote.schema)
            .join(User.schema, on: SQLColumn("user_id", table: PollVote.schema), .equal, SQLColumn("id", table: User.schema))
            .where(SQLColumn("poll_id", table: PollVote.schema), .equal, SQLBind(pollID))
            .orderBy(SQLFunction("LOWER", args: SQLColumn("name", table: User.schema)))
            .all(decoding: Voter.self)
        return Dictionary(grouping: rows, by: \.option_id).mapValues { $0.map { ($0.name, $0.username) } }
    }
}

extension Poll {
    /// A poll in the group's list.
    struct ListRow: Decodable, Sendable {
        let id: UUID
        let question: String
        let multiple: Bool
        let anonymous: Bool
        let deadline: Date?
        let closed_at: Date?
        let created_at: Date?
    }

    /// The condition of an open poll at a time, as `isClosed` says it in Swift.
    static func openCondition(at now: Date) -> SQLQueryString {
        "\(ident: "closed_at") IS NULL AND (\(ident: "deadline") IS NULL OR \(ident: "deadline") > \(bind: now))"
    }

    /// One page of a group's polls: open ones first, then closed ones, newest first in each.
    static func page(groupID: UUID, page: Int, perPage: Int, now: Date, on db: any Database) async throws -> (Pagination, [ListRow]) {
        struct Count: Decodable { let n: Int }
        let total = try await db.sql.select().column(SQLAlias(SQLRaw("CAST(COUNT(*) AS BIGINT)"), as: SQLIdentifier("n")))
            .from(Poll.schema).where("group_id", .equal, SQLBind(groupID)).first(decoding: Count.self)?.n ?? 0
        let pagination = Pagination(page: page, perPage: perPage, total: total)
        let rows = try await db.sql.select()
            .columns("id", "question", "multiple", "anonymous", "deadline", "closed_at", "created_at")
            .from(Poll.schema).where("group_id", .equal, SQLBind(groupID))
            .orderBy(SQLOrderBy(expression: SQLQueryString("CASE WHEN \(openCondition(at: now)) THEN 0 ELSE 1 END"), direction: SQLDirection.ascending))
            .orderBy(SQLOrderBy(expression: SQLIdentifier("created_at"), direction: SQLDirection.descending))
            .orderBy("id")
            .offset(pagination.offset).limit(perPage).all(decoding: ListRow.self)
        return (pagination, rows)
    }

    /// For a page of polls, in one query: how many have voted in each, and whether the viewer has
    /// (their ballot found by their id in named polls and by their key in anonymous ones).
    static func ballots(in polls: [UUID], viewerID: UUID?, keys: [String], on db: any Database) async throws -> [UUID: (count: Int, mine: Bool)] {
        guard !polls.isEmpty else { return [:] }
        struct Row: Decodable { let poll_id: UUID; let n: Int; let mine: Int }
        var mine: SQLQueryString = "0"
        if let viewerID {
            mine = keys.isEmpty
                ? "CASE WHEN \(ident: "user_id") = \(bind: viewerID) THEN 1 ELSE 0 END"
                : "CASE WHEN \(ident: "user_id") = \(bind: viewerID) OR \(ident: "voter_key") IN (\(binds: keys)) THEN 1 ELSE 0 END"
        }
        let rows = try await db.sql.select().column("poll_id")
            .column(SQLAlias(SQLRaw("CAST(COUNT(*) AS BIGINT)"), as: SQLIdentifier("n")))
            .column(SQLAlias(SQLQueryString("CAST(SUM(\(mine)) AS BIGINT)"), as: SQLIdentifier("mine")))
            .from(PollBallot.schema)
            .where("poll_id", .in, SQLGroupExpression(SQLList(polls.map { SQLBind($0) })))
            .groupBy("poll_id").all(decoding: Row.self)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.poll_id, ($0.n, $0.mine > 0)) })
    }
}
