import Foundation
import IGroupsCore
import Vapor

enum CalendarViews {
    /// The feed addresses a viewer may subscribe to.
    struct Subscription: Sendable {
        let publicFeed: String?
        let groupFeed: String?
        let personalFeed: String?
        let signedIn: Bool
    }

    /// "19:00" in a zone, without a formatter: both languages write times with 24 hours.
    static func clock(_ date: Date, _ zone: TimeZone) -> String {
        let local = ICalendar.local(date, in: zone)
        let time = local.utf8.dropFirst(9)
        return String(decoding: time.prefix(2), as: UTF8.self) + ":" + String(decoding: time.dropFirst(2).prefix(2), as: UTF8.self)
    }

    /// "2027-01-05"
    static func dayParameter(_ date: Date, _ zone: TimeZone) -> String {
        let day = ICalendar.day(date, in: zone)
        return "\(day.prefix(4))-\(day.dropFirst(4).prefix(2))-\(day.suffix(2))"
    }

    /// The entries by the days (yyyyMMdd in the zone) they touch; a span ending at midnight ends the day before.
    static func byDay(_ entries: [CalendarEntry], zone: TimeZone, calendar: Calendar, within: Range<Date>) -> [String: [CalendarEntry]] {
        var days: [String: [CalendarEntry]] = [:]
        for entry in entries {
            // An all-day entry keeps its days in its own zone, wherever it is seen from.
            let own = entry.allDay ? TimeZone(identifier: entry.timeZone) ?? zone : zone
            var dayCalendar = calendar
            dayCalendar.timeZone = own
            var day = dayCalendar.startOfDay(for: max(entry.start, within.lowerBound))
            let end = min(entry.end ?? entry.start, within.upperBound)
            repeat {
                days[ICalendar.day(day, in: own), default: []].append(entry)
                guard let next = dayCalendar.date(byAdding: .day, value: 1, to: day) else { break }
                day = next
            } while day < end && day < within.upperBound
        }
        return days
    }

    /// The switch between views and the way back and forth.
    static func toolbar(base: String, current: String, title: String, previous: String, next: String, today: String, t: Localizer, into h: inout HTML) {
        h.el("div", .class("calendar-toolbar")) { h in
            h.el("h1", text: title)
            h.el("nav", .class("actions-row"), .aria("label", t("calendar.navigate"))) { h in
                h.el("a", .class("button button-secondary"), .href(previous), .attr("rel", "prev"), text: t("calendar.previous"))
                h.el("a", .class("button button-secondary"), .href(today), text: t("calendar.today"))
                h.el("a", .class("button button-secondary"), .href(next), .attr("rel", "next"), text: t("calendar.next"))
            }
            h.el("nav", .class("actions-row"), .aria("label", t("calendar.views"))) { h in
                for (view, path) in [("month", ""), ("week", "/week"), ("agenda", "/agenda")] {
                    h.el("a", .href(base + path), view == current ? .aria("current", "page") : .flag("", false), text: t("calendar.view." + view))
                }
            }
        }
    }

    /// One entry as a line: its time (or "all day", "deadline") and its title, linked.
    static func entry(_ entry: CalendarEntry, zone: TimeZone, t: Localizer, into h: inout HTML) {
        h.el("li", .class("calendar-entry calendar-entry-" + entry.moduleID)) { h in
            h.el("a", .href(entry.path)) { h in
                if entry.allDay {
                    h.el("span", .class("calendar-time"), text: t("calendar.all_day"))
                } else if entry.end == nil {
                    h.el("span", .class("calendar-time"), text: clock(entry.start, zone) + " " + t("calendar.deadline"))
                } else {
                    h.el("span", .class("calendar-time"), text: clock(entry.start, zone))
                }
                h.text(" " + entry.title)
            }
        }
    }

    static func subscribe(_ subscription: Subscription, slug: String, layout: Layout.Model, into h: inout HTML) {
        let t = layout.t
        h.el("section", .class("card"), .id("subscribe")) { h in
            h.el("h2", text: t("calendar.subscribe"))
            h.el("p", .class("muted"), text: t("calendar.subscribe.lead"))
            if let url = subscription.publicFeed { feedLine(t("calendar.feed.public"), url, into: &h) }
            if let url = subscription.groupFeed { feedLine(t("calendar.feed.group"), url, into: &h) }
            if let url = subscription.personalFeed { feedLine(t("calendar.feed.personal"), url, into: &h) }
            if subscription.signedIn {
                if subscription.personalFeed != nil { h.el("p", .class("muted"), text: t("calendar.feed.secret")) }
                h.el("form", .method("post"), .action("/g/\(slug)/calendar/token")) { h in
                    Parts.csrf(layout.csrf, into: &h)
                    h.el("button", .type("submit"), .class("button button-secondary"), text: t(subscription.personalFeed == nil ? "calendar.feed.make" : "calendar.feed.reset"))
                }
            }
        }
    }

    private static func feedLine(_ label: String, _ url: String, into h: inout HTML) {
        h.el("div", .class("field")) { h in
            let id = "feed-" + String(CalendarFeeds.stableHash(label), radix: 36)
            h.el("label", .for(id), text: label)
            h.void("input", .id(id), .class("copyable"), .type("text"), .attr("readonly", "readonly"), .value(url))
        }
    }

    /// A month as a grid of weeks; on a phone, a list of the days that have something.
    struct Month: PageView {
        let layout: Layout.Model
        let chrome: GroupChrome
        let zone: TimeZone
        let first: Date
        let gridStart: Date
        let gridEnd: Date
        let entries: [CalendarEntry]
        let now: Date
        let subscription: Subscription

        /// Entries shown in a day's box before "n more".
        static let perDay = 4

        func content(_ h: inout HTML) {
            let t = layout.t
            let calendar = CalendarController.calendar(zone)
            let base = "/g/\(chrome.slug)/calendar"
            chrome.write(t: t, into: &h)
            let title = first.formatted(Date.FormatStyle(locale: t.locale, timeZone: zone).month(.wide).year())
            let monthOf = { (date: Date) in String(CalendarViews.dayParameter(date, zone).prefix(7)) }
            toolbar(
                base: base, current: "month", title: title,
                previous: base + "?month=" + monthOf(calendar.date(byAdding: .month, value: -1, to: first) ?? first),
                next: base + "?month=" + monthOf(calendar.date(byAdding: .month, value: 1, to: first) ?? first),
                today: base, t: t, into: &h)
            let days = byDay(entries, zone: zone, calendar: calendar, within: gridStart..<gridEnd)
            let month = calendar.component(.month, from: first)
            let today = ICalendar.day(now, in: zone)
            if entries.isEmpty { h.el("p", .class("muted"), text: t("calendar.empty_month")) }
            h.el("table", .class("calendar-month")) { h in
                h.el("caption", .class("visually-hidden"), text: title)
                h.el("thead") { h in
                    h.el("tr") { h in
                        var symbols = calendar.standaloneWeekdaySymbols(t.locale)
                        symbols = Array(symbols[1...] + symbols[..<1])
                        for symbol in symbols { h.el("th", .attr("scope", "col"), text: symbol) }
                    }
                }
                h.el("tbody") { h in
                    var day = gridStart
                    while day < gridEnd {
                        h.el("tr") { h in
                            for _ in 0..<7 {
                                let key = ICalendar.day(day, in: zone)
                                let list = days[key] ?? []
                                var classes = "calendar-day"
                                if calendar.component(.month, from: day) != month { classes += " calendar-outside" }
                                if key == today { classes += " calendar-today" }
                                if list.isEmpty { classes += " calendar-free" }
                                let parameter = CalendarViews.dayParameter(day, zone)
                                h.el("td", .class(classes), key == today ? .aria("current", "date") : .flag("", false)) { h in
                                    h.el("a", .class("calendar-date"), .href(base + "/agenda?from=" + parameter)) { h in
                                        h.el("span", .class("calendar-weekday"), text: day.formatted(Date.FormatStyle(locale: t.locale, timeZone: zone).weekday(.abbreviated)) + " ")
                                        h.text(String(calendar.component(.day, from: day)))
                                    }
                                    if !list.isEmpty {
                                        h.el("ul", .class("calendar-entries")) { h in
                                            for item in list.prefix(Self.perDay) { CalendarViews.entry(item, zone: zone, t: t, into: &h) }
                                        }
                                        if list.count > Self.perDay {
                                            h.el("a", .class("calendar-more"), .href(base + "/agenda?from=" + parameter), text: t("calendar.more", ["count": t.number(list.count - Self.perDay)]))
                                        }
                                    }
                                }
                                day = calendar.date(byAdding: .day, value: 1, to: day) ?? gridEnd
                            }
                        }
                    }
                }
            }
            subscribe(subscription, slug: chrome.slug, layout: layout, into: &h)
        }
    }

    /// A week, or the agenda: day after day, each with what is on it.
    struct Days: PageView {
        enum Kind { case week, agenda }

        let layout: Layout.Model
        let chrome: GroupChrome
        let zone: TimeZone
        let kind: Kind
        let start: Date
        let end: Date
        let entries: [CalendarEntry]
        let now: Date
        let subscription: Subscription

        func content(_ h: inout HTML) {
            let t = layout.t
            let calendar = CalendarController.calendar(zone)
            let base = "/g/\(chrome.slug)/calendar"
            chrome.write(t: t, into: &h)
            let lastDay = calendar.date(byAdding: .day, value: -1, to: end) ?? start
            let title = t.date(start, timeZone: zone) + " – " + t.date(lastDay, timeZone: zone)
            let step = kind == .week ? 7 : CalendarController.agendaDays
            let path = kind == .week ? "/week?date=" : "/agenda?from="
            toolbar(
                base: base, current: kind == .week ? "week" : "agenda", title: title,
                previous: base + path + CalendarViews.dayParameter(calendar.date(byAdding: .day, value: -step, to: start) ?? start, zone),
                next: base + path + CalendarViews.dayParameter(end, zone),
                today: base + (kind == .week ? "/week" : "/agenda"), t: t, into: &h)
            let days = byDay(entries, zone: zone, calendar: calendar, within: start..<end)
            let today = ICalendar.day(now, in: zone)
            if entries.isEmpty { h.el("p", .class("muted"), text: t(kind == .week ? "calendar.empty_week" : "calendar.empty_agenda")) }
            h.el("ol", .class("calendar-days")) { h in
                var day = start
                while day < end {
                    let key = ICalendar.day(day, in: zone)
                    let list = days[key] ?? []
                    // The agenda leaves out empty days; the week shows all seven.
                    if kind == .week || !list.isEmpty {
                        h.el("li", .class(key == today ? "calendar-daylist calendar-today" : "calendar-daylist")) { h in
                            h.el("h2", text: day.formatted(Date.FormatStyle(locale: t.locale, timeZone: zone).weekday(.wide)) + " " + t.date(day, timeZone: zone))
                            if list.isEmpty {
                                h.el("p", .class("muted"), text: t("calendar.nothing"))
                            } else {
                                h.el("ul", .class("calendar-entries")) { h in
                                    for item in list { CalendarViews.entry(item, zone: zone, t: t, into: &h) }
                                }
                            }
                        }
                    }
                    day = calendar.date(byAdding: .day, value: 1, to: day) ?? end
                }
            }
            subscribe(subscription, slug: chrome.slug, layout: layout, into: &h)
        }
    }
}

extension Calendar {
    /// The weekday names, Sunday first, in a language.
    func standaloneWeekdaySymbols(_ locale: Locale) -> [String] {
        var copy = self
        copy.locale = locale
        return copy.standaloneWeekdaySymbols
    }
}
