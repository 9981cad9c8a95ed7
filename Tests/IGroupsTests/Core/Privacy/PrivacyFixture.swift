import Fluent
@testable import IGroupsFiles
import Foundation
@testable import IGroupsCore
@testable import IGroupsEvents
@testable import IGroupsForum
@testable import IGroupsLinks
@testable import IGroupsNews
@testable import IGroupsPages
@testable import IGroupsPhotos
@testable import IGroupsPolls
@testable import IGroupsVideo
import Testing
import Vapor
import VaporTesting

/// A person, bodil, with rows in every table the registry declares, and others around her.
struct PrivacyFixture {
    var bodil: Browser
    var owner: Browser
    let bodilID: UUID

    static func make(_ app: Application) async throws -> PrivacyFixture {
        var owner = Browser(app)
        try await owner.signUpVerified("mette")
        try await owner.createGroup("aaben", visibility: "public", joinPolicy: "open")
        try await owner.createGroup("lukket", visibility: "closed", joinPolicy: "request")
        try await owner.createGroup("forbudt", visibility: "closed", joinPolicy: "request")

        var bodil = Browser(app)
        try await bodil.signUp(username: "bodil", email: "Bodil@Example.org", name: "Bodil Testesen")
        try await app.deliverMail() // the verification link: an email token
        let bodilID = try #require(try await User.query(on: app.db).filter(\.$usernameKey == "bodil").first()?.requireID())
        let user = try #require(try await User.find(bodilID, on: app.db))
        user.emailVerifiedAt = Date()
        user.phone = "+45 12 34 56 78"
        try await user.save(on: app.db)
        // A failed login from another device.
        var stranger = Browser(app)
        try await stranger.logIn("bodil", password: "forkert-gæt-1")

        // Member and admin of one group, where she writes a page and invites someone.
        try await bodil.get("/g/aaben")
        try await bodil.post("/g/aaben/join")
        let aaben = try #require(try await Group.query(on: app.db).filter(\.$slug == "aaben").first())
        let membership = try #require(try await Membership.query(on: app.db).filter(\.$user.$id == bodilID).first())
        membership.role = .admin
        try await membership.save(on: app.db)
        // As an admin she ordered a plan for the group, the invoice made out to the club and sent to her.
        let plan = Plan(nameDa: "Forening", nameEn: "Association", storageMB: 10_240, months: 12, priceMinor: 125_000, currency: "DKK")
        try await plan.create(on: app.db)
        _ = try await Billing.place(plan, for: aaben, by: bodilID, buyer: ("Roklubben Åben", "Havnevej 1, 4000 Roskilde", "bodil@example.org"), language: .da, settings: app.settings, on: app.db)
        try await bodil.get("/g/aaben/pages/new")
        try await bodil.post("/g/aaben/pages/new", ["title": "Referat", "slug": "referat", "body": "Mødet gik godt.", "position": "1", "visibility": "public"])
        try await bodil.get("/g/aaben/news/new")
        var picture = try GroupLogoTests.logo()
        picture.field = "image"
        try await bodil.postMultipart("/g/aaben/news/new", ["title": "Bodils nyhed", "body": "Skrevet af Bodil Testesen."], files: [picture])
        let post = try #require(try await NewsPost.query(on: app.db).filter(\.$title == "Bodils nyhed").first())
        try await owner.get("/g/aaben/news/\(try post.requireID())")
        try await owner.post("/g/aaben/news/\(try post.requireID())/comments", ["body": "Tak, Mette her."])
        try await bodil.post("/g/aaben/news/\(try post.requireID())/comments", ["body": "Selv tak."])
        try await bodil.post("/g/aaben/news/\(try post.requireID())/like")
        try await bodil.post("/g/aaben/news/subscription", ["mode": "daily"])
        try await bodil.get("/g/aaben/links/new")
        try await bodil.post("/g/aaben/links/new", ["title": "Rostadion", "url": "https://example.org/rostadion"])
        // A video she uploaded (its poster made), one she linked, and her comment on one of Mette's.
        try await bodil.get("/g/aaben/video/new")
        try await bodil.postMultipart("/g/aaben/video/new", ["title": "Bodils film", "description": "Filmet af Bodil Testesen."], files: [VideoTests.file(try VideoTests.movie(app, seconds: 1), name: "bodil.mp4")])
        try await VideoProcessing.prepare(try #require(try await Video.query(on: app.db).first()).requireID(), app: app)
        try await bodil.post("/g/aaben/video/link", ["url": "https://youtu.be/dQw4w9WgXcQ", "title": "Bodils link"])
        try await owner.get("/g/aaben/video/link")
        try await owner.post("/g/aaben/video/link", ["url": "https://vimeo.com/76979871", "title": "Regatta 2026"])
        let regatta = try #require(try await Video.query(on: app.db).filter(\.$title == "Regatta 2026").first())
        try await bodil.post("/g/aaben/video/\(try regatta.requireID())/comments", ["body": "Bodil var med."])
        #expect(try await VideoComment.query(on: app.db).count() == 1)
        // A poll she made with her named vote in it, and her anonymous vote in one of Mette's.
        try await bodil.get("/g/aaben/polls/new")
        try await bodil.postPairs("/g/aaben/polls/new", PollsTests.fields("Hvor skal vi ro hen?", options: ["Fjorden", "Søen"]))
        try await owner.get("/g/aaben/polls/new")
        try await owner.postPairs("/g/aaben/polls/new", PollsTests.fields("Skal vi købe en ny båd?", options: ["Ja", "Nej"], anonymous: true))
        for question in ["Hvor skal vi ro hen?", "Skal vi købe en ny båd?"] {
            let poll = try #require(try await Poll.query(on: app.db).filter(\.$question == question).first()).requireID()
            let options = try await PollsTests.options(app, poll)
            try await PollsTests.vote(&bodil, poll, [options[0]], group: "aaben")
            try await PollsTests.vote(&owner, poll, [options[1]], group: "aaben")
        }
        // Photos: an album she made with a photo of hers, her comment and like on Mette's photo (which names her
        // as who took it), and Mette's comment and like on hers.
        try await bodil.get("/g/aaben/photos/new")
        try await bodil.post("/g/aaben/photos/new", ["title": "Roturen", "description": "Ud på fjorden"])
        let bodilsAlbum = try #require(try await PhotoAlbum.query(on: app.db).filter(\.$title == "Roturen").first()).requireID()
        try await PhotosTests.upload(&bodil, album: bodilsAlbum, [PhotoFixtures.upload("bodil.jpg", try PhotoFixtures.cameraJPEG())], group: "aaben")
        try await owner.get("/g/aaben/photos/new")
        try await owner.post("/g/aaben/photos/new", ["title": "Klubbens billeder", "description": ""])
        let clubAlbum = try #require(try await PhotoAlbum.query(on: app.db).filter(\.$title == "Klubbens billeder").first()).requireID()
        try await PhotosTests.upload(&owner, album: clubAlbum, [PhotoFixtures.upload("mette.jpg", try PhotoFixtures.jpeg(width: 50, height: 40))], fields: ["taken_by": "Bodil Testesen"], group: "aaben")
        try await app.jobQueue.runPending(app: app)
        for (photoName, commenter, text) in [("mette.jpg", "bodil", "Godt fanget!"), ("bodil.jpg", "mette", "Flot, Bodil.")] {
            let photo = try #require(try await Photo.query(on: app.db).filter(\.$name == photoName).first()).requireID()
            if commenter == "bodil" {
                try await bodil.post("/g/aaben/photos/p/\(photo)/comments", ["body": text])
                try await bodil.post("/g/aaben/photos/p/\(photo)/like")
            } else {
                try await owner.post("/g/aaben/photos/p/\(photo)/comments", ["body": text])
                try await owner.post("/g/aaben/photos/p/\(photo)/like")
            }
        }
        #expect(try await Photo.query(on: app.db).filter(\.$status == .ready).count() == 2)
        // The forum: a thread she started and edited, replies, mentions both ways, reports both ways
        // (one she closed as admin), her watch, read marks and "mark all read".
        try await owner.get("/g/aaben/forum/boards/new")
        try await owner.post("/g/aaben/forum/boards/new", ["name": "Snak"])
        let board = try #require(try await ForumBoard.query(on: app.db).first())
        try await bodil.get("/g/aaben/forum")
        try await bodil.post("/g/aaben/forum/boards/\(try board.requireID())/new", ["title": "Bodils tråd", "body": "Hej @mette, skal vi ro?"])
        let opening = try #require(try await ForumPost.query(on: app.db).filter(\.$position == 1).first())
        try await bodil.post("/g/aaben/forum/posts/\(try opening.requireID())/edit", ["title": "Bodils tråd", "body": "Hej @mette, skal vi ro i morgen?"])
        try await owner.get("/g/aaben/forum")
        try await owner.post("/g/aaben/forum/threads/\(opening.$thread.id)/reply", ["body": "> **Bodil Testesen:**\n>\n> Skal vi ro i morgen?\n\nJa, @bodil!"])
        let answer = try #require(try await ForumPost.query(on: app.db).filter(\.$position == 2).first())
        try await bodil.post("/g/aaben/forum/posts/\(try answer.requireID())/report", ["reason": "Bare en prøve"])
        try await owner.post("/g/aaben/forum/posts/\(try opening.requireID())/report", ["reason": "Også en prøve"])
        let againstHer = try #require(try await ForumReport.query(on: app.db).filter(\.$post.$id == opening.requireID()).first())
        try await bodil.post("/g/aaben/forum/reports/\(try againstHer.requireID())/close")
        try await bodil.post("/g/aaben/forum/threads/\(opening.$thread.id)/reply", ["body": "Sidste ord fra mig."])
        try await bodil.post("/g/aaben/forum/read")
        // Someone else's thread that names her in its title.
        try await owner.post("/g/aaben/forum/boards/\(try board.requireID())/new", ["title": "Tak til @bodil", "body": "For turen."])
        // Events: one she planned, an answer to someone else's, and a calendar feed address.
        try await bodil.get("/g/aaben/events/new")
        try await bodil.post("/g/aaben/events/new", ["title": "Skovtur", "start_date": "2099-05-01", "start_time": "10:00", "place": "Dyrehaven"])
        try await owner.get("/g/aaben/events/new")
        try await owner.post("/g/aaben/events/new", ["title": "Sommerfest", "start_date": "2099-06-01", "start_time": "18:00", "capacity": "10"])
        let party = try #require(try await EventOccurrence.query(on: app.db).sort(\.$startsAt, .descending).first())
        try await bodil.post("/g/aaben/events/\(try party.requireID())/rsvp", ["answer": "yes", "guests": "1", "comment": "Bodil kommer med kage"])
        try await bodil.post("/g/aaben/calendar/token")
        try await bodil.get("/g/aaben/admin/invitations")
        try await bodil.post("/g/aaben/admin/invitations", ["email": "someone@example.org"])
        // A request to join another, a ban from a third, an invitation to her address in a fourth.
        try await bodil.get("/g/lukket")
        try await bodil.post("/g/lukket/request")
        let forbudt = try #require(try await Group.query(on: app.db).filter(\.$slug == "forbudt").first())
        try await GroupBan(groupID: forbudt.requireID(), userID: bodilID).create(on: app.db)
        try await owner.createGroup("hemmelig", visibility: "secret", joinPolicy: "invitation")
        try await owner.get("/g/hemmelig/admin/invitations")
        try await owner.post("/g/hemmelig/admin/invitations", ["email": "bodil@example.org"])
        // A consent, an objection, a report she made and one about her, a breach notice.
        try await bodil.get("/me/privacy")
        try await bodil.post("/me/privacy/consents/operator_news", ["given": "yes"])
        try await bodil.post("/me/privacy/objections", ["purpose": "statistics", "reason": "Nej tak"])
        try await bodil.get("/u/mette/report-age")
        try await bodil.post("/u/mette/report-age", ["reason": "Skriver som et barn."])
        var neighbour = Browser(app)
        try await neighbour.get("/u/bodil/report-age")
        try await neighbour.post("/u/bodil/report-age", ["reason": "Ser ung ud.", "email": "nabo@example.org"])
        let breach = Breach(title: "Læk", occurredOn: "2026-11-20", dataAffected: "Navne", measures: "Lukket", recordedBy: nil)
        try await breach.create(on: app.db)
        try await BreachNotice(breachID: breach.requireID(), userID: bodilID).create(on: app.db)
        // Her picture, shown to those she shares a group with.
        try await bodil.get("/me/avatar")
        try await bodil.postMultipart("/me/avatar", ["avatar_visibility": "members"], files: [try UploadTests.photo(field: "avatar")])
        #expect(try await User.find(bodilID, on: app.db)?.avatarID != nil)
        // Shared files: a folder she made and one she put in the trash, a file of hers, a version of Mette's.
        try await bodil.get("/g/aaben/files")
        try await bodil.post("/g/aaben/files/folders/new", ["name": "Bestyrelsen"])
        try await bodil.post("/g/aaben/files/folders/new", ["name": "Gammel mappe"])
        try await bodil.postMultipart("/g/aaben/files/upload", files: [Browser.Upload(field: "files", filename: "bodils-noter.txt", contentType: "text/plain", data: Array("Noter af Bodil Testesen".utf8))])
        try await owner.get("/g/aaben/files")
        try await owner.postMultipart("/g/aaben/files/upload", files: [Browser.Upload(field: "files", filename: "mettes.txt", contentType: "text/plain", data: Array("Mettes tekst".utf8))])
        let mettes = try #require(try await SharedFile.query(on: app.db).filter(\.$name == "mettes.txt").first())
        try await bodil.postMultipart("/g/aaben/files/f/\(try mettes.requireID())/versions", files: [Browser.Upload(field: "version", filename: "mettes.txt", contentType: "text/plain", data: Array("Rettet af Bodil".utf8))])
        let old = try #require(try await SharedFolder.query(on: app.db).filter(\.$name == "Gammel mappe").first())
        try await bodil.post("/g/aaben/files/folders/\(try old.requireID())/delete")
        try await bodil.post("/g/aaben/files/f/\(try mettes.requireID())/delete")
        #expect(try await SharedFileVersion.query(on: app.db).count() == 3)
        // A mail waiting for her.
        try await AccountMail.passwordChanged.queue(for: bodilID, app: app, on: app.db)
        #expect(try await TextPage.query(on: app.db).filter(\.$group.$id == aaben.requireID()).count() == 1)
        #expect(try await GroupLink.query(on: app.db).filter(\.$group.$id == aaben.requireID()).count() == 1)
        #expect(try await PollBallot.query(on: app.db).count() == 4)
        #expect(try await ForumPost.query(on: app.db).count() == 4)
        #expect(try await ForumRevision.query(on: app.db).count() == 1)
        #expect(try await ForumReport.query(on: app.db).filter(\.$closedBy.$id == bodilID).count() == 1)
        #expect(try await Notice.query(on: app.db).count() == 2)
        return PrivacyFixture(bodil: bodil, owner: owner, bodilID: bodilID)
    }
}
