import Fluent
import IGroupsCore
import SQLKit
import Vapor

/// `/g/:group/calendar`: the month, week and agenda views of everything dated in the group, and its feed.
struct CalendarController: RouteCollection {
    /// Days the agenda shows at a time.
    static let agendaDays = 42

    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: month)
        routes.get("week", use: week)
        routes.get("agenda", use: agenda)
        routes.get("feed.ics", use: feed)
        routes.get("subscribe", use: subscribe)
        routes.post("token", use: resetToken)
    }

    /// The entries of every switched-on module that touch `from..<to`, in start order: read once for each
    /// calendar version of the group and kept, so a calendar page asks the database for nothing more than
    /// the group it already read.
    static func entries(_ context: ModuleContext, app: Application, days: Range<Int>, zone: TimeZone, from: Date, to: Date, on db: any Database) async throws -> [CalendarEntry] {
        let key = try entriesKey(context, days: days, zone: zone)
        if let kept = app.calendarEntriesCache.get(key) { return kept }
        let groupID = try context.group.group.requireID()
        let enabled = context.states.filter(\.enabled).map(\.id)
        var entries: [CalendarEntry] = []
        for module in app.groupModules where enabled.contains(module.id) {
            entries += try await module.calendarEntries(in: [groupID], from: from, to: to, on: db)
        }
        entries.sort { ($0.start, $0.title) < ($1.start, $1.title) }
        app.calendarEntriesCache.put(key, entries)
        return entries
    }

    /// What a span's entries depend on: the group (its address is in their links), its calendar version,
    /// the modules switched on, and the span.
    static func entriesKey(_ context: ModuleContext, days: Range<Int>, zone: TimeZone) throws -> String {
        let group = context.group.group
        let enabled = context.states.filter(\.enabled).map(\.id)
        return "\(try group.requireID().uuidString)|\(group.slug)|\(group.calendarVersion)|\(enabled.joined(separator: ","))|\(days.lowerBound)-\(days.upperBound)|\(zone.identifier)"
    }

    /// What the subscription box shows: the feed addresses this viewer may use.
    static func subscription(_ req: Request, _ context: ModuleContext) async throws -> CalendarViews.Subscription {
        let group = context.group.group
        let settings = req.application.settings
        let open = group.visibility == .public ? settings.absolute("/g/\(group.slug)/calendar/feed.ics") : nil
        guard let viewer = context.group.viewer, let viewerID = viewer.id else { return .init(publicFeed: open, groupFeed: nil, personalFeed: nil, signedIn: false) }
        guard let token = try await CalendarToken.query(on: req.db).filter(\.$user.$id == viewerID).first()?.token else {
            return .init(publicFeed: open, groupFeed: nil, personalFeed: nil, signedIn: true)
        }
        return .init(
            publicFeed: open,
            groupFeed: context.group.isMember || group.visibility == .public ? settings.absolute("/g/\(group.slug)/calendar/feed/\(token).ics") : nil,
            personalFeed: settings.absolute("/calendar/\(token).ics"), signedIn: true)
    }

    /// Local days in the viewer's zone for the span of days, with the instants they begin and end.
    static func clock(_ zone: TimeZone, days: Range<Int>) -> (ZoneClock, from: Date, to: Date) {
        let margin = 2 * 86_400.0
        let clock = ZoneClock(
            zone: zone, from: Date(timeIntervalSince1970: Double(days.lowerBound * 86_400) - margin),
            to: Date(timeIntervalSince1970: Double(days.upperBound * 86_400) + margin))
        return (clock, clock.start(ofDay: days.lowerBound), clock.start(ofDay: days.upperBound))
    }

    // MARK: - Views

    /// The month of `?month=2027-01` (this month when absent or malformed), Monday to Sunday.
    @Sendable func month(req: Request) async throws -> Response {
        let context = req.moduleContext
        let zone = context.group.displayZone
        let today = ZoneClock.today(in: zone)
        var (year, month, _, _) = ZoneClock.date(ofDay: today)
        if let text = req.query[String.self, at: "month"], let parsed = Self.month(text) { (year, month) = parsed }
        let first = ZoneClock.dayNumber(year: year, month: month, day: 1)
        let next = month == 12 ? ZoneClock.dayNumber(year: year + 1, month: 1, day: 1) : ZoneClock.dayNumber(year: year, month: month + 1, day: 1)
        let gridStart = first - ZoneClock.date(ofDay: first).weekday
        let gridEnd = next + (7 - ZoneClock.date(ofDay: next).weekday) % 7
        // The grid drawn for the same dates, language, zone and day is kept and written again as it was.
        let t = req.t
        let days = gridStart..<gridEnd
        let gridKey = try Self.entriesKey(context, days: days, zone: zone) + "|\(t.language.rawValue)|\(today)"
        let cache = req.application.calendarGridCache
        let grid: HTML
        if let kept = cache.get(gridKey) {
            grid = kept
        } else {
            let (clock, from, to) = Self.clock(zone, days: days)
            let entries = try await Self.entries(context, app: req.application, days: days, zone: zone, from: from, to: to, on: req.db)
            grid = CalendarViews.Month.grid(
                slug: context.group.group.slug, clock: clock, year: year, month: month, days: gridStart..<gridEnd, today: today, entries: entries, t: t)
            cache.put(gridKey, grid)
        }
        return CalendarViews.Month(
            layout: req.layout(title: t("calendar.name")), chrome: context.chrome("calendar", t: t), year: year, month: month, grid: grid
        ).response()
    }

    /// The week around `?date=2027-01-05` (this week when absent), day by day.
    @Sendable func week(req: Request) async throws -> Response {
        try await days(req, kind: .week, parameter: "date", count: 7)
    }

    /// Six weeks of days with something in them, from `?from=2027-01-05` (today when absent).
    @Sendable func agenda(req: Request) async throws -> Response {
        try await days(req, kind: .agenda, parameter: "from", count: Self.agendaDays)
    }

    private func days(_ req: Request, kind: CalendarViews.Days.Kind, parameter: String, count: Int) async throws -> Response {
        let context = req.moduleContext
        let zone = context.group.displayZone
        let today = ZoneClock.today(in: zone)
        let chosen = req.query[String.self, at: parameter].flatMap(Self.day) ?? today
        let start = kind == .week ? chosen - ZoneClock.date(ofDay: chosen).weekday : chosen
        let (clock, from, to) = Self.clock(zone, days: start..<(start + count))
        let entries = try await Self.entries(context, app: req.application, days: start..<(start + count), zone: zone, from: from, to: to, on: req.db)
        return CalendarViews.Days(
            layout: req.layout(title: req.t("calendar.name")), chrome: context.chrome("calendar", t: req.t), clock: clock,
            kind: kind, days: start..<(start + count), today: today, entries: entries
        ).response()
    }

    /// "2027-01" as year and month; nil when malformed or out of 1900–2200.
    static func month(_ text: String) -> (Int, Int)? {
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]), (1900...2200).contains(year), (1...12).contains(month) else { return nil }
        return (year, month)
    }

    /// "2027-01-05" as a day number; nil when malformed, not a real date, or out of 1900–2200.
    static func day(_ text: String) -> Int? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1900...2200).contains(year), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        let number = ZoneClock.dayNumber(year: year, month: month, day: day)
        return ZoneClock.date(ofDay: number).day == day ? number : nil
    }

    // MARK: - Feeds

    /// The group's feed for whoever may read the group (a public group's for anyone).
    @Sendable func feed(req: Request) async throws -> Response {
        let context = req.moduleContext
        return try await CalendarFeeds.groupFeed(req, group: context.group.group, enabled: Set(context.states.filter(\.enabled).map(\.id)))
    }

    /// The feed addresses the viewer may subscribe to, and the way to make new ones.
    @Sendable func subscribe(req: Request) async throws -> Response {
        let context = req.moduleContext
        return CalendarViews.Subscribe(
            layout: req.layout(title: req.t("calendar.subscribe")), chrome: context.chrome("calendar", t: req.t),
            subscription: try await Self.subscription(req, context)
        ).response()
    }

    /// Makes the viewer's feed address, or a new one: the old addresses stop working at once.
    @Sendable func resetToken(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        try await CalendarToken.reset(try viewer.requireID(), on: req.db)
        return .seeOther("/g/\(req.moduleContext.group.group.slug)/calendar/subscribe?notice=calendar_token_reset")
    }
}

/// Feeds fetched by calendar programs, with the person's secret token in the address instead of a session.
struct CalendarTokenFeeds: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("calendar", ":token", use: personal)
        routes.get("g", ":group", "calendar", "feed", ":token", use: group)
    }

    /// "abc.ics" → "abc".
    static func token(_ req: Request) -> String {
        let raw = req.parameters.get("token") ?? ""
        return raw.hasSuffix(".ics") ? String(raw.dropLast(4)) : raw
    }

    /// Every group of the token's owner, each module's entries where the module and the calendar are on.
    @Sendable func personal(req: Request) async throws -> Response {
        guard let userID = try await CalendarToken.owner(of: Self.token(req), on: req.db), let user = try await User.find(userID, on: req.db) else { throw Abort(.notFound) }
        struct Row: Decodable { let id: UUID; let name: String; let time_zone: String; let calendar_version: Int }
        let rows = try await req.db.sql.select()
            .column(SQLColumn("id", table: Group.schema)).column(SQLColumn("name", table: Group.schema))
            .column(SQLColumn("time_zone", table: Group.schema)).column(SQLColumn("calendar_version", table: Group.schema))
            .from(Group.schema).join(Membership.schema, on: SQLColumn("group_id", table: Membership.schema), .equal, SQLColumn("id", table: Group.schema))
            .where(SQLColumn("user_id", table: Membership.schema), .equal, SQLBind(userID))
            .orderBy(SQLColumn("name_key", table: Group.schema))
            .all(decoding: Row.self)
        var enabled = try await CalendarFeeds.enabledModules(in: rows.map(\.id), app: req.application, on: req.db)
        // A group that switched its calendar off keeps its dates out of feeds.
        for (id, modules) in enabled where !modules.contains("calendar") { enabled[id] = [] }
        let groups = rows.map { (id: $0.id, name: $0.name, stamp: $0.time_zone + ":" + String($0.calendar_version)) }
        let name = req.application.translations.localizer(Language(rawValue: user.language) ?? .da)("calendar.personal_feed", ["name": user.name])
        return try await CalendarFeeds.respond(req, key: "user:" + userID.uuidString, name: name, groups: groups, enabled: enabled, prefix: true)
    }

    /// One group's feed for the token's owner: a member, or anyone for a public group. 404 tells nothing more.
    @Sendable func group(req: Request) async throws -> Response {
        guard let userID = try await CalendarToken.owner(of: Self.token(req), on: req.db),
              let slug = req.parameters.get("group"), let group = try await Group.query(on: req.db).filter(\.$slug == slug).first()
        else { throw Abort(.notFound) }
        let groupID = try group.requireID()
        let member = try await Membership.of(userID, in: groupID, on: req.db) != nil
        guard member || group.visibility == .public else { throw Abort(.notFound) }
        let enabled = try await CalendarFeeds.enabledModules(in: [groupID], app: req.application, on: req.db)[groupID] ?? []
        return try await CalendarFeeds.groupFeed(req, group: group, enabled: enabled)
    }
}
