import Fluent
import Foundation
import NIOConcurrencyHelpers
@testable import IGroupsCalendar
@testable import IGroupsCore
@testable import IGroupsEvents
@testable import IGroupsPolls
import Testing
import Vapor
import VaporTesting

@Suite("Calendar")
struct CalendarTests {
    /// What the independent reader took from a feed.
    struct Feed: Decodable {
        struct Event: Decodable {
            let uid: String
            let summary: String
            let start: String
            let end: String?
            let status: String
            let location: String
            let sequence: Int
            let rrule: String?
            let occurrences: [String]?
            let recurrence_id: String?
        }

        let name: String
        let events: [Event]
        let zones: [String: [Double]]
    }

    /// Reads an iCalendar document with Python's `icalendar` (and dateutil for the repeats).
    static func read(_ body: String, year: Int) throws -> Feed {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("feed-\(UUID().uuidString).ics")
        try body.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/read_ics.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try SMTPTestServer.python())
        process.arguments = [script, file.path, String(year)]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "the reader failed: \(problem)")
        return try JSONDecoder().decode(Feed.self, from: data)
    }

    /// A closed group with a weekly training across the change to summer time (one date cancelled, one moved)
    /// and an all-day camp; mette owns it, bodil is a member.
    static func group(_ app: Application) async throws -> (owner: Browser, member: Browser) {
        var owner = Browser(app)
        try await owner.signUpVerified("mette")
        try await owner.createGroup("klubben", visibility: "closed", joinPolicy: "request")
        let group = try #require(try await Group.query(on: app.db).first())
        var member = Browser(app)
        try await member.signUpVerified("bodil")
        let bodil = try #require(try await User.query(on: app.db).filter(\.$usernameKey == "bodil").first())
        try await Membership(groupID: group.requireID(), userID: bodil.requireID(), role: .member).create(on: app.db)
        try await member.get("/g/klubben")
        try await owner.get("/g/klubben/events/new")
        try await owner.post("/g/klubben/events/new", [
            "title": "Træning", "start_date": "2099-03-10", "start_time": "19:00", "end_time": "20:30", "place": "Hallen",
            "repeat": "weekly", "repeat_end": "count", "repeat_count": "6",
        ])
        let dates = try await EventOccurrence.query(on: app.db).sort(\.$startsAt).all()
        try await owner.post("/g/klubben/events/\(try dates[2].requireID())/cancel")
        try await owner.post("/g/klubben/events/\(try dates[3].requireID())/change", ["start_date": "2099-04-02", "start_time": "20:00", "end_date": "2099-04-02", "end_time": "21:00", "place": "Hal 2"])
        try await owner.post("/g/klubben/events/new", ["title": "Lejr", "all_day": "on", "start_date": "2099-05-01", "end_date": "2099-05-03"])
        return (owner, member)
    }

    static func token(_ app: Application, _ username: String) async throws -> String {
        let user = try #require(try await User.query(on: app.db).filter(\.$usernameKey == username).first())
        return try #require(try await CalendarToken.query(on: app.db).filter(\.$user.$id == user.requireID()).first()).token
    }

    @Test("The group's feed, read by an independent parser: local times with their zone, the repeat rule with a cancelled and a moved date, all-day dates")
    func groupFeed() async throws {
        try await withTestApp { app in
            var (_, member) = try await Self.group(app)
            #expect(try await member.get("/g/klubben/calendar/subscribe").body.string.contains("Make my calendar addresses"))
            #expect(try await member.post("/g/klubben/calendar/token").location == "/g/klubben/calendar/subscribe?notice=calendar_token_reset")
            let token = try await Self.token(app, "bodil")
            let addresses = try await member.get("/g/klubben/calendar/subscribe").body.string
            #expect(addresses.contains("/g/klubben/calendar/feed/\(token).ics") && addresses.contains("/calendar/\(token).ics"))
            var reader = Browser(app)
            let response = try await reader.get("/g/klubben/calendar/feed/\(token).ics")
            #expect(response.status == .ok)
            #expect(response.headers.contentType?.description.hasPrefix("text/calendar") == true)
            let feed = try Self.read(response.body.string, year: 2099)
            #expect(feed.name == "Klubben")
            #expect(feed.zones["Europe/Copenhagen"] == [3600, 7200], "winter and summer offsets: \(feed.zones)")
            let series = try #require(feed.events.first { $0.rrule != nil })
            #expect(series.summary == "Træning" && series.location == "Hallen")
            #expect(series.start == "2099-03-10T19:00:00+01:00" && series.end == "2099-03-10T20:30:00+01:00")
            // Six Tuesdays at 19:00 local, across the change to summer time on 29 March; the third is cancelled.
            #expect(series.occurrences == [
                "2099-03-10T19:00:00+01:00", "2099-03-17T19:00:00+01:00", "2099-03-31T19:00:00+02:00",
                "2099-04-07T19:00:00+02:00", "2099-04-14T19:00:00+02:00",
            ], "\(series.occurrences ?? [])")
            let moved = try #require(feed.events.first { $0.recurrence_id != nil })
            #expect(moved.uid == series.uid && moved.recurrence_id == "2099-03-31T19:00:00+02:00")
            #expect(moved.start == "2099-04-02T20:00:00+02:00" && moved.location == "Hal 2" && moved.sequence >= 1)
            let camp = try #require(feed.events.first { $0.summary == "Lejr" })
            #expect(camp.start == "2099-05-01" && camp.end == "2099-05-04", "the end of an all-day span is the day after its last")
            // What the feed's rule makes is what the calendar shows: the dates in the database, cancelled ones left out.
            let event = try #require(try await Event.query(on: app.db).filter(\.$title == "Træning").first())
            let stored = try await EventOccurrence.query(on: app.db).filter(\.$event.$id == event.requireID()).filter(\.$cancelled == false).sort(\.$recurrenceID).all()
            #expect(stored.map { ICalendar.local($0.recurrenceID, in: event.zone) } == series.occurrences?.map { String($0.prefix(19)).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "") })
        }
    }

    @Test("Feeds: a wrong or reset token is a 404; a closed group's plain feed is for members; the person's feed has all their groups; ETag gives 304 until something changes")
    func tokensAndCaching() async throws {
        try await withTestApp { app in
            var (owner, member) = try await Self.group(app)
            // A second group of bodil's, public, with its own event; and a third whose calendar is off.
            try await member.createGroup("roning", visibility: "public", joinPolicy: "open")
            try await member.get("/g/roning/events/new")
            try await member.post("/g/roning/events/new", ["title": "Kaproning", "start_date": "2099-06-06", "start_time": "10:00"])
            try await member.createGroup("stille", visibility: "closed", joinPolicy: "request")
            try await member.get("/g/stille/events/new")
            try await member.post("/g/stille/events/new", ["title": "Hemmeligt", "start_date": "2099-06-07", "start_time": "10:00"])
            let quiet = try #require(try await Group.query(on: app.db).filter(\.$slug == "stille").first())
            try await GroupModuleSetting(groupID: quiet.requireID(), moduleID: "calendar", enabled: false, position: 2, membersWrite: false).create(on: app.db)

            var visitor = Browser(app)
            #expect(try await visitor.get("/g/klubben/calendar/feed.ics").status == .forbidden)
            #expect(try await visitor.get("/g/roning/calendar/feed.ics").status == .ok, "a public group's feed is public")
            #expect(try await visitor.get("/calendar/not-a-token-at-all-0000000.ics").status == .notFound)
            #expect(try await visitor.get("/g/klubben/calendar/feed/not-a-token-at-all-0000000.ics").status == .notFound)

            try await member.post("/g/klubben/calendar/token")
            let token = try await Self.token(app, "bodil")
            let personal = try await visitor.get("/calendar/\(token).ics")
            #expect(personal.status == .ok)
            let feed = try Self.read(personal.body.string, year: 2099)
            let titles = Set(feed.events.map(\.summary))
            #expect(titles.contains("Klubben: Træning") && titles.contains("Roning: Kaproning") && titles.contains("Klubben: Lejr"))
            #expect(!titles.contains { $0.contains("Hemmeligt") }, "a group with its calendar off stays out")
            // Someone else's token does not open bodil's group to a non-member.
            var outsider = Browser(app)
            try await outsider.signUpVerified("sigurd")
            try await outsider.get("/g/roning/calendar")
            try await outsider.post("/g/roning/calendar/token")
            let theirs = try await Self.token(app, "sigurd")
            #expect(try await visitor.get("/g/klubben/calendar/feed/\(theirs).ics").status == .notFound)
            #expect(try await visitor.get("/g/roning/calendar/feed/\(theirs).ics").status == .ok)

            // The tag answers 304 while nothing changed, and changes with an edit.
            let groupFeed = "/g/klubben/calendar/feed/\(token).ics"
            let first = try await visitor.get(groupFeed)
            let tag = try #require(first.headers.first(name: .eTag))
            let again = try await visitor.request(.GET, groupFeed, headers: ["If-None-Match": tag])
            #expect(again.status == .notModified && again.body.readableBytes == 0)
            let camp = try await CalendarTestsSupport.occurrence(app, "Lejr")
            try await owner.post("/g/klubben/events/\(try camp.requireID())/edit", ["title": "Sommerlejr", "all_day": "on", "start_date": "2099-05-01", "end_date": "2099-05-03"])
            let changed = try await visitor.request(.GET, groupFeed, headers: ["If-None-Match": tag])
            #expect(changed.status == .ok && changed.body.string.contains("SUMMARY:Sommerlejr"))
            #expect(changed.headers.first(name: .eTag) != tag)

            // A suspended person's addresses stop with their sessions.
            let bodil = try #require(try await User.query(on: app.db).filter(\.$usernameKey == "bodil").first())
            bodil.suspendedAt = Date()
            try await bodil.save(on: app.db)
            #expect(try await visitor.get(groupFeed).status == .notFound)
            bodil.suspendedAt = nil
            try await bodil.save(on: app.db)
            // A new token: the old addresses stop working.
            try await member.post("/g/klubben/calendar/token")
            #expect(try await visitor.get(groupFeed).status == .notFound)
            #expect(try await visitor.get("/calendar/\(token).ics").status == .notFound)
            #expect(try await visitor.get("/calendar/\(try await Self.token(app, "bodil")).ics").status == .ok)
        }
    }

    @Test("Month, week and agenda views show the dated entries, move back and forth, take a fixed number of queries, and leave out a switched-off module")
    func views() async throws {
        try await withTestApp { app in
            var (owner, member) = try await Self.group(app)
            let response = try await member.get("/g/klubben/calendar?month=2099-03")
            #expect(response.status == .ok)
            var page = response.body.string
            #expect(page.contains("March 2099") && page.contains("19:00</span> Træning"))
            #expect(page.contains("?month=2099-02") && page.contains("?month=2099-04"))
            // 10 and 17 March; the 24th is cancelled; the 31st moved to 2 April, in the grid's last week.
            #expect(page.components(separatedBy: "Træning</a>").count - 1 == 3)
            page = try await member.get("/g/klubben/calendar?month=2099-04").body.string
            #expect(page.contains("20:00</span> Træning"), "the moved date shows at its new time")
            page = try await member.get("/g/klubben/calendar/week?date=2099-05-02").body.string
            #expect(page.contains("All day</span> Lejr") && page.contains("/week?date=2099-04-20") && page.contains("/week?date=2099-05-04"))
            page = try await member.get("/g/klubben/calendar/agenda?from=2099-03-01").body.string
            #expect(page.contains("Træning") && !page.contains("Lejr"), "six weeks from 1 March end before May")
            // Malformed dates fall back to today's month and week.
            #expect(try await member.get("/g/klubben/calendar?month=2099-13").status == .ok)
            #expect(try await member.get("/g/klubben/calendar/week?date=yesterday").status == .ok)

            func queries(_ path: String) async throws -> Int {
                let response = try await member.get(path)
                return try #require(response.headers.first(name: QueryCountingMiddleware.header).flatMap(Int.init))
            }
            // A month not seen yet is read from the database: once for each module with dates.
            let few = try await queries("/g/klubben/calendar?month=2099-05")
            for day in 1...20 {
                try await owner.post("/g/klubben/events/new", ["title": "Møde \(day)", "start_date": String(format: "2099-03-%02d", day), "start_time": "12:00"])
            }
            // New events move the group's calendar version, so the group's row is read again once, here by another month.
            try await member.get("/g/klubben/calendar?month=2099-01")
            let many = try await queries("/g/klubben/calendar?month=2099-03")
            #expect(few == many && many <= 4, "queries: \(few) → \(many)")
            // Seen again before anything changes, the month's dates are kept: the session and the group alone.
            #expect(try await queries("/g/klubben/calendar?month=2099-03") == 2)
            page = try await member.get("/g/klubben/calendar?month=2099-03").body.string
            #expect(page.contains("Møde 20"))

            let group = try #require(try await Group.query(on: app.db).first())
            try await GroupModuleSetting(groupID: group.requireID(), moduleID: "events", enabled: false, position: 0, membersWrite: false).create(on: app.db)
            page = try await member.get("/g/klubben/calendar?month=2099-03").body.string
            #expect(!page.contains("Træning") && page.contains("There is nothing in the calendar this month."))
            #expect(try await member.get("/g/klubben/events").status == .notFound)
        }
    }
}

extension CalendarTests {
    @Test("A poll's deadline is in the calendar's month and the group's feed, at its time in the group's zone")
    func pollDeadlines() async throws {
        try await withTestApp { app in
            var (_, bodil, _) = try await PollsTests.group(app)
            let due = Date().addingTimeInterval(10 * 86_400)
            let (date, _) = PollsTests.typed(due)
            let month = String(date.prefix(7))
            // Seen (and kept) before the poll: the new deadline moves the group's calendar version.
            #expect(try await bodil.get("/g/klubben/calendar?month=\(month)").body.string.contains("There is nothing in the calendar this month."))
            _ = try await PollsTests.makePoll(&bodil, "Hvor skal sommerturen gå hen?", date: date, time: "18:30")
            let page = try await bodil.get("/g/klubben/calendar?month=\(month)").body.string
            #expect(page.contains("18:30 deadline</span> Hvor skal sommerturen gå hen?"))
            var visitor = Browser(app)
            let feed = try Self.read(try await visitor.get("/g/klubben/calendar/feed.ics").body.string, year: Int(date.prefix(4))!)
            let poll = try #require(feed.events.first { $0.uid.hasPrefix("poll-") })
            #expect(poll.summary == "Hvor skal sommerturen gå hen?" && poll.start.hasPrefix(date + "T18:30:00+0"))
            // Closed early, the poll leaves the calendar at once (the kept month moves with the group's version).
            let pollID = try #require(try await Poll.query(on: app.db).first()).requireID()
            #expect(try await bodil.post("/g/klubben/polls/\(pollID)/close").status == .seeOther)
            #expect(!(try await bodil.get("/g/klubben/calendar?month=\(month)").body.string.contains("Hvor skal sommerturen")))
        }
    }
}

extension CalendarTests {
    @Test("A repeating all-day event's feed ends its rule on a date, as its start is a date, and the reader expands it")
    func allDayFeed() async throws {
        try await withTestApp { app in
            var (owner, member) = try await Self.group(app)
            try await owner.post("/g/klubben/events/new", ["title": "Loppemarked", "all_day": "on", "start_date": "2099-03-15", "end_date": "2099-03-15", "repeat": "weekly", "repeat_until": "2099-04-05"])
            try await member.post("/g/klubben/calendar/token")
            var reader = Browser(app)
            let body = try await reader.get("/g/klubben/calendar/feed/\(try await Self.token(app, "bodil")).ics").body.string
            #expect(body.contains("RRULE:FREQ=WEEKLY;UNTIL=20990405\r\n"))
            let feed = try Self.read(body, year: 2099)
            let market = try #require(feed.events.first { $0.summary == "Loppemarked" })
            #expect(market.occurrences?.map { String($0.prefix(10)) } == ["2099-03-15", "2099-03-22", "2099-03-29", "2099-04-05"])
        }
    }

    @Test("Kept feeds stay under their size limit, the least recently used going first; a feed asked for at once is built once")
    func feedCache() async throws {
        let cache = CalendarFeeds.Cache(limit: 250)
        let builds = NIOLockedValueBox(0)
        func feed(_ key: String, _ size: Int) async throws -> [UInt8] {
            try await cache.bytes(key, tag: "1") {
                builds.withLockedValue { $0 += 1 }
                try await Task.sleep(for: .milliseconds(20))
                return [UInt8](repeating: 65, count: size)
            }
        }
        try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for _ in 0..<10 { group.addTask { try await feed("a", 100) } }
            for try await bytes in group { #expect(bytes.count == 100) }
        }
        #expect(builds.withLockedValue { $0 } == 1)
        _ = try await feed("b", 100)
        _ = try await feed("a", 100)
        _ = try await feed("c", 100)
        #expect(cache.size == 200, "b, least recently used, went")
        _ = try await feed("a", 100)
        _ = try await feed("b", 100)
        #expect(builds.withLockedValue { $0 } == 4, "a was kept, b built again")
    }
}

enum CalendarTestsSupport {
    static func occurrence(_ app: Application, _ title: String) async throws -> EventOccurrence {
        let event = try #require(try await Event.query(on: app.db).filter(\.$title == title).first())
        return try #require(try await EventOccurrence.query(on: app.db).filter(\.$event.$id == event.requireID()).sort(\.$startsAt).first())
    }
}
