import Fluent
import Foundation
import IGroupsCore
import SQLKit
import Vapor

/// Mail about events: reminders before a date, a place freed for someone waiting, a date moved,
/// cancelled or an event deleted. One job per person, so a failed delivery is retried for them alone.
enum EventMail {
    static let remindersKind = "events.reminders"
    static let reminderKind = "events.reminder"
    static let promotedKind = "events.promoted"
    static let changedKind = "events.changed"
    static let cancelledKind = "events.cancelled"
    static let deletedKind = "events.deleted"

    struct ToPerson: Codable { let occurrenceID: UUID; let userID: UUID }
    struct Promoted: Codable { let rsvpID: UUID }
    struct Changed: Codable { let eventID: UUID; let occurrenceID: UUID?; let userID: UUID }
    struct Deleted: Codable { let title: String; let groupName: String; let slug: String; let userID: UUID }

    static func register(on app: Application) {
        app.jobQueue.register(remindersKind) { _, app in try await sendReminders(app: app) }
        app.jobQueue.schedule(Schedule(name: remindersKind, period: 60, jobKind: remindersKind))
        app.jobQueue.register(reminderKind) { payload, app in
            let job = try JSONDecoder().decode(ToPerson.self, from: Data(payload.utf8))
            try await mail(job.occurrenceID, to: job.userID, kind: "reminder", app: app) { answer in answer.answer != .no && answer.waitingSince == nil }
        }
        app.jobQueue.register(promotedKind) { payload, app in
            let job = try JSONDecoder().decode(Promoted.self, from: Data(payload.utf8))
            guard let answer = try await EventRSVP.find(job.rsvpID, on: app.db), answer.waitingSince == nil, answer.answer == .yes else { return }
            try await mail(answer.$occurrence.id, to: answer.$user.id, kind: "promoted", app: app) { $0.waitingSince == nil }
        }
        app.jobQueue.register(changedKind) { payload, app in
            let job = try JSONDecoder().decode(Changed.self, from: Data(payload.utf8))
            let occurrenceID: UUID?
            if let id = job.occurrenceID {
                occurrenceID = id
            } else {
                // The whole event moved: the mail points at the person's next answered date, or the next date.
                let answered = try await EventRSVP.query(on: app.db).filter(\.$event.$id == job.eventID).filter(\.$user.$id == job.userID).all().map { $0.$occurrence.id }
                let coming = try await EventOccurrence.query(on: app.db).filter(\.$event.$id == job.eventID).filter(\.$endsAt > Date()).sort(\.$startsAt).all()
                occurrenceID = (coming.first { answered.contains($0.id ?? UUID()) } ?? coming.first)?.id
            }
            guard let occurrenceID else { return }
            try await mail(occurrenceID, to: job.userID, kind: "changed", app: app) { _ in true }
        }
        app.jobQueue.register(cancelledKind) { payload, app in
            let job = try JSONDecoder().decode(ToPerson.self, from: Data(payload.utf8))
            try await mail(job.occurrenceID, to: job.userID, kind: "cancelled", app: app) { _ in true }
        }
        app.jobQueue.register(deletedKind) { payload, app in
            let job = try JSONDecoder().decode(Deleted.self, from: Data(payload.utf8))
            guard let user = try await User.find(job.userID, on: app.db), user.suspendedAt == nil, user.isVerified else { return }
            let template = MailTemplate(
                subjectKey: "mail.events.deleted.subject", values: ["title": job.title, "group": job.groupName, "name": user.name],
                paragraphKeys: ["mail.events.deleted.body"], action: ("mail.events.action_list", app.settings.absolute("/g/\(job.slug)/events")))
            try await Mailer.deliver(template, to: MailAddress(email: user.email, name: user.name), language: Language(rawValue: user.language) ?? .da, app: app)
        }
    }

    /// Takes every date whose reminder time has come, each exactly once: the update that marks it succeeds
    /// for one process alone, and the mail jobs are queued in the same transaction.
    static func sendReminders(app: Application, now: Date = Date()) async throws {
        struct Due: Decodable { let id: UUID }
        let due = try await app.db.sql.select().column("id").from(EventOccurrence.schema)
            .where("remind_at", .lessThanOrEqual, SQLBind(now)).where("reminded_at", .is, SQLLiteral.null)
            .limit(500).all(decoding: Due.self)
        for occurrence in due {
            try await app.db.transaction { db in
                let claimed = try await db.sql.update(EventOccurrence.schema).set("reminded_at", to: SQLBind(now))
                    .where("id", .equal, SQLBind(occurrence.id)).where("reminded_at", .is, SQLLiteral.null)
                    .returning("id").all()
                guard !claimed.isEmpty, let row = try await EventOccurrence.query(on: db).filter(\.$id == occurrence.id).with(\.$event).first(),
                      !row.cancelled, !row.event.cancelled, row.startsAt > now
                else { return }
                let people = try await EventRSVP.query(on: db).filter(\.$occurrence.$id == occurrence.id)
                    .filter(\.$answer != .no).filter(\.$waitingSince == nil).all()
                for person in people {
                    try await app.jobQueue.enqueue(reminderKind, payload: ToPerson(occurrenceID: occurrence.id, userID: person.$user.id), on: db)
                }
            }
        }
    }

    static func queuePromoted(_ rsvpIDs: [UUID], app: Application, on db: any Database) async throws {
        for id in rsvpIDs { try await app.jobQueue.enqueue(promotedKind, payload: Promoted(rsvpID: id), on: db) }
    }

    static func queueChanged(eventID: UUID, occurrenceID: UUID?, userIDs: Set<UUID>, except actor: UUID?, app: Application, on db: any Database) async throws {
        try await queue(changedKind, to: userIDs, except: actor, app: app, on: db) { Changed(eventID: eventID, occurrenceID: occurrenceID, userID: $0) }
    }

    static func queueCancelled(occurrenceID: UUID, userIDs: Set<UUID>, except actor: UUID?, app: Application, on db: any Database) async throws {
        try await queue(cancelledKind, to: userIDs, except: actor, app: app, on: db) { ToPerson(occurrenceID: occurrenceID, userID: $0) }
    }

    static func queueDeleted(title: String, groupName: String, slug: String, userIDs: Set<UUID>, except actor: UUID?, app: Application, on db: any Database) async throws {
        try await queue(deletedKind, to: userIDs, except: actor, app: app, on: db) { Deleted(title: title, groupName: groupName, slug: slug, userID: $0) }
    }

    /// One job of a kind per person, in a fixed order; the one who made the change (`actor`) is not told of it.
    private static func queue<Payload: Encodable>(_ kind: String, to userIDs: Set<UUID>, except actor: UUID?, app: Application, on db: any Database, payload: (UUID) -> Payload) async throws {
        for id in userIDs.sorted(by: { $0.uuidString < $1.uuidString }) where id != actor {
            try await app.jobQueue.enqueue(kind, payload: payload(id), on: db)
        }
    }

    /// One mail about a date to a member of its group, when `wanted` still holds for their answer
    /// (a reminder goes only to those still coming); `kind` names the texts.
    static func mail(_ occurrenceID: UUID, to userID: UUID, kind: String, app: Application, wanted: (EventRSVP) -> Bool) async throws {
        guard let occurrence = try await EventOccurrence.query(on: app.db).filter(\.$id == occurrenceID).with(\.$event).first(),
              let user = try await User.find(userID, on: app.db), user.suspendedAt == nil, user.isVerified,
              let group = try await Group.find(occurrence.$group.id, on: app.db),
              try await Membership.of(userID, in: occurrence.$group.id, on: app.db) != nil
        else { return }
        if kind == "reminder" || kind == "promoted" {
            guard let answer = try await EventRSVP.query(on: app.db).filter(\.$occurrence.$id == occurrenceID).filter(\.$user.$id == userID).first(), wanted(answer) else { return }
        }
        let event = occurrence.event
        let language = Language(rawValue: user.language) ?? .da
        let t = app.translations.localizer(language)
        let when = EventTimes.describe(start: occurrence.startsAt, end: occurrence.endsAt, allDay: event.allDay, zone: event.allDay ? event.zone : user.timeZone.flatMap(TimeZone.init(identifier:)) ?? event.zone, t: t)
        let place = occurrence.place ?? event.place
        let template = MailTemplate(
            subjectKey: "mail.events.\(kind).subject",
            values: ["title": event.title, "group": group.name, "when": when, "place": place.isEmpty ? t("events.no_place") : place, "name": user.name],
            paragraphKeys: ["mail.events.\(kind).body", "mail.events.when"],
            action: ("mail.events.action", app.settings.absolute("/g/\(group.slug)/events/\(occurrenceID.uuidString)")))
        try await Mailer.deliver(template, to: MailAddress(email: user.email, name: user.name), language: language, app: app)
    }
}
