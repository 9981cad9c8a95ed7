import Fluent
import Foundation
import IGroupsCore
import SQLKit

/// Fills a group with many events, written straight in batches, for benchmarks: most once, some weekly
/// for ten weeks and some monthly for a year, spread evenly over `years` years that end two years ahead.
package enum EventSeed {
    static let titles = ["Træning", "Bestyrelsesmøde", "Turnering", "Fællesspisning", "Arbejdsdag", "Foredrag", "Generalforsamling", "Sommerfest"]
    static let places = ["Klubhuset", "Hallen", "Medborgerhuset", ""]

    package static func seed(_ db: any Database, group: Group, events: Int, years: Int) async throws {
        let groupID = try group.requireID()
        let zone = group.zone
        let calendar = { var calendar = Calendar(identifier: .gregorian); calendar.timeZone = zone; return calendar }()
        let end = calendar.startOfDay(for: Date()).addingTimeInterval(2 * 365 * 86_400)
        let span = Double(years) * 365 * 86_400
        let now = Date()
        let description = "Vi mødes i god tid. Tag **indendørssko** med, og husk at melde afbud, hvis du ikke kan komme."
        let html = Markdown.render(description)
        try await db.transaction { db in
            var eventRows: [[any SQLExpression]] = []
            var occurrenceRows: [[any SQLExpression]] = []
            func write() async throws {
                if !eventRows.isEmpty {
                    var insert = db.sql.insert(into: Event.schema).columns(
                        "id", "group_id", "author_id", "title", "description", "description_html", "place", "starts_at", "ends_at", "all_day",
                        "time_zone", "capacity", "remind_minutes", "repeat_frequency", "repeat_interval", "repeat_count", "cancelled", "sequence", "created_at", "updated_at")
                    for row in eventRows { insert = insert.values(row) }
                    try await insert.run()
                    eventRows.removeAll(keepingCapacity: true)
                }
                // SQLite takes at most 32,766 values in one statement: 9 columns a row, 3,000 rows a time.
                while !occurrenceRows.isEmpty {
                    let batch = occurrenceRows.prefix(3_000)
                    var insert = db.sql.insert(into: EventOccurrence.schema).columns(
                        "id", "event_id", "group_id", "recurrence_id", "starts_at", "ends_at", "changed", "cancelled", "reminded_at")
                    for row in batch { insert = insert.values(row) }
                    try await insert.run()
                    occurrenceRows.removeFirst(batch.count)
                }
            }
            for number in 0..<events {
                let eventID = UUID()
                // Evenly over the span, at 10:00, 16:00 or 19:00 local time.
                let day = calendar.startOfDay(for: end.addingTimeInterval(-span + span * Double(number) / Double(max(events, 1))))
                let hour = [19, 10, 16][number % 3]
                guard let start = calendar.date(bySettingHour: hour, minute: 0, second: 0, of: day) else { continue }
                let finish = start.addingTimeInterval(Double(90 + (number % 4) * 30) * 60)
                let rule: Recurrence? = switch number % 5 {
                case 1: Recurrence(frequency: .weekly, count: 10)
                case 3: Recurrence(frequency: .monthlyByDate, count: 12)
                default: nil
                }
                eventRows.append([
                    SQLBind(eventID), SQLBind(groupID), SQLLiteral.null, SQLBind(titles[number % titles.count]), SQLBind(description), SQLBind(html),
                    SQLBind(places[number % places.count]), SQLBind(start), SQLBind(finish), SQLBind(false), SQLBind(group.timeZone),
                    number % 7 == 0 ? SQLBind(30) : SQLLiteral.null, SQLBind(1_440), rule.map { SQLBind($0.frequency.rawValue) } ?? SQLLiteral.null,
                    SQLBind(1), rule?.count.map { SQLBind($0) } ?? SQLLiteral.null, SQLBind(false), SQLBind(0), SQLBind(now), SQLBind(now),
                ])
                for date in rule?.occurrences(from: start, in: zone) ?? [start] {
                    occurrenceRows.append([
                        SQLBind(UUID()), SQLBind(eventID), SQLBind(groupID), SQLBind(date), SQLBind(date), SQLBind(date.addingTimeInterval(finish.timeIntervalSince(start))),
                        SQLBind(false), SQLBind(false), SQLBind(now),
                    ])
                }
                if eventRows.count >= 500 { try await write() }
            }
            try await write()
            try await CalendarVersion.bump(groupID, on: db)
        }
    }
}
