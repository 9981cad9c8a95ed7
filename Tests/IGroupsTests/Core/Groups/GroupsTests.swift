import Fluent
@testable import IGroupsCore
import Testing
import Vapor

@Suite("Groups")
struct GroupsTests {
    @Test("A verified person creates a group and becomes its owner")
    func create() async throws {
        try await withTestApp { app in
            var mette = Browser(app)
            try await mette.signUpVerified("mette")
            let response = try await mette.createGroup("bridgeklubben", name: "Bridgeklubben Øst")
            #expect(response.status == .seeOther)
            #expect(response.location == "/g/bridgeklubben?notice=group_created")
            let membership = try #require(try await Membership.query(on: app.db).first())
            #expect(membership.role == .owner)
            let page = try await mette.get("/g/bridgeklubben").body.string
            #expect(page.contains("Bridgeklubben Øst"))
            #expect(page.contains("<strong>bridgeklubben</strong>"))
            #expect(page.contains(">Owner<"))
            #expect(page.contains("· 1 member<"))
            #expect(try await mette.get("/").body.string.contains("href=\"/g/bridgeklubben\""))
        }
    }

    @Test("Creating a group needs a verified address")
    func unverified() async throws {
        try await withTestApp { app in
            var bo = Browser(app)
            try await bo.signUp(username: "bodil")
            let response = try await bo.get("/groups/new")
            #expect(response.status == .forbidden)
            #expect(response.body.string.contains("First confirm your email address"))
            #expect(try await bo.post("/groups/new", ["name": "X", "slug": "xxx", "visibility": "public", "join_policy": "open"]).status == .forbidden)
            #expect(try await Group.query(on: app.db).count() == 0)
        }
    }

    @Test("Taken, reserved and malformed addresses are refused by the field")
    func badAddresses() async throws {
        try await withTestApp { app in
            var mette = Browser(app)
            try await mette.signUpVerified("mette")
            try await mette.createGroup("koret")
            for (slug, message) in [("KORET", "Another group already has that address"), ("admin", "The site uses that address itself"),
                                    ("ab", "must be 3–40 characters"), ("æble-gruppe", "may only have lower-case letters"), ("-kor", "not first or last")] {
                let response = try await mette.createGroup(slug)
                #expect(response.status == .unprocessableEntity, "\(slug)")
                #expect(response.body.string.contains(message), "\(slug)")
            }
            let secretOpen = try await mette.createGroup("hemmelig", visibility: "secret", joinPolicy: "open")
            #expect(secretOpen.body.string.contains("A secret group can only get members by invitation"))
            #expect(try await Group.query(on: app.db).count() == 1)
        }
    }

    @Test("The directory lists public and closed groups, never secret ones, with search and pages")
    func directory() async throws {
        try await withTestApp { app in
            var mette = Browser(app)
            try await mette.signUpVerified("mette")
            try await mette.createGroup("aabent", name: "Åben kreds", visibility: "public", joinPolicy: "open")
            try await mette.createGroup("lukket", name: "Lukket kreds", visibility: "closed")
            try await mette.createGroup("skjult", name: "Skjult kreds", visibility: "secret", joinPolicy: "invitation")
            for index in 1...22 {
                try await mette.createGroup(String(format: "hold-%02d", index), name: String(format: "Hold %02d", index), visibility: "public", joinPolicy: "open")
            }
            var visitor = Browser(app)
            let first = try await visitor.get("/groups").body.string
            #expect(first.contains("Page 1 of 2"))
            #expect(!first.contains("Skjult"))
            let second = try await visitor.get("/groups?page=2").body.string
            #expect(second.contains("Åben kreds") || first.contains("Åben kreds"))
            #expect(second.contains("Lukket kreds") || first.contains("Lukket kreds"))
            #expect(!second.contains("Skjult"))
            let search = try await visitor.get("/groups?q=KREDS").body.string
            #expect(search.contains("Åben kreds"))
            #expect(search.contains("Lukket kreds"))
            #expect(!search.contains("Skjult kreds"))
            #expect(!search.contains("Hold 01"))
            // Even its owner does not find a secret group in the directory.
            #expect(!(try await mette.get("/groups?q=skjult").body.string.contains("Skjult kreds")))
            // % and _ are matched literally
            #expect(try await visitor.get("/groups?q=%25").body.string.contains("No groups match"))
        }
    }

    @Test("A secret group is a 404 for everyone outside it, as if it did not exist")
    func secret() async throws {
        try await withTestApp { app in
            var owner = Browser(app)
            try await owner.signUpVerified("mette")
            try await owner.createGroup("skjult", visibility: "secret", joinPolicy: "invitation")
            var visitor = Browser(app)
            let hidden = try await visitor.get("/g/skjult")
            let missing = try await visitor.get("/g/findes-ikke")
            #expect(hidden.status == .notFound)
            #expect(missing.status == .notFound)
            var stranger = Browser(app)
            try await stranger.signUpVerified("bodil")
            #expect(try await stranger.get("/g/skjult").status == .notFound)
            #expect(try await stranger.post("/g/skjult/join").status == .notFound)
            #expect(try await owner.get("/g/skjult").status == .ok)
        }
    }

    @Test("Anyone verified may join an open group and leave it again; the owner may not leave")
    func joinAndLeave() async throws {
        try await withTestApp { app in
            var owner = Browser(app)
            try await owner.signUpVerified("mette")
            try await owner.createGroup("aabent", visibility: "public", joinPolicy: "open")
            try await owner.createGroup("lukket", visibility: "closed", joinPolicy: "request")
            var bodil = Browser(app)
            try await bodil.signUpVerified("bodil")
            #expect(try await bodil.get("/g/aabent").body.string.contains("Join the group"))
            var response = try await bodil.post("/g/aabent/join")
            #expect(response.location == "/g/aabent?notice=group_joined")
            #expect(try await bodil.get("/g/aabent").body.string.contains("You are in this group as Member"))
            response = try await bodil.post("/g/lukket/join")
            #expect(response.status == .forbidden)
            response = try await bodil.post("/g/aabent/leave")
            #expect(response.location == "/?notice=group_left")
            #expect(try await Membership.query(on: app.db).count() == 2)
            response = try await owner.post("/g/aabent/leave")
            #expect(response.status == .forbidden)
            #expect(response.body.string.contains("The owner cannot leave the group"))
        }
    }

    @Test("Fields shared with members show to people in a common group, and only to them")
    func sharedGroupProfile() async throws {
        try await withTestApp { app in
            var mette = Browser(app)
            try await mette.signUpVerified("mette")
            try await mette.post("/me", ProfileTests.full)
            try await mette.createGroup("aabent", visibility: "public", joinPolicy: "open")
            var bodil = Browser(app)
            try await bodil.signUpVerified("bodil")
            #expect(!(try await bodil.get("/u/mette").body.string.contains("12 34 56 78")))
            try await bodil.get("/g/aabent")
            try await bodil.post("/g/aabent/join")
            #expect(try await bodil.get("/u/mette").body.string.contains("12 34 56 78"))
        }
    }
}
