import Foundation
import Vapor

/// Writes iCalendar (RFC 5545) documents: a group's feed, a person's feed of all their groups, one
/// event to download. Lines are folded at 75 octets and ended with CRLF; text is escaped; every zone
/// an entry is planned in gets a VTIMEZONE with its real offsets over the years the entries span.
package struct ICalendar {
    private var bytes: [UInt8] = []
    private let host: String
    private let siteURL: String

    /// `host` makes UIDs unique on the internet ("<uid>@<host>"); `siteURL` makes the entries' links absolute.
    package init(name: String, host: String, siteURL: String) {
        self.host = host
        self.siteURL = siteURL
        bytes.reserveCapacity(4096)
        line("BEGIN:VCALENDAR")
        line("VERSION:2.0")
        line("PRODID:-//iGroups//iGroups calendar//EN")
        line("CALSCALE:GREGORIAN")
        line("METHOD:PUBLISH")
        line("X-WR-CALNAME:" + Self.text(name))
    }

    /// The document for `entries`, named `name`.
    package static func document(name: String, entries: [CalendarEntry], host: String, siteURL: String, now: Date = Date()) -> [UInt8] {
        var calendar = ICalendar(name: name, host: host, siteURL: siteURL)
        calendar.zones(for: entries)
        for entry in entries { calendar.event(entry, stamp: now) }
        return calendar.finish()
    }

    /// An answer carrying an iCalendar document.
    package static func response(_ bytes: [UInt8]) -> Response {
        let response = Response(status: .ok, body: .init(data: Data(bytes)))
        response.headers.replaceOrAdd(name: .contentType, value: "text/calendar; charset=utf-8")
        return response
    }

    /// Adds one VTIMEZONE for each zone the timed entries use, covering the years they span.
    package mutating func zones(for entries: [CalendarEntry]) {
        var spans: [String: (Date, Date)] = [:]
        for entry in entries where !entry.allDay {
            let last = entry.recurrence.flatMap { $0.until ?? Optional(entry.start.addingTimeInterval(Double(min($0.count ?? 1, Recurrence.maximumOccurrences)) * 31 * 86_400 * Double($0.interval))) } ?? (entry.end ?? entry.start)
            let first = min(entry.start, entry.recurrenceID ?? entry.start)
            if let span = spans[entry.timeZone] {
                spans[entry.timeZone] = (min(span.0, first), max(span.1, last))
            } else {
                spans[entry.timeZone] = (first, last)
            }
        }
        for (identifier, span) in spans.sorted(by: { $0.key < $1.key }) {
            guard let zone = TimeZone(identifier: identifier) else { continue }
            timeZone(zone, from: span.0, to: span.1)
        }
    }

    /// A VTIMEZONE with the offset in force at `from` and every change of offset until a year after `to`.
    package mutating func timeZone(_ zone: TimeZone, from: Date, to: Date) {
        line("BEGIN:VTIMEZONE")
        line("TZID:" + zone.identifier)
        // Start a little before the first entry, so the offset in force at its start is stated.
        let origin = from.addingTimeInterval(-400 * 86_400)
        let end = to.addingTimeInterval(400 * 86_400)
        let initial = zone.secondsFromGMT(for: origin)
        observance(zone.isDaylightSavingTime(for: origin) ? "DAYLIGHT" : "STANDARD", at: origin, offsetFrom: initial, offsetTo: initial, name: zone.abbreviation(for: origin))
        var cursor = origin
        var count = 0
        while let change = zone.nextDaylightSavingTimeTransition(after: cursor), change < end, count < 400 {
            let before = zone.secondsFromGMT(for: change.addingTimeInterval(-1))
            let after = zone.secondsFromGMT(for: change)
            if before != after {
                observance(zone.isDaylightSavingTime(for: change) ? "DAYLIGHT" : "STANDARD", at: change, offsetFrom: before, offsetTo: after, name: zone.abbreviation(for: change))
            }
            cursor = change
            count += 1
        }
        line("END:VTIMEZONE")
    }

    private mutating func observance(_ kind: String, at date: Date, offsetFrom: Int, offsetTo: Int, name: String?) {
        line("BEGIN:" + kind)
        // DTSTART of an observance is the local time before the change.
        line("DTSTART:" + Self.stamp(date.addingTimeInterval(Double(offsetFrom)), utc: false))
        line("TZOFFSETFROM:" + Self.offset(offsetFrom))
        line("TZOFFSETTO:" + Self.offset(offsetTo))
        if let name { line("TZNAME:" + Self.text(name)) }
        line("END:" + kind)
    }

    /// One VEVENT.
    package mutating func event(_ entry: CalendarEntry, stamp: Date) {
        let zone = TimeZone(identifier: entry.timeZone) ?? .gmt
        line("BEGIN:VEVENT")
        line("UID:" + Self.text(entry.uid + "@" + host))
        line("DTSTAMP:" + Self.utcStamp(stamp))
        line("LAST-MODIFIED:" + Self.utcStamp(entry.updatedAt))
        if entry.sequence > 0 { line("SEQUENCE:\(entry.sequence)") }
        if entry.allDay {
            line("DTSTART;VALUE=DATE:" + Self.day(entry.start, in: zone))
            let end = entry.end ?? entry.start.addingTimeInterval(86_400)
            line("DTEND;VALUE=DATE:" + Self.day(max(end, entry.start.addingTimeInterval(86_400)), in: zone))
        } else {
            line("DTSTART;TZID=\(zone.identifier):" + Self.local(entry.start, in: zone))
            line("DTEND;TZID=\(zone.identifier):" + Self.local(entry.end ?? entry.start, in: zone))
        }
        if let recurrenceID = entry.recurrenceID {
            line(entry.allDay ? "RECURRENCE-ID;VALUE=DATE:" + Self.day(recurrenceID, in: zone) : "RECURRENCE-ID;TZID=\(zone.identifier):" + Self.local(recurrenceID, in: zone))
        }
        if let recurrence = entry.recurrence {
            line("RRULE:" + recurrence.rule(start: entry.start, in: zone, allDay: entry.allDay))
            if !entry.exceptions.isEmpty {
                let dates = entry.exceptions.sorted().map { entry.allDay ? Self.day($0, in: zone) : Self.local($0, in: zone) }
                line((entry.allDay ? "EXDATE;VALUE=DATE:" : "EXDATE;TZID=\(zone.identifier):") + dates.joined(separator: ","))
            }
        }
        line("SUMMARY:" + Self.text(entry.title))
        if !entry.details.isEmpty { line("DESCRIPTION:" + Self.text(entry.details)) }
        if !entry.place.isEmpty { line("LOCATION:" + Self.text(entry.place)) }
        line("URL:" + siteURL + entry.path)
        line("STATUS:" + (entry.cancelled ? "CANCELLED" : "CONFIRMED"))
        line("END:VEVENT")
    }

    package mutating func finish() -> [UInt8] {
        line("END:VCALENDAR")
        return bytes
    }

    /// Appends a content line, folded so no line is longer than 75 octets, never inside a UTF-8 character.
    private mutating func line(_ text: String) {
        var width = 0
        for byte in text.utf8 {
            // A character's first byte says how long it is; the fold comes before a character that would not fit.
            if byte & 0xC0 != 0x80 {
                let length = byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
                if width + length > 75 {
                    bytes.append(13)
                    bytes.append(10)
                    bytes.append(32)
                    width = 1
                }
            }
            bytes.append(byte)
            width += 1
        }
        bytes.append(13)
        bytes.append(10)
    }

    /// TEXT escaped as RFC 5545 §3.3.11 says.
    package static func text(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            case "\r": continue
            default:
                // Other control characters are not allowed in TEXT.
                if scalar.value < 0x20 && scalar != "\t" { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// 20270105T180000Z
    package static func utcStamp(_ date: Date) -> String { stamp(date, utc: true) }

    /// The wall-clock time in a zone: 20270105T190000
    package static func local(_ date: Date, in zone: TimeZone) -> String {
        stamp(date.addingTimeInterval(Double(zone.secondsFromGMT(for: date))), utc: false)
    }

    /// The day in a zone: 20270105
    package static func day(_ date: Date, in zone: TimeZone) -> String {
        String(local(date, in: zone).prefix(8))
    }

    private static func stamp(_ date: Date, utc: Bool) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var out = ""
        out.reserveCapacity(16)
        pad(&out, Int(parts.tm_year) + 1900, 4)
        pad(&out, Int(parts.tm_mon) + 1, 2)
        pad(&out, Int(parts.tm_mday), 2)
        out += "T"
        pad(&out, Int(parts.tm_hour), 2)
        pad(&out, Int(parts.tm_min), 2)
        pad(&out, Int(parts.tm_sec), 2)
        if utc { out += "Z" }
        return out
    }

    private static func pad(_ out: inout String, _ value: Int, _ width: Int) {
        let digits = String(value)
        if digits.count < width { out += String(repeating: "0", count: width - digits.count) }
        out += digits
    }

    /// +0100, -0330
    private static func offset(_ seconds: Int) -> String {
        var out = seconds < 0 ? "-" : "+"
        let minutes = abs(seconds) / 60
        pad(&out, minutes / 60, 2)
        pad(&out, minutes % 60, 2)
        return out
    }
}
