import Fluent
import IGroupsCore
import Vapor

/// One date of an event on its own: moved, given another place, cancelled or brought back.
extension EventsController {
    struct ChangeForm: Content {
        var startDate: String?
        var startTime: String?
        var endDate: String?
        var endTime: String?
        var place: String?

        enum CodingKeys: String, CodingKey {
            case place, startDate = "start_date", startTime = "start_time", endDate = "end_date", endTime = "end_time"
        }
    }

    func changePage(_ req: Request, _ occurrence: EventOccurrence, _ event: Event, form: ChangeForm, errors: FormErrors, status: HTTPResponseStatus = .ok) throws -> Response {
        let context = req.moduleContext
        return EventChange(
            layout: req.layout(title: req.t("events.change_date")), chrome: context.chrome("events", t: req.t), form: form,
            action: "\(try occurrence.requireID())/change", allDay: event.allDay, title: event.title, errors: errors
        ).response(status: status)
    }

    @Sendable func showChange(req: Request) async throws -> Response {
        let (occurrence, event) = try await Self.occurrence(req)
        try Self.requireOrganiser(req, event)
        let zone = event.zone
        let lastDay = event.allDay ? occurrence.endsAt.addingTimeInterval(-1) : occurrence.endsAt
        let form = ChangeForm(
            startDate: EventForm.dateText(occurrence.startsAt, zone), startTime: event.allDay ? "" : EventForm.timeText(occurrence.startsAt, zone),
            endDate: EventForm.dateText(lastDay, zone), endTime: event.allDay ? "" : EventForm.timeText(occurrence.endsAt, zone),
            place: occurrence.place ?? event.place)
        return try changePage(req, occurrence, event, form: form, errors: FormErrors())
    }

    /// Moves one date or gives it its own place; those who answered it are told.
    @Sendable func change(req: Request) async throws -> Response {
        let (occurrence, event) = try await Self.occurrence(req)
        try Self.requireOrganiser(req, event)
        let form = try req.content.decode(ChangeForm.self)
        // The event's own check reads the times, so a date obeys the same rules as the event.
        var check = EventForm(event: event)
        check.startDate = form.startDate
        check.startTime = form.startTime
        check.endDate = form.endDate
        check.endTime = form.endTime
        check.place = form.place
        check.repeatFrequency = ""
        check.rsvpDate = ""
        check.rsvpTime = ""
        var (values, errors) = check.validate(t: req.t, zone: event.zone)
        if occurrence.cancelled { errors.add("start_date", req.t("events.error.cancelled")) }
        guard let values, errors.isEmpty else { return try changePage(req, occurrence, event, form: form, errors: errors, status: .unprocessableEntity) }
        let moved = values.startsAt != occurrence.startsAt || values.endsAt != occurrence.endsAt || values.place != (occurrence.place ?? event.place)
        if moved {
            occurrence.startsAt = values.startsAt
            occurrence.endsAt = values.endsAt
            occurrence.place = values.place == event.place ? nil : values.place
            occurrence.changed = true
            EventSchedule.scheduleReminder(occurrence, minutes: event.remindMinutes, now: Date())
            event.sequence += 1
            let occurrenceID = try occurrence.requireID()
            let told = try await req.db.transaction { db -> [UUID] in
                try await occurrence.save(on: db)
                try await event.save(on: db)
                try await CalendarVersion.bump(event.$group.id, on: db)
                return try await EventRSVP.query(on: db).filter(\.$occurrence.$id == occurrenceID).all().map { $0.$user.id }
            }
            try await EventMail.queueChanged(eventID: try event.requireID(), occurrenceID: occurrenceID, userIDs: Set(told), except: req.viewer?.id, app: req.application, on: req.db)
        }
        return .seeOther("/g/\(req.moduleContext.group.group.slug)/events/\(try occurrence.requireID())?notice=event_saved")
    }

    @Sendable func showCancel(req: Request) async throws -> Response {
        let (occurrence, event) = try await Self.occurrence(req)
        try Self.requireOrganiser(req, event)
        let context = req.moduleContext
        let t = req.t
        let base = "/g/\(context.group.group.slug)/events/\(try occurrence.requireID())"
        let day = t.date(occurrence.startsAt, timeZone: event.zone)
        return ModuleConfirmPage(
            layout: req.layout(title: t("events.cancel")), chrome: context.chrome("events", t: t),
            lead: t(event.recurrence == nil ? "events.cancel.explained" : "events.cancel.explained_date", ["title": event.title, "date": day]),
            action: base + "/cancel", submit: t("events.cancel"), cancel: base
        ).response()
    }

    /// Cancels one date (a one-off event: the event); it stays in the calendar, marked, and who answered is told.
    @Sendable func cancel(req: Request) async throws -> Response {
        try await setCancelled(req, true)
    }

    /// Brings a cancelled date back.
    @Sendable func reinstate(req: Request) async throws -> Response {
        try await setCancelled(req, false)
    }

    private func setCancelled(_ req: Request, _ cancelled: Bool) async throws -> Response {
        let (occurrence, event) = try await Self.occurrence(req)
        try Self.requireOrganiser(req, event)
        let occurrenceID = try occurrence.requireID()
        let slug = req.moduleContext.group.group.slug
        guard occurrence.cancelled != cancelled || (event.recurrence == nil && event.cancelled != cancelled) else {
            return .seeOther("/g/\(slug)/events/\(occurrenceID)")
        }
        occurrence.cancelled = cancelled
        if event.recurrence == nil { event.cancelled = cancelled }
        event.sequence += 1
        let told = try await req.db.transaction { db -> [UUID] in
            try await occurrence.save(on: db)
            try await event.save(on: db)
            try await CalendarVersion.bump(event.$group.id, on: db)
            return try await EventRSVP.query(on: db).filter(\.$occurrence.$id == occurrenceID).all().map { $0.$user.id }
        }
        let users = Set(told)
        if cancelled {
            try await EventMail.queueCancelled(occurrenceID: occurrenceID, userIDs: users, except: req.viewer?.id, app: req.application, on: req.db)
        } else {
            try await EventMail.queueChanged(eventID: try event.requireID(), occurrenceID: occurrenceID, userIDs: users, except: req.viewer?.id, app: req.application, on: req.db)
        }
        return .seeOther("/g/\(slug)/events/\(occurrenceID)?notice=" + (cancelled ? "event_cancelled" : "event_reinstated"))
    }
}
