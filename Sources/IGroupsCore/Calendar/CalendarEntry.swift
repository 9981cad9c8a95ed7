import Foundation

/// Something dated that a group's calendar shows and its iCalendar feed carries: an event (or one
/// occurrence of a repeating event), a poll's deadline. Modules hand these to the calendar through
/// `GroupModule.calendarEntries` and `calendarFeed`; the calendar never reads another module's tables.
package struct CalendarEntry: Sendable {
    /// Stable across edits and feeds, unique on the site: "<module>-<id>", e.g. "event-…", "poll-…".
    package var uid: String
    package var groupID: UUID
    /// The module that owns the entry ("events", "polls"): the calendar shows it only while that module is on.
    package var moduleID: String
    package var title: String
    /// Plain text (no Markdown, no HTML), for the feed's DESCRIPTION.
    package var details: String
    /// Where the entry lives on the site, e.g. "/g/club/events/…".
    package var path: String
    package var start: Date
    /// Nil for a moment rather than a span (a poll's deadline). For an all-day entry: the start of the day after the last.
    package var end: Date?
    package var allDay: Bool
    /// The IANA zone the entry is planned in (its wall-clock times and its repeats follow that zone).
    package var timeZone: String
    package var place: String
    /// How a feed entry repeats; nil for one-off entries and for the occurrences a range query returns.
    package var recurrence: Recurrence?
    /// For a repeating feed entry: the original starts of occurrences that were cancelled (EXDATE).
    package var exceptions: [Date]
    /// For a changed occurrence of a repeating entry: its original start (RECURRENCE-ID).
    package var recurrenceID: Date?
    package var cancelled: Bool
    package var updatedAt: Date
    /// Goes up when the time or place changes, so calendar programs take the new version (SEQUENCE).
    package var sequence: Int

    package init(
        uid: String, groupID: UUID, moduleID: String, title: String, details: String = "", path: String,
        start: Date, end: Date?, allDay: Bool = false, timeZone: String, place: String = "",
        recurrence: Recurrence? = nil, exceptions: [Date] = [], recurrenceID: Date? = nil,
        cancelled: Bool = false, updatedAt: Date, sequence: Int = 0
    ) {
        self.uid = uid
        self.groupID = groupID
        self.moduleID = moduleID
        self.title = title
        self.details = details
        self.path = path
        self.start = start
        self.end = end
        self.allDay = allDay
        self.timeZone = timeZone
        self.place = place
        self.recurrence = recurrence
        self.exceptions = exceptions
        self.recurrenceID = recurrenceID
        self.cancelled = cancelled
        self.updatedAt = updatedAt
        self.sequence = sequence
    }
}
