import Fluent
import Foundation
import IGroupsCore
import SQLKit

/// Keeps an event's occurrence rows in step with its time and repeat rule.
enum EventSchedule {
    /// The longest an event may last: the calendar finds what touches a month by looking this far back.
    static let maximumLength: TimeInterval = 31 * 86_400

    /// What a change of the event did to its dates.
    struct Outcome {
        /// The occurrences that have gone (their day is no longer in the rule), with the people who had answered.
        var removedAnswerers: Set<UUID> = []
    }

    /// Makes the rows match the event: a date the rule still has keeps its row (matched by its day in the
    /// event's zone, so answers stay when the time moves), new dates get rows, gone dates go with their answers.
    /// An event that does not repeat keeps its one row wherever its date moves, answers and all.
    /// A date changed by hand keeps its own time.
    @discardableResult
    static func sync(_ event: Event, on db: any Database, now: Date = Date()) async throws -> Outcome {
        let eventID = try event.requireID()
        let zone = event.zone
        let starts = event.recurrence?.occurrences(from: event.startsAt, in: zone) ?? [event.startsAt]
        let existing = try await EventOccurrence.query(on: db).filter(\.$event.$id == eventID).all()
        var byDay: [String: EventOccurrence] = [:]
        for occurrence in existing { byDay[ICalendar.day(occurrence.recurrenceID, in: zone)] = occurrence }
        var outcome = Outcome()
        for start in starts {
            let day = ICalendar.day(start, in: zone)
            let occurrence = byDay.removeValue(forKey: day) ?? (event.recurrence == nil ? byDay.popFirst()?.value : nil) ?? EventOccurrence()
            if occurrence.id == nil {
                occurrence.$event.id = eventID
                occurrence.$group.id = event.$group.id
                occurrence.changed = false
                occurrence.cancelled = false
            }
            occurrence.recurrenceID = start
            if !occurrence.changed {
                occurrence.startsAt = start
                occurrence.endsAt = end(of: event, startingAt: start)
            }
            scheduleReminder(occurrence, minutes: event.remindMinutes, now: now)
            // A long series is saved anew on every edit: only the dates that changed are written.
            if occurrence.id == nil || occurrence.hasChanges { try await occurrence.save(on: db) }
        }
        let gone = byDay.values.compactMap(\.id)
        if !gone.isEmpty {
            let answerers = try await EventRSVP.query(on: db).filter(\.$occurrence.$id ~~ gone).all()
            outcome.removedAnswerers = Set(answerers.map { $0.$user.id })
            try await EventOccurrence.query(on: db).filter(\.$id ~~ gone).delete()
        }
        return outcome
    }

    /// When a date that starts at `start` ends: as long as the event; an all-day date ends after as many days
    /// in the event's zone, whatever the clocks do in between.
    static func end(of event: Event, startingAt start: Date) -> Date {
        guard event.allDay else { return start.addingTimeInterval(event.duration) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = event.zone
        let days = max(1, Int((event.duration / 86_400).rounded()))
        return calendar.date(byAdding: .day, value: days, to: start) ?? start.addingTimeInterval(event.duration)
    }

    /// Sets when the reminder of an occurrence goes; a date already begun is never reminded, and a date
    /// already reminded is reminded again only when its new reminder time is still ahead.
    static func scheduleReminder(_ occurrence: EventOccurrence, minutes: Int?, now: Date) {
        let remindAt = minutes.map { occurrence.startsAt.addingTimeInterval(-Double($0) * 60) }
        // A time read back may differ from the one computed in its last digit: compare to the second.
        let same = switch (remindAt, occurrence.remindAt) {
        case (nil, nil): true
        case let (a?, b?): abs(a.timeIntervalSince(b)) < 1
        default: false
        }
        guard !same || occurrence.id == nil else { return }
        let reminded = occurrence.id != nil && occurrence.remindedAt != nil
        occurrence.remindAt = remindAt
        if remindAt == nil || occurrence.startsAt <= now {
            occurrence.remindedAt = now
        } else if !reminded || remindAt.map({ $0 > now }) == true {
            occurrence.remindedAt = nil
        }
    }

    /// When answers to an occurrence close.
    static func answersClose(_ event: Event, startsAt: Date) -> Date {
        startsAt.addingTimeInterval(-Double(event.rsvpCloseSeconds ?? 0))
    }
}
