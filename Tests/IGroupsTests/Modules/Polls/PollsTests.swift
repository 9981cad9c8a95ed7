import Fluent
import Foundation
@testable import IGroupsCore
@testable import IGroupsPolls
import Logging
import NIOConcurrencyHelpers
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("Polls")
struct PollsTests {
    /// A public, open group "klubben" of mette's, with bodil and carl as members.
    static func group(_ app: Application) async throws -> (owner: Browser, bodil: Browser, carl: Browser) {
        var owner = Browser(app)
        try await owner.signUpVerified("mette")
        try await owner.createGroup("klubben", visibility: "public", joinPolicy: "open")
        var members: [Browser] = []
        for name in ["bodil", "carl"] {
            var member = Browser(app)
            try await member.signUpVerified(name)
            try await member.get("/g/klubben")
            try await member.post("/g/klubben/join")
            members.append(member)
        }
        return (owner, members[0], members[1])
    }

    static func userID(_ app: Application, _ username: String) async throws -> UUID {
        try #require(try await User.query(on: app.db).filter(\.$usernameKey == username).first()).requireID()
    }

    /// The fields of a new poll, options repeated as the form sends them.
    static func fields(
        _ question: String, options: [String], kind: String = "single", max: String = "", anonymous: Bool = false,
        results: String = "always", date: String = "", time: String = "", token: String? = nil, more: Bool = false
    ) -> [(String, String)] {
        var fields = [("question", question), ("description", "Skriv gerne i kommentarerne."), ("kind", kind), ("max_choices", max), ("results", results), ("deadline_date", date), ("deadline_time", time)]
        fields += options.map { ("options", $0) }
        if anonymous { fields.append(("anonymous", "on")) }
        if let token { fields.append(("token", token)) }
        if more { fields.append(("more", "1")) }
        return fields
    }

    /// Makes a poll through the form and returns its id.
    @discardableResult
    static func makePoll(_ browser: inout Browser, _ question: String, options: [String] = ["Ja", "Nej", "Måske"], kind: String = "single", max: String = "", anonymous: Bool = false, results: String = "always", date: String = "", time: String = "", group: String = "klubben") async throws -> UUID {
        try await browser.get("/g/\(group)/polls/new")
        let response = try await browser.postPairs("/g/\(group)/polls/new", fields(question, options: options, kind: kind, max: max, anonymous: anonymous, results: results, date: date, time: time))
        #expect(response.status == .seeOther, "\(question): \(response.status) \(response.body.string.prefix(0))")
        let location = try #require(response.location)
        return try #require(UUID(uuidString: String(location.dropFirst("/g/\(group)/polls/".count).prefix(36))))
    }

    static func options(_ app: Application, _ pollID: UUID) async throws -> [UUID] {
        try await PollOption.query(on: app.db).filter(\.$poll.$id == pollID).sort(\.$position).all().map { try $0.requireID() }
    }

    @discardableResult
    static func vote(_ browser: inout Browser, _ pollID: UUID, _ choices: [UUID], group: String = "klubben") async throws -> TestingHTTPResponse {
        try await browser.postPairs("/g/\(group)/polls/\(pollID)/vote", choices.map { ("option", $0.uuidString) })
    }

    /// The chosen options of every ballot of a poll, as sets.
    static func ballots(_ app: Application, _ pollID: UUID) async throws -> [Set<UUID>] {
        let votes = try await PollVote.query(on: app.db).filter(\.$poll.$id == pollID).all()
        return Dictionary(grouping: votes, by: \.$ballot.id).values.map { Set($0.map(\.$option.id)) }
    }

    /// A date and time as the form takes them, in the zone deadlines are typed in.
    static func typed(_ date: Date) -> (date: String, time: String) {
        PollTime.fields(date, in: Localizer.defaultTimeZone)
    }

    @Test("Making a poll: bad input gets a clear answer in the person's language with their input kept, and saves nothing")
    func validation() async throws {
        try await withTestApp { app in
            var (_, bodil, _) = try await Self.group(app)
            try await bodil.get("/g/klubben/polls/new")
            func refused(_ fields: [(String, String)], _ message: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
                let response = try await bodil.postPairs("/g/klubben/polls/new", fields)
                #expect(response.status == .unprocessableEntity, sourceLocation: sourceLocation)
                #expect(response.body.string.contains(message), "missing \(message)", sourceLocation: sourceLocation)
                return response.body.string
            }
            var page = try await refused(Self.fields("", options: ["Grill", "", "  "]), "Write the question.")
            #expect(page.contains("Give at least 2 options."))
            #expect(page.contains("value=\"Grill\""), "what was typed stays")
            #expect(page.contains("aria-invalid=\"true\""))
            page = try await refused(Self.fields("Mad?", options: ["Grill", "Picnic", " grill "]), "Option 3 is the same as option 1.")
            #expect(page.contains("value=\"Picnic\"") && page.contains("value=\"Mad?\""))
            _ = try await refused(Self.fields("Mad?", options: (1...21).map { "Svar \($0)" }), "Give at most 20 options.")
            _ = try await refused(Self.fields("Mad?", options: ["Grill", String(repeating: "x", count: 201)]), "Option 2 is too long: at most 200 characters.")
            _ = try await refused(Self.fields(String(repeating: "?", count: 301), options: ["Ja", "Nej"]), "At most 300 characters.")
            _ = try await refused(Self.fields("Mad?", options: ["Ja", "Nej"], kind: "nogle"), "Choose whether people may pick one option or several.")
            _ = try await refused(Self.fields("Mad?", options: ["Ja", "Nej", "Måske"], kind: "multiple", max: "1"), "Write a whole number from 2 to 3")
            _ = try await refused(Self.fields("Mad?", options: ["Ja", "Nej", "Måske"], kind: "multiple", max: "to"), "Write a whole number from 2 to 3")
            _ = try await refused(Self.fields("Mad?", options: ["Ja", "Nej"], results: "nogle gange"), "Choose when the results are shown.")
            // Dates out of range or malformed.
            let year = Calendar(identifier: .gregorian).component(.year, from: Date())
            for (date, time, message) in [
                ("\(year + 1)-02-30", "12:00", "date as a real date (year-month-day)"),
                ("\(year + 1)-13-01", "", "date as a real date (year-month-day)"),
                ("31-12-\(year + 1)", "", "date as a real date (year-month-day)"),
                ("i morgen", "", "date as a real date (year-month-day)"),
                ("\(year + 1)-06-01", "25:00", "time as hours and minutes, e.g. 18:30"),
                ("\(year + 1)-06-01", "12.30", "time as hours and minutes, e.g. 18:30"),
                ("", "12:00", "Write a date too, or remove the time."),
                ("2020-01-01", "12:00", "The deadline has already passed."),
                ("\(year + 3)-01-01", "12:00", "The deadline may be at most 2 years ahead."),
                ("99999-01-01", "12:00", "date as a real date (year-month-day)"),
            ] {
                _ = try await refused(Self.fields("Mad?", options: ["Ja", "Nej"], date: date, time: time), message)
            }
            // The hour the clocks skip in spring: the last Sunday of March, 02:30 in Copenhagen.
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = Localizer.defaultTimeZone
            let spring = try #require((year...year + 1).lazy.compactMap { year -> Date? in
                var day = calendar.date(from: DateComponents(year: year, month: 3, day: 31))
                while let current = day, calendar.component(.weekday, from: current) != 1 { day = calendar.date(byAdding: .day, value: -1, to: current) }
                return day.flatMap { $0 > Date().addingTimeInterval(86_400) ? $0 : nil }
            }.first)
            _ = try await refused(Self.fields("Mad?", options: ["Ja", "Nej"], date: Self.typed(spring).date, time: "02:30"), "That time does not exist on that day")
            // In Danish for a Danish speaker.
            bodil.acceptLanguage = "da"
            page = try await refused(Self.fields("", options: ["Ja"]), "Skriv spørgsmålet.")
            #expect(page.contains("Giv mindst 2 svarmuligheder."))
            bodil.acceptLanguage = "en"
            #expect(try await Poll.query(on: app.db).count() == 0)
            #expect(try await PollOption.query(on: app.db).count() == 0)

            // "More options" shows the form again with more fields, keeps the input and saves nothing.
            let more = try await bodil.postPairs("/g/klubben/polls/new", Self.fields("Mad?", options: ["Grill", "Picnic", "", ""], more: true))
            #expect(more.status == .ok)
            #expect(more.body.string.components(separatedBy: "name=\"options\"").count - 1 == 9)
            #expect(more.body.string.contains("value=\"Picnic\""))
            #expect(try await Poll.query(on: app.db).count() == 0)
        }
    }

    @Test("A member makes a poll; the same form sent twice makes one poll; it shows on the list and the front page")
    func doubleSubmit() async throws {
        try await withTestApp { app in
            var (owner, bodil, _) = try await Self.group(app)
            let form = try await bodil.get("/g/klubben/polls/new").body.string
            let token = try #require(form.range(of: "name=\"token\" value=\"").map { String(form[$0.upperBound...].prefix(36)) })
            let (date, time) = Self.typed(Date().addingTimeInterval(7 * 86_400))
            let fields = Self.fields("Hvor skal sommerturen gå hen?", options: ["Skagen", "Bornholm"], date: date, time: time, token: token)
            let first = try await bodil.postPairs("/g/klubben/polls/new", fields)
            let second = try await bodil.postPairs("/g/klubben/polls/new", fields)
            #expect(first.location == "/g/klubben/polls/\(token)?notice=poll_created")
            #expect(second.location == "/g/klubben/polls/\(token)")
            // Without the token, the same question again within a minute is the same poll too.
            var again = fields
            again.removeAll { $0.0 == "token" }
            #expect(try await bodil.postPairs("/g/klubben/polls/new", again).location == "/g/klubben/polls/\(token)")
            #expect(try await Poll.query(on: app.db).count() == 1)
            let poll = try #require(try await Poll.find(UUID(uuidString: token), on: app.db))
            #expect(poll.$author.id == (try await Self.userID(app, "bodil")))
            #expect(poll.deadline.map { Self.typed($0) == (date, time) } == true)

            let page = try await owner.get("/g/klubben/polls/\(token)").body.string
            #expect(page.contains("Hvor skal sommerturen gå hen?"))
            #expect(page.contains("Skriv gerne i kommentarerne."))
            #expect(page.contains("Closes"))
            #expect(try await owner.get("/g/klubben/polls").body.string.contains("href=\"/g/klubben/polls/\(token)\""))
            #expect(try await owner.get("/g/klubben").body.string.contains("Hvor skal sommerturen gå hen?"))
            // An empty list says what polls are for.
            try await owner.createGroup("tom", visibility: "public", joinPolicy: "open")
            let empty = try await owner.get("/g/tom/polls").body.string
            #expect(empty.contains("No polls yet") && empty.contains("href=\"/g/tom/polls/new\""))
        }
    }

    @Test("Single choice: one ballot per person; voting again changes it; two options, none, or another poll's option are refused")
    func singleChoice() async throws {
        try await withTestApp { app in
            var (owner, bodil, carl) = try await Self.group(app)
            let pollID = try await Self.makePoll(&owner, "Grill eller picnic?", options: ["Grill", "Picnic", "Begge dele"])
            let other = try await Self.makePoll(&owner, "Hvornår?", options: ["Lørdag", "Søndag"])
            let options = try await Self.options(app, pollID)
            let foreign = try await Self.options(app, other)
            try await bodil.get("/g/klubben/polls/\(pollID)")
            var response = try await Self.vote(&bodil, pollID, [options[0]])
            #expect(response.location == "/g/klubben/polls/\(pollID)?notice=poll_voted")
            #expect(try await Self.ballots(app, pollID) == [[options[0]]])

            for (choices, message) in [
                ([options[0], options[1]], "Choose only one option."), ([], "Choose an option."),
                ([foreign[0]], "Choose among this poll&#39;s options."), ([options[1], foreign[0]], "Choose among this poll&#39;s options."),
            ] {
                response = try await Self.vote(&bodil, pollID, choices)
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains(message), "\(message)")
            }
            response = try await bodil.postPairs("/g/klubben/polls/\(pollID)/vote", [("option", "ikke-et-id")])
            #expect(response.status == .unprocessableEntity)
            #expect(try await Self.ballots(app, pollID) == [[options[0]]], "nothing changed")
            #expect(try await PollVote.query(on: app.db).filter(\.$poll.$id == other).count() == 0)

            // Changing her vote replaces it: still one ballot.
            response = try await Self.vote(&bodil, pollID, [options[1]])
            #expect(response.status == .seeOther)
            #expect(try await Self.ballots(app, pollID) == [[options[1]]])
            #expect(try await PollBallot.query(on: app.db).filter(\.$poll.$id == pollID).count() == 1)
            try await carl.get("/g/klubben/polls/\(pollID)")
            try await Self.vote(&carl, pollID, [options[1]])
            let page = try await bodil.get("/g/klubben/polls/\(pollID)").body.string
            #expect(page.contains("2 people have voted."))
            #expect(page.contains("2 votes · 100%"))
            #expect(page.contains("Change my vote"))
            #expect(page.contains("value=\"\(options[1].uuidString)\" checked"))
            // Named: members see who chose what.
            #expect(page.contains("Who chose this") && page.contains("href=\"/u/carl\""))

            // Only members vote.
            var outsider = Browser(app)
            try await outsider.signUpVerified("dorte")
            try await outsider.get("/g/klubben/polls/\(pollID)")
            #expect(try await Self.vote(&outsider, pollID, [options[0]]).status == .forbidden)
            var visitor = Browser(app)
            try await visitor.get("/g/klubben/polls/\(pollID)")
            #expect(try await Self.vote(&visitor, pollID, [options[0]]).location?.hasPrefix("/login") == true)
            let seen = try await visitor.get("/g/klubben/polls/\(pollID)").body.string
            #expect(!seen.contains("Who chose this"), "names are for members")
            #expect(!seen.contains("action=\"/g/klubben/polls/\(pollID)/vote\""))
            #expect(seen.contains("The group&#39;s members with a confirmed email address vote here."))
            #expect(try await PollBallot.query(on: app.db).filter(\.$poll.$id == pollID).count() == 2)
            // A poll of another group is not found here.
            try await owner.createGroup("andre", visibility: "public", joinPolicy: "open")
            #expect(try await owner.get("/g/andre/polls/\(pollID)").status == .notFound)
        }
    }

    @Test("Multiple choice: up to the maximum; more is refused and changes nothing; the vote can shrink")
    func multipleChoice() async throws {
        try await withTestApp { app in
            var (owner, bodil, carl) = try await Self.group(app)
            let pollID = try await Self.makePoll(&owner, "Hvilke aftener kan du?", options: ["Mandag", "Tirsdag", "Onsdag", "Torsdag"], kind: "multiple", max: "2")
            let options = try await Self.options(app, pollID)
            #expect(try await Poll.find(pollID, on: app.db)?.maxChoices == 2)
            try await bodil.get("/g/klubben/polls/\(pollID)")
            #expect(try await Self.vote(&bodil, pollID, [options[0], options[1]]).status == .seeOther)
            let response = try await Self.vote(&bodil, pollID, [options[0], options[1], options[2]])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("Choose at most 2 options."))
            // The boxes she ticked stay ticked.
            #expect(response.body.string.contains("value=\"\(options[2].uuidString)\" checked"))
            #expect(try await Self.ballots(app, pollID) == [[options[0], options[1]]])
            #expect(try await Self.vote(&bodil, pollID, []).body.string.contains("Choose at least one option."))
            // The same option twice counts once.
            #expect(try await Self.vote(&bodil, pollID, [options[3], options[3]]).status == .seeOther)
            #expect(try await Self.ballots(app, pollID) == [[options[3]]])
            try await carl.get("/g/klubben/polls/\(pollID)")
            try await Self.vote(&carl, pollID, [options[0], options[3]])
            let page = try await owner.get("/g/klubben/polls/\(pollID)").body.string
            #expect(page.contains("2 votes · 100%") && page.contains("1 vote · 50%") && page.contains("0 votes · 0%"))
            #expect(page.contains("type=\"checkbox\"") && page.contains("Choose up to 2 options"))
            #expect(page.contains("<progress class=\"poll-bar\" max=\"100\" value=\"50\""))
            // Without a maximum, every option may be chosen.
            let open = try await Self.makePoll(&owner, "Hvad spiser du?", options: ["Fisk", "Kød", "Grønt"], kind: "multiple")
            #expect(try await Poll.find(open, on: app.db)?.maxChoices == 3)
        }
    }

    @Test("Anonymous polls: no row holds the person or a time, a second vote replaces the first, and nobody sees who chose what")
    func anonymous() async throws {
        try await withTestApp { app in
            var (owner, bodil, carl) = try await Self.group(app)
            let pollID = try await Self.makePoll(&owner, "Skal kontingentet hæves?", options: ["Ja", "Nej"], anonymous: true)
            let options = try await Self.options(app, pollID)
            let bodilID = try await Self.userID(app, "bodil")
            try await bodil.get("/g/klubben/polls/\(pollID)")
            #expect(try await Self.vote(&bodil, pollID, [options[0]]).status == .seeOther)
            #expect(try await Self.vote(&bodil, pollID, [options[1]]).status == .seeOther)

            // The rows as the database holds them.
            let ballots = try await app.db.sql.select().column(SQLLiteral.all).from(PollBallot.schema).all()
            let votes = try await app.db.sql.select().column(SQLLiteral.all).from(PollVote.schema).all()
            #expect(ballots.count == 1 && votes.count == 1, "a second vote replaces the first")
            let needles = [bodilID.uuidString.lowercased(), "bodil"]
            for row in ballots + votes {
                for column in row.allColumns {
                    if let id = try? row.decode(column: column, as: UUID.self) { #expect(id != bodilID, "\(column) holds her id") }
                    if let text = try? row.decode(column: column, as: String.self).lowercased() {
                        #expect(!needles.contains { text.contains($0) }, "\(column) holds \(text)")
                    }
                }
            }
            let ballot = try #require(try await PollBallot.query(on: app.db).first())
            #expect(ballot.$user.id == nil && ballot.createdAt == nil && ballot.updatedAt == nil)
            #expect(ballot.voterKey == PollVoter.key(pollID: pollID, userID: bodilID, secret: app.ballotSecret))
            #expect(ballot.voterKey?.count == 64)
            let vote = try #require(try await PollVote.query(on: app.db).first())
            #expect(vote.$user.id == nil && vote.createdAt == nil && vote.$option.id == options[1])

            try await carl.get("/g/klubben/polls/\(pollID)")
            try await Self.vote(&carl, pollID, [options[1]])
            #expect(try await PollBallot.query(on: app.db).count() == 2)
            // She sees her own choice, to change it; the owner (an admin) sees counts, never names.
            let hers = try await bodil.get("/g/klubben/polls/\(pollID)").body.string
            #expect(hers.contains("value=\"\(options[1].uuidString)\" checked") && !hers.contains("value=\"\(options[0].uuidString)\" checked"))
            let admins = try await owner.get("/g/klubben/polls/\(pollID)").body.string
            #expect(admins.contains("2 votes · 100%"))
            #expect(admins.contains("nobody, the group&#39;s admins included, can see who chose what"))
            #expect(!admins.contains("Who chose this") && !admins.contains("/u/bodil") && !admins.contains("/u/carl"))
            #expect(try await owner.get("/g/klubben/polls").body.string.contains("Anonymous"))
            #expect(try await bodil.get("/g/klubben/polls").body.string.contains("You voted"))
        }
    }

    @Test("Results show always, after the viewer voted, or after closing; before that nobody sees them, the creator included, but everyone sees how many voted")
    func resultsVisibility() async throws {
        try await withTestApp { app in
            var (owner, bodil, _) = try await Self.group(app)
            var visitor = Browser(app)
            var polls: [String: UUID] = [:]
            for rule in ["always", "after_vote", "after_close"] {
                polls[rule] = try await Self.makePoll(&owner, "Regel \(rule)?", options: ["Ja", "Nej"], results: rule)
                let options = try await Self.options(app, polls[rule]!)
                try await bodil.get("/g/klubben/polls/\(polls[rule]!)")
                try await Self.vote(&bodil, polls[rule]!, [options[0]])
            }
            func shows(_ browser: inout Browser, _ rule: String) async throws -> Bool {
                let page = try await browser.get("/g/klubben/polls/\(polls[rule]!)").body.string
                #expect(page.contains("1 person has voted."), "the count is always shown")
                #expect(page.contains("class=\"poll-results\"") == page.contains("1 vote · 100%"))
                return page.contains("class=\"poll-results\"")
            }
            #expect(try await shows(&visitor, "always"))
            #expect(try await shows(&owner, "always"))
            #expect(try await shows(&bodil, "after_vote"))
            #expect(try await shows(&owner, "after_vote") == false, "the creator has not voted")
            #expect(try await owner.get("/g/klubben/polls/\(polls["after_vote"]!)").body.string.contains("The results are shown once you have voted"))
            #expect(try await shows(&visitor, "after_vote") == false)
            #expect(try await shows(&bodil, "after_close") == false)
            #expect(try await shows(&owner, "after_close") == false, "admins wait too")
            #expect(try await owner.get("/g/klubben/polls/\(polls["after_close"]!)").body.string.contains("The results are shown when the poll has closed."))

            for rule in ["after_vote", "after_close"] {
                #expect(try await owner.post("/g/klubben/polls/\(polls[rule]!)/close").location == "/g/klubben/polls/\(polls[rule]!)?notice=poll_closed")
                #expect(try await shows(&visitor, rule))
                #expect(try await shows(&owner, rule))
                #expect(try await shows(&bodil, rule))
            }
        }
    }

    @Test("The creator or an admin closes a poll early; another member gets 403; after closing or the deadline votes are refused and nothing changes")
    func closing() async throws {
        try await withTestApp { app in
            var (owner, bodil, carl) = try await Self.group(app)
            let pollID = try await Self.makePoll(&bodil, "Bodils spørgsmål?", options: ["Ja", "Nej"])
            let options = try await Self.options(app, pollID)
            try await carl.get("/g/klubben/polls/\(pollID)")
            try await Self.vote(&carl, pollID, [options[0]])
            #expect(!(try await carl.get("/g/klubben/polls/\(pollID)").body.string.contains("/close\"")))
            #expect(try await carl.post("/g/klubben/polls/\(pollID)/close").status == .forbidden)
            #expect(try await carl.get("/g/klubben/polls/\(pollID)/edit").status == .forbidden)
            #expect(try await carl.post("/g/klubben/polls/\(pollID)/delete").status == .forbidden)
            // A moderator is not an admin.
            let membership = try #require(try await Membership.query(on: app.db).filter(\.$user.$id == Self.userID(app, "carl")).first())
            membership.role = .moderator
            try await membership.save(on: app.db)
            #expect(try await carl.post("/g/klubben/polls/\(pollID)/close").status == .forbidden)
            #expect(try await Poll.find(pollID, on: app.db)?.closedAt == nil)

            #expect(try await bodil.get("/g/klubben/polls/\(pollID)").body.string.contains("action=\"/g/klubben/polls/\(pollID)/close\""))
            #expect(try await bodil.post("/g/klubben/polls/\(pollID)/close").status == .seeOther)
            let closedAt = try #require(try await Poll.find(pollID, on: app.db)?.closedAt)
            // Closing again changes nothing; voting after closing is refused with the reason.
            #expect(try await owner.post("/g/klubben/polls/\(pollID)/close").status == .seeOther)
            #expect(try await Poll.find(pollID, on: app.db)?.closedAt == closedAt)
            let refused = try await Self.vote(&carl, pollID, [options[1]])
            #expect(refused.status == .conflict)
            #expect(refused.body.string.contains("The poll has closed. Your vote was not counted."))
            #expect(try await Self.ballots(app, pollID) == [[options[0]]])
            #expect(try await bodil.get("/g/klubben/polls/\(pollID)/edit").status == .conflict)
            let page = try await carl.get("/g/klubben/polls/\(pollID)").body.string
            #expect(page.contains("Your vote was counted.") && !page.contains("/vote\""))

            // An admin closes someone else's poll; a poll past its deadline is closed.
            let later = try await Self.makePoll(&bodil, "Med frist?", options: ["Ja", "Nej"], date: Self.typed(Date().addingTimeInterval(86_400)).date, time: "12:00")
            let laterOptions = try await Self.options(app, later)
            try await Self.vote(&carl, later, [laterOptions[0]])
            let poll = try #require(try await Poll.find(later, on: app.db))
            poll.deadline = Date().addingTimeInterval(-60)
            try await poll.save(on: app.db)
            let late = try await Self.vote(&carl, later, [laterOptions[1]])
            #expect(late.status == .conflict)
            #expect(try await Self.ballots(app, later) == [[laterOptions[0]]])
            let list = try await owner.get("/g/klubben/polls").body.string
            let open = try await Self.makePoll(&owner, "Stadig åben?", options: ["Ja", "Nej"])
            #expect(list.contains("Closed"))
            let listed = try await owner.get("/g/klubben/polls").body.string
            let openAt = try #require(listed.range(of: "/g/klubben/polls/\(open)\""))
            let closedAtIndex = try #require(listed.range(of: "/g/klubben/polls/\(later)\""))
            #expect(openAt.lowerBound < closedAtIndex.lowerBound, "open polls come first")
        }
    }

    @Test("The creator or an admin changes the question while nobody has voted; after a vote only the deadline, and only later")
    func editing() async throws {
        try await withTestApp { app in
            var (owner, bodil, carl) = try await Self.group(app)
            let (date, _) = Self.typed(Date().addingTimeInterval(3 * 86_400))
            let pollID = try await Self.makePoll(&bodil, "Hvornår mødes vi?", options: ["Kl. 18", "Kl. 19"], date: date, time: "18:00")
            let here = "/g/klubben/polls/\(pollID)"
            #expect(try await carl.get(here + "/edit").status == .forbidden)
            #expect(try await carl.post(here + "/edit", ["question": "Hacket?"]).status == .forbidden)
            let form = try await bodil.get(here + "/edit").body.string
            #expect(form.contains("value=\"Hvornår mødes vi?\"") && form.contains("value=\"\(date)\"") && form.contains("value=\"18:00\""))
            var response = try await bodil.post(here + "/edit", ["question": "", "description": "", "deadline_date": date, "deadline_time": "18:00"])
            #expect(response.status == .unprocessableEntity && response.body.string.contains("Write the question."))
            response = try await bodil.post(here + "/edit", ["question": "Hvornår mødes vi på torsdag?", "description": "Ny tekst", "deadline_date": date, "deadline_time": "17:00"])
            #expect(response.location == here + "?notice=poll_saved")
            #expect(try await Poll.find(pollID, on: app.db)?.question == "Hvornår mødes vi på torsdag?")
            #expect(try await owner.get("/g/klubben/search?q=torsdag").body.string.contains(here))

            let options = try await Self.options(app, pollID)
            try await carl.get(here)
            try await Self.vote(&carl, pollID, [options[0]])
            let locked = try await owner.get(here + "/edit").body.string
            #expect(locked.contains("readonly") && locked.contains("the deadline can only move later"))
            response = try await owner.post(here + "/edit", ["question": "Ændret?", "description": "Ny tekst", "deadline_date": date, "deadline_time": "17:00"])
            #expect(response.status == .unprocessableEntity && response.body.string.contains("People have voted, so this can no longer be changed."))
            response = try await owner.post(here + "/edit", ["question": "Hvornår mødes vi på torsdag?", "description": "Ny tekst", "deadline_date": date, "deadline_time": "16:00"])
            #expect(response.status == .unprocessableEntity && response.body.string.contains("the deadline can only move later"))
            #expect(try await Poll.find(pollID, on: app.db).map { Self.typed($0.deadline!).time } == "17:00")
            let (later, _) = Self.typed(Date().addingTimeInterval(5 * 86_400))
            response = try await owner.post(here + "/edit", ["question": "Hvornår mødes vi på torsdag?", "description": "Ny tekst", "deadline_date": later, "deadline_time": "09:00"])
            #expect(response.location == here + "?notice=poll_saved")
            #expect(try await Poll.find(pollID, on: app.db).map { Self.typed($0.deadline!) == (later, "09:00") } == true)
            response = try await owner.post(here + "/edit", ["question": "Hvornår mødes vi på torsdag?", "description": "Ny tekst", "deadline_date": "", "deadline_time": ""])
            #expect(response.status == .seeOther)
            #expect(try await Poll.find(pollID, on: app.db)?.deadline == nil, "no deadline is later than any")
            // A deadline where there was none would end it sooner.
            response = try await owner.post(here + "/edit", ["question": "Hvornår mødes vi på torsdag?", "description": "Ny tekst", "deadline_date": later, "deadline_time": "09:00"])
            #expect(response.status == .unprocessableEntity)
            #expect(try await Self.ballots(app, pollID) == [[options[0]]])
        }
    }

    @Test("Deleting asks first, then takes the poll, its ballots and its search entry; only the creator or an admin")
    func deleting() async throws {
        try await withTestApp { app in
            var (owner, bodil, carl) = try await Self.group(app)
            let pollID = try await Self.makePoll(&bodil, "Skal vi slette den?", options: ["Ja", "Nej"])
            let options = try await Self.options(app, pollID)
            try await carl.get("/g/klubben/polls/\(pollID)")
            try await Self.vote(&carl, pollID, [options[0]])
            let here = "/g/klubben/polls/\(pollID)"
            #expect(try await carl.get(here + "/delete").status == .forbidden)
            #expect(try await carl.post(here + "/delete").status == .forbidden)
            let confirm = try await bodil.get(here + "/delete").body.string
            #expect(confirm.contains("Delete the poll") && confirm.contains("action=\"\(here)/delete\""))
            #expect(try await owner.post(here + "/delete").location == "/g/klubben/polls?notice=poll_deleted")
            #expect(try await Poll.query(on: app.db).count() == 0)
            #expect(try await PollOption.query(on: app.db).count() == 0)
            #expect(try await PollBallot.query(on: app.db).count() == 0)
            #expect(try await PollVote.query(on: app.db).count() == 0)
            #expect(try await app.db.sql.select().column("path").from(SearchDocument.schema).where("module_id", .equal, "polls").all().isEmpty)
            #expect(try await owner.get(here).status == .notFound)
        }
    }

    @Test("Each poll with a deadline is a calendar entry of its group, in one query; polls without one are not")
    func calendar() async throws {
        try await withTestApp { app in
            var (owner, _, _) = try await Self.group(app)
            try await owner.createGroup("andre", visibility: "closed", joinPolicy: "request")
            let soon = Date().addingTimeInterval(2 * 86_400)
            let (date, time) = Self.typed(soon)
            let first = try await Self.makePoll(&owner, "Hvem kommer til generalforsamlingen?", options: ["Jeg", "Ikke mig"], date: date, time: time)
            let (farDate, farTime) = Self.typed(Date().addingTimeInterval(60 * 86_400))
            let second = try await Self.makePoll(&owner, "Ny bestyrelse?", options: ["Ja", "Nej"], date: farDate, time: farTime, group: "andre")
            try await Self.makePoll(&owner, "Uden frist?", options: ["Ja", "Nej"])
            let groups = try await Group.query(on: app.db).sort(\.$slug).all().map { try $0.requireID() }

            // Count the statements the module runs.
            let counter = NIOLockedValueBox(0)
            var logger = Logger(label: "polls-calendar-test")
            logger.handler = CountingLogHandler(inner: SwiftLogNoOpLogHandler(), counter: counter)
            let db = try #require(app.databases.database(logger: logger, on: app.eventLoopGroup.any()))
            let module = PollsModule()
            let week = try await module.calendarEntries(in: groups, from: Date(), to: Date().addingTimeInterval(7 * 86_400), on: db)
            #expect(counter.withLockedValue { $0 } == 1)
            let entry = try #require(week.first)
            #expect(week.count == 1)
            #expect(entry.uid == "poll-\(first.uuidString.lowercased())")
            #expect(entry.moduleID == "polls" && entry.title == "Hvem kommer til generalforsamlingen?")
            #expect(entry.path == "/g/klubben/polls/\(first.uuidString)")
            #expect(entry.end == nil && entry.timeZone == "Europe/Copenhagen")
            #expect(Self.typed(entry.start) == (date, time))
            #expect(entry.groupID == (try await Group.query(on: app.db).filter(\.$slug == "klubben").first()?.requireID()))
            let feed = try await module.calendarFeed(in: groups, on: db)
            #expect(counter.withLockedValue { $0 } == 2)
            #expect(Set(feed.map(\.uid)) == Set([first, second].map { "poll-\($0.uuidString.lowercased())" }))
            #expect(feed.first { $0.uid.hasSuffix(second.uuidString.lowercased()) }?.path == "/g/andre/polls/\(second.uuidString)")
            #expect(try await module.calendarEntries(in: [], from: Date(), to: Date(), on: db).isEmpty)
            #expect(try await module.calendarEntries(in: [groups[0]], from: Date(), to: Date().addingTimeInterval(90 * 86_400), on: db).map(\.title) == ["Ny bestyrelse?"])
        }
    }

    @Test("Search finds a poll by its question, description and options; the index holds what a rebuild would make")
    func search() async throws {
        try await withTestApp { app in
            var (owner, bodil, _) = try await Self.group(app)
            let pollID = try await Self.makePoll(&owner, "Hvad skal vi spise til sommerfesten?", options: ["Grillpølser", "Lasagne"])
            for query in ["sommerfesten", "lasagne", "kommentarerne"] {
                let page = try await SearchTests.search(&bodil, query, group: "klubben")
                #expect(SearchTests.results(page) == ["/g/klubben/polls/\(pollID.uuidString)"], "\(query)")
            }
            struct Row: Decodable, Equatable { let path: String; let title: String; let body: String }
            let stored = try await app.db.sql.select().columns("path", "title", "body").from(SearchDocument.schema).where("module_id", .equal, "polls").all(decoding: Row.self)
            let groupID = try #require(try await Group.query(on: app.db).first()).requireID()
            let rebuilt = try await PollsModule().searchDocuments(in: groupID, on: app.db)
            #expect(stored == rebuilt.map { Row(path: $0.path, title: $0.title, body: $0.body) })
        }
    }

    @Test("A named vote is in the person's download; erasure keeps the count without the person")
    func privacy() async throws {
        try await withTestApp { app in
            var (owner, bodil, carl) = try await Self.group(app)
            let named = try await Self.makePoll(&owner, "Med navn?", options: ["Ja", "Nej"])
            let secret = try await Self.makePoll(&owner, "Hemmelig?", options: ["Ja", "Nej"], anonymous: true)
            for (poll, index) in [(named, 0), (secret, 1)] {
                let options = try await Self.options(app, poll)
                try await bodil.get("/g/klubben/polls/\(poll)")
                try await Self.vote(&bodil, poll, [options[index]])
                try await Self.vote(&carl, poll, [options[1]])
            }
            let bodilID = try await Self.userID(app, "bodil")
            let registry = app.privacyRegistry
            let person = PrivacyRegistry.Person(id: bodilID, emailKey: "bodil@example.org")
            for table in [PollBallot.schema, PollVote.schema] {
                let declaration = try #require(registry.declarations.first { $0.table == table })
                let rows = try await registry.rows(declaration, of: person, on: app.db)
                #expect(rows.count == 1, "\(table): only the named poll's")
                #expect(rows.first?["poll_id"] == .string(named.uuidString.lowercased()))
            }
            try await registry.erase(person, on: app.db)
            #expect(try await PollBallot.query(on: app.db).filter(\.$user.$id == bodilID).count() == 0)
            #expect(try await PollVote.query(on: app.db).filter(\.$user.$id == bodilID).count() == 0)
            let page = try await owner.get("/g/klubben/polls/\(named)").body.string
            #expect(page.contains("2 people have voted.") && page.contains("1 vote · 50%"))
            #expect(!page.contains("/u/bodil") && page.contains("/u/carl"))
            #expect(try await PollBallot.query(on: app.db).count() == 4)
        }
    }

    @Test("The list and a poll page take as many queries with 30 voters and 25 polls as with 2")
    func queryCounts() async throws {
        try await withTestApp { app in
            var (owner, bodil, carl) = try await Self.group(app)
            var visitor = Browser(app)
            let named = try await Self.makePoll(&owner, "Med navn?", options: ["Ja", "Nej", "Måske"], kind: "multiple")
            let secret = try await Self.makePoll(&owner, "Hemmelig?", options: ["Ja", "Nej"], anonymous: true)
            for poll in [named, secret] {
                let options = try await Self.options(app, poll)
                try await bodil.get("/g/klubben/polls/\(poll)")
                try await Self.vote(&bodil, poll, [options[0]])
                try await Self.vote(&carl, poll, [options[1]])
            }
            func counts() async throws -> [Int] {
                var result: [Int] = []
                for path in ["/g/klubben/polls", "/g/klubben/polls/\(named)", "/g/klubben/polls/\(secret)"] {
                    for response in [try await bodil.get(path), try await visitor.get(path)] {
                        #expect(response.status == .ok)
                        result.append(try #require(response.headers.first(name: QueryCountingMiddleware.header).flatMap(Int.init)))
                    }
                }
                return result
            }
            let small = try await counts()
            let group = try #require(try await Group.query(on: app.db).first())
            for poll in [named, secret] {
                let model = try #require(try await Poll.find(poll, on: app.db))
                let options = try await Self.options(app, poll)
                for n in 1...30 {
                    let username = (poll == named ? "navngiven" : "hemmelig") + String(n)
                    let user = User(username: username, name: "Stemmer \(n)", email: "\(username)@example.org", passwordHash: "-", birthdate: "1990-01-01", language: .da)
                    try await user.create(on: app.db)
                    if poll == named { try await Membership(groupID: group.requireID(), userID: user.requireID(), role: .member).create(on: app.db) }
                    try await PollBallot.cast([options[n % options.count]], in: poll, by: PollVoter.of(user.requireID(), in: model, secret: app.ballotSecret), on: app.db)
                }
            }
            for n in 1...25 { try await Self.makePoll(&owner, "Spørgsmål \(n)?", options: ["Ja", "Nej"], anonymous: n % 2 == 0) }
            let large = try await counts()
            #expect(small == large, "queries grew with the data: \(small) → \(large)")
            #expect(small[2] <= 8, "a poll page for a member: \(small)")
        }
    }
}

extension Browser {
    /// Posts a form whose fields may repeat, as the poll form's options and a ballot's choices do.
    @discardableResult
    mutating func postPairs(_ path: String, _ pairs: [(String, String)]) async throws -> TestingHTTPResponse {
        if csrf == nil { try await get("/") }
        var all = pairs
        if let csrf { all.append((CSRF.fieldName, csrf)) }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = all.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        return try await request(.POST, path, headers: headers, body: ByteBuffer(string: body))
    }
}
