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
        routes.post("token", use: resetToken)
    }

    /// A Gregorian calendar in the group's zone, weeks from Monday.
    static func calendar(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        calendar.firstWeekday = 2
        calendar.minimumDaysInFirstWeek = 4
        return calendar
    }

    /// The entries of every switched-on module that touch `from..<to`, in start order.
    static func entries(_ context: ModuleContext, app: Application, from: Date, to: Date, on db: any Database) async throws -> [CalendarEntry] {
        let groupID = try context.group.group.requireID()
        let enabled = Set(context.states.filter(\.enabled).map(\.id))
        var entries: [CalendarEntry] = []
        for module in app.groupModules where enabled.contains(module.id) {
            entries += try await module.calendarEntries(in: [groupID], from: from, to: to, on: db)
        }
        return entries.sorted { ($0.start, $0.title) < ($1.start, $1.title) }
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

    // MARK: - Views

    /// The month of `?month=2027-01` (this month when absent or malformed), Monday to Sunday.
    @Sendable func month(req: Request) async throws -> Response {
        let context = req.moduleContext
        let zone = context.group.displayZone
        let calendar = Self.calendar(zone)
        let now = Date()
        var first = calendar.dateInterval(of: .month, for: now)?.start ?? now
        if let text = req.query[String.self, at: "month"], let parsed = Self.month(text, calendar) { first = parsed }
        let next = calendar.date(byAdding: .month, value: 1, to: first) ?? first
        let gridStart = calendar.dateInterval(of: .weekOfYear, for: first)?.start ?? first
        let lastDay = calendar.date(byAdding: .day, value: -1, to: next) ?? first
        let gridEnd = calendar.dateInterval(of: .weekOfYear, for: lastDay)?.end ?? next
        let entries = try await Self.entries(context, app: req.application, from: gridStart, to: gridEnd, on: req.db)
        return CalendarViews.Month(
            layout: req.layout(title: req.t("calendar.name")), chrome: context.chrome("calendar", t: req.t), zone: zone,
            first: first, gridStart: gridStart, gridEnd: gridEnd, entries: entries, now: now,
            subscription: try await Self.subscription(req, context)
        ).response()
    }

    /// The week around `?date=2027-01-05` (this week when absent), day by day.
    @Sendable func week(req: Request) async throws -> Response {
        let context = req.moduleContext
        let zone = context.group.displayZone
        let calendar = Self.calendar(zone)
        let now = Date()
        let day = req.query[String.self, at: "date"].flatMap { Self.day($0, calendar) } ?? now
        let start = calendar.dateInterval(of: .weekOfYear, for: day)?.start ?? calendar.startOfDay(for: day)
        let end = calendar.date(byAdding: .day, value: 7, to: start) ?? start
        let entries = try await Self.entries(context, app: req.application, from: start, to: end, on: req.db)
        return CalendarViews.Days(
            layout: req.layout(title: req.t("calendar.name")), chrome: context.chrome("calendar", t: req.t), zone: zone,
            kind: .week, start: start, end: end, entries: entries, now: now, subscription: try await Self.subscription(req, context)
        ).response()
    }

    /// Six weeks of days with something in them, from `?from=2027-01-05` (today when absent).
    @Sendable func agenda(req: Request) async throws -> Response {
        let context = req.moduleContext
        let zone = context.group.displayZone
        let calendar = Self.calendar(zone)
        let now = Date()
        let start = calendar.startOfDay(for: req.query[String.self, at: "from"].flatMap { Self.day($0, calendar) } ?? now)
        let end = calendar.date(byAdding: .day, value: Self.agendaDays, to: start) ?? start
        let entries = try await Self.entries(context, app: req.application, from: start, to: end, on: req.db)
        return CalendarViews.Days(
            layout: req.layout(title: req.t("calendar.name")), chrome: context.chrome("calendar", t: req.t), zone: zone,
            kind: .agenda, start: start, end: end, entries: entries, now: now, subscription: try await Self.subscription(req, context)
        ).response()
    }

    /// "2027-01" as the first of that month; nil when malformed or out of 1900–2200.
    static func month(_ text: String, _ calendar: Calendar) -> Date? {
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]), (1900...2200).contains(year), (1...12).contains(month) else { return nil }
        return calendar.date(from: DateComponents(year: year, month: month, day: 1))
    }

    /// "2027-01-05" as the start of that day; nil when malformed or out of 1900–2200.
    static func day(_ text: String, _ calendar: Calendar) -> Date? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1900...2200).contains(year), (1...12).contains(month), (1...31).contains(day),
              let date = calendar.date(from: DateComponents(year: year, month: month, day: day)), calendar.component(.day, from: date) == day
        else { return nil }
        return date
    }

    // MARK: - Feeds

    /// The group's feed for whoever may read the group (a public group's for anyone).
    @Sendable func feed(req: Request) async throws -> Response {
        let context = req.moduleContext
        return try await CalendarFeeds.groupFeed(req, group: context.group.group, enabled: Set(context.states.filter(\.enabled).map(\.id)))
    }

    /// Makes the viewer's feed address, or a new one: the old addresses stop working at once.
    @Sendable func resetToken(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        try await CalendarToken.reset(try viewer.requireID(), on: req.db)
        return .seeOther("/g/\(req.moduleContext.group.group.slug)/calendar?notice=calendar_token_reset#subscribe")
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
        struct Row: Decodable { let id: UUID; let name: String; let time_zone: String; let updated_at: Date? }
        let rows = try await req.db.sql.select()
            .column(SQLColumn("id", table: Group.schema)).column(SQLColumn("name", table: Group.schema))
            .column(SQLColumn("time_zone", table: Group.schema)).column(SQLColumn("updated_at", table: Group.schema))
            .from(Group.schema).join(Membership.schema, on: SQLColumn("group_id", table: Membership.schema), .equal, SQLColumn("id", table: Group.schema))
            .where(SQLColumn("user_id", table: Membership.schema), .equal, SQLBind(userID))
            .orderBy(SQLColumn("name_key", table: Group.schema))
            .all(decoding: Row.self)
        var enabled = try await CalendarFeeds.enabledModules(in: rows.map(\.id), app: req.application, on: req.db)
        // A group that switched its calendar off keeps its dates out of feeds.
        for (id, modules) in enabled where !modules.contains("calendar") { enabled[id] = [] }
        let groups = rows.map { (id: $0.id, name: $0.name, stamp: $0.time_zone + String($0.updated_at?.timeIntervalSince1970 ?? 0)) }
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
