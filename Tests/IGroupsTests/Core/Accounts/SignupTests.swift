import Fluent
@testable import IGroupsCore
import Testing
import Vapor

@Suite("Sign-up")
struct SignupTests {
    @Test("A new person signs up, is signed in, and gets a verification mail")
    func signUp() async throws {
        try await withTestApp { app in
            var browser = Browser(app)
            // act
            let response = try await browser.signUp(username: "Mette_K", email: "Mette@Example.org")
            // assert
            #expect(response.status == .seeOther)
            #expect(response.location == "/?notice=signed_up")
            let user = try #require(try await User.query(on: app.db).first())
            #expect(user.username == "Mette_K")
            #expect(user.emailVerifiedAt == nil)
            #expect(user.passwordHash.hasPrefix("$2b$04$") || user.passwordHash.hasPrefix("$2y$04$") || user.passwordHash.hasPrefix("$2a$04$"))
            let acceptance = try #require(try await PolicyAcceptance.query(on: app.db).first())
            #expect(acceptance.policyVersion == PrivacyPolicy.currentVersion)
            #expect(abs(acceptance.acceptedAt.timeIntervalSinceNow) < 60)
            let home = try await browser.get(response.location ?? "/")
            #expect(home.body.string.contains("Mette Hansen"))
            #expect(home.body.string.contains("Welcome! We have sent a link"))
            let mails = try await app.deliverMail()
            #expect(mails.count == 1)
            #expect(mails[0].to.contains("Mette@Example.org"))
            #expect(mails[0].subject == "Confirm your email address")
            #expect(mails[0].path(containing: "/verify/") != nil)
        }
    }

    @Test("Usernames and emails are unique ignoring case")
    func duplicates() async throws {
        try await withTestApp { app in
            var first = Browser(app)
            try await first.signUp(username: "anne", email: "anne@example.org")
            var second = Browser(app)
            let response = try await second.signUp(username: "ANNE", email: "ANNE@EXAMPLE.ORG")
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("That username is taken"))
            #expect(response.body.string.contains("An account with that email address already exists"))
            #expect(try await User.query(on: app.db).count() == 1)
        }
    }

    @Test("Weak, common and malformed input is refused by the field, with the input kept")
    func badInput() async throws {
        try await withTestApp { app in
            var browser = Browser(app)
            try await browser.get("/signup")
            var response = try await browser.post("/signup", [
                "username": "ab", "name": "", "email": "not-an-email", "password": "short",
                "birthdate": "1990-02-30",
            ])
            #expect(response.status == .unprocessableEntity)
            let page = response.body.string
            #expect(page.contains("The username must be 3–32 characters"))
            #expect(page.contains("Enter your name"))
            #expect(page.contains("Enter a valid email address"))
            #expect(page.contains("at least 8 characters"))
            #expect(page.contains("Enter a valid date of birth"))
            #expect(page.contains("You must accept the privacy policy"))
            #expect(page.contains("value=\"not-an-email\""))
            #expect(page.contains("aria-invalid=\"true\""))

            response = try await browser.post("/signup", [
                "username": "bad name!", "name": "Bo", "email": "bo@example.org", "password": "password123",
                "birthdate": "1990-01-01", "accept_policy": "on",
            ])
            #expect(response.body.string.contains("may only contain the letters a–z"))
            #expect(response.body.string.contains("too common"))
            response = try await browser.post("/signup", [
                "username": "bodil", "name": "Bodil", "email": "bodil@example.org", "password": "Iloveyou1",
                "birthdate": "1990-01-01", "accept_policy": "on",
            ])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("too common"))
            #expect(try await User.query(on: app.db).count() == 0)
        }
    }

    @Test("Someone under 16 is refused, and nothing about them is stored")
    func underSixteen() async throws {
        try await withTestApp { app in
            var browser = Browser(app)
            let fifteen = Calendar(identifier: .gregorian).date(byAdding: .year, value: -15, to: Date())!
            let birthdate = ISO8601DateFormatter.string(from: fifteen, timeZone: .gmt, formatOptions: [.withFullDate])
            let response = try await browser.signUp(username: "lille", email: "lille@example.org", birthdate: birthdate, name: "Lille Hansen")
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("You must be at least 16 years old"))
            #expect(!response.body.string.contains("lille@example.org"))
            #expect(!response.body.string.contains("Lille Hansen"))
            #expect(try await User.query(on: app.db).count() == 0)
            #expect(try await PolicyAcceptance.query(on: app.db).count() == 0)
            #expect(try await LoginAttempt.query(on: app.db).count() == 0)
            #expect(try await app.deliverMail().isEmpty)
        }
    }

    @Test("Exactly 16 today is old enough")
    func sixteenToday() async throws {
        try await withTestApp { app in
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = Localizer.defaultTimeZone
            let sixteen = calendar.date(byAdding: .year, value: -16, to: Date())!
            let parts = calendar.dateComponents([.year, .month, .day], from: sixteen)
            let birthdate = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
            var browser = Browser(app)
            let response = try await browser.signUp(username: "ung", birthdate: birthdate)
            #expect(response.status == .seeOther)
        }
    }
}
