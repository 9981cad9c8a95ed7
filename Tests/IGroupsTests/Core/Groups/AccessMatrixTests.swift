import Fluent
@testable import IGroupsCore
@testable import IGroupsEvents
@testable import IGroupsFiles
@testable import IGroupsForum
@testable import IGroupsLinks
@testable import IGroupsNews
@testable import IGroupsPages
@testable import IGroupsPhotos
@testable import IGroupsPolls
@testable import IGroupsVideo
import Testing
import Vapor

/// Walks every group and module route the app has, for every kind of viewer and every visibility,
/// and checks the answer. Routes are read from the app, so a new module's routes are covered as they come.
@Suite("Access to groups and modules")
struct AccessMatrixTests {
    enum Viewer: String, CaseIterable {
        case visitor, outsider, requester, member, moderator, admin, owner, operatorAccount
    }

    /// What a viewer should get on a route of a group with a visibility.
    static func expected(method: HTTPMethod, path: String, viewer: Viewer, visibility: Group.Visibility) -> Set<HTTPStatus> {
        let insider = [.member, .moderator, .admin, .owner].contains(viewer)
        let administers = viewer == .admin || viewer == .owner
        let hidden = visibility == .secret && !insider && viewer != .operatorAccount
        let isAdmin = path.contains("/admin")
        let ownerOnly = path.hasSuffix("/admin/delete") || path.hasSuffix("/transfer")
        let module = !isAdmin && path.split(separator: "/").count > 2
        let writes = path.hasSuffix("/new") || path.hasSuffix("/edit") || path.hasSuffix("/delete") || path.hasSuffix("/restore")

        if isAdmin {
            if viewer == .visitor { return [.seeOther] } // to the login page, which says nothing about the group
            if hidden { return [.notFound] }
            if ownerOnly { return viewer == .owner ? (method == .GET ? [.ok] : [.seeOther, .unprocessableEntity, .forbidden, .notFound]) : [.forbidden] }
            return administers ? (method == .GET ? [.ok] : [.seeOther, .unprocessableEntity, .forbidden, .notFound]) : [.forbidden]
        }
        if hidden { return [.notFound] }
        // The logo is part of what anyone who may find the group sees, as its name is.
        if path.hasSuffix("/logo") { return [.ok] }
        // Who is in a group is for its members (and the operator), whatever the group's visibility.
        // The feed exists for public groups only; a post without a picture has none to serve.
        if path.hasSuffix("/feed.atom") || path.hasSuffix("/image") {
            if visibility == .closed && !insider && viewer != .operatorAccount { return [.forbidden] }
            return path.hasSuffix("/feed.atom") && visibility == .public ? [.ok] : [.notFound]
        }
        if path.contains("/links/categories") {
            if viewer == .visitor { return visibility == .public ? [.seeOther] : [.forbidden] }
            if visibility == .closed && !insider && viewer != .operatorAccount { return [.forbidden] }
            return administers ? (method == .GET ? [.ok] : [.seeOther, .unprocessableEntity]) : [.forbidden]
        }
        if path.hasSuffix("/members") || path.hasSuffix("/members/export.csv") {
            if viewer == .visitor { return visibility == .public ? [.seeOther] : [.forbidden] }
            if !insider && viewer != .operatorAccount { return [.forbidden] }
            if path.hasSuffix(".csv") { return administers ? [.ok] : [.forbidden] }
            return [.ok]
        }
        // A feed address with a token nobody has is a 404 for everyone, whatever the group.
        if path.contains("/calendar/feed/") { return [.notFound] }
        if path.contains("/events") || path.contains("/calendar") {
            if visibility == .closed && !insider && viewer != .operatorAccount { return [.forbidden] }
            return events(method: method, path: path, viewer: viewer)
        }
        if path.contains("/forum") {
            if visibility == .closed && !insider && viewer != .operatorAccount { return [.forbidden] }
            return forum(method: method, path: path, viewer: viewer)
        }
        // Shared files are for members (and the operator, who reads), whatever the group's visibility.
        if path.contains("/files") {
            if visibility == .closed && !insider && viewer != .operatorAccount { return [.forbidden] }
            return files(method: method, path: path, viewer: viewer)
        }
        if path.contains("/polls") {
            if visibility == .closed && !insider && viewer != .operatorAccount { return [.forbidden] }
            return polls(method: method, path: path, viewer: viewer)
        }
        if path.contains("/photos") {
            if visibility == .closed && !insider && viewer != .operatorAccount { return [.forbidden] }
            return photos(method: method, path: path, viewer: viewer)
        }
        if path.contains("/video") {
            if visibility == .closed && !insider && viewer != .operatorAccount { return [.forbidden] }
            return video(method: method, path: path, viewer: viewer)
        }
        if module {
            if visibility == .closed && !insider && viewer != .operatorAccount { return [.forbidden] }
            if writes {
                if administers { return method == .GET ? [.ok] : [.seeOther, .unprocessableEntity, .ok, .conflict] }
                return viewer == .visitor ? [.seeOther] : [.forbidden]
            }
            return [.ok]
        }
        return [.ok]
    }

    /// The forum: reading for all who may read the group; taking part for members; moderating for
    /// moderators and up; boards for admins. A post may be changed by its author (the owner, here).
    static func forum(method: HTTPMethod, path: String, viewer: Viewer) -> Set<HTTPStatus> {
        let parts = path.split(separator: "/").map(String.init) // g, gruppe, forum, …
        let rest = Array(parts.dropFirst(3))
        let moderates = [.moderator, .admin, .owner].contains(viewer)
        let administers = viewer == .admin || viewer == .owner
        let member = moderates || viewer == .member
        let allowed: Bool
        switch (rest.first, rest.last, rest.count) {
        case ("boards", "new", 2): allowed = administers
        case (nil, _, _), ("boards", _, 2), ("threads", _, 2): return [.ok]
        case ("threads", "unread", 3), ("posts", _, 2): return [.seeOther]
        case ("posts", "history", 3): return [.ok]
        case ("boards", "edit", 3), ("boards", "move", 3), ("boards", "delete", 3): allowed = administers
        case ("reports", _, _), ("threads", "pin", 3), ("threads", "lock", 3), ("threads", "move", 3), ("threads", "delete", 3): allowed = moderates
        case ("posts", "edit", 3): allowed = viewer == .owner
        case ("posts", "delete", 3): allowed = moderates
        default: allowed = member // a new thread, a reply, watching, reporting, marking read
        }
        if allowed { return method == .GET ? [.ok] : [.seeOther, .unprocessableEntity, .ok, .conflict] }
        return viewer == .visitor ? [.seeOther] : [.forbidden]
    }

    /// Events and the calendar: reading for all who may read the group; answering for members; planning
    /// and organising for admins (members plan only when the group lets them); a feed address for anyone signed in.
    static func events(method: HTTPMethod, path: String, viewer: Viewer) -> Set<HTTPStatus> {
        let parts = path.split(separator: "/").map(String.init) // g, gruppe, events|calendar, …
        let rest = Array(parts.dropFirst(3))
        let administers = viewer == .admin || viewer == .owner
        let member = [.member, .moderator, .admin, .owner].contains(viewer)
        let allowed: Bool
        switch (parts[2], rest.first, rest.last, rest.count) {
        case ("calendar", "token", _, _): allowed = viewer != .visitor
        case ("calendar", _, _, _): return [.ok]
        case ("events", "e", _, 2): return [.seeOther]
        case ("events", nil, _, _), ("events", _, nil, _), ("events", _, "event.ics", 2): return [.ok]
        case ("events", "new", _, 1): allowed = administers
        case ("events", _, _, 1): return [.ok]
        case ("events", _, "rsvp", 2): allowed = member
        default: allowed = administers // planning, changing, cancelling, deleting, the attendee list
        }
        if allowed { return method == .GET ? [.ok] : [.seeOther, .unprocessableEntity, .ok, .conflict] }
        return viewer == .visitor ? [.seeOther] : [.forbidden]
    }

    /// Shared files: reading for members and the operator; uploading and making folders for members;
    /// renaming, moving, deleting and choosing a version for whoever put it there (the owner, here) and
    /// moderators; the trash for admins.
    static func files(method: HTTPMethod, path: String, viewer: Viewer) -> Set<HTTPStatus> {
        let rest = Array(path.split(separator: "/").map(String.init).dropFirst(3)) // after g, gruppe, files
        let member = [.member, .moderator, .admin, .owner].contains(viewer)
        let moderates = [.moderator, .admin, .owner].contains(viewer)
        if viewer == .visitor { return [.seeOther] }
        if !member && viewer != .operatorAccount { return [.forbidden] }
        let allowed: Bool
        switch (rest.first, rest.last, rest.count) {
        case ("upload", _, 1), ("folders", "new", 2), ("f", "versions", 3): allowed = member
        case (nil, _, _), ("folders", _, 2), ("f", _, 2), ("f", "raw", 3), ("f", "download", 3), ("f", "download", 5): return [.ok]
        case ("trash", _, _): allowed = viewer == .admin || viewer == .owner
        default: allowed = moderates // rename, move, delete, make a version current
        }
        if allowed { return method == .GET ? [.ok] : [.seeOther, .unprocessableEntity, .ok, .conflict] }
        return [.forbidden]
    }

    /// Polls: reading for all who may read the group; making polls and voting for members; closing,
    /// changing and deleting for the poll's creator (the owner, here) and admins.
    static func polls(method: HTTPMethod, path: String, viewer: Viewer) -> Set<HTTPStatus> {
        let rest = Array(path.split(separator: "/").map(String.init).dropFirst(3)) // after g, gruppe, polls
        let member = [.member, .moderator, .admin, .owner].contains(viewer)
        let allowed: Bool
        switch (rest.first, rest.last, rest.count) {
        case (nil, _, _): return [.ok]
        case (_, _, 1) where rest.first != "new": return [.ok]
        case ("new", _, 1), (_, "vote", 2): allowed = member
        default: allowed = viewer == .admin || viewer == .owner // close, edit, delete
        }
        if allowed { return method == .GET ? [.ok] : [.seeOther, .unprocessableEntity, .ok, .conflict] }
        return viewer == .visitor ? [.seeOther] : [.forbidden]
    }

    /// Photo albums: seeing for all who may read the group, with the files; making albums, uploading, liking and
    /// commenting for members; changing a photo for its uploader (the owner, here), moderators and admins; changing,
    /// arranging and deleting an album and choosing its cover for its creator (the owner) and admins; a comment
    /// changed by its writer (the owner) and deleted by them or a moderator.
    static func photos(method: HTTPMethod, path: String, viewer: Viewer) -> Set<HTTPStatus> {
        let rest = Array(path.split(separator: "/").map(String.init).dropFirst(3)) // after g, gruppe, photos
        let administers = viewer == .admin || viewer == .owner
        let moderates = administers || viewer == .moderator
        let member = moderates || viewer == .member
        let allowed: Bool
        switch (rest.first, rest.last, rest.count) {
        case (nil, _, _): return [.ok]
        case ("new", _, 1): allowed = member
        case (_, _, 1): return [.ok]
        case ("p", _, 2), ("p", "thumb", 3), ("p", "display", 3), ("p", "original", 3): return [.ok]
        case (_, "status", 2), (_, "download", 2): return [.ok]
        case (_, "upload", 2), ("p", "like", 3), ("p", "comments", 3): allowed = member
        case ("p", "edit", 3), ("p", "delete", 3): allowed = moderates
        case ("p", "edit", 5): allowed = viewer == .owner
        case ("p", "delete", 5): allowed = moderates
        default: allowed = administers // an album's edit, delete and arrange; a photo's place and the cover
        }
        if allowed { return method == .GET ? [.ok] : [.seeOther, .unprocessableEntity, .ok, .conflict] }
        return viewer == .visitor ? [.seeOther] : [.forbidden]
    }

    /// Video: watching for all who may read the group; adding and commenting for members; changing and
    /// deleting for the uploader (the owner, here), moderators and admins; deleting a comment for its
    /// author (the owner, here) and moderators.
    static func video(method: HTTPMethod, path: String, viewer: Viewer) -> Set<HTTPStatus> {
        let rest = Array(path.split(separator: "/").map(String.init).dropFirst(3)) // after g, gruppe, video
        let moderates = [.moderator, .admin, .owner].contains(viewer)
        let allowed: Bool
        switch (rest.first, rest.last, rest.count) {
        case (nil, _, _): return [.ok]
        case ("new", _, 1), ("link", _, 1), (_, "comments", 2): allowed = moderates || viewer == .member
        case (_, _, 1), (_, "file", 2), (_, "poster", 2): return [.ok]
        default: allowed = moderates // edit, delete, a comment's delete
        }
        if allowed { return method == .GET ? [.ok] : [.seeOther, .unprocessableEntity, .ok, .conflict] }
        return viewer == .visitor ? [.seeOther] : [.forbidden]
    }

    struct Fixture {
        var browsers: [Viewer: Browser] = [:]
        var values: [String: String] = [:]
    }

    /// A group with one person in each role, a pending request, a page with a revision, and an operator.
    static func fixture(_ app: Application, visibility: Group.Visibility) async throws -> Fixture {
        var fixture = Fixture()
        var owner = Browser(app)
        try await owner.signUpVerified("owner")
        try await owner.createGroup("gruppe", visibility: visibility.rawValue, joinPolicy: visibility == .secret ? "invitation" : "request")
        let group = try #require(try await Group.query(on: app.db).first())
        try await app.files.write(ByteBuffer(bytes: [0x89, 0x50, 0x4E, 0x47]), to: group.logoKey)
        group.logoVersion = 1
        try await group.save(on: app.db)
        for (viewer, role) in [(Viewer.member, Membership.Role.member), (.moderator, .moderator), (.admin, .admin)] {
            var browser = Browser(app)
            try await browser.signUpVerified(viewer.rawValue)
            let user = try #require(try await User.query(on: app.db).filter(\.$usernameKey == viewer.rawValue).first())
            try await Membership(groupID: group.requireID(), userID: user.requireID(), role: role).create(on: app.db)
            fixture.browsers[viewer] = browser
        }
        for viewer in [Viewer.outsider, .requester, .operatorAccount] {
            var browser = Browser(app)
            try await browser.signUpVerified(viewer == .operatorAccount ? "operator" : viewer.rawValue)
            fixture.browsers[viewer] = browser
        }
        let requester = try #require(try await User.query(on: app.db).filter(\.$usernameKey == "requester").first())
        try await JoinRequest(groupID: group.requireID(), userID: requester.requireID()).create(on: app.db)
        let operatorUser = try #require(try await User.query(on: app.db).filter(\.$usernameKey == "operator").first())
        operatorUser.isOperator = true
        try await operatorUser.save(on: app.db)
        fixture.browsers[.owner] = owner
        fixture.browsers[.visitor] = Browser(app)

        try await owner.get("/g/gruppe/pages/new")
        try await owner.post("/g/gruppe/pages/new", ["title": "Info", "slug": "info", "body": "Tekst", "position": "1", "visibility": "public"])
        let revision = try #require(try await TextPageRevision.query(on: app.db).first())
        let member = try #require(try await User.query(on: app.db).filter(\.$usernameKey == "member").first())
        try await owner.get("/g/gruppe/admin/invitations")
        try await owner.post("/g/gruppe/admin/invitations", ["email": "someone@example.org"])
        let invitation = try #require(try await Invitation.query(on: app.db).first())
        try await owner.get("/g/gruppe/links/categories")
        try await owner.post("/g/gruppe/links/categories", ["name": "Klubben"])
        let category = try #require(try await LinkCategory.query(on: app.db).first())
        try await owner.get("/g/gruppe/links/new")
        try await owner.post("/g/gruppe/links/new", ["title": "Forbundet", "url": "https://example.org/", "category": try category.requireID().uuidString])
        let link = try #require(try await GroupLink.query(on: app.db).first())
        try await owner.get("/g/gruppe/news/new")
        try await owner.postMultipart("/g/gruppe/news/new", ["title": "Generalforsamling", "body": "Den **12. marts**."])
        let post = try #require(try await NewsPost.query(on: app.db).first())
        try await owner.post("/g/gruppe/news/\(try post.requireID())/comments", ["body": "Vi ses!"])
        let comment = try #require(try await NewsComment.query(on: app.db).first())
        try await owner.get("/g/gruppe/forum/boards/new")
        try await owner.post("/g/gruppe/forum/boards/new", ["name": "Snak", "description": "Om alt"])
        let board = try #require(try await ForumBoard.query(on: app.db).first())
        try await owner.post("/g/gruppe/forum/boards/\(try board.requireID())/new", ["title": "Sommerfest", "body": "Hvem kommer?"])
        let thread = try #require(try await ForumThread.query(on: app.db).first())
        let forumPost = try #require(try await ForumPost.query(on: app.db).first())
        var memberBrowser = try #require(fixture.browsers[.member])
        try await memberBrowser.get("/g/gruppe")
        try await memberBrowser.post("/g/gruppe/forum/posts/\(try forumPost.requireID())/report", ["reason": "Forkert dato"])
        fixture.browsers[.member] = memberBrowser
        let report = try #require(try await ForumReport.query(on: app.db).first())
        try await owner.get("/g/gruppe/events/new")
        try await owner.post("/g/gruppe/events/new", ["title": "Sommerfest", "start_date": "2099-06-20", "start_time": "18:00", "capacity": "30"])
        let occurrence = try #require(try await EventOccurrence.query(on: app.db).first())
        try await owner.get("/g/gruppe/polls/new")
        try await owner.post("/g/gruppe/polls/new", ["question": "Hvor skal turen gå hen?", "options": "Skagen", "kind": "single", "results": "always"])
        #expect(try await Poll.query(on: app.db).count() == 0, "one option is not a poll")
        let pollForm = "question=Hvor%20skal%20turen%20g%C3%A5%20hen%3F&options=Skagen&options=Bornholm&kind=single&results=always&_csrf=" + (owner.csrf ?? "")
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        try await owner.request(.POST, "/g/gruppe/polls/new", headers: headers, body: ByteBuffer(string: pollForm))
        let poll = try #require(try await Poll.query(on: app.db).first())
        let option = try #require(try await PollOption.query(on: app.db).first())
        memberBrowser = try #require(fixture.browsers[.member])
        try await memberBrowser.get("/g/gruppe/polls/\(try poll.requireID())")
        let vote = try await memberBrowser.post("/g/gruppe/polls/\(try poll.requireID())/vote", ["option": try option.requireID().uuidString])
        #expect(vote.status == .seeOther)
        fixture.browsers[.member] = memberBrowser
        try await owner.get("/g/gruppe/files")
        try await owner.post("/g/gruppe/files/folders/new", ["name": "Bestyrelse"])
        let folder = try #require(try await SharedFolder.query(on: app.db).first())
        try await owner.postMultipart("/g/gruppe/files/upload?folder=\(try folder.requireID())", files: [Browser.Upload(field: "files", filename: "referat.txt", contentType: "text/plain", data: Array("Mødet gik godt.".utf8))])
        let sharedFile = try #require(try await SharedFile.query(on: app.db).first())
        try await owner.get("/g/gruppe/photos/new")
        try await owner.post("/g/gruppe/photos/new", ["title": "Sommerkoncert", "description": "Fra scenen"])
        let album = try #require(try await PhotoAlbum.query(on: app.db).first())
        try await owner.get("/g/gruppe/photos/\(try album.requireID())/upload")
        try await owner.postMultipart("/g/gruppe/photos/\(try album.requireID())/upload", [:], files: [
            Browser.Upload(field: "photos", filename: "scene.jpg", contentType: "image/jpeg", data: try PhotoFixtures.jpeg()),
        ])
        try await app.jobQueue.runPending(app: app)
        let photo = try #require(try await Photo.query(on: app.db).filter(\.$status == .ready).first())
        try await owner.post("/g/gruppe/photos/p/\(try photo.requireID())/comments", ["body": "Flot lys"])
        let photoComment = try #require(try await PhotoComment.query(on: app.db).first())
        try await owner.get("/g/gruppe/video/new")
        try await owner.postMultipart("/g/gruppe/video/new", ["title": "Regatta"], files: [VideoTests.file(try VideoTests.movie(app, seconds: 1), name: "regatta.mp4")])
        let video = try #require(try await Video.query(on: app.db).first())
        try await VideoProcessing.prepare(video.requireID(), app: app)
        try await owner.post("/g/gruppe/video/\(try video.requireID())/comments", ["body": "Flot!"])
        let videoComment = try #require(try await VideoComment.query(on: app.db).first())
        let plan = Plan(nameDa: "Forening", nameEn: "Association", storageMB: 10_240, months: 12, priceMinor: 125_000, currency: "DKK")
        try await plan.create(on: app.db)
        let ordering = try #require(try await Group.query(on: app.db).filter(\.$slug == "gruppe").first())
        let ownerID = try #require(try await Membership.query(on: app.db).filter(\.$group.$id == ordering.requireID()).filter(\.$role == .owner).first()?.$user.id)
        let order = try await Billing.place(plan, for: ordering, by: ownerID, buyer: ("Gruppen", "Havnevej 1", "kasserer@example.org"), language: .da, settings: app.settings, on: app.db)
        fixture.values = [
            ":order": try order.requireID().uuidString,
            ":folder": try folder.requireID().uuidString, ":file": try sharedFile.requireID().uuidString,
            ":version": try #require(sharedFile.currentVersionID).uuidString, "files/:kind": "file", ":item": try sharedFile.requireID().uuidString,
            "forum/:post": try forumPost.requireID().uuidString, ":board": try board.requireID().uuidString,
            ":thread": try thread.requireID().uuidString, ":report": try report.requireID().uuidString,
            ":group": "gruppe", ":page": "info", ":revision": try revision.requireID().uuidString,
            ":user": try member.requireID().uuidString, ":invitation": try invitation.requireID().uuidString,
            ":link": try link.requireID().uuidString, ":category": try category.requireID().uuidString,
            ":post": try post.requireID().uuidString, ":comment": try comment.requireID().uuidString,
            ":occurrence": try occurrence.requireID().uuidString, ":event": occurrence.$event.id.uuidString,
            ":poll": try poll.requireID().uuidString,
            ":video": try video.requireID().uuidString, "video/:comment": try videoComment.requireID().uuidString,
            "photos/:album": try album.requireID().uuidString, "photos/:photo": try photo.requireID().uuidString,
            "photos/:comment": try photoComment.requireID().uuidString,
        ]
        return fixture
    }

    /// Every route under /g/:group, with its path filled in from the fixture.
    static func groupRoutes(_ app: Application, values: [String: String]) -> [(HTTPMethod, String)] {
        app.routes.all.compactMap { route in
            let components = route.path.map(\.description)
            guard components.first == "g", components.count > 1 else { return nil }
            // Joining, asking and leaving are a person's own doings, tested by themselves.
            if ["join", "leave", "request", "withdraw"].contains(components.last ?? "") { return nil }
            // A parameter can mean another thing in another module (`:post` of news and of the forum).
            let module = components.count > 2 ? components[2] : ""
            let path = "/" + components.map { values["\(module)/\($0)"] ?? values[$0] ?? ($0.hasPrefix(":") ? "unknown" : $0) }.joined(separator: "/")
            return (route.method, path)
        }
    }

    @Test("Every viewer gets what they may see, 403 for what they may see but not do, 404 for what stays hidden", arguments: Group.Visibility.allCases)
    func matrix(visibility: Group.Visibility) async throws {
        try await withTestApp { app in
            var fixture = try await Self.fixture(app, visibility: visibility)
            let routes = Self.groupRoutes(app, values: fixture.values)
            #expect(routes.count >= 20, "the walk found only \(routes.count) routes")
            var checked = 0, refusedWrites = 0
            for viewer in Viewer.allCases {
                var browser = try #require(fixture.browsers[viewer])
                for (method, path) in routes {
                    let expected = Self.expected(method: method, path: path, viewer: viewer, visibility: visibility)
                    // Only refusals are tried for writes: allowed writes change the fixture and have their own tests.
                    if method == .POST, !expected.isDisjoint(with: [.seeOther, .ok, .unprocessableEntity, .conflict]), expected != [.seeOther] || viewer != .visitor {
                        continue
                    }
                    if browser.csrf == nil { try await browser.get("/") }
                    let response = method == .GET ? try await browser.get(path) : try await browser.post(path)
                    checked += 1
                    if method == .POST { refusedWrites += 1 }
                    #expect(expected.contains(response.status), "\(viewer) \(method) \(path) in a \(visibility) group: \(response.status.code), expected \(expected.map(\.code).sorted())")
                    // A jump to a forum post goes to its thread, one to an event to its next date; every other answer
                    // to a visitor goes to the login page.
                    let jump = method == .GET && (path.hasSuffix("/unread") || path.contains("/events/e/") || (path.contains("/forum/posts/") && path.split(separator: "/").count == 5))
                    if response.status == .seeOther, viewer == .visitor, !jump {
                        #expect(response.location?.hasPrefix("/login") == true, "\(method) \(path) sent a visitor to \(response.location ?? "-")")
                    }
                }
                fixture.browsers[viewer] = browser
            }
            // The search finds the group's content for whoever may read it, and members by name only for insiders.
            let values = fixture.values
            let searches = [
                ("marts", "/g/gruppe/news/\(values[":post"]!)\""), ("ses", "#comment-\(values[":comment"]!)\""),
                ("forbundet", "/g/gruppe/links#link-\(values[":link"]!)\""), ("tekst", "/g/gruppe/pages/info\""),
                ("bornholm", "/g/gruppe/polls/\(values[":poll"]!)\""),
                ("regatta", "/g/gruppe/video/\(values[":video"]!)\""),
                ("sommerkoncert", "/g/gruppe/photos/\(values["photos/:album"]!)\""),
            ]
            for viewer in Viewer.allCases {
                var browser = try #require(fixture.browsers[viewer])
                let expected = Self.expected(method: .GET, path: "/g/gruppe/search", viewer: viewer, visibility: visibility)
                for (query, found) in searches {
                    let response = try await browser.get("/g/gruppe/search?q=" + query)
                    #expect(expected.contains(response.status), "\(viewer) searching a \(visibility) group: \(response.status.code)")
                    if response.status == .ok { #expect(response.body.string.contains(found), "\(viewer) searching \(query) in a \(visibility) group") }
                    checked += 1
                }
                let people = try await browser.get("/g/gruppe/search?q=moderator")
                #expect(expected.contains(people.status))
                if people.status == .ok {
                    let seesMembers = viewer == .operatorAccount || [.member, .moderator, .admin, .owner].contains(viewer)
                    #expect(people.body.string.contains("href=\"/u/moderator\"") == seesMembers, "\(viewer) in a \(visibility) group")
                }
                fixture.browsers[viewer] = browser
            }
            #expect(checked >= 150, "only \(checked) answers checked")
            #expect(refusedWrites >= 80, "only \(refusedWrites) refused writes tried")
            // Nothing the refused writes tried has changed the group.
            #expect(try await Group.query(on: app.db).count() == 1)
            #expect(try await Membership.query(on: app.db).count() == 4)
            #expect(try await TextPage.query(on: app.db).count() == 1)
            #expect(try await GroupLink.query(on: app.db).count() == 1)
            #expect(try await NewsPost.query(on: app.db).count() == 1)
            #expect(try await NewsComment.query(on: app.db).filter(\.$deletedAt == nil).count() == 1)
            #expect(try await LinkCategory.query(on: app.db).count() == 1)
            #expect(try await ForumBoard.query(on: app.db).count() == 1)
            let forumThread = try #require(try await ForumThread.query(on: app.db).first())
            #expect(!forumThread.pinned && !forumThread.locked)
            #expect(try await ForumPost.query(on: app.db).count() == 1)
            #expect(try await ForumPost.query(on: app.db).filter(\.$deletedAt == nil).count() == 1)
            #expect(try await ForumReport.query(on: app.db).filter(\.$closedAt == nil).count() == 1)
            let poll = try #require(try await Poll.query(on: app.db).first())
            #expect(try await Poll.query(on: app.db).count() == 1)
            #expect(poll.closedAt == nil && poll.question == "Hvor skal turen gå hen?")
            #expect(try await PollBallot.query(on: app.db).count() == 1)
            #expect(try await PollVote.query(on: app.db).count() == 1)
            let sharedFile = try #require(try await SharedFile.query(on: app.db).first())
            #expect(sharedFile.deletedAt == nil && sharedFile.name == "referat.txt")
            #expect(try await SharedFileVersion.query(on: app.db).count() == 1)
            #expect(try await SharedFolder.query(on: app.db).filter(\.$deletedAt == nil).count() == 1)
            #expect(try await Video.query(on: app.db).count() == 1)
            #expect(try await Video.query(on: app.db).first()?.title == "Regatta")
            #expect(try await VideoComment.query(on: app.db).count() == 1)
            #expect(try await PhotoAlbum.query(on: app.db).count() == 1)
            #expect(try await Photo.query(on: app.db).count() == 1)
            #expect(try await PhotoComment.query(on: app.db).count() == 1)
            #expect(try await PhotoLike.query(on: app.db).count() == 0)
            #expect(try await PhotoAlbum.query(on: app.db).first()?.coverPhotoID == nil)
        }
    }
}
