import Foundation
@testable import IGroupsCore
import Testing

@Suite("Repeats")
struct RecurrenceTests {
    static let zone = TimeZone(identifier: "Europe/Copenhagen")!

    static func date(_ text: String) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = text.split { $0 == "-" || $0 == " " || $0 == ":" }.compactMap { Int($0) }
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: parts.count > 3 ? parts[3] : 0, minute: parts.count > 4 ? parts[4] : 0))!
    }

    static func local(_ dates: [Date]) -> [String] { dates.map { ICalendar.local($0, in: zone) } }

    @Test("Weekly repeats keep the wall-clock time across the change to summer time, and stop at the last date")
    func weekly() {
        let rule = Recurrence(frequency: .weekly, interval: 2, until: Self.date("2027-04-20"))
        #expect(Self.local(rule.occurrences(from: Self.date("2027-03-09 19:00"), in: Self.zone)) == ["20270309T190000", "20270323T190000", "20270406T190000", "20270420T190000"])
        #expect(rule.rule(start: Self.date("2027-03-09 19:00"), in: Self.zone) == "FREQ=WEEKLY;INTERVAL=2;UNTIL=20270420T215959Z")
    }

    @Test("Monthly on the 31st skips months without one; monthly on the last Friday finds it in every month")
    func monthly() {
        let byDate = Recurrence(frequency: .monthlyByDate, count: 4)
        #expect(Self.local(byDate.occurrences(from: Self.date("2027-01-31 10:00"), in: Self.zone)) == ["20270131T100000", "20270331T100000", "20270531T100000", "20270731T100000"])
        #expect(byDate.rule(start: Self.date("2027-01-31 10:00"), in: Self.zone) == "FREQ=MONTHLY;BYMONTHDAY=31;COUNT=4")
        let lastFriday = Recurrence(frequency: .monthlyByWeekday, count: 3)
        #expect(Self.local(lastFriday.occurrences(from: Self.date("2027-01-29 17:00"), in: Self.zone)) == ["20270129T170000", "20270226T170000", "20270326T170000"])
        #expect(lastFriday.rule(start: Self.date("2027-01-29 17:00"), in: Self.zone) == "FREQ=MONTHLY;BYDAY=-1FR;COUNT=3")
        let secondTuesday = Recurrence(frequency: .monthlyByWeekday, count: 2)
        #expect(Self.local(secondTuesday.occurrences(from: Self.date("2027-01-12 19:00"), in: Self.zone)) == ["20270112T190000", "20270209T190000"])
        #expect(secondTuesday.rule(start: Self.date("2027-01-12 19:00"), in: Self.zone) == "FREQ=MONTHLY;BYDAY=2TU;COUNT=2")
    }

    @Test("A rule never makes more than the maximum, and says so by its last date")
    func maximum() {
        let daily = Recurrence(frequency: .daily, until: Self.date("2040-01-01"))
        let dates = daily.occurrences(from: Self.date("2027-01-01 09:00"), in: Self.zone)
        #expect(dates.count == Recurrence.maximumOccurrences)
        #expect(daily.rule(start: Self.date("2027-01-01 09:00"), in: Self.zone).hasSuffix("UNTIL=" + ICalendar.utcStamp(dates.last!)))
    }

    @Test("iCalendar text is escaped, and long lines are folded at 75 octets without splitting a character")
    func folding() {
        #expect(ICalendar.text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne")
        let entry = CalendarEntry(
            uid: "event-1", groupID: UUID(), moduleID: "events", title: String(repeating: "æ", count: 100), path: "/g/x/events/1",
            start: Self.date("2027-01-01 10:00"), end: Self.date("2027-01-01 11:00"), timeZone: "Europe/Copenhagen", updatedAt: Date())
        let bytes = ICalendar.document(name: "Test", entries: [entry], host: "example.org", siteURL: "https://example.org")
        let lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 75 })
        let unfolded = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("SUMMARY:" + String(repeating: "æ", count: 100) + "\r\n"))
    }

    @Test("ZoneClock gives the local days and times Foundation's calendar gives, across both clock changes of a year")
    func zoneClock() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Self.zone
        let from = Self.date("2027-01-01"), to = Self.date("2028-01-01")
        let clock = ZoneClock(zone: Self.zone, from: from, to: to)
        var instant = from
        while instant < to {
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: instant)
            let date = ZoneClock.date(ofDay: clock.day(instant))
            #expect(date.year == parts.year && date.month == parts.month && date.day == parts.day && date.weekday == (parts.weekday! + 5) % 7)
            #expect(clock.clock(instant) == String(format: "%02d:%02d", parts.hour!, parts.minute!))
            #expect(clock.start(ofDay: clock.day(instant)) == calendar.startOfDay(for: instant))
            #expect(ZoneClock.today(in: Self.zone, now: instant) == clock.day(instant))
            instant = instant.addingTimeInterval(3 * 3600 + 17 * 60)
        }
        #expect(ZoneClock.dayNumber(year: 1970, month: 1, day: 1) == 0)
        #expect(ZoneClock.dayNumber(year: 2027, month: 3, day: 1) - ZoneClock.dayNumber(year: 2027, month: 2, day: 28) == 1)
        #expect(ZoneClock.parameter(ofDay: ZoneClock.dayNumber(year: 2099, month: 12, day: 31)) == "2099-12-31")
    }
}
