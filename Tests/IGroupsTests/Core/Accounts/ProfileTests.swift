import Fluent
@testable import IGroupsCore
import Testing
import Vapor

@Suite("Profile")
struct ProfileTests {
    static let full: [String: String] = [
        "name": "Mette Kjærgaard", "address": "Nørregade 1\n8000 Aarhus C", "phone": "+45 12 34 56 78",
        "birthdate": "1984-03-12", "gender": "female", "description": "Jeg spiller **bridge** <script>alert(1)</script>",
        "homepage": "https://mette.example.org", "language": "da",
        "email_visibility": "private", "address_visibility": "private", "phone_visibility": "members",
        "birthdate_visibility": "public", "gender_visibility": "public", "description_visibility": "public",
        "homepage_visibility": "members",
    ]

    @Test("Every field is saved, with its own visibility")
    func edit() async throws {
        try await withTestApp { app in
            var browser = Browser(app)
            try await browser.signUp(username: "mette")
            #expect(try await browser.get("/me").status == .ok)
            let response = try await browser.post("/me", Self.full)
            #expect(response.location == "/me?notice=profile_saved")
            let user = try #require(try await User.query(on: app.db).first())
            #expect(user.name == "Mette Kjærgaard")
            #expect(user.address == "Nørregade 1\n8000 Aarhus C")
            #expect(user.phone == "+45 12 34 56 78")
            #expect(user.gender == "female")
            #expect(user.homepage == "https://mette.example.org")
            #expect(user.phoneVisibility == .members)
            #expect(user.birthdateVisibility == .public)
            #expect(user.language == "da")
            #expect(user.descriptionHTML?.contains("<strong>bridge</strong>") == true)
            #expect(user.descriptionHTML?.contains("<script>") == false)
            let page = try await browser.get("/me").body.string
            #expect(page.contains("Nørregade 1"))
        }
    }

    @Test("Bad profile input is shown by its field and nothing saved is lost")
    func badInput() async throws {
        try await withTestApp { app in
            var browser = Browser(app)
            try await browser.signUp(username: "mette")
            try await browser.post("/me", Self.full)
            var bad = Self.full
            bad["homepage"] = "javascript:alert(1)"
            bad["phone"] = "call me"
            bad["birthdate"] = "2020-01-01"
            bad["address_visibility"] = "everyone-please"
            try await browser.get("/me")
            let response = try await browser.post("/me", bad)
            #expect(response.status == .unprocessableEntity)
            let page = response.body.string
            #expect(page.contains("http:// or https://"))
            #expect(page.contains("digits, spaces"))
            #expect(page.contains("at least 16"))
            #expect(page.contains("Choose who can see the field"))
            #expect(page.contains("call me"))
            let user = try #require(try await User.query(on: app.db).first())
            #expect(user.homepage == "https://mette.example.org")
            #expect(user.phone == "+45 12 34 56 78")
        }
    }

    @Test("A profile shows each field only to those its owner allows")
    func visibility() async throws {
        try await withTestApp { app in
            var owner = Browser(app)
            try await owner.signUp(username: "mette")
            try await owner.post("/me", Self.full)

            var visitor = Browser(app)
            let seen = try await visitor.get("/u/mette").body.string
            #expect(seen.contains("Mette Kjærgaard"))
            #expect(seen.contains("<strong>bridge</strong>"))
            #expect(seen.contains("Female"))
            #expect(seen.contains("(born 12 March 1984)"))
            #expect(!seen.contains("Nørregade"))
            #expect(!seen.contains("12 34 56 78"))
            #expect(!seen.contains("mette.example.org"))
            #expect(!seen.contains("mette@example.org"))
            #expect(!seen.contains("alert(1)</script>") || seen.contains("&lt;script&gt;"))

            var stranger = Browser(app)
            try await stranger.signUp(username: "bodil")
            let strangerSees = try await stranger.get("/u/METTE").body.string
            #expect(!strangerSees.contains("12 34 56 78"))

            let own = try await owner.get("/u/mette").body.string
            #expect(own.contains("Nørregade"))
            #expect(own.contains("12 34 56 78"))
            #expect(own.contains("mette@example.org"))
            #expect(own.contains("href=\"https://mette.example.org\""))

            #expect(try await visitor.get("/u/nobody").status == .notFound)
        }
    }

    @Test("People who share a group see what is shared with members")
    func groupMembers() async throws {
        try await withTestApp { app in
            app.sharedGroupCheck = SharedGroupCheck { _, _, _ in true }
            var owner = Browser(app)
            try await owner.signUp(username: "mette")
            try await owner.post("/me", Self.full)
            var member = Browser(app)
            try await member.signUp(username: "bodil")
            let seen = try await member.get("/u/mette").body.string
            #expect(seen.contains("12 34 56 78"))
            #expect(seen.contains("mette.example.org"))
            #expect(!seen.contains("Nørregade"))
        }
    }
}
