import Foundation
import IGroupsCore
import NIOConcurrencyHelpers
import Vapor

enum CalendarViews {
    /// The feed addresses a viewer may subscribe to.
    struct Subscription: Sendable {
        let publicFeed: String?
        let groupFeed: String?
        let personalFeed: String?
        let signedIn: Bool
    }

    /// Weekday and month names of a language, looked up once: formatting a date is slower than drawing a day.
    struct Names: Sendable {
        /// Monday first.
        let weekdays: [String]
        let shortWeekdays: [String]
        let months: [String]
        let language: Language

        private static let known = NIOLockedValueBox<[Language: Names]>([:])

        static func of(_ t: Localizer) -> Names {
            if let names = known.withLockedValue({ $0[t.language] }) { return names }
            var calendar = Calendar(identifier: .gregorian)
            calendar.locale = t.locale
            let monday = { (symbols: [String]) in Array(symbols[1...] + symbols[..<1]) }
            let names = Names(
                weekdays: monday(calendar.standaloneWeekdaySymbols), shortWeekdays: monday(calendar.shortStandaloneWeekdaySymbols),
                months: calendar.standaloneMonthSymbols, language: t.language)
            known.withLockedValue { $0[t.language] = names }
            return names
        }

        /// "4 July 2099", "4. juli 2099": the day as `Localizer.date` writes it.
        func long(_ day: Int) -> String {
            let date = ZoneClock.date(ofDay: day)
            let month = months[date.month - 1]
            return language == .da ? "\(date.day). \(month) \(date.year)" : "\(date.day) \(month) \(date.year)"
        }

        /// "Saturday 4 July 2099"
        func heading(_ day: Int) -> String {
            weekdays[ZoneClock.date(ofDay: day).weekday] + " " + long(day)
        }

        /// "July 2099", "juli 2099"
        func month(year: Int, month: Int) -> String {
            months[month - 1] + " " + String(year)
        }
    }

    /// Indices of the entries by the local days (day numbers) they touch within `days`; a span ending at
    /// midnight ends the day before, and an all-day entry keeps its days in its own zone.
    static func byDay(_ entries: [CalendarEntry], clock: ZoneClock, days: Range<Int>) -> [Int: [Int]] {
        var result: [Int: [Int]] = [:]
        var clocks: [String: ZoneClock] = [:]
        for (index, entry) in entries.enumerated() {
            var own = clock
            if entry.allDay, let zone = TimeZone(identifier: entry.timeZone) {
                if let known = clocks[entry.timeZone] { own = known } else {
                    // Over the page's whole span (and the month an entry may start before it).
                    own = ZoneClock(
                        zone: zone, from: Date(timeIntervalSince1970: Double((days.lowerBound - 33) * 86_400)),
                        to: Date(timeIntervalSince1970: Double((days.upperBound + 2) * 86_400)))
                    clocks[entry.timeZone] = own
                }
            }
            let first = own.day(entry.start)
            let last = entry.end.map { $0 > entry.start ? own.day($0.addingTimeInterval(-1)) : first } ?? first
            let lower = max(first, days.lowerBound)
            let upper = min(last, days.upperBound - 1)
            guard lower <= upper else { continue }
            for day in lower...upper { result[day, default: []].append(index) }
        }
        return result
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
    static func entry(_ entry: CalendarEntry, clock: ZoneClock, t: Localizer, into h: inout HTML) {
        h.el("li", .class("calendar-entry calendar-entry-" + entry.moduleID)) { h in
            h.el("a", .href(entry.path)) { h in
                if entry.allDay {
                    h.el("span", .class("calendar-time"), text: t("calendar.all_day"))
                } else if entry.end == nil {
                    h.el("span", .class("calendar-time"), text: clock.clock(entry.start) + " " + t("calendar.deadline"))
                } else {
                    h.el("span", .class("calendar-time"), text: clock.clock(entry.start))
                }
                h.text(" " + entry.title)
            }
        }
    }

    /// The way to the feed addresses, under each view.
    static func subscribeLink(slug: String, t: Localizer, into h: inout HTML) {
        h.el("p") { $0.el("a", .href("/g/\(slug)/calendar/subscribe"), text: t("calendar.subscribe")) }
    }

    /// The feed addresses the viewer may use, and the button that makes new ones.
    struct Subscribe: PageView {
        let layout: Layout.Model
        let chrome: GroupChrome
        let subscription: Subscription

        func content(_ h: inout HTML) {
            chrome.write(t: layout.t, into: &h)
            CalendarViews.subscribe(subscription, slug: chrome.slug, layout: layout, into: &h)
        }
    }

    static func subscribe(_ subscription: Subscription, slug: String, layout: Layout.Model, into h: inout HTML) {
        let t = layout.t
        h.el("section", .class("card"), .id("subscribe")) { h in
            h.el("h1", text: t("calendar.subscribe"))
            h.el("p", .class("muted"), text: t("calendar.subscribe.lead"))
            if let url = subscription.publicFeed { feedLine("feed-public", t("calendar.feed.public"), url, into: &h) }
            if let url = subscription.groupFeed { feedLine("feed-group", t("calendar.feed.group"), url, into: &h) }
            if let url = subscription.personalFeed { feedLine("feed-personal", t("calendar.feed.personal"), url, into: &h) }
            if !subscription.signedIn && subscription.publicFeed == nil { h.el("p", text: t("calendar.feed.sign_in")) }
            if subscription.signedIn {
                if subscription.personalFeed != nil { h.el("p", .class("muted"), text: t("calendar.feed.secret")) }
                h.el("form", .method("post"), .action("/g/\(slug)/calendar/token")) { h in
                    Parts.csrf(layout.csrf, into: &h)
                    h.el("button", .type("submit"), .class("button button-secondary"), text: t(subscription.personalFeed == nil ? "calendar.feed.make" : "calendar.feed.reset"))
                }
            }
        }
    }

    private static func feedLine(_ id: String, _ label: String, _ url: String, into h: inout HTML) {
        h.el("div", .class("field")) { h in
            h.el("label", .for(id), text: label)
            h.void("input", .id(id), .class("copyable"), .type("text"), .attr("readonly", "readonly"), .value(url))
        }
    }

    /// A month as a grid of weeks; on a phone, a list of the days that have something.
    struct Month: PageView {
        let layout: Layout.Model
        let chrome: GroupChrome
        let year: Int
        let month: Int
        /// The grid of days with their entries, as `grid(…)` drew it (kept between pages).
        let grid: HTML

        /// Entries shown in a day's box before "n more".
        static let perDay = 4

        func content(_ h: inout HTML) {
            let t = layout.t
            let base = "/g/\(chrome.slug)/calendar"
            chrome.write(t: t, into: &h)
            let monthParameter = { (year: Int, month: Int) in String(year) + "-" + (month < 10 ? "0" : "") + String(month) }
            toolbar(
                base: base, current: "month", title: Names.of(t).month(year: year, month: month),
                previous: base + "?month=" + (month == 1 ? monthParameter(year - 1, 12) : monthParameter(year, month - 1)),
                next: base + "?month=" + (month == 12 ? monthParameter(year + 1, 1) : monthParameter(year, month + 1)),
                today: base, t: t, into: &h)
            h.append(grid)
            subscribeLink(slug: chrome.slug, t: t, into: &h)
        }

        /// The month's grid: the weekdays, then a row for each week, each day with its first entries.
        static func grid(slug: String, clock: ZoneClock, year: Int, month: Int, days: Range<Int>, today: Int, entries: [CalendarEntry], t: Localizer) -> HTML {
            var h = HTML(capacity: 65_536)
            let names = Names.of(t)
            let base = "/g/\(slug)/calendar"
            let byDay = CalendarViews.byDay(entries, clock: clock, days: days)
            if entries.isEmpty { h.el("p", .class("muted"), text: t("calendar.empty_month")) }
            h.el("table", .class("calendar-month")) { h in
                h.el("caption", .class("visually-hidden"), text: names.month(year: year, month: month))
                h.el("thead") { h in
                    h.el("tr") { h in
                        for name in names.weekdays { h.el("th", .attr("scope", "col"), text: name) }
                    }
                }
                h.el("tbody") { h in
                    for week in stride(from: days.lowerBound, to: days.upperBound, by: 7) {
                        h.el("tr") { h in
                            for day in week..<(week + 7) {
                                cell(day, byDay[day] ?? [], entries: entries, month: month, today: today, clock: clock, names: names, base: base, t: t, into: &h)
                            }
                        }
                    }
                }
            }
            return h
        }

        private static func cell(
            _ day: Int, _ list: [Int], entries: [CalendarEntry], month: Int, today: Int, clock: ZoneClock, names: Names, base: String, t: Localizer,
            into h: inout HTML
        ) {
            let date = ZoneClock.date(ofDay: day)
            var classes = "calendar-day"
            if date.month != month { classes += " calendar-outside" }
            if day == today { classes += " calendar-today" }
            if list.isEmpty { classes += " calendar-free" }
            let parameter = ZoneClock.parameter(ofDay: day)
            h.el("td", .class(classes), day == today ? .aria("current", "date") : .flag("", false)) { h in
                h.el("a", .class("calendar-date"), .href(base + "/agenda?from=" + parameter)) { h in
                    h.el("span", .class("calendar-weekday"), text: names.shortWeekdays[date.weekday] + " ")
                    h.text(String(date.day))
                }
                guard !list.isEmpty else { return }
                h.el("ul", .class("calendar-entries")) { h in
                    for index in list.prefix(perDay) { CalendarViews.entry(entries[index], clock: clock, t: t, into: &h) }
                }
                if list.count > perDay {
                    h.el("a", .class("calendar-more"), .href(base + "/agenda?from=" + parameter), text: t("calendar.more", ["count": t.number(list.count - perDay)]))
                }
            }
        }
    }

    /// A week, or the agenda: day after day, each with what is on it.
    struct Days: PageView {
        enum Kind { case week, agenda }

        let layout: Layout.Model
        let chrome: GroupChrome
        let clock: ZoneClock
        let kind: Kind
        let days: Range<Int>
        let today: Int
        let entries: [CalendarEntry]

        func content(_ h: inout HTML) {
            let t = layout.t
            let names = Names.of(t)
            let base = "/g/\(chrome.slug)/calendar"
            chrome.write(t: t, into: &h)
            let title = names.long(days.lowerBound) + " – " + names.long(days.upperBound - 1)
            let step = days.count
            let path = kind == .week ? "/week?date=" : "/agenda?from="
            toolbar(
                base: base, current: kind == .week ? "week" : "agenda", title: title,
                previous: base + path + ZoneClock.parameter(ofDay: days.lowerBound - step),
                next: base + path + ZoneClock.parameter(ofDay: days.upperBound),
                today: base + (kind == .week ? "/week" : "/agenda"), t: t, into: &h)
            let byDay = CalendarViews.byDay(entries, clock: clock, days: days)
            if entries.isEmpty { h.el("p", .class("muted"), text: t(kind == .week ? "calendar.empty_week" : "calendar.empty_agenda")) }
            h.el("ol", .class("calendar-days")) { h in
                for day in days {
                    let list = byDay[day] ?? []
                    // The agenda leaves out empty days; the week shows all seven.
                    guard kind == .week || !list.isEmpty else { continue }
                    h.el("li", .class(day == today ? "calendar-daylist calendar-today" : "calendar-daylist")) { h in
                        h.el("h2", text: names.heading(day))
                        if list.isEmpty {
                            h.el("p", .class("muted"), text: t("calendar.nothing"))
                        } else {
                            h.el("ul", .class("calendar-entries")) { h in
                                for index in list { CalendarViews.entry(entries[index], clock: clock, t: t, into: &h) }
                            }
                        }
                    }
                }
            }
            subscribeLink(slug: chrome.slug, t: t, into: &h)
        }
    }
}
