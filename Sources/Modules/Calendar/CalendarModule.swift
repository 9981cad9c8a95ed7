import Fluent
import IGroupsCore
import Vapor

/// Calendar: the month, week and agenda views of everything dated in a group (events, poll deadlines),
/// and iCalendar feeds to subscribe to, a group's and a person's of all their groups. It reads other
/// modules' dates through the `calendarEntries` and `calendarFeed` contract only.
package struct CalendarModule: GroupModule {
    package init() {}

    package let id = "calendar"
    package let nameKey = "calendar.name"
    package var migrations: [any Migration] { [CreateCalendarTokens()] }

    package var personalData: [PersonalData] {
        [
            PersonalData(
                table: CalendarToken.schema, userColumn: "user_id", purpose: "The secret in the address of a person's calendar feeds, so their calendar program can fetch what they may see.",
                legalBasis: .contract, retention: "Until the person makes a new one or deletes their profile.", erasure: .delete),
        ]
    }

    package func routes(_ routes: any RoutesBuilder) throws {
        try routes.register(collection: CalendarController())
    }

    package func siteRoutes(_ routes: any RoutesBuilder) throws {
        try routes.register(collection: CalendarTokenFeeds())
    }

    package func register(on app: Application) {
        app.calendarFeedCache = CalendarFeeds.Cache()
        app.calendarEntriesCache = KeptByKey(limit: 2_000)
        app.calendarGridCache = KeptByKey(limit: 1_000)
    }

    /// The calendar shows what the other modules have; it has nothing of its own on the front page.
    package func latest(in context: GroupContext, limit: Int, on db: any Database) async throws -> [ModuleItem] { [] }
}
