import Fluent
import Foundation
import IGroupsCore
import SQLKit

/// An event: what, when (in the group's zone), where, for how many, and how it repeats.
/// Its dates are kept as occurrences, one row each, so calendars read a range with one indexed query.
final class Event: Model, @unchecked Sendable {
    static let schema = "events"

    @ID(key: .id) var id: UUID?
    @Parent(key: "group_id") var group: Group
    @OptionalParent(key: "author_id") var author: User?
    @Field(key: "title") var title: String
    @Field(key: "description") var description: String
    @Field(key: "description_html") var descriptionHTML: String
    @Field(key: "place") var place: String
    /// The first occurrence; later ones follow the repeat rule.
    @Field(key: "starts_at") var startsAt: Date
    @Field(key: "ends_at") var endsAt: Date
    @Field(key: "all_day") var allDay: Bool
    /// The zone the event was planned in (the group's, when it was saved): its repeats keep that clock.
    @Field(key: "time_zone") var timeZone: String
    /// Places in all, guests included; nil for no limit.
    @OptionalField(key: "capacity") var capacity: Int?
    /// How long before each occurrence answers close, in seconds; nil while answers stay open until it starts.
    @OptionalField(key: "rsvp_close_seconds") var rsvpCloseSeconds: Int?
    /// How long before each occurrence the reminder goes, in minutes; nil for none.
    @OptionalField(key: "remind_minutes") var remindMinutes: Int?
    @OptionalField(key: "repeat_frequency") var repeatFrequency: String?
    @Field(key: "repeat_interval") var repeatInterval: Int
    @OptionalField(key: "repeat_until") var repeatUntil: Date?
    @OptionalField(key: "repeat_count") var repeatCount: Int?
    @Field(key: "cancelled") var cancelled: Bool
    /// Goes up when the time or place changes (iCalendar's SEQUENCE).
    @Field(key: "sequence") var sequence: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var zone: TimeZone { TimeZone(identifier: timeZone) ?? Localizer.defaultTimeZone }

    var recurrence: Recurrence? {
        get {
            guard let raw = repeatFrequency, let frequency = Recurrence.Frequency(rawValue: raw) else { return nil }
            return Recurrence(frequency: frequency, interval: repeatInterval, until: repeatUntil, count: repeatCount)
        }
        set {
            repeatFrequency = newValue?.frequency.rawValue
            repeatInterval = newValue?.interval ?? 1
            repeatUntil = newValue?.until
            repeatCount = newValue?.count
        }
    }

    var duration: TimeInterval { endsAt.timeIntervalSince(startsAt) }
}

/// One date of an event: the only one of a one-off event, or one of a repeating event's. A changed
/// occurrence keeps its own time and place; a cancelled one stays, marked, so answers and feeds know.
final class EventOccurrence: Model, @unchecked Sendable {
    static let schema = "event_occurrences"

    @ID(key: .id) var id: UUID?
    @Parent(key: "event_id") var event: Event
    @Parent(key: "group_id") var group: Group
    /// Where the repeat rule puts this occurrence (iCalendar's RECURRENCE-ID); its start unless changed.
    @Field(key: "recurrence_id") var recurrenceID: Date
    @Field(key: "starts_at") var startsAt: Date
    @Field(key: "ends_at") var endsAt: Date
    /// A place for this date alone, when it differs from the event's.
    @OptionalField(key: "place") var place: String?
    /// Whether this date was moved or given its own place by the organiser.
    @Field(key: "changed") var changed: Bool
    @Field(key: "cancelled") var cancelled: Bool
    @OptionalField(key: "remind_at") var remindAt: Date?
    /// Set once the reminder job took this occurrence: it is never reminded twice.
    @OptionalField(key: "reminded_at") var remindedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

/// A member's answer to one occurrence: yes, maybe or no, with guests and a comment. A yes that does
/// not fit waits in line (`waitingSince`) until places free up.
final class EventRSVP: Model, @unchecked Sendable {
    static let schema = "event_rsvps"

    enum Answer: String, Codable, Sendable, CaseIterable {
        case yes, maybe, no
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "occurrence_id") var occurrence: EventOccurrence
    @Parent(key: "event_id") var event: Event
    @Parent(key: "user_id") var user: User
    @Field(key: "answer") var answer: Answer
    @Field(key: "guests") var guests: Int
    @Field(key: "comment") var comment: String
    /// When the person joined the waiting list; nil when they are not on it.
    @OptionalField(key: "waiting_since") var waitingSince: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    /// The places the answer takes: the person and their guests.
    var places: Int { 1 + guests }
}

/// Creates events, their occurrences and the answers.
struct CreateEvents: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Event.schema)
            .id()
            .field("group_id", .uuid, .required, .references(Group.schema, "id", onDelete: .cascade))
            .field("author_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("title", .string, .required)
            .field("description", .string, .required)
            .field("description_html", .string, .required)
            .field("place", .string, .required)
            .field("starts_at", .datetime, .required)
            .field("ends_at", .datetime, .required)
            .field("all_day", .bool, .required)
            .field("time_zone", .string, .required)
            .field("capacity", .int)
            .field("rsvp_close_seconds", .int)
            .field("remind_minutes", .int)
            .field("repeat_frequency", .string)
            .field("repeat_interval", .int, .required)
            .field("repeat_until", .datetime)
            .field("repeat_count", .int)
            .field("cancelled", .bool, .required)
            .field("sequence", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        // The feed's version: the count and the latest change of a group's events, from the index alone.
        try await database.createIndex("events_group_updated", on: Event.schema, "group_id", "updated_at")
        try await database.createIndex("events_author_id", on: Event.schema, "author_id")
        try await database.schema(EventOccurrence.schema)
            .id()
            .field("event_id", .uuid, .required, .references(Event.schema, "id", onDelete: .cascade))
            .field("group_id", .uuid, .required, .references(Group.schema, "id", onDelete: .cascade))
            .field("recurrence_id", .datetime, .required)
            .field("starts_at", .datetime, .required)
            .field("ends_at", .datetime, .required)
            .field("place", .string)
            .field("changed", .bool, .required)
            .field("cancelled", .bool, .required)
            .field("remind_at", .datetime)
            .field("reminded_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "event_id", "recurrence_id")
            .create()
        // The calendar's range query, and the list of coming dates: the end is in the index, so the dates that
        // start up to a month before the range are checked without reading their rows.
        try await database.createIndex("event_occurrences_group_start", on: EventOccurrence.schema, "group_id", "starts_at", "ends_at")
        try await database.createIndex("event_occurrences_event_start", on: EventOccurrence.schema, "event_id", "starts_at")
        try await database.createIndex("event_occurrences_remind_at", on: EventOccurrence.schema, "remind_at")
        try await database.schema(EventRSVP.schema)
            .id()
            .field("occurrence_id", .uuid, .required, .references(EventOccurrence.schema, "id", onDelete: .cascade))
            .field("event_id", .uuid, .required, .references(Event.schema, "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, "id", onDelete: .cascade))
            .field("answer", .string, .required)
            .field("guests", .int, .required)
            .field("comment", .string, .required)
            .field("waiting_since", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "occurrence_id", "user_id")
            .create()
        try await database.createIndex("event_rsvps_user_id", on: EventRSVP.schema, "user_id")
        try await database.createIndex("event_rsvps_event_id", on: EventRSVP.schema, "event_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(EventRSVP.schema).delete()
        try await database.schema(EventOccurrence.schema).delete()
        try await database.schema(Event.schema).delete()
    }
}
