import Fluent
import IGroupsCore
import SQLKit
import Vapor

/// Events: what, when and where, who comes (with a waiting list when it is full), reminders, repeats
/// with changed and cancelled dates, and each event as an iCalendar file. The calendar shows the dates
/// through the `calendarEntries` contract.
package struct EventsModule: GroupModule {
    package init() {}

    package let id = "events"
    package let nameKey = "events.name"
    package var migrations: [any Migration] { [CreateEvents()] }

    package var personalData: [PersonalData] {
        [
            // An event belongs to the group: erasing its planner keeps it, without them.
            PersonalData(
                table: Event.schema, userColumn: "author_id", purpose: "Shows who planned an event in a group.",
                legalBasis: .contract, retention: "While the group keeps the event.", erasure: .tombstone(clearing: [])),
            PersonalData(
                table: EventRSVP.schema, userColumn: "user_id", purpose: "A member's answer to an event (coming, maybe, not coming), with guests and a comment, so the organiser knows who comes and can remind them.",
                legalBasis: .contract, retention: "While the group keeps the event; deleted with the event.", erasure: .delete),
        ]
    }

    package func routes(_ routes: any RoutesBuilder) throws {
        try routes.register(collection: EventsController())
    }

    package func register(on app: Application) {
        EventMail.register(on: app)
    }

    /// Someone who leaves gives up their answers to coming dates of the group's events: the places go to
    /// those waiting, who are told.
    package func memberLeft(_ userID: UUID, group groupID: UUID?, app: Application, on db: any Database) async throws {
        var query = EventRSVP.query(on: db).filter(\.$user.$id == userID).join(EventOccurrence.self, on: \EventRSVP.$occurrence.$id == \EventOccurrence.$id)
            .filter(EventOccurrence.self, \.$endsAt > Date())
        if let groupID { query = query.filter(EventOccurrence.self, \.$group.$id == groupID) }
        let answers = try await query.with(\.$event).all()
        var promoted: [UUID] = []
        for answer in answers {
            let occurrenceID = answer.$occurrence.id
            let capacity = answer.event.capacity
            promoted += try await db.transaction { db in
                try await EventAnswers.lock(occurrenceID, on: db)
                try await answer.delete(on: db)
                return try await EventAnswers.promote(occurrenceID, capacity: capacity, on: db)
            }
        }
        try await EventMail.queuePromoted(promoted, app: app, on: db)
    }

    package func seedDemo(in group: Group, by authorID: UUID?, on db: any Database) async throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = group.zone
        let today = calendar.startOfDay(for: Date())
        for (title, place, days, hour, weekly) in [
            ("Generalforsamling", "Klubhuset", 14, 19, false),
            ("Træning", "Hallen", 2, 18, true),
        ] {
            guard let start = calendar.date(byAdding: .day, value: days, to: today).flatMap({ calendar.date(bySettingHour: hour, minute: 0, second: 0, of: $0) }) else { continue }
            let event = Event()
            event.id = UUID()
            event.$group.id = try group.requireID()
            event.$author.id = authorID
            event.title = title
            event.description = ""
            event.descriptionHTML = ""
            event.place = place
            event.startsAt = start
            event.endsAt = start.addingTimeInterval(2 * 3600)
            event.allDay = false
            event.timeZone = group.timeZone
            event.cancelled = false
            event.sequence = 0
            event.remindMinutes = 1_440
            event.recurrence = weekly ? Recurrence(frequency: .weekly, count: 10) : nil
            try await event.create(on: db)
            try await EventSchedule.sync(event, on: db)
            try await SearchIndex.put(event.searchDocument(slug: group.slug), on: db)
        }
        try await CalendarVersion.bump(try group.requireID(), on: db)
    }

    /// The next coming dates.
    package func latest(in context: GroupContext, limit: Int, on db: any Database) async throws -> [ModuleItem] {
        let now = Date()
        return try await dates(in: [try context.group.requireID()], from: now, to: now.addingTimeInterval(366 * 86_400), limit: max(1, limit), on: db)
            .map { ModuleItem(title: $0.title, url: $0.path, date: $0.start) }
    }
}
