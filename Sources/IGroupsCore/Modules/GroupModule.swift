import Fluent
import Vapor

/// A part of a group's site that admins switch on and off: pages, news, the forum, …
/// Each module is its own target; the app's `configure.swift` lists the modules that are built.
package protocol GroupModule: Sendable {
    /// The URL segment and key, e.g. "pages": the module lives at `/g/:group/pages`.
    var id: String { get }
    /// The translation key of the module's name in the group menu.
    var nameKey: String { get }
    var migrations: [any Migration] { get }
    /// Whether members write here until an admin decides otherwise (the forum: yes; news: admins only).
    var membersWriteByDefault: Bool { get }
    var personalData: [PersonalData] { get }
    /// Registers the module's routes on a builder already mounted at `/g/:group/<id>`, behind
    /// middleware that has resolved the group and checked the module is switched on.
    func routes(_ routes: any RoutesBuilder) throws
    /// The newest items for the group's front page, in one query at most.
    func latest(in context: GroupContext, limit: Int, on db: any Database) async throws -> [ModuleItem]
    /// Registers the module's jobs and schedules (mail to subscribers, digests).
    func register(on app: Application)
    /// Adds a little demo content to a new demo group (`igroups seed-demo`), in the group's language.
    func seedDemo(in group: Group, by authorID: UUID?, on db: any Database) async throws
    /// Adds demo files to a new demo group once `seedDemo` has saved its content (pictures, documents):
    /// what needs the media tools and the file store rather than the database alone.
    func seedDemoMedia(in group: Group, by authorID: UUID?, app: Application) async throws
    /// The file-store keys of files a person uploaded to this module (pictures of their posts), with the
    /// path each takes in their download; erasure deletes them before the rows that name them go.
    func personalFiles(of userID: UUID, on db: any Database) async throws -> [(key: String, path: String)]
    /// Removes a person's `@username` mentions and quoted name from other people's text as the person is erased.
    func forget(username: String, name: String, on db: any Database) async throws
    /// Every item of the module in a group as the search index holds it, for `igroups reindex`.
    /// A module that puts items in the index (`SearchIndex.put`) must list them all here, or a rebuild loses them.
    func searchDocuments(in groupID: UUID, on db: any Database) async throws -> [SearchDocument]
    /// What the module finds by itself rather than through the index (members by name), at most `limit`
    /// items, for the group's search page; nil when it has nothing to add or the viewer may not see it.
    func searchMatches(_ query: String, in context: GroupContext, limit: Int, on db: any Database) async throws -> SearchMatches?
    /// The module's dated entries in the groups that touch the span `from..<to` (repeats expanded into
    /// occurrences, cancelled ones left out), for the calendar's month, week and agenda views; one query per call.
    func calendarEntries(in groupIDs: [UUID], from: Date, to: Date, on db: any Database) async throws -> [CalendarEntry]
    /// The module's dated entries in the groups as an iCalendar feed carries them: a repeating entry once,
    /// with its rule, cancelled dates and changed occurrences; one query or two per call. A module with
    /// dated entries raises the group's calendar version (`CalendarVersion.bump`) with every change to them:
    /// the calendar keeps what it built until the version moves.
    func calendarFeed(in groupIDs: [UUID], on db: any Database) async throws -> [CalendarEntry]
    /// Routes outside the group's gate, for what a program fetches without a session (a feed with a
    /// secret token in its address); mounted at the root.
    func siteRoutes(_ routes: any RoutesBuilder) throws
    /// A person stops being a member of a group (they left, were removed or banned), or of every group
    /// (`groupID` nil: their profile is being erased): what they held for the future (a place at an event)
    /// is given up, so others can have it.
    func memberLeft(_ userID: UUID, group groupID: UUID?, app: Application, on db: any Database) async throws
}

extension GroupModule {
    /// Most modules are written by admins until the group lets members in.
    package var membersWriteByDefault: Bool { false }
    /// Most modules have no jobs.
    package func register(on app: Application) {}
    /// Most modules have no demo content.
    package func seedDemo(in group: Group, by authorID: UUID?, on db: any Database) async throws {}
    /// Most modules have no demo files.
    package func seedDemoMedia(in group: Group, by authorID: UUID?, app: Application) async throws {}
    /// Most modules keep no files of people.
    package func personalFiles(of userID: UUID, on db: any Database) async throws -> [(key: String, path: String)] { [] }
    /// Most modules have no mentions.
    package func forget(username: String, name: String, on db: any Database) async throws {}
    /// Most modules have nothing to search.
    package func searchDocuments(in groupID: UUID, on db: any Database) async throws -> [SearchDocument] { [] }
    /// Most modules find nothing beyond the index.
    package func searchMatches(_ query: String, in context: GroupContext, limit: Int, on db: any Database) async throws -> SearchMatches? { nil }
    /// Most modules have nothing dated.
    package func calendarEntries(in groupIDs: [UUID], from: Date, to: Date, on db: any Database) async throws -> [CalendarEntry] { [] }
    /// Most modules have nothing dated.
    package func calendarFeed(in groupIDs: [UUID], on db: any Database) async throws -> [CalendarEntry] { [] }
    /// Most modules live behind the group's gate alone.
    package func siteRoutes(_ routes: any RoutesBuilder) throws {}
    /// Most modules hold nothing that others wait for.
    package func memberLeft(_ userID: UUID, group groupID: UUID?, app: Application, on db: any Database) async throws {}
}

extension Application {
    /// Tells every module that a person left a group (or, with `groupID` nil, every group).
    package func memberLeft(_ userID: UUID, group groupID: UUID?, on db: any Database) async throws {
        for module in groupModules { try await module.memberLeft(userID, group: groupID, app: self, on: db) }
    }
}

/// One item a module shows on the group's front page.
package struct ModuleItem: Sendable {
    package let title: String
    package let url: String
    package let date: Date

    package init(title: String, url: String, date: Date) {
        self.title = title
        self.url = url
        self.date = date
    }
}

/// A module's own matches on the group's search page, with the address of its full list.
package struct SearchMatches: Sendable {
    package let items: [ModuleItem]
    package let moreURL: String

    package init(items: [ModuleItem], moreURL: String) {
        self.items = items
        self.moreURL = moreURL
    }
}

extension Application {
    private struct ModulesKey: StorageKey { typealias Value = [any GroupModule] }

    /// The modules this program is built with, in their default menu order.
    package var groupModules: [any GroupModule] {
        get { storage[ModulesKey.self] ?? [] }
        set { storage[ModulesKey.self] = newValue }
    }

    /// The module with an id, if it is built.
    package func groupModule(_ id: String) -> (any GroupModule)? {
        groupModules.first { $0.id == id }
    }
}
