import Fluent
import IGroupsCore
import SQLKit
import Vapor

/// The answers to one date: the waiting list and who moves up from it.
enum EventAnswers {
    /// Guests a person may bring.
    static let guests = 0...20

    /// Places taken by yes answers not waiting, the person `except` left out.
    static func taken(_ occurrenceID: UUID, except userID: UUID?, on db: any Database) async throws -> Int {
        let answers = try await EventRSVP.query(on: db).filter(\.$occurrence.$id == occurrenceID).filter(\.$answer == .yes).filter(\.$waitingSince == nil).all()
        return answers.filter { $0.$user.id != userID }.reduce(0) { $0 + $1.places }
    }

    /// Moves people up from the waiting list, first in line first, while the first fits; returns their answers' ids.
    static func promote(_ occurrenceID: UUID, capacity: Int?, on db: any Database) async throws -> [UUID] {
        let waiting = try await EventRSVP.query(on: db).filter(\.$occurrence.$id == occurrenceID).filter(\.$waitingSince != nil).sort(\.$waitingSince).sort(\.$id).all()
        guard !waiting.isEmpty else { return [] }
        var free = capacity ?? Int.max
        if capacity != nil { free -= try await taken(occurrenceID, except: nil, on: db) }
        var promoted: [UUID] = []
        for answer in waiting {
            guard answer.places <= free else { break }
            free -= answer.places
            answer.waitingSince = nil
            try await answer.save(on: db)
            promoted.append(try answer.requireID())
        }
        return promoted
    }

    /// Locks the date's row for the rest of the transaction, so two answers never take the same last place.
    static func lock(_ occurrenceID: UUID, on db: any Database) async throws {
        try await db.lockRow(EventOccurrence.schema, id: occurrenceID)
    }
}

extension EventsController {
    struct AnswerForm: Content {
        var answer: String?
        var guests: String?
        var comment: String?
    }

    /// The event's next coming date (or its last), for links that name the event rather than a date.
    @Sendable func jump(req: Request) async throws -> Response {
        let context = req.moduleContext
        guard let id = req.parameters.get("event", as: UUID.self),
              let event = try await Event.query(on: req.db).filter(\.$id == id).filter(\.$group.$id == context.group.group.requireID()).first()
        else { throw Abort(.notFound) }
        let eventID = try event.requireID()
        var next = try await EventOccurrence.query(on: req.db).filter(\.$event.$id == eventID).filter(\.$endsAt > Date()).sort(\.$startsAt).first()
        if next == nil { next = try await EventOccurrence.query(on: req.db).filter(\.$event.$id == eventID).sort(\.$startsAt, .descending).first() }
        guard let occurrence = next else { throw Abort(.notFound) }
        return .seeOther("/g/\(context.group.group.slug)/events/\(try occurrence.requireID())")
    }

    /// One date of an event: when, where, what; the viewer's answer; who comes (for members).
    @Sendable func show(req: Request) async throws -> Response {
        let (occurrence, event) = try await Self.occurrence(req)
        return try await page(req, occurrence, event, form: nil, errors: FormErrors())
    }

    func page(_ req: Request, _ occurrence: EventOccurrence, _ event: Event, form: AnswerForm?, errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        struct Row: Decodable {
            let user_id: UUID
            let answer: String
            let guests: Int
            let comment: String
            let waiting_since: Date?
            let name: String
            let username: String
        }
        let context = req.moduleContext
        let occurrenceID = try occurrence.requireID()
        let r = EventRSVP.schema
        let u = User.schema
        let rows = try await req.db.sql.select()
            .column(SQLColumn("user_id", table: r)).column(SQLColumn("answer", table: r)).column(SQLColumn("guests", table: r))
            .column(SQLColumn("comment", table: r)).column(SQLColumn("waiting_since", table: r))
            .column(SQLColumn("name", table: u)).column(SQLColumn("username", table: u))
            .from(r).join(u, on: SQLColumn("user_id", table: r), .equal, SQLColumn("id", table: u))
            .where(SQLColumn("occurrence_id", table: r), .equal, SQLBind(occurrenceID))
            .orderBy(SQLColumn("created_at", table: r)).orderBy(SQLColumn("id", table: r))
            .all(decoding: Row.self)
        let answers = rows.map {
            EventPage.Answer(name: $0.name, username: $0.username, answer: EventRSVP.Answer(rawValue: $0.answer) ?? .no, guests: $0.guests, comment: $0.comment, waitingSince: $0.waiting_since)
        }
        let mine = context.group.viewer?.id.flatMap { id in rows.first { $0.user_id == id } }
        let coming = event.recurrence == nil ? [] : try await EventOccurrence.query(on: req.db).filter(\.$event.$id == event.requireID())
            .filter(\.$endsAt > Date()).filter(\.$id != occurrenceID).sort(\.$startsAt).limit(10).all()
        let now = Date()
        let closes = EventSchedule.answersClose(event, startsAt: occurrence.startsAt)
        let state: EventPage.AnswerState =
            event.cancelled || occurrence.cancelled ? .cancelled
            : occurrence.startsAt <= now ? .begun
            : closes <= now ? .closed
            : .open
        let taken = answers.filter { $0.answer == .yes && !$0.waiting }.reduce(0) { $0 + 1 + $1.guests }
        let isOrganiser = Self.isOrganiser(event, context)
        let form = form ?? AnswerForm(answer: mine?.answer ?? "", guests: String(mine?.guests ?? 0), comment: mine?.comment ?? "")
        return EventPage(
            layout: req.layout(title: event.title), chrome: context.chrome("events", t: req.t),
            occurrenceID: occurrenceID, eventID: try event.requireID(), title: event.title, descriptionHTML: event.descriptionHTML,
            start: occurrence.startsAt, end: occurrence.endsAt, allDay: event.allDay, zone: event.allDay ? event.zone : context.group.displayZone,
            place: occurrence.place ?? event.place, changed: occurrence.changed, repeats: event.recurrence != nil,
            rule: event.recurrence.map { EventTimes.rule($0, start: event.startsAt, zone: event.zone, t: req.t) },
            capacity: event.capacity, taken: taken, closes: event.rsvpCloseSeconds == nil ? nil : closes, state: state,
            answers: context.group.isMember || context.group.isOperator ? answers : nil,
            mayAnswer: context.group.isMember && context.group.viewer?.isVerified == true,
            myAnswer: mine.map { (EventRSVP.Answer(rawValue: $0.answer) ?? .no, $0.waiting_since != nil) },
            form: form, errors: errors, isOrganiser: isOrganiser,
            coming: coming.compactMap { o in o.id.map { ($0, o.startsAt, o.cancelled) } }
        ).response(status: status)
    }

    /// Answers a date: yes (or the waiting list when it is full), maybe or no, with guests and a comment.
    @Sendable func answer(req: Request) async throws -> Response {
        let viewer = try req.requireVerifiedViewer()
        let context = req.moduleContext
        guard context.group.isMember else { throw Abort(.forbidden, reason: "events.error.members_answer") }
        let (occurrence, event) = try await Self.occurrence(req)
        let form = try req.content.decode(AnswerForm.self)
        let t = req.t
        var errors = FormErrors()
        let now = Date()
        let answer = EventRSVP.Answer(rawValue: form.answer ?? "")
        if answer == nil { errors.add("answer", t("events.error.answer")) }
        let guests = Int((form.guests ?? "0").trimmingCharacters(in: .whitespaces).isEmpty ? "0" : (form.guests ?? "0").trimmingCharacters(in: .whitespaces))
        if guests == nil || !EventAnswers.guests.contains(guests ?? -1) { errors.add("guests", t("events.error.guests", ["max": String(EventAnswers.guests.upperBound)])) }
        let comment = (form.comment ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if comment.count > 500 { errors.add("comment", t("profile.error.too_long", ["max": "500"])) }
        if let capacity = event.capacity, let guests, answer == .yes, guests + 1 > capacity {
            errors.add("guests", t("events.error.beyond_capacity", ["capacity": String(capacity)]))
        }
        // What no form can fix answers with a conflict, and the page says why.
        if event.cancelled || occurrence.cancelled { errors.add("answer", t("events.error.cancelled")) }
        else if occurrence.startsAt <= now { errors.add("answer", t("events.error.begun")) }
        else if EventSchedule.answersClose(event, startsAt: occurrence.startsAt) <= now { errors.add("answer", t("events.error.closed")) }
        guard errors.isEmpty, let answer, let guests else {
            // Cancelled, begun or closed: the answer conflicts with the event's state.
            let conflict = event.cancelled || occurrence.cancelled || EventSchedule.answersClose(event, startsAt: occurrence.startsAt) <= now
            return try await page(req, occurrence, event, form: form, errors: errors, status: conflict ? .conflict : .unprocessableEntity)
        }
        let occurrenceID = try occurrence.requireID()
        let userID = try viewer.requireID()
        struct NoRoom: Error { let free: Int }
        let outcome: (waiting: Bool, promoted: [UUID])
        do {
            outcome = try await req.db.transaction { db -> (Bool, [UUID]) in
                try await EventAnswers.lock(occurrenceID, on: db)
                let rsvp = try await EventRSVP.query(on: db).filter(\.$occurrence.$id == occurrenceID).filter(\.$user.$id == userID).first() ?? EventRSVP()
                let wasIn = rsvp.id != nil && rsvp.answer == .yes && rsvp.waitingSince == nil
                if rsvp.id == nil {
                    rsvp.$occurrence.id = occurrenceID
                    rsvp.$event.id = try event.requireID()
                    rsvp.$user.id = userID
                }
                rsvp.answer = answer
                rsvp.guests = answer == .no ? 0 : guests
                rsvp.comment = comment
                if answer != .yes {
                    rsvp.waitingSince = nil
                } else if let capacity = event.capacity {
                    let free = capacity - (try await EventAnswers.taken(occurrenceID, except: userID, on: db))
                    if wasIn {
                        // Someone coming who brings more guests than there is room for keeps their answer as it was.
                        guard rsvp.places <= free else { throw NoRoom(free: free) }
                    } else if rsvp.waitingSince == nil {
                        // A new yes goes in line behind those already waiting; the line moves up just below.
                        rsvp.waitingSince = now
                    }
                }
                try await rsvp.save(on: db)
                let promoted = try await EventAnswers.promote(occurrenceID, capacity: event.capacity, on: db)
                let rsvpID = try rsvp.requireID()
                let waiting = rsvp.waitingSince != nil && !promoted.contains(rsvpID)
                return (waiting, promoted.filter { $0 != rsvpID })
            }
        } catch let error as NoRoom {
            errors.add("guests", t("events.error.no_room", ["free": String(max(0, error.free - 1))]))
            return try await page(req, occurrence, event, form: form, errors: errors, status: .conflict)
        }
        let (waiting, promoted) = outcome
        try await EventMail.queuePromoted(promoted, app: req.application, on: req.db)
        return .seeOther("/g/\(context.group.group.slug)/events/\(occurrenceID)?notice=" + (waiting ? "rsvp_waiting" : "rsvp_saved"))
    }

    /// Who answered what, for the organiser, as CSV.
    @Sendable func attendeesCSV(req: Request) async throws -> Response {
        let (occurrence, event) = try await Self.occurrence(req)
        try Self.requireOrganiser(req, event)
        let t = req.t
        let answers = try await EventRSVP.query(on: req.db).filter(\.$occurrence.$id == occurrence.requireID()).with(\.$user).sort(\.$createdAt).all()
        var lines = [[t("events.csv.name"), t("events.csv.username"), t("events.csv.answer"), t("events.csv.guests"), t("events.csv.comment"), t("events.csv.answered")]]
        for answer in answers {
            lines.append([
                answer.user.name, answer.user.username,
                answer.waitingSince == nil ? t("events.answer." + answer.answer.rawValue) : t("events.waiting"),
                String(answer.guests), answer.comment, answer.updatedAt.map { ICalendar.local($0, in: event.zone) } ?? "",
            ])
        }
        let day = EventForm.dateText(occurrence.startsAt, event.zone)
        return CSVFile.response(lines, filename: "attendees-\(day).csv")
    }

    /// The whole event as an iCalendar file, for the viewer's own calendar.
    @Sendable func download(req: Request) async throws -> Response {
        let (_, event) = try await Self.occurrence(req)
        let context = req.moduleContext
        let occurrences = try await EventOccurrence.query(on: req.db).filter(\.$event.$id == event.requireID()).all()
        let entries = EventFeed.entries(event, occurrences: occurrences, slug: context.group.group.slug)
        let settings = req.application.settings
        let bytes = ICalendar.document(name: event.title, entries: entries, host: settings.baseURL.host ?? "localhost", siteURL: settings.absolute(""))
        let response = ICalendar.response(bytes)
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"event.ics\"")
        return response
    }
}

