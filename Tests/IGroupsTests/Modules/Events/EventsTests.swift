import Fluent
import Foundation
@testable import IGroupsCore
@testable import IGroupsEvents
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("Events")
struct EventsTests {
    /// A closed group of mette's (owner) with bodil, karl and ulla as members.
    static func group(_ app: Application) async throws -> (owner: Browser, members: [Browser]) {
        var owner = Browser(app)
        try await owner.signUpVerified("mette")
        try await owner.createGroup("klubben", visibility: "closed", joinPolicy: "request")
        let group = try #require(try await Group.query(on: app.db).first())
        var members: [Browser] = []
        for name in ["bodil", "karl", "ulla"] {
            var browser = Browser(app)
            try await browser.signUpVerified(name)
            let user = try #require(try await User.query(on: app.db).filter(\.$usernameKey == name).first())
            try await Membership(groupID: group.requireID(), userID: user.requireID(), role: .member).create(on: app.db)
            try await browser.get("/g/klubben")
            members.append(browser)
        }
        try await owner.get("/g/klubben/events/new")
        return (owner, members)
    }

    /// The only occurrence of the event titled so, or the first.
    static func occurrence(_ app: Application, _ title: String) async throws -> EventOccurrence {
        let event = try #require(try await Event.query(on: app.db).filter(\.$title == title).first())
        return try #require(try await EventOccurrence.query(on: app.db).filter(\.$event.$id == event.requireID()).sort(\.$startsAt).first())
    }

    static func answers(_ app: Application) async throws -> [String: (EventRSVP.Answer, Int, Bool)] {
        var result: [String: (EventRSVP.Answer, Int, Bool)] = [:]
        for answer in try await EventRSVP.query(on: app.db).with(\.$user).all() {
            result[answer.user.username] = (answer.answer, answer.guests, answer.waitingSince != nil)
        }
        return result
    }

    @Test("Planning checks every field and keeps what was typed; the same form sent twice makes one event; members read, outsiders do not")
    func planning() async throws {
        try await withTestApp { app in
            var (owner, members) = try await Self.group(app)
            let base = ["title": "Generalforsamling", "start_date": "2099-03-12", "start_time": "19:00", "end_time": "21:30", "place": "Klubhuset"]
            let bad: [([String: String], String)] = [
                (["end_time": "18:00"], "The end must come after the start."),
                (["start_date": "2099-02-30"], "Write a date like 2027-01-31"),
                (["start_date": "12-03-2099"], "Write a date like 2027-01-31"),
                (["start_date": "3099-03-12"], "Write a date like 2027-01-31"),
                (["start_time": "25:00"], "Write a time like 19:30."),
                (["capacity": "0"], "Write a number of places from 1"),
                (["capacity": "-5"], "Write a number of places from 1"),
                (["end_date": "2099-05-12"], "An event can last at most 31 days."),
                (["rsvp_date": "2099-03-13"], "The answer deadline must come before the start."),
                (["title": "  "], "Write a title."),
                (["repeat": "weekly", "repeat_end": "count", "repeat_count": "9999"], "Write a number from 2 to 520."),
                (["repeat": "weekly", "repeat_until": "2099-01-01"], "The last date must come after the start."),
            ]
            for (change, message) in bad {
                let response = try await owner.post("/g/klubben/events/new", base.merging(change) { $1 })
                #expect(response.status == .unprocessableEntity, "\(change)")
                let page = response.body.string
                #expect(page.contains(message), "\(change): \(message)")
                #expect(page.contains("value=\"Klubhuset\""), "what was typed is kept")
            }
            #expect(try await Event.query(on: app.db).count() == 0)
            // Members may not plan here until the group lets them.
            #expect(try await members[0].post("/g/klubben/events/new", base).status == .forbidden)

            let first = try await owner.post("/g/klubben/events/new", base.merging(["description": "Dagsorden **følger**.", "capacity": "40"]) { $1 })
            let again = try await owner.post("/g/klubben/events/new", base.merging(["description": "Dagsorden **følger**.", "capacity": "40"]) { $1 })
            #expect(first.status == .seeOther && first.location == again.location, "a double submit goes to the same event")
            #expect(try await Event.query(on: app.db).count() == 1)
            let occurrence = try await Self.occurrence(app, "Generalforsamling")
            // 19:00 in Copenhagen in March is 18:00 UTC.
            #expect(ICalendar.utcStamp(occurrence.startsAt) == "20990312T180000Z")
            #expect(ICalendar.utcStamp(occurrence.endsAt) == "20990312T203000Z")

            let page = try await members[0].get("/g/klubben/events/\(try occurrence.requireID())").body.string
            #expect(page.contains("Generalforsamling") && page.contains("<strong>følger</strong>") && page.contains("0 of 40 taken"))
            #expect(page.contains("openstreetmap.org/search?query=Klubhuset"), "the map is a link the visitor clicks")
            #expect(!page.contains("<iframe"), "no map is loaded before a click")
            let list = try await members[0].get("/g/klubben/events").body.string
            #expect(list.contains("Generalforsamling") && list.contains("Klubhuset"))
            var outsider = Browser(app)
            try await outsider.signUpVerified("sigurd")
            #expect(try await outsider.get("/g/klubben/events").status == .forbidden)
        }
    }

    @Test("Answers: guests count, a full event puts new yes answers in line, a freed place goes to the first in line who is told by mail")
    func waitingList() async throws {
        try await withTestApp { app in
            var (owner, members) = try await Self.group(app)
            try await owner.post("/g/klubben/events/new", ["title": "Bustur", "start_date": "2099-06-01", "start_time": "08:00", "capacity": "3"])
            let here = "/g/klubben/events/\(try await Self.occurrence(app, "Bustur").requireID())"
            // More guests than the event has places: refused, nothing saved.
            var response = try await members[0].post(here + "/rsvp", ["answer": "yes", "guests": "3"])
            #expect(response.status == .unprocessableEntity && response.body.string.contains("There are only 3 places in all"))
            #expect(try await EventRSVP.query(on: app.db).count() == 0)
            #expect(try await members[0].post(here + "/rsvp", ["answer": "perhaps"]).status == .unprocessableEntity)
            #expect(try await members[0].post(here + "/rsvp", ["answer": "yes", "guests": "-1"]).status == .unprocessableEntity)

            response = try await members[0].post(here + "/rsvp", ["answer": "yes", "guests": "1", "comment": "Med min søster"])
            #expect(response.location == here + "?notice=rsvp_saved")
            try await members[1].post(here + "/rsvp", ["answer": "yes"])
            // Full: ulla goes in line, and so does a yes with guests after her.
            response = try await members[2].post(here + "/rsvp", ["answer": "yes"])
            #expect(response.location == here + "?notice=rsvp_waiting")
            try await owner.post(here + "/rsvp", ["answer": "yes"])
            var answers = try await Self.answers(app)
            #expect(answers["bodil"]! == (.yes, 1, false) && answers["karl"]! == (.yes, 0, false))
            #expect(answers["ulla"]! == (.yes, 0, true) && answers["mette"]! == (.yes, 0, true))
            // Bodil cannot bring another guest: no room; her answer stays as it was.
            response = try await members[0].post(here + "/rsvp", ["answer": "yes", "guests": "2"])
            #expect(response.status == .conflict && response.body.string.contains("no room for more guests"))
            #expect(try await Self.answers(app)["bodil"]! == (.yes, 1, false))
            let page = try await members[1].get(here).body.string
            #expect(page.contains("3 of 3 taken") && page.contains("On the waiting list") && page.contains("Med min søster"))

            try await app.deliverMail()
            let before = try app.sentMail().count
            // Karl says no: one place frees, and ulla, first in line, gets it; mette still waits.
            try await members[1].post(here + "/rsvp", ["answer": "no"])
            answers = try await Self.answers(app)
            #expect(answers["ulla"]! == (.yes, 0, false) && answers["mette"]! == (.yes, 0, true) && answers["karl"]! == (.no, 0, false))
            let mails = try await app.deliverMail().dropFirst(before)
            #expect(mails.filter { $0.subject.contains("You have a place") }.map(\.to).count == 1)
            #expect(mails.contains { $0.subject.contains("You have a place: Bustur") && $0.to.contains("ulla@") })
            // More places: the rest of the line moves up.
            let eventID = try #require(try await Event.query(on: app.db).first()).requireID()
            _ = eventID
            response = try await owner.post(here + "/edit", ["title": "Bustur", "start_date": "2099-06-01", "start_time": "08:00", "capacity": "10"])
            #expect(response.status == .seeOther)
            #expect(try await Self.answers(app)["mette"]! == (.yes, 0, false))
        }
    }

    @Test("No answer after the deadline, after the start, to a cancelled date, or from someone outside the group; nothing saved changes")
    func refusedAnswers() async throws {
        try await withTestApp { app in
            var (owner, members) = try await Self.group(app)
            // Answers closed a day ago for an event tomorrow.
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "Europe/Copenhagen")!
            let tomorrow = calendar.date(byAdding: .day, value: 1, to: Date())!
            let yesterday = calendar.date(byAdding: .day, value: -1, to: Date())!
            let day = { (date: Date) in EventForm.dateText(date, calendar.timeZone) }
            try await owner.post("/g/klubben/events/new", ["title": "Sent", "start_date": day(tomorrow), "start_time": "23:00", "rsvp_date": day(yesterday), "rsvp_time": "12:00"])
            let late = "/g/klubben/events/\(try await Self.occurrence(app, "Sent").requireID())"
            var response = try await members[0].post(late + "/rsvp", ["answer": "yes"])
            #expect(response.status == .conflict && response.body.string.contains("The deadline for answers has passed."))
            // Begun: planned for yesterday.
            try await owner.post("/g/klubben/events/new", ["title": "Forbi", "start_date": day(yesterday), "start_time": "10:00"])
            let past = "/g/klubben/events/\(try await Self.occurrence(app, "Forbi").requireID())"
            response = try await members[0].post(past + "/rsvp", ["answer": "yes"])
            #expect(response.status == .conflict && response.body.string.contains("has begun"))
            // Cancelled: those who answered are told; new answers are refused; brought back, it takes them again.
            try await owner.post("/g/klubben/events/new", ["title": "Fest", "start_date": "2099-12-24", "start_time": "18:00"])
            let party = "/g/klubben/events/\(try await Self.occurrence(app, "Fest").requireID())"
            try await members[1].post(party + "/rsvp", ["answer": "maybe"])
            try await app.deliverMail()
            let before = try app.sentMail().count
            #expect(try await members[0].get(party + "/cancel").status == .forbidden, "a member cancels nothing")
            #expect(try await owner.get(party + "/cancel").body.string.contains("will be cancelled"))
            #expect(try await owner.post(party + "/cancel").location == party + "?notice=event_cancelled")
            let mails = try await app.deliverMail().dropFirst(before)
            #expect(mails.contains { $0.subject == "Cancelled: Fest" && $0.to.contains("karl@") })
            response = try await members[0].post(party + "/rsvp", ["answer": "yes"])
            #expect(response.status == .conflict && response.body.string.contains("cancelled"))
            #expect(try await owner.get("/g/klubben/events").body.string.contains("Cancelled"))
            try await owner.post(party + "/reinstate")
            #expect(try await members[0].post(party + "/rsvp", ["answer": "yes"]).status == .seeOther)
            var outsider = Browser(app)
            try await outsider.signUpVerified("sigurd")
            #expect(try await outsider.post(party + "/rsvp", ["answer": "yes"]).status == .forbidden)
            #expect(try await EventRSVP.query(on: app.db).count() == 2)
        }
    }

    @Test("Repeats: a weekly rule makes its dates; one date moved or cancelled on its own; a changed rule keeps the answers of days it keeps and tells who answered")
    func repeats() async throws {
        try await withTestApp { app in
            var (owner, members) = try await Self.group(app)
            let form = ["title": "Træning", "start_date": "2099-01-06", "start_time": "18:00", "end_time": "19:30", "repeat": "weekly", "repeat_end": "count", "repeat_count": "8"]
            try await owner.post("/g/klubben/events/new", form)
            let event = try #require(try await Event.query(on: app.db).first())
            var dates = try await EventOccurrence.query(on: app.db).sort(\.$startsAt).all()
            #expect(dates.count == 8)
            #expect(dates.map { EventForm.dateText($0.startsAt, event.zone) }.prefix(3) == ["2099-01-06", "2099-01-13", "2099-01-20"])
            #expect(Set(dates.map { EventForm.timeText($0.startsAt, event.zone) }) == ["18:00"])
            let second = "/g/klubben/events/\(try dates[1].requireID())"
            let third = "/g/klubben/events/\(try dates[2].requireID())"
            try await members[0].post(second + "/rsvp", ["answer": "yes"])
            try await members[1].post(third + "/rsvp", ["answer": "yes"])
            // The second date moves to Thursday; the third is cancelled; the rest stay.
            #expect(try await owner.post(second + "/change", ["start_date": "2099-01-15", "start_time": "18:00", "end_date": "2099-01-15", "end_time": "19:30", "place": "Hal 2"]).status == .seeOther)
            #expect(try await owner.post(third + "/cancel").status == .seeOther)
            dates = try await EventOccurrence.query(on: app.db).sort(\.$recurrenceID).all()
            #expect(dates[1].changed && EventForm.dateText(dates[1].startsAt, event.zone) == "2099-01-15" && dates[1].place == "Hal 2")
            #expect(dates[2].cancelled && !dates[3].cancelled && !dates[3].changed)
            try await app.deliverMail()
            let mails = try app.sentMail()
            #expect(mails.contains { $0.subject == "Changed: Træning" && $0.to.contains("bodil@") && $0.text.contains("Hal 2") })
            #expect(mails.contains { $0.subject == "Cancelled: Træning" && $0.to.contains("karl@") })
            let before = mails.count
            // The whole series moves to 19:00 and ends after 6: answers on kept days stay; everyone who answered is told.
            let response = try await owner.post(second + "/edit", form.merging(["start_time": "19:00", "end_time": "20:30", "repeat_count": "6"]) { $1 })
            #expect(response.status == .seeOther)
            dates = try await EventOccurrence.query(on: app.db).sort(\.$recurrenceID).all()
            #expect(dates.count == 6)
            #expect(EventForm.timeText(dates[0].startsAt, event.zone) == "19:00")
            #expect(EventForm.timeText(dates[1].startsAt, event.zone) == "18:00", "a date moved by hand keeps its own time")
            #expect(try await EventRSVP.query(on: app.db).count() == 2)
            let later = try await app.deliverMail().dropFirst(before)
            #expect(Set(later.filter { $0.subject == "Changed: Træning" }.map(\.to)).count == 2)
            // A monthly rule on a weekday: the last Friday of each month.
            try await owner.post("/g/klubben/events/new", ["title": "Fredagsbar", "start_date": "2099-01-30", "start_time": "17:00", "repeat": "monthly_weekday", "repeat_end": "count", "repeat_count": "3"])
            let bar = try #require(try await Event.query(on: app.db).filter(\.$title == "Fredagsbar").first())
            let fridays = try await EventOccurrence.query(on: app.db).filter(\.$event.$id == bar.requireID()).sort(\.$startsAt).all()
            #expect(fridays.map { EventForm.dateText($0.startsAt, bar.zone) } == ["2099-01-30", "2099-02-27", "2099-03-27"])
            let barPage = try await members[0].get("/g/klubben/events/\(try fridays[0].requireID())").body.string
            #expect(barPage.contains("Every month on the last Friday, 3 times in all"))
            #expect(try await members[0].get(second).body.string.contains("Every week, 6 times in all"))
        }
    }

    @Test("A reminder goes once to those coming or maybe coming, even when two workers look at the same moment")
    func reminders() async throws {
        try await withTestApp { app in
            var (owner, members) = try await Self.group(app)
            let zone = TimeZone(identifier: "Europe/Copenhagen")!
            let start = Date().addingTimeInterval(2 * 3600)
            try await owner.post("/g/klubben/events/new", [
                "title": "Møde", "start_date": EventForm.dateText(start, zone), "start_time": EventForm.timeText(start, zone), "remind": "180", "capacity": "1",
            ])
            let here = "/g/klubben/events/\(try await Self.occurrence(app, "Møde").requireID())"
            try await members[0].post(here + "/rsvp", ["answer": "yes"])
            try await members[1].post(here + "/rsvp", ["answer": "maybe"])
            try await members[2].post(here + "/rsvp", ["answer": "no"])
            try await owner.post(here + "/rsvp", ["answer": "yes", "guests": "0"])
            async let first: Void = EventMail.sendReminders(app: app)
            async let second: Void = EventMail.sendReminders(app: app)
            _ = try await (first, second)
            try await EventMail.sendReminders(app: app)
            // Delivering runs the scheduled reminder job as well: it finds nothing left to send.
            let reminders = try await app.deliverMail().filter { $0.subject == "Reminder: Møde" }
            // Bodil (yes) and karl (maybe); ulla said no; mette waits in line (bodil has the one place).
            #expect(reminders.map(\.to).sorted { $0 < $1 }.count == 2, "\(reminders.map(\.to))")
            #expect(reminders.contains { $0.to.contains("bodil@") } && reminders.contains { $0.to.contains("karl@") })
        }
    }

    @Test("The organiser downloads who answered as CSV; anyone who may read gets the event as an iCalendar file")
    func downloads() async throws {
        try await withTestApp { app in
            var (owner, members) = try await Self.group(app)
            try await owner.post("/g/klubben/events/new", ["title": "Sommerfest", "start_date": "2099-06-20", "start_time": "18:00", "place": "Strand, Vej 1"])
            let here = "/g/klubben/events/\(try await Self.occurrence(app, "Sommerfest").requireID())"
            try await members[0].post(here + "/rsvp", ["answer": "yes", "guests": "2", "comment": "=HYPERLINK(\"x\")"])
            #expect(try await members[0].get(here + "/attendees.csv").status == .forbidden)
            let csv = try await owner.get(here + "/attendees.csv")
            #expect(csv.headers.contentType?.description.hasPrefix("text/csv") == true)
            let text = csv.body.string
            #expect(text.hasPrefix("Name,Username,Answer,Guests,Comment,Answered\r\n"))
            #expect(text.contains("Bodil Testesen,bodil,Yes,2,\"'=HYPERLINK(\"\"x\"\")\""), "a formula is defused: \(text)")
            let ics = try await members[1].get(here + "/event.ics")
            #expect(ics.headers.contentType?.description.hasPrefix("text/calendar") == true)
            let body = ics.body.string
            #expect(body.contains("BEGIN:VEVENT\r\n") && body.contains("SUMMARY:Sommerfest\r\n") && body.contains("LOCATION:Strand\\, Vej 1\r\n"))
            #expect(body.contains("DTSTART;TZID=Europe/Copenhagen:20990620T180000\r\n") && body.contains("BEGIN:VTIMEZONE"))
        }
    }

    @Test("Times are planned in the group's zone and shown in the viewer's when they choose one; all-day dates stay on their days")
    func zones() async throws {
        try await withTestApp { app in
            var (owner, members) = try await Self.group(app)
            try await owner.post("/g/klubben/events/new", ["title": "Koncert", "start_date": "2099-07-01", "start_time": "19:00", "end_time": "21:00"])
            try await owner.post("/g/klubben/events/new", ["title": "Marked", "all_day": "on", "start_date": "2099-07-04", "end_date": "2099-07-04"])
            let concert = "/g/klubben/events/\(try await Self.occurrence(app, "Koncert").requireID())"
            #expect(try await members[0].get(concert).body.string.contains("19:00–21:00"))
            let bodil = try #require(try await User.query(on: app.db).filter(\.$usernameKey == "bodil").first())
            bodil.timeZone = "America/New_York"
            try await bodil.save(on: app.db)
            let page = try await members[0].get(concert).body.string
            #expect(page.contains("1:00 PM–3:00 PM") || page.contains("13:00–15:00"), "19:00 in Copenhagen is 13:00 in New York")
            #expect(page.contains("Times in America/New York"))
            let calendar = try await members[0].get("/g/klubben/calendar?month=2099-07").body.string
            #expect(calendar.contains("13:00</span> Koncert"))
            #expect(calendar.contains("All day</span> Marked"))
            // The market is on the 4th, also seen from New York.
            let week = try await members[0].get("/g/klubben/calendar/week?date=2099-07-04").body.string
            let fourth = try #require(week.range(of: "4 July 2099</h2>"))
            let fifth = try #require(week.range(of: "5 July 2099</h2>"))
            let market = try #require(week.range(of: "Marked"))
            #expect(fourth.upperBound < market.lowerBound && market.lowerBound < fifth.lowerBound)
            // An unknown zone on the profile is refused with the list to choose from.
            let profile = try await members[0].get("/me").body.string
            #expect(profile.contains("name=\"time_zone\"") && profile.contains("Each group"))
            // A group's settings take its zone from the list only.
            try await owner.get("/g/klubben/admin")
            let response = try await owner.post("/g/klubben/admin", ["name": "Klubben", "slug": "klubben", "visibility": "closed", "join_policy": "request", "time_zone": "Mars/Olympus"])
            #expect(response.status == .unprocessableEntity && response.body.string.contains("Choose a time zone from the list."))
            #expect(try await Group.query(on: app.db).first()?.timeZone == "Europe/Copenhagen")
            #expect(try await owner.post("/g/klubben/admin", ["name": "Klubben", "slug": "klubben", "visibility": "closed", "join_policy": "request", "time_zone": "Atlantic/Faroe"]).status == .seeOther)
            #expect(try await Group.query(on: app.db).first()?.timeZone == "Atlantic/Faroe")
        }
    }

    @Test("Someone who leaves gives up their place to the first in line; a reminder already sent is not sent again when the date moves a little")
    func leavingAndRemindingOnce() async throws {
        try await withTestApp { app in
            var (owner, members) = try await Self.group(app)
            try await owner.post("/g/klubben/events/new", ["title": "Kursus", "start_date": "2099-09-01", "start_time": "09:00", "capacity": "1"])
            let here = "/g/klubben/events/\(try await Self.occurrence(app, "Kursus").requireID())"
            try await members[0].post(here + "/rsvp", ["answer": "yes"])
            try await members[1].post(here + "/rsvp", ["answer": "yes"])
            #expect(try await Self.answers(app)["karl"]! == (.yes, 0, true))
            try await app.deliverMail()
            let before = try app.sentMail().count
            #expect(try await members[0].post("/g/klubben/leave").status == .seeOther)
            let answers = try await Self.answers(app)
            #expect(answers["bodil"] == nil && answers["karl"]! == (.yes, 0, false))
            #expect(try await app.deliverMail().dropFirst(before).contains { $0.subject == "You have a place: Kursus" && $0.to.contains("karl@") })

            // Moved to the next day, a date that does not repeat keeps its answers.
            #expect(try await owner.post(here + "/edit", ["title": "Kursus", "start_date": "2099-09-02", "start_time": "09:00", "capacity": "1"]).status == .seeOther)
            #expect(try await Self.answers(app)["karl"].map { $0 == (.yes, 0, false) } == true)
            #expect(try await members[1].get(here).status == .ok)

            // A reminder is sent; the date then moves 15 minutes: no second reminder.
            let zone = TimeZone(identifier: "Europe/Copenhagen")!
            let start = Date().addingTimeInterval(3 * 3600)
            let fields = ["title": "Møde", "start_date": EventForm.dateText(start, zone), "start_time": EventForm.timeText(start, zone), "remind": "180"]
            try await owner.post("/g/klubben/events/new", fields)
            let meeting = "/g/klubben/events/\(try await Self.occurrence(app, "Møde").requireID())"
            try await members[1].post(meeting + "/rsvp", ["answer": "yes"])
            try await EventMail.sendReminders(app: app)
            let later = start.addingTimeInterval(15 * 60)
            try await owner.post(meeting + "/edit", fields.merging(["start_date": EventForm.dateText(later, zone), "start_time": EventForm.timeText(later, zone)]) { $1 })
            try await EventMail.sendReminders(app: app)
            let reminders = try await app.deliverMail().filter { $0.subject == "Reminder: Møde" }
            #expect(reminders.count == 1, "\(reminders.map(\.to))")
        }
    }

    @Test("A weekly all-day event keeps its dates whole across the change to summer time")
    func allDayRepeats() async throws {
        try await withTestApp { app in
            var (owner, _) = try await Self.group(app)
            try await owner.post("/g/klubben/events/new", ["title": "Loppemarked", "all_day": "on", "start_date": "2099-03-15", "end_date": "2099-03-15", "repeat": "weekly", "repeat_until": "2099-04-05"])
            let event = try #require(try await Event.query(on: app.db).first())
            let dates = try await EventOccurrence.query(on: app.db).sort(\.$startsAt).all()
            #expect(dates.map { EventForm.dateText($0.startsAt, event.zone) } == ["2099-03-15", "2099-03-22", "2099-03-29", "2099-04-05"])
            for date in dates {
                #expect(EventForm.timeText(date.startsAt, event.zone) == "00:00" && EventForm.timeText(date.endsAt, event.zone) == "00:00")
                #expect(EventForm.dateText(date.endsAt.addingTimeInterval(-1), event.zone) == EventForm.dateText(date.startsAt, event.zone), "one day each")
            }
        }
    }
}
