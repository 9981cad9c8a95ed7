import Fluent
import Foundation
@testable import IGroups
@testable import IGroupsCore
@testable import IGroupsPhotos
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("Photo albums: a person's data")
struct PhotoPrivacyTests {
    @Test("Erasing a person deletes their photos, comments and likes, and at once the stored bytes no one else shares; others' photos stay whole")
    func erasure() async throws {
        try await withTestApp { app in
            var (owner, member) = try await PhotosTests.group(app)
            let hers = try await PhotosTests.album(&member, "Bodils album")
            let shared = try PhotoFixtures.jpeg(width: 70, height: 50)
            try await PhotosTests.upload(&member, album: hers, [
                PhotoFixtures.upload("en.jpg", try PhotoFixtures.cameraJPEG()), PhotoFixtures.upload("to.jpg", try PhotoFixtures.jpeg(width: 60, height: 45)),
                PhotoFixtures.upload("samme.jpg", shared),
            ])
            let club = try await PhotosTests.album(&owner, "Klubben")
            try await PhotosTests.upload(&owner, album: club, [PhotoFixtures.upload("samme.jpg", shared)], fields: ["taken_by": "Bodil Testesen"])
            try await app.jobQueue.runPending(app: app)
            let bodil = try #require(try await User.query(on: app.db).filter(\.$usernameKey == "bodil").first())
            let bodilID = try bodil.requireID()
            let herPhotos = try await Photo.query(on: app.db).filter(\.$uploader.$id == bodilID).all()
            let mettes = try #require(try await Photo.query(on: app.db).filter(\.$album.$id == club).first())
            #expect(herPhotos.count == 3)
            try await owner.post("/g/koret/photos/p/\(try herPhotos[0].requireID())/comments", ["body": "Flot!"])
            try await member.post("/g/koret/photos/p/\(try mettes.requireID())/comments", ["body": "Tak for lån."])
            try await member.post("/g/koret/photos/p/\(try mettes.requireID())/like")

            // Her download holds her photos as stored, one folder per album, without their metadata.
            let archive = try await DataExportTests.archive(of: bodil, app: app)
            let entries = try ZipReader.read(archive)
            let photoFiles = entries.filter { $0.name.hasPrefix("files/photos/") }
            #expect(Set(photoFiles.map(\.name)) == ["files/photos/Bodils album/en.jpg", "files/photos/Bodils album/to.jpg", "files/photos/Bodils album/samme.jpg"])
            let first = try await PhotosTests.bytes(app, upload: herPhotos.first { $0.name == "en.jpg" }?.$upload.id)
            #expect(photoFiles.contains { $0.sha256 == ZipReader.sha256(first) })
            #expect(entries.contains { $0.name == "data/photos_uploader_id.json" } && entries.contains { $0.name == "data/photo_comments.json" }
                && entries.contains { $0.name == "data/photo_likes.json" } && entries.contains { $0.name == "data/photo_albums_creator_id.json" }
                && entries.contains { $0.name == "data/uploads.json" })

            let herUploads = try await Upload.query(on: app.db).filter(\.$user.$id == bodilID).all()
            #expect(herUploads.count == 9)
            let sharedBlob = try #require(try await Upload.find(mettes.$upload.id, on: app.db)).blob
            #expect(herUploads.contains { $0.blob == sharedBlob }, "the same picture made the same stored bytes")

            try await member.get("/me/privacy/delete")
            let response = try await member.post("/me/privacy/delete", ["password": "rolig-hest-42", "confirm": "on"])
            #expect(response.location == "/?notice=profile_deleted")

            #expect(try await Photo.query(on: app.db).count() == 1)
            #expect(try await Upload.query(on: app.db).filter(\.$user.$id == bodilID).count() == 0)
            #expect(try await PhotoComment.query(on: app.db).count() == 0, "her comment, and Mette's on her photo")
            #expect(try await PhotoLike.query(on: app.db).count() == 0)
            // Her bytes are gone from the store now, not at the next sweep; the ones Mette's photo shares stay.
            var gone = 0
            for upload in herUploads {
                let sharedWith = try await Upload.query(on: app.db).filter(\.$blob == upload.blob).count()
                if sharedWith == 0 {
                    #expect(try await app.files.size(of: upload.key) == nil, "\(upload.name) (\(upload.variant ?? "-")) is still stored")
                    gone += 1
                } else {
                    #expect(try await app.files.size(of: upload.key) != nil)
                }
            }
            #expect(gone == 6, "the two photos of her own, at three sizes each")
            #expect(try await app.files.size(of: Upload.key(ofBlob: sharedBlob)) != nil)
            let kept = try #require(try await Photo.query(on: app.db).first())
            #expect(kept.takenBy == "", "she is no longer named as who took Mette's photo")
            let thumb = try #require(try await Upload.find(kept.$thumb.id, on: app.db))
            #expect(try await owner.get("/g/koret/photos/p/\(try kept.requireID())/original").status == .ok)
            #expect(try await owner.get("/g/koret/photos/p/\(try kept.requireID())/thumb?v=\(thumb.blob)").status == .ok)
            // Her album stays with the group, without her.
            let album = try #require(try await PhotoAlbum.find(hers, on: app.db))
            #expect(album.$creator.id == nil)
            try await app.deliverMail()
            let traces = try await ErasureTests.traces(of: [bodilID.uuidString.lowercased(), "bodil testesen"], id: bodilID, in: app)
            #expect(traces.isEmpty, "still found in \(traces)")
        }
    }

    @Test("The demo album is painted by libvips and processed like any upload")
    func demo() async throws {
        try await withTestApp { app in
            var owner = Browser(app)
            try await owner.signUpVerified("mette")
            try await owner.createGroup("demo", visibility: "public", joinPolicy: "open")
            let group = try #require(try await Group.query(on: app.db).first())
            let mette = try #require(try await User.query(on: app.db).first())
            try await PhotosModule().seedDemoMedia(in: group, by: mette.id, app: app)
            let album = try #require(try await PhotoAlbum.query(on: app.db).first())
            #expect(album.title == "Sommerturen")
            let photos = try await Photo.query(on: app.db).all()
            #expect(photos.count == PhotoDemo.pictures.count)
            #expect(photos.allSatisfy { $0.status == .ready && $0.width == 1200 && $0.height == 800 })
            let page = try await owner.get("/g/demo/photos/\(try album.requireID())").body.string
            #expect(page.components(separatedBy: "class=\"photo-tile\"").count - 1 == PhotoDemo.pictures.count)
            #expect(try await owner.get("/g/demo/search?q=skovturen").body.string.contains("/g/demo/photos/p/"))
        }
    }
}
