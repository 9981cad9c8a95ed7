import Fluent
import IGroupsCore
import SQLKit
import Vapor

/// `/g/:group/events`: coming and past dates, planning, changing and deleting events.
/// Answers, attendee lists and single dates are in the extensions.
struct EventsController: RouteCollection {
    static let perPage = 20

    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: list)
        routes.get("new", use: showNew)
        routes.post("new", use: create)
        routes.get(":occurrence", use: show)
        routes.get("e", ":event", use: jump)
        routes.get(":occurrence", "edit", use: showEdit)
        routes.post(":occurrence", "edit", use: update)
        routes.get(":occurrence", "delete", use: showDelete)
        routes.post(":occurrence", "delete", use: delete)
        routes.post(":occurrence", "rsvp", use: answer)
        routes.get(":occurrence", "attendees.csv", use: attendeesCSV)
        routes.get(":occurrence", "event.ics", use: download)
        routes.get(":occurrence", "change", use: showChange)
        routes.post(":occurrence", "change", use: change)
        routes.get(":occurrence", "cancel", use: showCancel)
        routes.post(":occurrence", "cancel", use: cancel)
        routes.post(":occurrence", "reinstate", use: reinstate)
    }

    // MARK: - Who may do what

    /// Who plans events: admins, and members when the group lets them.
    static func requirePlanner(_ req: Request) throws {
        _ = try req.requireViewer()
        guard req.moduleContext.mayWrite else { throw Abort(.forbidden, reason: "events.error.may_not_plan") }
    }

    /// The organiser of an event (who planned it, while they may still plan) and the group's admins.
    static func isOrganiser(_ event: Event, _ context: ModuleContext) -> Bool {
        guard let viewer = context.group.viewer, viewer.isVerified, let role = context.group.role else { return false }
        return role >= .admin || (event.$author.id == viewer.id && context.mayWrite)
    }

    static func requireOrganiser(_ req: Request, _ event: Event) throws {
        _ = try req.requireViewer()
        guard isOrganiser(event, req.moduleContext) else { throw Abort(.forbidden, reason: "events.error.may_not_change") }
    }

    /// The occurrence in the URL, with its event, in this group; 404 otherwise.
    static func occurrence(_ req: Request) async throws -> (EventOccurrence, Event) {
        guard let id = req.parameters.get("occurrence", as: UUID.self),
              let occurrence = try await EventOccurrence.query(on: req.db).filter(\.$id == id)
                .filter(\.$group.$id == req.moduleContext.group.group.requireID()).with(\.$event).first()
        else { throw Abort(.notFound) }
        return (occurrence, occurrence.event)
    }

    // MARK: - The list

    /// Coming dates (or `?past=1`: past dates, newest first), 20 a page, in two queries.
    @Sendable func list(req: Request) async throws -> Response {
        struct Row: Decodable {
            let id: UUID
            let starts_at: Date
            let ends_at: Date
            let cancelled: Bool
            let place: String?
            let title: String
            let event_place: String
            let all_day: Bool
            let event_cancelled: Bool
        }
        let context = req.moduleContext
        let groupID = try context.group.group.requireID()
        let past = req.query[String.self, at: "past"] == "1"
        let now = Date()
        let o = EventOccurrence.schema
        let e = Event.schema
        func base(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            query.from(o).join(e, on: SQLColumn("event_id", table: o), .equal, SQLColumn("id", table: e))
                .where(SQLColumn("group_id", table: o), .equal, SQLBind(groupID))
                .where(SQLColumn("ends_at", table: o), past ? .lessThanOrEqual : .greaterThan, SQLBind(now))
        }
        struct Count: Decodable { let count: Int }
        let total = try await base(req.db.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "count")).first(decoding: Count.self)?.count ?? 0
        let pagination = Pagination(page: Pagination.requestedPage(req), perPage: Self.perPage, total: total)
        let rows = try await base(req.db.sql.select()
            .column(SQLColumn("id", table: o)).column(SQLColumn("starts_at", table: o)).column(SQLColumn("ends_at", table: o))
            .column(SQLColumn("cancelled", table: o)).column(SQLColumn("place", table: o)).column(SQLColumn("title", table: e))
            .column(SQLColumn("place", table: e), as: "event_place").column(SQLColumn("all_day", table: e))
            .column(SQLColumn("cancelled", table: e), as: "event_cancelled"))
            .orderBy(SQLColumn("starts_at", table: o), past ? SQLDirection.descending : SQLDirection.ascending)
            .limit(Self.perPage).offset(pagination.offset)
            .all(decoding: Row.self)
        let items = rows.map {
            EventList.Item(id: $0.id, title: $0.title, start: $0.starts_at, end: $0.ends_at, allDay: $0.all_day, place: $0.place ?? $0.event_place, cancelled: $0.cancelled || $0.event_cancelled)
        }
        return EventList(
            layout: req.layout(title: req.t("events.name")), chrome: context.chrome("events", t: req.t), items: items, past: past,
            pagination: pagination, mayPlan: context.mayWrite, zone: context.group.displayZone, groupZone: context.group.group.zone
        ).response()
    }

    // MARK: - Planning

    /// The event form; times in it are read in `zone`: the event's own for an edit, the group's for a new one.
    func editPage(_ req: Request, form: EventForm, action: String, title: String, errors: FormErrors, zone: String? = nil, status: HTTPResponseStatus = .ok) -> Response {
        let context = req.moduleContext
        return EventEdit(layout: req.layout(title: title), chrome: context.chrome("events", t: req.t), form: form, action: action, errors: errors, repeats: true, zone: zone ?? context.group.group.timeZone).response(status: status)
    }

    @Sendable func showNew(req: Request) async throws -> Response {
        try Self.requirePlanner(req)
        var form = EventForm()
        // A date to start from, e.g. from the calendar's day: "?date=2027-01-05".
        if let date = req.query[String.self, at: "date"], EventForm.day(date, Calendar(identifier: .gregorian)) != nil { form.startDate = date }
        return editPage(req, form: form, action: "new", title: req.t("events.new"), errors: FormErrors())
    }

    @Sendable func create(req: Request) async throws -> Response {
        try Self.requirePlanner(req)
        let context = req.moduleContext
        let form = try req.content.decode(EventForm.self)
        let group = context.group.group
        let (values, errors) = form.validate(t: req.t, zone: group.zone)
        guard let values else { return editPage(req, form: form, action: "new", title: req.t("events.new"), errors: errors, status: .unprocessableEntity) }
        // The same form sent twice (a double click) makes one event.
        if let twin = try await Event.query(on: req.db).filter(\.$group.$id == group.requireID()).filter(\.$author.$id == context.group.viewer?.id)
            .filter(\.$title == values.title).filter(\.$startsAt == values.startsAt).filter(\.$createdAt > Date().addingTimeInterval(-30)).first(),
            let first = try await EventOccurrence.query(on: req.db).filter(\.$event.$id == twin.requireID()).sort(\.$startsAt).first() {
            return .seeOther("/g/\(group.slug)/events/\(try first.requireID())?notice=event_saved")
        }
        let event = Event()
        event.id = UUID()
        event.$group.id = try group.requireID()
        event.$author.id = context.group.viewer?.id
        event.timeZone = group.timeZone
        event.cancelled = false
        event.sequence = 0
        Self.apply(values, to: event)
        try await req.db.transaction { db in
            try await event.create(on: db)
            try await EventSchedule.sync(event, on: db)
            try await SearchIndex.put(event.searchDocument(slug: group.slug), on: db)
            try await CalendarVersion.bump(event.$group.id, on: db)
        }
        guard let first = try await EventOccurrence.query(on: req.db).filter(\.$event.$id == event.requireID()).sort(\.$startsAt).first() else { throw Abort(.internalServerError) }
        return .seeOther("/g/\(group.slug)/events/\(try first.requireID())?notice=event_saved")
    }

    static func apply(_ values: EventForm.Values, to event: Event) {
        event.title = values.title
        event.description = values.description
        event.descriptionHTML = Markdown.render(values.description)
        event.place = values.place
        event.startsAt = values.startsAt
        event.endsAt = values.endsAt
        event.allDay = values.allDay
        event.capacity = values.capacity
        event.rsvpCloseSeconds = values.rsvpCloseSeconds
        event.remindMinutes = values.remindMinutes
        event.recurrence = values.recurrence
    }

    @Sendable func showEdit(req: Request) async throws -> Response {
        let (occurrence, event) = try await Self.occurrence(req)
        try Self.requireOrganiser(req, event)
        return editPage(req, form: EventForm(event: event), action: "\(try occurrence.requireID())/edit", title: req.t("events.edit"), errors: FormErrors(), zone: event.timeZone)
    }

    /// Changes the whole event; when its time or place moves, everyone who answered is told.
    @Sendable func update(req: Request) async throws -> Response {
        let (occurrence, event) = try await Self.occurrence(req)
        try Self.requireOrganiser(req, event)
        let form = try req.content.decode(EventForm.self)
        let action = "\(try occurrence.requireID())/edit"
        let (values, errors) = form.validate(t: req.t, zone: event.zone)
        guard let values else { return editPage(req, form: form, action: action, title: req.t("events.edit"), errors: errors, zone: event.timeZone, status: .unprocessableEntity) }
        let moved = values.startsAt != event.startsAt || values.endsAt != event.endsAt || values.place != event.place
            || values.allDay != event.allDay || values.recurrence != event.recurrence
        let oldCapacity = event.capacity
        Self.apply(values, to: event)
        if moved { event.sequence += 1 }
        let slug = req.moduleContext.group.group.slug
        let eventID = try event.requireID()
        let (promoted, told) = try await req.db.transaction { db -> ([UUID], Set<UUID>) in
            var told: Set<UUID> = []
            var promoted: [UUID] = []
            if moved {
                told = Set(try await EventRSVP.query(on: db).filter(\.$event.$id == eventID).all().map { $0.$user.id })
            }
            try await event.save(on: db)
            told.formUnion(try await EventSchedule.sync(event, on: db).removedAnswerers)
            if event.capacity != oldCapacity {
                // Only dates with someone in line can move anyone up.
                let waiting = Set(try await EventRSVP.query(on: db).filter(\.$event.$id == eventID).filter(\.$waitingSince != nil).all().map { $0.$occurrence.id })
                for occurrenceID in waiting.sorted(by: { $0.uuidString < $1.uuidString }) {
                    try await EventAnswers.lock(occurrenceID, on: db)
                    promoted += try await EventAnswers.promote(occurrenceID, capacity: event.capacity, on: db)
                }
            }
            try await SearchIndex.put(event.searchDocument(slug: slug), on: db)
            try await CalendarVersion.bump(event.$group.id, on: db)
            return (promoted, told)
        }
        try await EventMail.queuePromoted(promoted, app: req.application, on: req.db)
        if moved { try await EventMail.queueChanged(eventID: eventID, occurrenceID: nil, userIDs: told, except: req.viewer?.id, app: req.application, on: req.db) }
        // The date in the URL may have gone with the rule: go to the event's first coming date then.
        var target = try await EventOccurrence.find(occurrence.requireID(), on: req.db)?.id
        if target == nil { target = try await EventOccurrence.query(on: req.db).filter(\.$event.$id == eventID).sort(\.$startsAt).first()?.id }
        return .seeOther("/g/\(slug)/events/" + (target?.uuidString ?? "") + "?notice=event_saved")
    }

    @Sendable func showDelete(req: Request) async throws -> Response {
        let (occurrence, event) = try await Self.occurrence(req)
        try Self.requireOrganiser(req, event)
        let context = req.moduleContext
        let t = req.t
        return ModuleConfirmPage(
            layout: req.layout(title: t("events.delete")), chrome: context.chrome("events", t: t),
            lead: t(event.recurrence == nil ? "events.delete.explained" : "events.delete.explained_series", ["title": event.title]),
            action: "/g/\(context.group.group.slug)/events/\(try occurrence.requireID())/delete", submit: t("events.delete"),
            cancel: "/g/\(context.group.group.slug)/events/\(try occurrence.requireID())"
        ).response()
    }

    /// Deletes the event with all its dates and answers; those who had answered a coming date are told.
    @Sendable func delete(req: Request) async throws -> Response {
        let (_, event) = try await Self.occurrence(req)
        try Self.requireOrganiser(req, event)
        let eventID = try event.requireID()
        let slug = req.moduleContext.group.group.slug
        let coming = try await EventOccurrence.query(on: req.db).filter(\.$event.$id == eventID).filter(\.$endsAt > Date()).all().compactMap(\.id)
        let told = coming.isEmpty ? [] : Set(try await EventRSVP.query(on: req.db).filter(\.$occurrence.$id ~~ coming).all().map { $0.$user.id })
        let title = event.title
        let groupName = req.moduleContext.group.group.name
        try await req.db.transaction { db in
            try await event.delete(on: db)
            try await SearchIndex.remove(module: "events", item: eventID, on: db)
            try await CalendarVersion.bump(event.$group.id, on: db)
        }
        try await EventMail.queueDeleted(title: title, groupName: groupName, slug: slug, userIDs: told, except: req.viewer?.id, app: req.application, on: req.db)
        return .seeOther("/g/\(slug)/events?notice=event_deleted")
    }
}
