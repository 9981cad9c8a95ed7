import Foundation
import IGroupsCore
import Vapor

/// Event times written out: "5. januar 2027, 19:00–22:00", "5.–7. januar 2027 (all day)".
enum EventTimes {
    static func time(_ date: Date, zone: TimeZone, t: Localizer) -> String {
        date.formatted(Date.FormatStyle(date: .omitted, time: .shortened, locale: t.locale, timeZone: zone))
    }

    static func describe(start: Date, end: Date, allDay: Bool, zone: TimeZone, t: Localizer) -> String {
        if allDay {
            let last = end.addingTimeInterval(-1)
            let first = t.date(start, timeZone: zone)
            let final = t.date(last, timeZone: zone)
            return (first == final ? first : first + " – " + final) + " (" + t("events.all_day") + ")"
        }
        let startDay = t.date(start, timeZone: zone)
        if startDay == t.date(end, timeZone: zone) {
            return startDay + ", " + time(start, zone: zone, t: t) + "–" + time(end, zone: zone, t: t)
        }
        return t.dateTime(start, timeZone: zone) + " – " + t.dateTime(end, timeZone: zone)
    }

    /// "Every 2 weeks, until 30 June 2027", "Monthly on the last Friday, 12 times".
    static func rule(_ rule: Recurrence, start: Date, zone: TimeZone, t: Localizer) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let every: String
        switch rule.frequency {
        case .daily: every = rule.interval == 1 ? t("events.rule.daily") : t("events.rule.days", ["count": String(rule.interval)])
        case .weekly: every = rule.interval == 1 ? t("events.rule.weekly") : t("events.rule.weeks", ["count": String(rule.interval)])
        case .monthlyByDate:
            let day = String(calendar.component(.day, from: start))
            every = rule.interval == 1 ? t("events.rule.monthly_date", ["day": day]) : t("events.rule.months_date", ["count": String(rule.interval), "day": day])
        case .monthlyByWeekday:
            let day = calendar.component(.day, from: start)
            let ordinal = Recurrence.weekdayOrdinal(day: day, daysInMonth: calendar.range(of: .day, in: .month, for: start)?.count ?? 30)
            var named = calendar
            named.locale = t.locale
            let weekday = named.weekdaySymbols[calendar.component(.weekday, from: start) - 1]
            let which = t("events.rule.ordinal.\(ordinal)", ["weekday": weekday])
            every = rule.interval == 1 ? t("events.rule.monthly_weekday", ["which": which]) : t("events.rule.months_weekday", ["count": String(rule.interval), "which": which])
        }
        if let count = rule.count { return every + ", " + t("events.rule.times", ["count": String(count)]) }
        if let until = rule.until { return every + ", " + t("events.rule.until", ["date": t.date(until, timeZone: zone)]) }
        return every
    }

    /// The zone's name, when it is not the site's own.
    static func zoneNote(_ zone: TimeZone, t: Localizer) -> String? {
        zone == Localizer.defaultTimeZone ? nil : t("events.time_zone", ["zone": zone.identifier.replacingOccurrences(of: "_", with: " ")])
    }
}

/// Coming (or past) dates of the group's events.
struct EventList: PageView {
    struct Item: Sendable {
        let id: UUID
        let title: String
        let start: Date
        let end: Date
        let allDay: Bool
        let place: String
        let cancelled: Bool
    }

    let layout: Layout.Model
    let chrome: GroupChrome
    let items: [Item]
    let past: Bool
    let pagination: Pagination
    let mayPlan: Bool
    /// The viewer's zone for times; all-day dates stay in the group's.
    let zone: TimeZone
    let groupZone: TimeZone

    func content(_ h: inout HTML) {
        let t = layout.t
        let base = "/g/\(chrome.slug)/events"
        chrome.write(t: t, into: &h)
        h.el("div", .class("page-title")) { h in
            h.el("h1", text: layout.title)
            if mayPlan { h.el("a", .class("button button-primary"), .href(base + "/new"), text: t("events.new")) }
        }
        h.el("nav", .class("actions-row"), .aria("label", t("events.which"))) { h in
            h.el("a", .href(base), past ? .flag("", false) : .aria("current", "page"), text: t("events.coming"))
            h.el("a", .href(base + "?past=1"), past ? .aria("current", "page") : .flag("", false), text: t("events.past"))
            h.el("a", .href("/g/\(chrome.slug)/calendar"), text: t("events.to_calendar"))
        }
        if let note = EventTimes.zoneNote(zone, t: t) { h.el("p", .class("muted"), text: note) }
        guard !items.isEmpty else {
            Parts.emptyState(
                title: t(past ? "events.empty_past.title" : "events.empty.title"), text: t(past ? "events.empty_past.text" : "events.empty.text"),
                action: mayPlan && !past ? (t("events.new"), base + "/new") : nil, into: &h)
            return
        }
        h.el("section", .class("card")) { h in
            h.el("ul", .class("rows")) { h in
                for item in items {
                    h.el("li", .class("row")) { h in
                        h.el("div", .class("row-main")) { h in
                            h.el("a", .href("\(base)/\(item.id.uuidString)"), text: item.title)
                            if item.cancelled { h.text(" "); h.el("span", .class("badge"), text: t("events.cancelled")) }
                            h.el("p", .class("muted"), text: EventTimes.describe(start: item.start, end: item.end, allDay: item.allDay, zone: item.allDay ? groupZone : zone, t: t) + (item.place.isEmpty ? "" : " · " + item.place))
                        }
                    }
                }
            }
        }
        Parts.pagination(pagination, t: t, url: { "\(base)?\(past ? "past=1&" : "")page=\($0)" }, into: &h)
    }
}

/// Planning or changing an event.
struct EventEdit: PageView {
    let layout: Layout.Model
    let chrome: GroupChrome
    let form: EventForm
    /// "new" or "<occurrence>/edit", under the module's path.
    let action: String
    let errors: FormErrors
    let repeats: Bool
    let zone: String

    func content(_ h: inout HTML) {
        let t = layout.t
        chrome.write(t: t, into: &h)
        Parts.formCard(layout, errors: errors, action: "/g/\(chrome.slug)/events/\(action)", submit: t("events.save"), lead: t("events.lead", ["zone": zone.replacingOccurrences(of: "_", with: " ")]), into: &h) { h in
            Parts.field(FormField(name: "title", label: t("events.field.title"), value: form.title ?? "", required: true, maxLength: 200), errors: errors, into: &h)
            Parts.checkbox(name: "all_day", label: t("events.field.all_day"), checked: form.allDay == "on", errors: errors, into: &h)
            h.el("div", .class("field-pair")) { h in
                Parts.field(FormField(name: "start_date", label: t("events.field.start_date"), type: "date", value: form.startDate ?? "", required: true), errors: errors, into: &h)
                Parts.field(FormField(name: "start_time", label: t("events.field.start_time"), type: "time", value: form.startTime ?? "", hint: t("events.field.time_hint")), errors: errors, into: &h)
            }
            h.el("div", .class("field-pair")) { h in
                Parts.field(FormField(name: "end_date", label: t("events.field.end_date"), type: "date", value: form.endDate ?? ""), errors: errors, into: &h)
                Parts.field(FormField(name: "end_time", label: t("events.field.end_time"), type: "time", value: form.endTime ?? ""), errors: errors, into: &h)
            }
            Parts.field(FormField(name: "place", label: t("events.field.place"), value: form.place ?? "", hint: t("events.field.place_hint"), maxLength: 300), errors: errors, into: &h)
            Parts.field(FormField(name: "description", label: t("events.field.description"), type: "textarea", value: form.description ?? "", hint: t("profile.description_hint"), rows: 8), errors: errors, into: &h)
            Parts.field(FormField(name: "capacity", label: t("events.field.capacity"), type: "number", value: form.capacity ?? "", hint: t("events.field.capacity_hint")), errors: errors, into: &h)
            h.el("div", .class("field-pair")) { h in
                Parts.field(FormField(name: "rsvp_date", label: t("events.field.rsvp_date"), type: "date", value: form.rsvpDate ?? "", hint: t("events.field.rsvp_hint")), errors: errors, into: &h)
                Parts.field(FormField(name: "rsvp_time", label: t("events.field.rsvp_time"), type: "time", value: form.rsvpTime ?? ""), errors: errors, into: &h)
            }
            Parts.select(
                name: "remind", label: t("events.field.remind"),
                options: [("", t("events.remind.none"))] + EventForm.reminders.map { (String($0), t("events.remind.\($0)")) },
                selected: form.remind ?? "", errors: errors, into: &h)
            if repeats {
                h.el("fieldset", .class("field")) { h in
                    h.el("legend", text: t("events.field.repeat"))
                    Parts.select(
                        name: "repeat", label: t("events.field.repeat_how"),
                        options: [("", t("events.repeat.none"))] + Recurrence.Frequency.allCases.map { ($0.rawValue, t("events.repeat." + $0.rawValue)) },
                        selected: form.repeatFrequency ?? "", errors: errors, into: &h)
                    Parts.field(FormField(name: "repeat_interval", label: t("events.field.repeat_interval"), type: "number", value: form.repeatInterval ?? "1", hint: t("events.field.repeat_interval_hint")), errors: errors, into: &h)
                    Parts.select(
                        name: "repeat_end", label: t("events.field.repeat_end"),
                        options: [("until", t("events.repeat_end.until")), ("count", t("events.repeat_end.count"))],
                        selected: form.repeatEnd ?? "until", errors: errors, into: &h)
                    h.el("div", .class("field-pair")) { h in
                        Parts.field(FormField(name: "repeat_until", label: t("events.field.repeat_until"), type: "date", value: form.repeatUntil ?? ""), errors: errors, into: &h)
                        Parts.field(FormField(name: "repeat_count", label: t("events.field.repeat_count"), type: "number", value: form.repeatCount ?? ""), errors: errors, into: &h)
                    }
                }
            }
        } after: { h in
            h.el("p") { $0.el("a", .href("/g/\(chrome.slug)/events"), text: t("group.delete.cancel")) }
        }
    }
}

/// Moving one date of a repeating event, or giving it another place.
struct EventChange: PageView {
    let layout: Layout.Model
    let chrome: GroupChrome
    let form: EventsController.ChangeForm
    let action: String
    let allDay: Bool
    let title: String
    let errors: FormErrors

    func content(_ h: inout HTML) {
        let t = layout.t
        chrome.write(t: t, into: &h)
        Parts.formCard(layout, errors: errors, action: "/g/\(chrome.slug)/events/\(action)", submit: t("events.save"), lead: t("events.change_date.lead", ["title": title]), into: &h) { h in
            h.el("div", .class("field-pair")) { h in
                Parts.field(FormField(name: "start_date", label: t("events.field.start_date"), type: "date", value: form.startDate ?? "", required: true), errors: errors, into: &h)
                if !allDay { Parts.field(FormField(name: "start_time", label: t("events.field.start_time"), type: "time", value: form.startTime ?? ""), errors: errors, into: &h) }
            }
            h.el("div", .class("field-pair")) { h in
                Parts.field(FormField(name: "end_date", label: t("events.field.end_date"), type: "date", value: form.endDate ?? ""), errors: errors, into: &h)
                if !allDay { Parts.field(FormField(name: "end_time", label: t("events.field.end_time"), type: "time", value: form.endTime ?? ""), errors: errors, into: &h) }
            }
            Parts.field(FormField(name: "place", label: t("events.field.place"), value: form.place ?? "", maxLength: 300), errors: errors, into: &h)
        } after: { h in
            h.el("p") { $0.el("a", .href("/g/\(chrome.slug)/events"), text: t("group.delete.cancel")) }
        }
    }
}

/// One date of an event: when, where, what, the answer form and who comes.
struct EventPage: PageView {
    struct Answer: Sendable {
        let name: String
        let username: String
        let answer: EventRSVP.Answer
        let guests: Int
        let comment: String
        /// When they went in line; nil when they are not waiting.
        let waitingSince: Date?

        var waiting: Bool { waitingSince != nil }
    }

    enum AnswerState: Sendable { case open, closed, begun, cancelled }

    let layout: Layout.Model
    let chrome: GroupChrome
    let occurrenceID: UUID
    let eventID: UUID
    let title: String
    let descriptionHTML: String
    let start: Date
    let end: Date
    let allDay: Bool
    let zone: TimeZone
    let place: String
    let changed: Bool
    let repeats: Bool
    /// How it repeats, written out; nil for a one-off event.
    let rule: String?
    let capacity: Int?
    let taken: Int
    let closes: Date?
    let state: AnswerState
    /// Who answered what; nil for those outside the group, who see the counts alone.
    let answers: [Answer]?
    let mayAnswer: Bool
    let myAnswer: (answer: EventRSVP.Answer, waiting: Bool)?
    let form: EventsController.AnswerForm
    let errors: FormErrors
    let isOrganiser: Bool
    let coming: [(id: UUID, start: Date, cancelled: Bool)]

    func content(_ h: inout HTML) {
        let t = layout.t
        let base = "/g/\(chrome.slug)/events/\(occurrenceID.uuidString)"
        chrome.write(t: t, into: &h)
        h.el("div", .class("page-title")) { h in
            h.el("h1", text: title)
            if isOrganiser {
                h.el("a", .class("button button-secondary"), .href(base + "/edit"), text: t(repeats ? "events.edit_series" : "events.edit"))
                if repeats && state != .cancelled { h.el("a", .class("button button-secondary"), .href(base + "/change"), text: t("events.change_date")) }
            }
        }
        if state == .cancelled { h.el("p", .class("notice notice-danger"), text: t(repeats ? "events.date_cancelled" : "events.event_cancelled")) }
        h.el("section", .class("card")) { h in
            h.el("dl", .class("facts")) { h in
                h.el("dt", text: t("events.when"))
                h.el("dd") { h in
                    h.el("time", .attr("datetime", Parts.iso8601(start)), text: EventTimes.describe(start: start, end: end, allDay: allDay, zone: zone, t: t))
                    if let note = EventTimes.zoneNote(zone, t: t) { h.el("span", .class("muted"), text: " · " + note) }
                    if changed { h.el("span", .class("badge"), text: t("events.date_changed")) }
                }
                if let rule {
                    h.el("dt", text: t("events.repeats"))
                    h.el("dd", text: rule)
                }
                h.el("dt", text: t("events.where"))
                h.el("dd") { h in
                    if place.isEmpty {
                        h.text(t("events.no_place"))
                    } else {
                        h.text(place + " ")
                        // The map is another site's: it opens only when the visitor clicks.
                        h.el("a", .href("https://www.openstreetmap.org/search?query=" + (place.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")),
                             .attr("rel", "noopener noreferrer"), .attr("target", "_blank"), text: t("events.map"))
                    }
                }
                if let capacity {
                    h.el("dt", text: t("events.places"))
                    h.el("dd", text: t("events.places_taken", ["taken": t.number(taken), "capacity": t.number(capacity)]))
                }
                if let closes {
                    h.el("dt", text: t("events.answers_close"))
                    h.el("dd", text: t.dateTime(closes, timeZone: zone))
                }
            }
            if !descriptionHTML.isEmpty { h.el("div", .class("prose")) { $0.sanitized(SanitizedHTML(sanitizedByRenderer: descriptionHTML)) } }
            h.el("p", .class("actions-row")) { h in
                h.el("a", .class("button button-secondary"), .href(base + "/event.ics"), text: t("events.add_to_calendar"))
                if isOrganiser {
                    h.el("a", .class("button button-secondary"), .href(base + "/attendees.csv"), text: t("events.download_attendees"))
                    if state == .cancelled {
                        h.el("form", .class("inline-form"), .method("post"), .action(base + "/reinstate")) { h in
                            Parts.csrf(layout.csrf, into: &h)
                            h.el("button", .type("submit"), .class("button button-secondary"), text: t("events.reinstate"))
                        }
                    } else {
                        h.el("a", .class("button button-danger"), .href(base + "/cancel"), text: t(repeats ? "events.cancel_date" : "events.cancel"))
                    }
                    h.el("a", .class("button button-danger"), .href(base + "/delete"), text: t("events.delete"))
                }
            }
        }
        answerCard(into: &h)
        attendees(into: &h)
        if !coming.isEmpty {
            h.el("section", .class("card")) { h in
                h.el("h2", text: t("events.other_dates"))
                h.el("ul", .class("list")) { h in
                    for date in coming {
                        h.el("li") { h in
                            h.el("a", .href("/g/\(chrome.slug)/events/\(date.id.uuidString)"), text: t.dateTime(date.start, timeZone: zone))
                            if date.cancelled { h.text(" "); h.el("span", .class("badge"), text: t("events.cancelled")) }
                        }
                    }
                }
            }
        }
    }

    private func answerCard(into h: inout HTML) {
        let t = layout.t
        guard mayAnswer else { return }
        h.el("section", .class("card"), .id("answer")) { h in
            h.el("h2", text: t("events.your_answer"))
            if let mine = myAnswer {
                h.el("p", .class(mine.waiting ? "notice notice-info" : "muted"), text: mine.waiting ? t("events.you_wait") : t("events.you_answered", ["answer": t("events.answer." + mine.answer.rawValue)]))
            }
            switch state {
            case .cancelled: h.el("p", text: t("events.error.cancelled"))
            case .begun: h.el("p", text: t("events.error.begun"))
            case .closed: h.el("p", text: t("events.error.closed"))
            case .open:
                Parts.errorSummary(errors, t: t, into: &h)
                h.el("form", .method("post"), .action("/g/\(chrome.slug)/events/\(occurrenceID.uuidString)/rsvp"), .flag("novalidate")) { h in
                    Parts.csrf(layout.csrf, into: &h)
                    h.el("fieldset", .class(errors["answer"] == nil ? "field" : "field field-invalid"), .id("field-answer")) { h in
                        h.el("legend", text: t("events.field.answer"))
                        if let error = errors["answer"] { h.el("p", .class("field-error"), text: error) }
                        for answer in EventRSVP.Answer.allCases {
                            h.el("div", .class("field-check")) { h in
                                h.void("input", .type("radio"), .id("answer-" + answer.rawValue), .name("answer"), .value(answer.rawValue), .flag("checked", form.answer == answer.rawValue))
                                h.el("label", .for("answer-" + answer.rawValue), text: t("events.answer." + answer.rawValue))
                            }
                        }
                    }
                    Parts.field(FormField(name: "guests", label: t("events.field.guests"), type: "number", value: form.guests ?? "0", hint: t("events.field.guests_hint")), errors: errors, into: &h)
                    Parts.field(FormField(name: "comment", label: t("events.field.comment"), value: form.comment ?? "", maxLength: 500), errors: errors, into: &h)
                    h.el("button", .type("submit"), .class("button button-primary"), text: t("events.answer_save"))
                }
            }
        }
    }

    private func attendees(into h: inout HTML) {
        let t = layout.t
        h.el("section", .class("card"), .id("attendees")) { h in
            h.el("h2", text: t("events.attendees"))
            guard let answers else {
                let yes = taken
                h.el("p", .class("muted"), text: t.plural("events.coming_count", yes))
                return
            }
            guard !answers.isEmpty else {
                h.el("p", .class("muted"), text: t("events.no_answers"))
                return
            }
            let groups: [(String, [Answer])] = [
                ("events.answered.yes", answers.filter { $0.answer == .yes && !$0.waiting }),
                // The waiting list in its real order: who went in line first.
                ("events.answered.waiting", answers.filter { $0.waiting }.sorted { ($0.waitingSince ?? .distantPast) < ($1.waitingSince ?? .distantPast) }),
                ("events.answered.maybe", answers.filter { $0.answer == .maybe }),
                ("events.answered.no", answers.filter { $0.answer == .no }),
            ]
            for (key, list) in groups where !list.isEmpty {
                let places = list.reduce(0) { $0 + 1 + $1.guests }
                h.el("h3", text: t(key) + " (" + t.number(places) + ")")
                h.el(key == "events.answered.waiting" ? "ol" : "ul", .class("list")) { h in
                    for person in list {
                        h.el("li") { h in
                            h.el("a", .href("/u/" + person.username), text: person.name)
                            if person.guests > 0 { h.text(" " + t.plural("events.guests", person.guests)) }
                            if !person.comment.isEmpty { h.el("span", .class("muted"), text: " – " + person.comment) }
                        }
                    }
                }
            }
        }
    }
}
