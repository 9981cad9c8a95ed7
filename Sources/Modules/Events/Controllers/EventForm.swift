import Foundation
import IGroupsCore
import Vapor

/// What the event form sends, and its one check.
struct EventForm: Content {
    var title: String?
    var description: String?
    var place: String?
    var allDay: String?
    var startDate: String?
    var startTime: String?
    var endDate: String?
    var endTime: String?
    var capacity: String?
    var rsvpDate: String?
    var rsvpTime: String?
    var remind: String?
    var repeatFrequency: String?
    var repeatInterval: String?
    var repeatEnd: String?
    var repeatUntil: String?
    var repeatCount: String?

    enum CodingKeys: String, CodingKey {
        case title, description, place, capacity, remind
        case allDay = "all_day", startDate = "start_date", startTime = "start_time", endDate = "end_date", endTime = "end_time"
        case rsvpDate = "rsvp_date", rsvpTime = "rsvp_time"
        case repeatFrequency = "repeat", repeatInterval = "repeat_interval", repeatEnd = "repeat_end"
        case repeatUntil = "repeat_until", repeatCount = "repeat_count"
    }

    /// The reminders on offer, in minutes before the start.
    static let reminders = [60, 180, 1_440, 2_880, 10_080]
    /// Years an event may be in.
    static let years = 2000...2100

    /// An event's values once they passed every check.
    struct Values {
        var title: String
        var description: String
        var place: String
        var startsAt: Date
        var endsAt: Date
        var allDay: Bool
        var capacity: Int?
        var rsvpCloseSeconds: Int?
        var remindMinutes: Int?
        var recurrence: Recurrence?
    }

    /// The form for an event, as it is.
    init(event: Event) {
        let zone = event.zone
        title = event.title
        description = event.description
        place = event.place
        allDay = event.allDay ? "on" : nil
        startDate = Self.dateText(event.startsAt, zone)
        startTime = event.allDay ? "" : Self.timeText(event.startsAt, zone)
        let lastDay = event.allDay ? event.endsAt.addingTimeInterval(-1) : event.endsAt
        endDate = Self.dateText(lastDay, zone)
        endTime = event.allDay ? "" : Self.timeText(event.endsAt, zone)
        capacity = event.capacity.map(String.init) ?? ""
        if let close = event.rsvpCloseSeconds {
            let deadline = event.startsAt.addingTimeInterval(-Double(close))
            rsvpDate = Self.dateText(deadline, zone)
            rsvpTime = Self.timeText(deadline, zone)
        }
        remind = event.remindMinutes.map(String.init) ?? ""
        repeatFrequency = event.repeatFrequency ?? ""
        repeatInterval = String(event.repeatInterval)
        repeatEnd = event.repeatCount == nil ? "until" : "count"
        repeatUntil = event.repeatUntil.map { Self.dateText($0, zone) } ?? ""
        repeatCount = event.repeatCount.map(String.init) ?? ""
    }

    init() {
        repeatInterval = "1"
        repeatEnd = "until"
    }

    /// Checks every field; times are read in `zone` (the group's).
    func validate(t: Localizer, zone: TimeZone) -> (Values?, FormErrors) {
        var errors = FormErrors()
        let title = (self.title ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let description = (self.description ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let place = (self.place ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty { errors.add("title", t("events.error.title")) }
        if title.count > 200 { errors.add("title", t("profile.error.too_long", ["max": "200"])) }
        if description.utf8.count > 50_000 { errors.add("description", t("profile.error.too_long", ["max": "50000"])) }
        if place.count > 300 { errors.add("place", t("profile.error.too_long", ["max": "300"])) }
        let allDay = self.allDay == "on"
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let startDay = Self.day(startDate, calendar)
        let endDay = (endDate ?? "").isEmpty ? startDay : Self.day(endDate, calendar)
        if startDay == nil { errors.add("start_date", t("events.error.date")) }
        if endDay == nil { errors.add("end_date", t("events.error.date")) }
        var startsAt: Date?
        var endsAt: Date?
        if let startDay, let endDay {
            if allDay {
                startsAt = startDay
                endsAt = calendar.date(byAdding: .day, value: 1, to: endDay)
            } else {
                let startClock = Self.clock(startTime)
                let endClock = (endTime ?? "").isEmpty ? startClock.map { ($0.0 + 1, $0.1) } : Self.clock(endTime)
                if startClock == nil { errors.add("start_time", t("events.error.time")) }
                if endClock == nil { errors.add("end_time", t("events.error.time")) }
                if let startClock, let endClock {
                    startsAt = calendar.date(bySettingHour: startClock.0, minute: startClock.1, second: 0, of: startDay)
                    // "23:00" and no end: an hour later is the next day.
                    let endBase = (endTime ?? "").isEmpty && endClock.0 == 24 ? calendar.date(byAdding: .day, value: 1, to: endDay) : endDay
                    endsAt = endBase.flatMap { calendar.date(bySettingHour: endClock.0 % 24, minute: endClock.1, second: 0, of: $0) }
                }
            }
        }
        if let startsAt, let endsAt {
            if endsAt <= startsAt { errors.add(allDay ? "end_date" : "end_time", t("events.error.end_before_start")) }
            else if endsAt.timeIntervalSince(startsAt) > EventSchedule.maximumLength { errors.add("end_date", t("events.error.too_long")) }
        }
        var capacity: Int?
        let capacityText = (self.capacity ?? "").trimmingCharacters(in: .whitespaces)
        if !capacityText.isEmpty {
            if let value = Int(capacityText), (1...100_000).contains(value) { capacity = value } else { errors.add("capacity", t("events.error.capacity")) }
        }
        var rsvpCloseSeconds: Int?
        if !(rsvpDate ?? "").isEmpty || !(rsvpTime ?? "").isEmpty {
            let day = Self.day(rsvpDate, calendar)
            let clock = (rsvpTime ?? "").isEmpty ? (23, 59) : Self.clock(rsvpTime)
            if let day, let clock, let deadline = calendar.date(bySettingHour: clock.0 % 24, minute: clock.1, second: 0, of: day) {
                if let startsAt {
                    if deadline > startsAt { errors.add("rsvp_date", t("events.error.rsvp_after_start")) } else { rsvpCloseSeconds = Int(startsAt.timeIntervalSince(deadline)) }
                }
            } else {
                errors.add("rsvp_date", t("events.error.date"))
            }
        }
        var remindMinutes: Int?
        if let remind, !remind.isEmpty {
            if let value = Int(remind), Self.reminders.contains(value) { remindMinutes = value } else { errors.add("remind", t("group.error.choose")) }
        }
        var recurrence: Recurrence?
        if let raw = repeatFrequency, !raw.isEmpty {
            if let frequency = Recurrence.Frequency(rawValue: raw) {
                let interval = Int((repeatInterval ?? "1").trimmingCharacters(in: .whitespaces)) ?? 0
                if !Recurrence.intervals.contains(interval) { errors.add("repeat_interval", t("events.error.interval")) }
                var rule = Recurrence(frequency: frequency, interval: max(1, interval))
                if repeatEnd == "count" {
                    if let count = Int((repeatCount ?? "").trimmingCharacters(in: .whitespaces)), (2...Recurrence.maximumOccurrences).contains(count) { rule.count = count }
                    else { errors.add("repeat_count", t("events.error.count", ["max": String(Recurrence.maximumOccurrences)])) }
                } else {
                    if let until = Self.day(repeatUntil, calendar) {
                        if let startsAt, until < calendar.startOfDay(for: startsAt) { errors.add("repeat_until", t("events.error.until_before_start")) }
                        rule.until = until
                    } else {
                        errors.add("repeat_until", t("events.error.repeat_end"))
                    }
                }
                recurrence = rule
            } else {
                errors.add("repeat", t("group.error.choose"))
            }
        }
        guard errors.isEmpty, let startsAt, let endsAt else { return (nil, errors) }
        return (Values(
            title: title, description: description, place: place, startsAt: startsAt, endsAt: endsAt, allDay: allDay,
            capacity: capacity, rsvpCloseSeconds: rsvpCloseSeconds, remindMinutes: remindMinutes, recurrence: recurrence
        ), errors)
    }

    /// "2027-01-05" as the start of that day, in a year the calendar takes; nil when malformed.
    static func day(_ text: String?, _ calendar: Calendar) -> Date? {
        let parts = (text ?? "").trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              years.contains(year), (1...12).contains(month), (1...31).contains(day),
              let date = calendar.date(from: DateComponents(year: year, month: month, day: day)),
              calendar.component(.day, from: date) == day
        else { return nil }
        return date
    }

    /// "19:30" as hour and minute; nil when malformed.
    static func clock(_ text: String?) -> (Int, Int)? {
        let parts = (text ?? "").trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts[0].count <= 2, parts[1].count == 2,
              let hour = Int(parts[0]), let minute = Int(parts[1]), (0...23).contains(hour), (0...59).contains(minute)
        else { return nil }
        return (hour, minute)
    }

    static func dateText(_ date: Date, _ zone: TimeZone) -> String {
        let day = ICalendar.day(date, in: zone)
        return "\(day.prefix(4))-\(day.dropFirst(4).prefix(2))-\(day.suffix(2))"
    }

    static func timeText(_ date: Date, _ zone: TimeZone) -> String {
        let local = ICalendar.local(date, in: zone)
        let time = local.dropFirst(9)
        return "\(time.prefix(2)):\(time.dropFirst(2).prefix(2))"
    }
}
