import Fluent
import Foundation
@testable import IGroupsCore
@testable import IGroupsPhotos
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("Photo albums: pages, permissions and downloads")
struct PhotoAlbumTests {
    /// Uploads pictures of different sizes (so each has its own bytes) and runs their jobs; the photos' ids in order.
    static func readyPhotos(_ app: Application, _ browser: inout Browser, album: UUID, names: [String], group: String = "koret") async throws -> [UUID] {
        let files = try names.enumerated().map { index, name in PhotoFixtures.upload(name, try PhotoFixtures.jpeg(width: 40 + index, height: 30)) }
        try await PhotosTests.upload(&browser, album: album, files, group: group)
        try await app.jobQueue.runPending(app: app)
        let photos = try await Photo.query(on: app.db).filter(\.$album.$id == album).filter(\.$status == .ready).sort(\.$position).all()
        try #require(photos.count >= names.count, "the photos were not all uploaded and processed")
        return try photos.map { try $0.requireID() }
    }

    static func order(_ app: Application, album: UUID) async throws -> [String] {
        try await Photo.query(on: app.db).filter(\.$album.$id == album).sort(\.$position).all().map(\.name)
    }

    @Test("Who may do what: outsiders see nothing of a closed group's albums, members add and talk, only uploaders, moderators and admins change photos, only creators and admins albums")
    func permissions() async throws {
        try await withTestApp { app in
            var (owner, member) = try await PhotosTests.group(app)
            let albumID = try await PhotosTests.album(&owner, "Koncerten")
            let photos = try await Self.readyPhotos(app, &owner, album: albumID, names: ["scene.jpg"])
            let photo = "/g/koret/photos/p/\(photos[0])"
            let album = "/g/koret/photos/\(albumID)"
            var outsider = Browser(app)
            try await outsider.signUpVerified("outsider")
            for path in ["/g/koret/photos", album, photo, photo + "/original", album + "/download"] {
                #expect(try await outsider.get(path).status == .forbidden, "\(path)")
            }
            var visitor = Browser(app)
            #expect(try await visitor.get(album).status == .forbidden)

            // A member adds an album and photos, likes and comments, but changes nothing of others'.
            #expect(try await member.get("/g/koret/photos/new").status == .ok)
            #expect(try await member.get(album + "/upload").status == .ok)
            for path in [photo + "/edit", photo + "/delete", album + "/edit", album + "/delete", album + "/arrange"] {
                #expect(try await member.get(path).status == .forbidden, "\(path)")
            }
            #expect(try await member.post(photo + "/delete").status == .forbidden)
            #expect(try await member.post(photo + "/cover").status == .forbidden)
            #expect(try await member.post(photo + "/position", ["direction": "up"]).status == .forbidden)
            #expect(try await member.post(photo + "/edit", ["caption": "Mit nu"]).status == .forbidden)
            #expect(try await Photo.query(on: app.db).count() == 1)
            let mine = try await PhotosTests.album(&member, "Bodils")
            let myPhotos = try await Self.readyPhotos(app, &member, album: mine, names: ["mit.jpg"])
            #expect(try await member.get("/g/koret/photos/\(mine)/edit").status == .ok, "the creator changes her album")
            #expect(try await member.get("/g/koret/photos/p/\(myPhotos[0])/edit").status == .ok, "and her photo")
            try await member.post("/g/koret/photos/p/\(myPhotos[0])/edit", ["caption": "Udsigten", "taken_by": "Bodil", "taken_on": "", "album": mine.uuidString])
            #expect(try await Photo.find(myPhotos[0], on: app.db)?.caption == "Udsigten")
            // The group's admins change anyone's album and photo.
            #expect(try await owner.get("/g/koret/photos/\(mine)/edit").status == .ok)
            #expect(try await owner.get("/g/koret/photos/p/\(myPhotos[0])/edit").status == .ok)

            // A moderator deletes others' photos, not albums.
            var moderator = Browser(app)
            try await moderator.signUpVerified("moderator")
            let group = try #require(try await Group.query(on: app.db).first())
            let moderatorUser = try #require(try await User.query(on: app.db).filter(\.$usernameKey == "moderator").first())
            try await Membership(groupID: group.requireID(), userID: moderatorUser.requireID(), role: .moderator).create(on: app.db)
            #expect(try await moderator.get("/g/koret/photos/\(mine)/delete").status == .forbidden)
            #expect(try await moderator.get("/g/koret/photos/p/\(myPhotos[0])/delete").body.string.contains("deleted with its comments and likes"))
            #expect(try await moderator.post("/g/koret/photos/p/\(myPhotos[0])/delete").location == "/g/koret/photos/\(mine)?notice=photos_photo_deleted")
            #expect(try await Photo.find(myPhotos[0], on: app.db) == nil)

            // When the group says so, only admins make albums and upload.
            try await GroupModuleSetting(groupID: group.requireID(), moduleID: "photos", enabled: true, position: 1, membersWrite: false).create(on: app.db)
            #expect(try await member.get("/g/koret/photos/new").status == .forbidden)
            #expect(try await member.get(album + "/upload").status == .forbidden)
            let refused = try await member.postMultipart(album + "/upload", [:], files: [PhotoFixtures.upload("x.jpg", try PhotoFixtures.jpeg())])
            #expect(refused.status == .forbidden)
            #expect(try await owner.get(album + "/upload").status == .ok)

            // A public group's albums are for everyone to see; taking part needs membership.
            group.visibility = .public
            try await group.save(on: app.db)
            #expect(try await visitor.get(photo).status == .ok)
            #expect(try await visitor.get(photo + "/original").status == .ok)
            #expect(try await visitor.post(photo + "/like").location?.hasPrefix("/login") == true)
            try await outsider.get(photo)
            #expect(try await outsider.post(photo + "/like").status == .forbidden)
            #expect(try await outsider.post(photo + "/comments", ["body": "Hej"]).status == .forbidden)
            // Who uploaded is for members; others see the photo.
            #expect(!(try await visitor.get(photo).body.string).contains("Uploaded by"))
            #expect((try await member.get(photo).body.string).contains("Uploaded by"))
        }
    }

    @Test("Comments are edited by their writers and deleted by them or a moderator, after asking; likes show who liked")
    func conversation() async throws {
        try await withTestApp { app in
            var (owner, member) = try await PhotosTests.group(app)
            let albumID = try await PhotosTests.album(&owner, "Festen")
            let photos = try await Self.readyPhotos(app, &owner, album: albumID, names: ["fest.jpg"])
            let photo = "/g/koret/photos/p/\(photos[0])"
            try await member.get(photo)
            var response = try await member.post(photo + "/comments", ["body": "   "])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("Write a comment."))
            try await member.post(photo + "/comments", ["body": "Sikken **fest**!"])
            try await member.post(photo + "/comments", ["body": "Sikken **fest**!"])
            #expect(try await PhotoComment.query(on: app.db).count() == 1, "a double submit makes one comment")
            let comment = try #require(try await PhotoComment.query(on: app.db).first())
            let path = photo + "/comments/\(try comment.requireID())"
            var page = try await owner.get(photo).body.string
            #expect(page.contains("<strong>fest</strong>"))
            #expect(page.contains("Bodil Testesen"))
            // Only the writer edits.
            #expect(try await owner.get(path + "/edit").status == .forbidden)
            #expect(try await owner.post(path + "/edit", ["body": "Ændret"]).status == .forbidden)
            #expect(try await member.get(path + "/edit").body.string.contains("Sikken **fest**!"))
            response = try await member.post(path + "/edit", ["body": "Sikken fest, tak!"])
            #expect(response.location == photo + "#comment-\(try comment.requireID())")
            page = try await owner.get(photo).body.string
            #expect(page.contains("Sikken fest, tak!") && page.contains("edited"))
            // Deleting asks first; another member may not, a moderator (here the owner) may.
            var other = Browser(app)
            try await other.signUpVerified("karen")
            let group = try #require(try await Group.query(on: app.db).first())
            let karen = try #require(try await User.query(on: app.db).filter(\.$usernameKey == "karen").first())
            try await Membership(groupID: group.requireID(), userID: karen.requireID(), role: .member).create(on: app.db)
            try await other.get(photo)
            #expect(try await other.post(path + "/delete").status == .forbidden)
            #expect(try await owner.get(path + "/delete").body.string.contains("The comment will be deleted."))
            #expect(try await owner.post(path + "/delete").location == photo + "?notice=photos_comment_deleted#comments")
            #expect(try await PhotoComment.query(on: app.db).count() == 0)

            try await member.post(photo + "/like")
            try await other.post(photo + "/like")
            page = try await owner.get(photo).body.string
            #expect(page.contains("2 likes"))
            #expect(page.contains("Bodil Testesen, Karen Testesen"))
            try await member.post(photo + "/like")
            #expect(try await PhotoLike.query(on: app.db).count() == 1, "a second click takes the like back")
        }
    }

    @Test("Photos are put in order one place at a time or by number, moved to other albums, and any of them made the cover")
    func arranging() async throws {
        try await withTestApp { app in
            var (owner, member) = try await PhotosTests.group(app)
            let albumID = try await PhotosTests.album(&member, "Turen")
            let ids = try await Self.readyPhotos(app, &member, album: albumID, names: ["a.jpg", "b.jpg", "c.jpg", "d.jpg"])
            func photo(_ index: Int) -> String { "/g/koret/photos/p/\(ids[index])" }
            #expect(try await member.post(photo(3) + "/position", ["direction": "up"]).location == photo(3) + "?notice=photos_moved")
            #expect(try await Self.order(app, album: albumID) == ["a.jpg", "b.jpg", "d.jpg", "c.jpg"])
            try await member.post(photo(3) + "/position", ["position": "1"])
            #expect(try await Self.order(app, album: albumID) == ["d.jpg", "a.jpg", "b.jpg", "c.jpg"])
            try await member.post(photo(3) + "/position", ["position": "99"])
            #expect(try await Self.order(app, album: albumID) == ["a.jpg", "b.jpg", "c.jpg", "d.jpg"])
            try await member.post(photo(0) + "/position", ["direction": "down", "back": "arrange"])
            #expect(try await Self.order(app, album: albumID) == ["b.jpg", "a.jpg", "c.jpg", "d.jpg"])
            #expect(try await member.post(photo(0) + "/position", ["position": "første"]).status == .unprocessableEntity)
            // The photo's page says where it is and links the ones beside it.
            let page = try await owner.get(photo(0)).body.string
            #expect(page.contains("2 of 4"))
            #expect(page.contains("href=\"\(photo(1))\" rel=\"prev\""))
            #expect(page.contains("href=\"\(photo(2))\" rel=\"next\""))

            // The arranging page, and two photos ticked to go to another album, in their order.
            let other = try await PhotosTests.album(&member, "Andet album")
            let otherIDs = try await Self.readyPhotos(app, &member, album: other, names: ["x.jpg"])
            let arrange = try await member.get("/g/koret/photos/\(albumID)/arrange").body.string
            #expect(arrange.contains("form=\"place-\(ids[0])\""))
            #expect(arrange.contains("<option value=\"\(other)\">Andet album</option>"))
            let response = try await member.postPairs("/g/koret/photos/\(albumID)/arrange", [
                ("selected", ids[3].uuidString), ("selected", ids[2].uuidString), ("target", other.uuidString),
            ])
            #expect(response.location == "/g/koret/photos/\(albumID)/arrange?notice=photos_moved")
            #expect(try await Self.order(app, album: albumID) == ["b.jpg", "a.jpg"])
            #expect(try await Self.order(app, album: other) == ["x.jpg", "c.jpg", "d.jpg"])
            // One photo moves by its own form.
            try await member.post(photo(0) + "/edit", ["caption": "", "taken_by": "", "taken_on": "", "album": other.uuidString])
            #expect(try await Self.order(app, album: other) == ["x.jpg", "c.jpg", "d.jpg", "a.jpg"])

            // The cover: the first photo until one is chosen; a cover moved away gives way to the first again.
            func coverOf(_ album: UUID) async throws -> String {
                let list = try await owner.get("/g/koret/photos").body.string
                let card = try #require(list.components(separatedBy: "href=\"/g/koret/photos/\(album)\"").dropFirst().first)
                return String(card.prefix(200))
            }
            #expect(try await coverOf(other).contains("/p/\(otherIDs[0])/thumb"))
            #expect(try await owner.post(photo(3) + "/cover").location == photo(3) + "?notice=photos_cover_set")
            #expect(try await coverOf(other).contains("/p/\(ids[3])/thumb"))
            try await member.post(photo(3) + "/edit", ["caption": "", "taken_by": "", "taken_on": "", "album": albumID.uuidString])
            #expect(try await coverOf(other).contains("/p/\(otherIDs[0])/thumb"))
            let list = try await owner.get("/g/koret/photos").body.string
            #expect(list.contains("3 photos") && list.contains("2 photos"))
        }
    }

    @Test("A whole album downloads as one ZIP that Python reads, with unique names and the stored bytes; an original downloads in ranges")
    func downloads() async throws {
        try await withTestApp { app in
            var (owner, member) = try await PhotosTests.group(app)
            let albumID = try await PhotosTests.album(&member, "Sommer/vinter")
            var ids = try await Self.readyPhotos(app, &member, album: albumID, names: ["IMG.jpg", "img.JPG", "../../etc/passwd"])
            // An iPhone's HEIC is stored, shown and downloaded as JPEG.
            try await PhotosTests.upload(&member, album: albumID, [PhotoFixtures.upload("iphone.heic", try PhotoFixtures.heic(), type: "image/heic")])
            try await app.jobQueue.runPending(app: app)
            ids = try await Photo.query(on: app.db).filter(\.$album.$id == albumID).sort(\.$position).all().map { try $0.requireID() }
            let iphone = try #require(try await Photo.find(ids[3], on: app.db))
            #expect(iphone.status == .ready && iphone.width == 36 && iphone.height == 24)
            #expect(try await Upload.find(iphone.$upload.id, on: app.db)?.mediaType == "image/jpeg")
            let response = try await owner.get("/g/koret/photos/\(albumID)/download")
            #expect(response.status == .ok)
            #expect(response.headers.contentType?.description == "application/zip")
            #expect(response.headers.first(name: .contentDisposition)?.hasPrefix("attachment; filename=\"Sommer_vinter.zip\"") == true)
            #expect(response.headers.first(name: .contentLength) == String(response.body.readableBytes))
            let entries = try ZipReader.read(response.body)
            #expect(entries.map(\.name) == ["IMG.jpg", "img (2).jpg", "passwd.jpg", "iphone.jpg"])
            for (entry, id) in zip(entries, ids) {
                let photo = try #require(try await Photo.find(id, on: app.db))
                let stored = try await PhotosTests.bytes(app, upload: photo.$upload.id)
                #expect(entry.size == stored.count && entry.sha256 == ZipReader.sha256(stored), "\(entry.name)")
            }

            // The original: a file to save, its bytes in ranges, unchanged as long as its tag matches.
            let original = "/g/koret/photos/p/\(ids[0])/original"
            let whole = try await owner.get(original)
            #expect(whole.headers.first(name: .contentDisposition)?.hasPrefix("attachment; filename=\"IMG.jpg\"") == true)
            #expect(whole.headers.first(name: .acceptRanges) == "bytes")
            let etag = try #require(whole.headers.first(name: .eTag))
            let part = try await owner.request(.GET, original, headers: ["Range": "bytes=0-99"])
            #expect(part.status == .partialContent)
            #expect(part.headers.first(name: .contentRange) == "bytes 0-99/\(whole.body.readableBytes)")
            #expect(Array(part.body.readableBytesView) == Array(whole.body.readableBytesView.prefix(100)))
            let tail = try await owner.request(.GET, original, headers: ["Range": "bytes=-10"])
            #expect(Array(tail.body.readableBytesView) == Array(whole.body.readableBytesView.suffix(10)))
            #expect(try await owner.request(.GET, original, headers: ["If-None-Match": etag]).status == .notModified)
            #expect(try await owner.request(.GET, original, headers: ["Range": "bytes=999999-"]).status == .rangeNotSatisfiable)
        }
    }

    @Test("An album's grid makes as many queries with 150 photos as with 3, and shows 60 a page")
    func boundedQueries() async throws {
        try await withTestApp { app in
            var (owner, member) = try await PhotosTests.group(app)
            let albumID = try await PhotosTests.album(&member, "Mange")
            _ = try await Self.readyPhotos(app, &member, album: albumID, names: ["a.jpg", "b.jpg", "c.jpg"])
            func count(_ path: String) async throws -> Int {
                let response = try await owner.get(path)
                #expect(response.status == .ok)
                return try #require(response.headers.first(name: QueryCountingMiddleware.header).flatMap(Int.init))
            }
            let album = "/g/koret/photos/\(albumID)"
            // The group's row is read on its first page here and kept: counted from the second on.
            try await owner.get("/g/koret")
            let small = (try await count(album), try await count("/g/koret/photos"), try await count(album + "/arrange"))
            // 147 more photos, as rows: the grid reads rows, not files.
            let group = try #require(try await Group.query(on: app.db).first())
            let bodil = try #require(try await User.query(on: app.db).filter(\.$usernameKey == "bodil").first())
            for n in 0..<147 {
                let original = Upload()
                original.$group.id = try group.requireID()
                original.$user.id = bodil.id
                original.variant = "original"
                original.blob = String(repeating: "a", count: 63) + String(n % 10)
                original.size = 100
                original.mediaType = "image/jpeg"
                original.name = "r\(n).jpg"
                try await original.create(on: app.db)
                let thumb = Upload()
                thumb.$group.id = try group.requireID()
                thumb.$user.id = bodil.id
                thumb.$parent.id = original.id
                thumb.variant = "thumb"
                thumb.blob = String(repeating: "b", count: 63) + String(n % 10)
                thumb.size = 10
                thumb.mediaType = "image/jpeg"
                thumb.name = "r\(n).jpg"
                thumb.width = 40
                thumb.height = 30
                try await thumb.create(on: app.db)
                let photo = Photo()
                photo.$group.id = try group.requireID()
                photo.$album.id = albumID
                photo.$uploader.id = bodil.id
                photo.$upload.id = try original.requireID()
                photo.$thumb.id = thumb.id
                photo.$display.id = thumb.id
                photo.status = .ready
                photo.name = "r\(n).jpg"
                photo.caption = ""
                photo.takenBy = ""
                photo.position = 10 + 2 * n
                try await photo.create(on: app.db)
            }
            // One of bodil's photos still being processed, between r30 and r31: hers to see, no one else's.
            let pending = Photo()
            pending.$group.id = try group.requireID()
            pending.$album.id = albumID
            pending.$uploader.id = bodil.id
            pending.$upload.id = try #require(try await Upload.query(on: app.db).filter(\.$name == "r0.jpg").first()).requireID()
            pending.status = .processing
            pending.name = "venter.jpg"
            pending.caption = ""
            pending.takenBy = ""
            pending.position = 71
            try await pending.create(on: app.db)
            let large = (try await count(album), try await count("/g/koret/photos"), try await count(album + "/arrange"))
            #expect(large == small, "queries grew with the photos: \(small) → \(large)")
            #expect(large.0 <= 8, "the grid makes \(large.0) queries")
            let page = try await owner.get(album).body.string
            #expect(page.components(separatedBy: "class=\"photo-tile\"").count - 1 == 60)
            #expect(try await count(album + "?page=3") == large.0)
            let last = try await owner.get(album + "?page=3").body.string
            #expect(last.components(separatedBy: "class=\"photo-tile\"").count - 1 == 30)
            #expect(last.contains("Page 3 of 3"))
            // Pages follow the album's order across their edges; a photo being processed takes a place
            // only on its uploader's pages.
            func names(_ html: String) -> [String] {
                html.components(separatedBy: "class=\"photo-tile").dropFirst().compactMap { tile in
                    tile.range(of: #"(r\d+|venter)\.jpg"#, options: .regularExpression).map { String(tile[$0]) }
                }
            }
            let second = names(try await owner.get(album + "?page=2").body.string)
            #expect(second.first == "r57.jpg" && second.last == "r116.jpg" && second.count == 60)
            #expect(!names(page).contains("venter.jpg"))
            let hers = names(try await member.get(album).body.string)
            // (a, b and c, the three photos before r0, are not among the names.)
            #expect(hers.count == 57 && hers[31] == "venter.jpg" && hers[30] == "r30.jpg" && hers[32] == "r31.jpg")
            #expect(names(try await member.get(album + "?page=2").body.string).first == "r56.jpg")
        }
    }

    @Test("Deleting an album asks first, then deletes its photos, their comments and their stored files")
    func deleteAlbum() async throws {
        try await withTestApp { app in
            var (owner, member) = try await PhotosTests.group(app)
            let albumID = try await PhotosTests.album(&member, "Væk")
            let ids = try await Self.readyPhotos(app, &member, album: albumID, names: ["a.jpg", "b.jpg"])
            try await owner.get("/g/koret/photos/p/\(ids[0])")
            try await owner.post("/g/koret/photos/p/\(ids[0])/comments", ["body": "Flot"])
            let keys = try await Upload.query(on: app.db).all().map(\.key)
            #expect(keys.count == 6)
            let page = try await member.get("/g/koret/photos/\(albumID)/delete").body.string
            #expect(page.contains("The album and its 2 photos will be deleted with comments and likes. This cannot be undone."))
            #expect(try await member.post("/g/koret/photos/\(albumID)/delete").location == "/g/koret/photos?notice=photos_album_deleted")
            #expect(try await PhotoAlbum.query(on: app.db).count() == 0)
            #expect(try await Photo.query(on: app.db).count() == 0)
            #expect(try await PhotoComment.query(on: app.db).count() == 0)
            #expect(try await Upload.query(on: app.db).count() == 0)
            // Bytes stored this last hour wait for the sweep, in case an upload of the same bytes is under way.
            try await Uploads.sweep(on: app, now: Date().addingTimeInterval(2 * 3600))
            for key in keys { #expect(try await app.files.size(of: key) == nil) }
        }
    }

    @Test("The group's search finds albums by title and photos by caption or who took them")
    func search() async throws {
        try await withTestApp { app in
            var (owner, member) = try await PhotosTests.group(app)
            let albumID = try await PhotosTests.album(&member, "Generalprøven")
            let ids = try await Self.readyPhotos(app, &member, album: albumID, names: ["a.jpg"])
            try await member.post("/g/koret/photos/p/\(ids[0])/edit", ["caption": "Solnedgang ved Skagen", "taken_by": "Jens Fotograf", "taken_on": "", "album": albumID.uuidString])
            var results = try await owner.get("/g/koret/search?q=skagen").body.string
            #expect(results.contains("/g/koret/photos/p/\(ids[0])"))
            #expect(results.contains("Generalprøven"))
            results = try await owner.get("/g/koret/search?q=generalprøven").body.string
            #expect(results.contains("/g/koret/photos/\(albumID)\""))
            results = try await owner.get("/g/koret/search?q=fotograf").body.string
            #expect(results.contains("/g/koret/photos/p/\(ids[0])"))
            // A rebuilt index holds the same.
            try await SearchIndex.rebuild(modules: app.groupModules, on: app.db)
            #expect(try await owner.get("/g/koret/search?q=skagen").body.string.contains("/g/koret/photos/p/\(ids[0])"))
            // Deleting the album takes it and its photos out.
            try await member.post("/g/koret/photos/\(albumID)/delete")
            #expect(!(try await owner.get("/g/koret/search?q=skagen").body.string).contains("/photos/"))
        }
    }
}
