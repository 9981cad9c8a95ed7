import Fluent
import Foundation
import IGroupsCore
import SQLKit

extension PollsModule {
    /// A poll's deadline in the calendar: a moment, titled with the question.
    struct CalendarRow: Decodable {
        let id: UUID
        let group_id: UUID
        let question: String
        let description: String
        let deadline: Date
        let created_at: Date?
        let updated_at: Date?
        let slug: String
        let time_zone: String
    }

    /// The open polls with a deadline in the groups, with each group's address, in one query that the
    /// `polls_group_deadline` index serves; `span` narrows it to deadlines in `from..<to`.
    static func deadlines(in groupIDs: [UUID], span: (from: Date, to: Date)?, on db: any Database) async throws -> [CalendarEntry] {
        guard !groupIDs.isEmpty else { return [] }
        var query = db.sql.select()
        for column in ["id", "group_id", "question", "description", "deadline", "created_at", "updated_at"] {
            query = query.column(SQLColumn(column, table: Poll.schema))
        }
        query = query.column(SQLColumn("slug", table: Group.schema)).column(SQLColumn("time_zone", table: Group.schema))
            .from(Poll.schema)
            .join(Group.schema, on: SQLColumn("id", table: Group.schema), .equal, SQLColumn("group_id", table: Poll.schema))
            .where(SQLColumn("group_id", table: Poll.schema), .in, SQLGroupExpression(SQLList(groupIDs.map { SQLBind($0) })))
            .where(SQLColumn("deadline", table: Poll.schema), .isNot, SQLLiteral.null)
            // A poll closed early has no deadline left to show.
            .where(SQLColumn("closed_at", table: Poll.schema), .is, SQLLiteral.null)
        if let span {
            query = query.where(SQLColumn("deadline", table: Poll.schema), .greaterThanOrEqual, SQLBind(span.from))
                .where(SQLColumn("deadline", table: Poll.schema), .lessThan, SQLBind(span.to))
        }
        let rows = try await query.orderBy(SQLColumn("deadline", table: Poll.schema)).all(decoding: CalendarRow.self)
        return rows.map { row in
            CalendarEntry(
                uid: "poll-\(row.id.uuidString.lowercased())", groupID: row.group_id, moduleID: "polls", title: row.question,
                details: row.description, path: "/g/\(row.slug)/polls/\(row.id.uuidString)", start: row.deadline, end: nil,
                timeZone: row.time_zone, updatedAt: row.updated_at ?? row.created_at ?? row.deadline
            )
        }
    }

    /// The deadlines of the groups' polls in a span.
    package func calendarEntries(in groupIDs: [UUID], from: Date, to: Date, on db: any Database) async throws -> [CalendarEntry] {
        try await Self.deadlines(in: groupIDs, span: (from, to), on: db)
    }

    /// Every deadline of the groups' polls, for the iCalendar feed.
    package func calendarFeed(in groupIDs: [UUID], on db: any Database) async throws -> [CalendarEntry] {
        try await Self.deadlines(in: groupIDs, span: nil, on: db)
    }
}
