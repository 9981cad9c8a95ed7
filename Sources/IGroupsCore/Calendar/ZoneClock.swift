import Foundation
import NIOConcurrencyHelpers

/// Local days and wall-clock times in one zone over a span, from the few offset changes the span holds:
/// a calendar page asks for hundreds of days and times, and Foundation's calendar and zone calls (which
/// take a lock each) cost more than the rest of the page.
package struct ZoneClock: Sendable {
    /// From each instant (seconds since 1970) on, the zone's offset in seconds; sorted, the first from the distant past.
    private let changes: [(at: Double, offset: Int)]

    package init(zone: TimeZone, from: Date, to: Date) {
        var changes: [(Double, Int)] = [(-.infinity, zone.secondsFromGMT(for: from))]
        var cursor = from
        while let change = zone.nextDaylightSavingTimeTransition(after: cursor), change <= to, changes.count < 100 {
            changes.append((change.timeIntervalSince1970, zone.secondsFromGMT(for: change)))
            cursor = change
        }
        self.changes = changes
    }

    /// Today's day number in a zone. The zone's offset is remembered until its next change, so asking costs no
    /// call into the zone database (whose calls take a lock each).
    package static func today(in zone: TimeZone, now: Date = Date()) -> Int {
        let seconds = now.timeIntervalSince1970
        let known = currentOffsets.withLockedValue { $0[zone.identifier] }
        if let known, seconds >= known.from, seconds < known.until {
            return floorDivide(Int(seconds.rounded(.down)) + known.offset, 86_400)
        }
        let offset = zone.secondsFromGMT(for: now)
        let until = zone.nextDaylightSavingTimeTransition(after: now)?.timeIntervalSince1970 ?? seconds + 86_400 * 366
        currentOffsets.withLockedValue { $0[zone.identifier] = (offset, seconds, until) }
        return floorDivide(Int(seconds.rounded(.down)) + offset, 86_400)
    }

    private static let currentOffsets = NIOLockedValueBox<[String: (offset: Int, from: Double, until: Double)]>([:])

    /// The offset in force at an instant.
    package func offset(_ date: Date) -> Int {
        let seconds = date.timeIntervalSince1970
        var result = changes[0].offset
        for change in changes.dropFirst() where change.at <= seconds { result = change.offset }
        return result
    }

    /// Seconds since 1970 on the local wall clock.
    package func local(_ date: Date) -> Int {
        Int(date.timeIntervalSince1970.rounded(.down)) + offset(date)
    }

    /// The local day, as days since 1 January 1970.
    package func day(_ date: Date) -> Int {
        Self.floorDivide(local(date), 86_400)
    }

    /// "19:05" on the local wall clock.
    package func clock(_ date: Date) -> String {
        let minutes = Self.floorModulo(local(date), 86_400) / 60
        return Self.twoDigits(minutes / 60) + ":" + Self.twoDigits(minutes % 60)
    }

    /// The instant a local day begins (the first instant at or after its local midnight).
    package func start(ofDay day: Int) -> Date {
        let midnight = Double(day * 86_400)
        // The offset at the guess decides; a day that begins in a skipped hour begins when the clock resumes.
        let guess = Date(timeIntervalSince1970: midnight - Double(offset(Date(timeIntervalSince1970: midnight))))
        let corrected = Date(timeIntervalSince1970: midnight - Double(offset(guess)))
        return self.day(corrected) == day ? corrected : guess
    }

    /// The calendar date of a day number: year, month (1–12), day (1–31) and weekday (0 Monday … 6 Sunday).
    package static func date(ofDay day: Int) -> (year: Int, month: Int, day: Int, weekday: Int) {
        var seconds = time_t(day * 86_400)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return (Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday), (Int(parts.tm_wday) + 6) % 7)
    }

    /// The day number of a calendar date (days since 1 January 1970), by the civil-calendar formula.
    package static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400)
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// "2027-01-05"
    package static func parameter(ofDay day: Int) -> String {
        let date = date(ofDay: day)
        return String(date.year) + "-" + twoDigits(date.month) + "-" + twoDigits(date.day)
    }

    static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0" + String(value) : String(value)
    }

    static func floorDivide(_ a: Int, _ b: Int) -> Int {
        a >= 0 ? a / b : -((-a + b - 1) / b)
    }

    static func floorModulo(_ a: Int, _ b: Int) -> Int {
        a - floorDivide(a, b) * b
    }
}
