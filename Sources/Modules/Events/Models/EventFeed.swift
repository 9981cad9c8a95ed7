import Fluent
import Foundation
import IGroupsCore
import SQLKit

/// Events as the calendar and iCalendar feeds see them.
enum EventFeed {
    /// An event as a feed carries it: once with its rule, cancelled dates as exceptions, each changed date
    /// as its own entry; a one-off event once.
    static func entries(_ event: Event, occurrences: [EventOccurrence], slug: String) -> [CalendarEntry] {
        guard let eventID = event.id else { return [] }
        let uid = "event-" + eventID.uuidString.lowercased()
        let details = SearchText.plain(fromHTML: event.descriptionHTML)
        let sorted = occurrences.sorted { $0.recurrenceID < $1.recurrenceID }
        let firstPath = sorted.first?.id.map { "/g/\(slug)/events/\($0.uuidString)" } ?? "/g/\(slug)/events"
        var master = CalendarEntry(
            uid: uid, groupID: event.$group.id, moduleID: "events", title: event.title, details: details, path: firstPath,
            start: event.startsAt, end: event.endsAt, allDay: event.allDay, timeZone: event.timeZone, place: event.place,
            cancelled: event.cancelled, updatedAt: event.updatedAt ?? event.createdAt ?? Date(), sequence: event.sequence
        )
        guard let recurrence = event.recurrence else {
            if let only = sorted.first {
                master.start = only.startsAt
                master.end = only.endsAt
                master.place = only.place ?? event.place
                master.cancelled = event.cancelled || only.cancelled
            }
            return [master]
        }
        master.recurrence = recurrence
        master.exceptions = sorted.filter(\.cancelled).map(\.recurrenceID)
        var entries = [master]
        for occurrence in sorted where occurrence.changed && !occurrence.cancelled {
            var entry = master
            entry.recurrence = nil
            entry.exceptions = []
            entry.recurrenceID = occurrence.recurrenceID
            entry.start = occurrence.startsAt
            entry.end = occurrence.endsAt
            entry.place = occurrence.place ?? event.place
            entry.path = occurrence.id.map { "/g/\(slug)/events/\($0.uuidString)" } ?? firstPath
            entry.updatedAt = occurrence.updatedAt ?? master.updatedAt
            entries.append(entry)
        }
        return entries
    }
}

extension EventsModule {
    /// The dates that touch `from..<to` in one query over the (group, start) index: an event lasts at most
    /// `EventSchedule.maximumLength`, so no date that starts earlier than that before `from` can reach it.
    package func calendarEntries(in groupIDs: [UUID], from: Date, to: Date, on db: any Database) async throws -> [CalendarEntry] {
        try await dates(in: groupIDs, from: from, to: to, limit: nil, on: db)
    }

    /// The dates that touch `from..<to`, the first `limit` of them when there is one.
    func dates(in groupIDs: [UUID], from: Date, to: Date, limit: Int?, on db: any Database) async throws -> [CalendarEntry] {
        guard !groupIDs.isEmpty else { return [] }
        let sql = """
            SELECT o.id, o.group_id, o.starts_at, o.ends_at, COALESCE(o.place, e.place) AS place, e.title, e.all_day, e.time_zone, e.updated_at, g.slug
            FROM event_occurrences o JOIN events e ON e.id = o.event_id JOIN "groups" g ON g.id = o.group_id
            WHERE o.group_id IN (\(groupIDs.indices.map { "$\($0 + 4)" }.joined(separator: ", ")))
              AND o.starts_at >= $1 AND o.starts_at < $2 AND o.ends_at > $3 AND o.cancelled = $\(groupIDs.count + 4) AND e.cancelled = $\(groupIDs.count + 4)
            ORDER BY o.starts_at\(limit.map { " LIMIT \($0)" } ?? "")
            """
        var binds: [any Encodable & Sendable] = [from.addingTimeInterval(-EventSchedule.maximumLength), to, from]
        binds += groupIDs.map { $0 as any Encodable & Sendable }
        binds.append(false)
        // Ids are read as text: a page shows hundreds of dates, and parsing each id costs more than drawing it.
        let only = groupIDs.count == 1 ? groupIDs[0] : nil
        return try await db.sql.raw(SQLQueryString(template: sql, binds: binds)).all().map { row in
            let id = try row.decode(column: "id", as: String.self)
            let groupID = try only ?? UUID(uuidString: row.decode(column: "group_id", as: String.self)) ?? UUID()
            let start = try row.decode(column: "starts_at", as: Date.self)
            return CalendarEntry(
                uid: "event-date-" + id.lowercased(), groupID: groupID, moduleID: "events",
                title: try row.decode(column: "title", as: String.self), path: "/g/" + (try row.decode(column: "slug", as: String.self)) + "/events/" + id.uppercased(),
                start: start, end: try row.decode(column: "ends_at", as: Date.self),
                allDay: try row.decode(column: "all_day", as: Bool.self), timeZone: try row.decode(column: "time_zone", as: String.self),
                place: try row.decode(column: "place", as: String.self),
                updatedAt: try row.decode(column: "updated_at", as: Date?.self) ?? start
            )
        }
    }

    /// Every event of the groups with its dates, in two queries.
    package func calendarFeed(in groupIDs: [UUID], on db: any Database) async throws -> [CalendarEntry] {
        guard !groupIDs.isEmpty else { return [] }
        let events = try await Event.query(on: db).filter(\.$group.$id ~~ groupIDs).sort(\.$startsAt).all()
        guard !events.isEmpty else { return [] }
        let slugs = Dictionary(try await Group.query(on: db).filter(\.$id ~~ groupIDs).all().map { ($0.id ?? UUID(), $0.slug) }, uniquingKeysWith: { a, _ in a })
        let occurrences = Dictionary(grouping: try await EventOccurrence.query(on: db).filter(\.$group.$id ~~ groupIDs).all(), by: { $0.$event.id })
        return events.flatMap { event in
            EventFeed.entries(event, occurrences: event.id.flatMap { occurrences[$0] } ?? [], slug: slugs[event.$group.id] ?? "")
        }
    }
}

