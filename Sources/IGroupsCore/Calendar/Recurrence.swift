import Foundation

/// How an event repeats: every N days, every N weeks, or every N months on the start's date or on its
/// weekday ("the second Tuesday", "the last Friday"); always with an end, a last date or a number of times.
/// Repeats keep the wall-clock time in the event's zone across daylight-saving changes, as RFC 5545 does.
package struct Recurrence: Sendable, Codable, Equatable {
    package enum Frequency: String, Sendable, Codable, CaseIterable {
        case daily, weekly, monthlyByDate = "monthly_date", monthlyByWeekday = "monthly_weekday"
    }

    package var frequency: Frequency
    /// Every `interval` days, weeks or months (1…99).
    package var interval: Int
    /// The last day an occurrence may start on (in the event's zone), or nil when `count` ends the repeats.
    package var until: Date?
    /// How many occurrences there are in all (the first included), or nil when `until` ends the repeats.
    package var count: Int?

    /// No more occurrences than this, however the repeats are set.
    package static let maximumOccurrences = 520
    package static let intervals = 1...99

    package init(frequency: Frequency, interval: Int = 1, until: Date? = nil, count: Int? = nil) {
        self.frequency = frequency
        self.interval = interval
        self.until = until
        self.count = count
    }

    /// The starts of all occurrences of an event that starts at `start` in `zone`, the first included, in order.
    package func occurrences(from start: Date, in zone: TimeZone) -> [Date] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let first = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: start)
        let limit = min(count ?? Self.maximumOccurrences, Self.maximumOccurrences)
        // `until` is a day: occurrences may start at any time on it.
        let last = until.map { calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: $0)) ?? $0 }
        var dates: [Date] = []
        var step = 0
        // Months without the date (the 31st) or the weekday (a fifth Monday) are skipped, not moved.
        var misses = 0
        while dates.count < limit, misses < 1000 {
            let candidate: Date?
            switch frequency {
            case .daily:
                candidate = calendar.date(byAdding: .day, value: step * interval, to: start, wrappingComponents: false)
                    .flatMap { wallClock($0, like: first, calendar) }
            case .weekly:
                candidate = calendar.date(byAdding: .day, value: step * interval * 7, to: start)
                    .flatMap { wallClock($0, like: first, calendar) }
            case .monthlyByDate:
                candidate = monthDate(step * interval, first, calendar)
            case .monthlyByWeekday:
                candidate = monthWeekday(step * interval, first, calendar)
            }
            step += 1
            guard let date = candidate else {
                misses += 1
                continue
            }
            if let last, date >= last { break }
            dates.append(date)
        }
        return dates
    }

    /// The same day with the first occurrence's wall-clock time (a day added across a clock change keeps 19:00).
    private func wallClock(_ date: Date, like first: DateComponents, _ calendar: Calendar) -> Date? {
        var parts = calendar.dateComponents([.year, .month, .day], from: date)
        parts.hour = first.hour
        parts.minute = first.minute
        parts.second = first.second
        return calendar.date(from: parts)
    }

    private func monthDate(_ months: Int, _ first: DateComponents, _ calendar: Calendar) -> Date? {
        guard let year = first.year, let month = first.month, let day = first.day else { return nil }
        var parts = DateComponents()
        let index = (month - 1) + months
        parts.year = year + index / 12
        parts.month = index % 12 + 1
        parts.day = day
        parts.hour = first.hour
        parts.minute = first.minute
        parts.second = first.second
        guard let date = calendar.date(from: parts), calendar.component(.day, from: date) == day else { return nil }
        return date
    }

    private func monthWeekday(_ months: Int, _ first: DateComponents, _ calendar: Calendar) -> Date? {
        guard let year = first.year, let month = first.month, let day = first.day, let weekday = first.weekday else { return nil }
        let ordinal = Self.weekdayOrdinal(day: day, daysInMonth: Self.daysInMonth(year: year, month: month, calendar))
        let index = (month - 1) + months
        let targetYear = year + index / 12
        let targetMonth = index % 12 + 1
        let days = Self.daysInMonth(year: targetYear, month: targetMonth, calendar)
        var parts = DateComponents(year: targetYear, month: targetMonth, day: 1)
        guard let firstOfMonth = calendar.date(from: parts) else { return nil }
        let firstWeekday = calendar.component(.weekday, from: firstOfMonth)
        let firstMatch = 1 + (weekday - firstWeekday + 7) % 7
        let target: Int
        if ordinal == -1 {
            target = firstMatch + ((days - firstMatch) / 7) * 7
        } else {
            target = firstMatch + (ordinal - 1) * 7
            guard target <= days else { return nil }
        }
        parts.day = target
        parts.hour = first.hour
        parts.minute = first.minute
        parts.second = first.second
        return calendar.date(from: parts)
    }

    /// Which of the month's weekdays a day is: 1…4, or -1 for a fifth, which is always the last (months
    /// without a fifth then take their last). A fourth stays the fourth, even in a month where it is also the last.
    package static func weekdayOrdinal(day: Int, daysInMonth: Int) -> Int {
        day > 28 ? -1 : (day - 1) / 7 + 1
    }

    static func daysInMonth(year: Int, month: Int, _ calendar: Calendar) -> Int {
        guard let date = calendar.date(from: DateComponents(year: year, month: month, day: 1)),
              let range = calendar.range(of: .day, in: .month, for: date) else { return 30 }
        return range.count
    }

    /// The rule as an iCalendar RRULE value; `until` becomes the end of that day in the event's zone, in UTC,
    /// or for an all-day event that day itself (UNTIL takes the type of DTSTART).
    package func rule(start: Date, in zone: TimeZone, allDay: Bool = false) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        var parts: [String]
        switch frequency {
        case .daily: parts = ["FREQ=DAILY"]
        case .weekly: parts = ["FREQ=WEEKLY"]
        case .monthlyByDate:
            parts = ["FREQ=MONTHLY", "BYMONTHDAY=\(calendar.component(.day, from: start))"]
        case .monthlyByWeekday:
            let day = calendar.component(.day, from: start)
            let days = Self.daysInMonth(year: calendar.component(.year, from: start), month: calendar.component(.month, from: start), calendar)
            let names = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]
            parts = ["FREQ=MONTHLY", "BYDAY=\(Self.weekdayOrdinal(day: day, daysInMonth: days))\(names[calendar.component(.weekday, from: start) - 1])"]
        }
        if interval > 1 { parts.append("INTERVAL=\(interval)") }
        if let count {
            parts.append("COUNT=\(min(count, Self.maximumOccurrences))")
        } else {
            // The occurrences we show stop at the maximum: so does the rule, by the last of them.
            let all = occurrences(from: start, in: zone)
            if allDay, let last = all.count >= Self.maximumOccurrences ? all.last : until {
                parts.append("UNTIL=" + ICalendar.day(last, in: zone))
            } else if all.count >= Self.maximumOccurrences, let lastStart = all.last {
                parts.append("UNTIL=" + ICalendar.utcStamp(lastStart))
            } else if let until, let end = calendar.date(byAdding: .second, value: -1, to: calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: until)) ?? until) {
                parts.append("UNTIL=" + ICalendar.utcStamp(end))
            }
        }
        return parts.joined(separator: ";")
    }
}
