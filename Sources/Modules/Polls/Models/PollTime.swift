import Foundation
import IGroupsCore

/// A poll's deadline as people type and read it: a date and a time on the wall clock of one zone.
enum PollTime {
    /// The zone a group's deadlines are typed and shown in; the one place to change when groups get their own.
    static func zone(for group: Group) -> TimeZone {
        group.zone
    }

    /// How far ahead a deadline may be set.
    static let maximumYearsAhead = 2

    /// What is wrong with a typed deadline, as a translation key.
    enum Problem: String, Error {
        case malformedDate = "polls.error.deadline_date"
        case malformedTime = "polls.error.deadline_time"
        case timeWithoutDate = "polls.error.deadline_time_without_date"
        case noSuchTime = "polls.error.deadline_no_such_time"
        case past = "polls.error.deadline_past"
        case tooFar = "polls.error.deadline_too_far"
    }

    /// Reads a deadline from a `YYYY-MM-DD` date and an `HH:MM` time in a zone: nil when both are empty,
    /// the end of the day (23:59) when only the date is given. It must lie after `now` and at most
    /// `maximumYearsAhead` years ahead.
    static func parse(date: String, time: String, in zone: TimeZone, now: Date = Date()) -> Result<Date?, Problem> {
        let date = date.trimmingCharacters(in: .whitespaces)
        let time = time.trimmingCharacters(in: .whitespaces)
        if date.isEmpty { return time.isEmpty ? .success(nil) : .failure(.timeWithoutDate) }
        guard date.count <= 10, let day = AccountRules.parseDate(date) else { return .failure(.malformedDate) }
        var clock = (hour: 23, minute: 59)
        if !time.isEmpty {
            guard let parsed = parseTime(time) else { return .failure(.malformedTime) }
            clock = parsed
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let wanted = DateComponents(year: day.year, month: day.month, day: day.day, hour: clock.hour, minute: clock.minute)
        // A time the clocks skip (the hour lost in spring) comes back as another time: no such deadline.
        guard let deadline = calendar.date(from: wanted),
              calendar.dateComponents([.year, .month, .day, .hour, .minute], from: deadline) == wanted
        else { return .failure(.noSuchTime) }
        if deadline <= now { return .failure(.past) }
        if let limit = calendar.date(byAdding: .year, value: maximumYearsAhead, to: now), deadline > limit { return .failure(.tooFar) }
        return .success(deadline)
    }

    /// `HH:MM`, or `HH:MM:SS` as some browsers send it (the seconds are dropped).
    static func parseTime(_ text: String) -> (hour: Int, minute: Int)? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let hour = Int(parts[0]), let minute = Int(parts[1]), (0...23).contains(hour), (0...59).contains(minute),
              parts.count == 2 || (Int(parts[2]).map { (0...59).contains($0) } ?? false)
        else { return nil }
        return (hour, minute)
    }

    /// The date and time fields of a form showing a deadline.
    static func fields(_ deadline: Date?, in zone: TimeZone) -> (date: String, time: String) {
        guard let deadline else { return ("", "") }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: deadline)
        func two(_ value: Int?) -> String { let text = String(value ?? 0); return text.count < 2 ? "0" + text : text }
        return ("\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day))", "\(two(parts.hour)):\(two(parts.minute))")
    }
}
