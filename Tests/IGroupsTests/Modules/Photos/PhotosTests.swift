import Fluent
import Foundation
@testable import IGroupsCore
@testable import IGroupsPhotos
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("Photo albums: uploading and processing")
struct PhotosTests {
    /// A closed group, koret, of mette's with bodil as member.
    static func group(_ app: Application, visibility: String = "closed") async throws -> (owner: Browser, member: Browser) {
        var owner = Browser(app)
        try await owner.signUpVerified("mette")
        try await owner.createGroup("koret", visibility: visibility, joinPolicy: visibility == "public" ? "open" : "request")
        var member = Browser(app)
        try await member.signUpVerified("bodil")
        let group = try #require(try await Group.query(on: app.db).filter(\.$slug == "koret").first())
        let bodil = try #require(try await User.query(on: app.db).filter(\.$usernameKey == "bodil").first())
        try await Membership(groupID: group.requireID(), userID: bodil.requireID(), role: .member).create(on: app.db)
        return (owner, member)
    }

    /// Makes an album through the form and returns its id.
    static func album(_ browser: inout Browser, _ title: String, group: String = "koret") async throws -> UUID {
        try await browser.get("/g/\(group)/photos/new")
        let response = try await browser.post("/g/\(group)/photos/new", ["title": title, "description": "Fra turen."])
        let location = try #require(response.location)
        #expect(location.hasSuffix("/upload?notice=photos_album_created"))
        return try #require(UUID(uuidString: String(location.dropFirst("/g/\(group)/photos/".count).prefix(36))))
    }

    /// Uploads files to an album through its form.
    @discardableResult
    static func upload(_ browser: inout Browser, album: UUID, _ files: [Browser.Upload], fields: [String: String] = [:], group: String = "koret") async throws -> TestingHTTPResponse {
        try await browser.get("/g/\(group)/photos/\(album)/upload")
        return try await browser.postMultipart("/g/\(group)/photos/\(album)/upload", fields, files: files)
    }

    /// What libvips reads in a picture's header, metadata included.
    static func header(of bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("header-\(UUID().uuidString).jpg").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return try ChildProcess.run(["vipsheader", "-a", path], timeLimit: 20).output
    }

    static func bytes(_ app: Application, upload id: UUID?) async throws -> [UInt8] {
        let upload = try #require(try await Upload.find(id, on: app.db))
        return Array(try #require(try await app.files.read(upload.key)).readableBytesView)
    }

    /// Received files not yet stored or thrown away.
    static func waitingFiles(_ app: Application) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: app.settings.dataDirectory + "/uploads")) ?? []
    }

    @Test("An upright camera JPEG keeps its picture bit for bit: only its metadata and what follows its end are removed")
    func uprightJPEGNotEncodedAgain() async throws {
        try await withTestApp { app in
            var (_, member) = try await Self.group(app)
            let albumID = try await Self.album(&member, "Skagen")
            let base = try PhotoFixtures.noise(width: 120, height: 80)
            let camera = try PhotoFixtures.cameraJPEG(orientation: 1, base: base, trailer: Array("MotionPhoto_Data ftypmp42 GPS 57.72N".utf8))
            #expect(try Self.header(of: camera).contains("GPSLatitude"))
            try await Self.upload(&member, album: albumID, [PhotoFixtures.upload("skagen.jpg", camera)])
            try await app.jobQueue.runPending(app: app)
            let photo = try #require(try await Photo.query(on: app.db).first())
            #expect(photo.status == .ready && photo.width == 120 && photo.height == 80)
            let original = try await Self.bytes(app, upload: photo.$upload.id)
            // The picture data, from the first scan to the end, is the camera's own.
            func scans(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
                let start = (2..<bytes.count - 1).first { bytes[$0] == 0xFF && bytes[$0 + 1] == 0xDA } ?? 0
                return bytes[start...]
            }
            #expect(scans(original) == scans(base))
            let text = String(decoding: original, as: UTF8.self)
            for secret in ["Exif", "Testcam", "Skagen", "xmpmeta", "GPS", "MotionPhoto"] {
                #expect(!text.contains(secret), "the stored original still holds \(secret)")
            }
            let header = try Self.header(of: original)
            #expect(!header.contains("exif") && !header.contains("GPS") && !header.contains("xmp"), "\(header)")
            #expect(header.contains("120x80"))
            // The copies are made from it as before.
            #expect(try Self.header(of: try await Self.bytes(app, upload: photo.$thumb.id)).contains("120x80"))
        }
    }

    @Test("Several photos in one upload; the job makes an upright original without any metadata, a display size and a thumbnail; the picture as received is gone")
    func uploadAndProcess() async throws {
        try await withTestApp { app in
            var (owner, member) = try await Self.group(app)
            let albumID = try await Self.album(&member, "Sommerturen")
            let camera = try PhotoFixtures.cameraJPEG()
            // The fixture is what a camera writes: libvips reads the turn, the camera and the place in it.
            let header = try Self.header(of: camera)
            #expect(header.contains("orientation: 6"), "\(header)")
            #expect(header.contains("GPSLatitude") && header.contains("Testcam"), "\(header)")
            #expect(header.contains("64x32"))

            let files = [
                PhotoFixtures.upload("kamera.jpg", camera), PhotoFixtures.upload("skærm.png", try PhotoFixtures.png(), type: "image/png"),
                PhotoFixtures.upload("web.webp", try PhotoFixtures.webp(), type: "image/webp"),
            ]
            let response = try await Self.upload(&member, album: albumID, files, fields: ["taken_by": "Bodil Testesen", "taken_on": "2024-06-21"])
            #expect(response.location == "/g/koret/photos/\(albumID)?notice=photos_uploaded")
            var photos = try await Photo.query(on: app.db).sort(\.$position).all()
            #expect(photos.map(\.name) == ["kamera.jpg", "skærm.png", "web.webp"])
            #expect(photos.map(\.position) == [0, 1, 2])
            #expect(photos.allSatisfy { $0.status == .processing && $0.takenBy == "Bodil Testesen" && $0.takenOn == "2024-06-21" })
            #expect(Self.waitingFiles(app).isEmpty, "received files went to the store")
            let ids = try photos.map { try $0.requireID() }

            // Until they are processed, only the uploader sees them, as being processed.
            var page = try await member.get("/g/koret/photos/\(albumID)").body.string
            #expect(page.contains("data-processing=\"\(ids[0].uuidString)\""))
            #expect(page.contains("3 of your photos are being processed"))
            let others = try await owner.get("/g/koret/photos/\(albumID)").body.string
            #expect(!others.contains("data-processing"))
            #expect(others.contains("The album is empty"))
            #expect(try await owner.get("/g/koret/photos/p/\(ids[0])").status == .notFound)
            // The picture as received is never given out, not even to its uploader.
            #expect(try await member.get("/g/koret/photos/p/\(ids[0])/original").status == .notFound)
            let statusURL = "/g/koret/photos/\(albumID)/status?ids=" + ids.map(\.uuidString).joined(separator: ",")
            var status = try await member.get(statusURL)
            #expect(status.headers.contentType == .json)
            #expect(status.body.string.components(separatedBy: "\"processing\"").count == 4)
            #expect(try await owner.get(statusURL).body.string.components(separatedBy: "\"gone\"").count == 4)
            let received = try await Upload.query(on: app.db).all()
            #expect(received.count == 3)

            try await app.jobQueue.runPending(app: app)

            photos = try await Photo.query(on: app.db).sort(\.$position).all()
            #expect(photos.allSatisfy { $0.status == .ready && $0.$display.id != nil && $0.$thumb.id != nil })
            status = try await member.get(statusURL)
            #expect(status.body.string.components(separatedBy: "\"ready\"").count == 4)
            // The pictures as received are gone, rows and bytes; each photo has its original with two copies.
            for upload in received {
                #expect(try await Upload.find(upload.id, on: app.db) == nil)
                // Its bytes stay only where the stripped copy came out the same, byte for byte (a PNG without metadata).
                let sharers = try await Upload.query(on: app.db).filter(\.$blob == upload.blob).all()
                #expect(try await app.files.size(of: upload.key) == nil || sharers.contains { $0.variant == "original" }, "\(upload.name) as received is still stored")
            }
            let asReceived = try #require(received.first { $0.name == "kamera.jpg" })
            #expect(try await app.files.size(of: asReceived.key) == nil, "the camera's picture as received is gone")
            #expect(try await Upload.query(on: app.db).filter(\.$parent.$id == nil).count() == 3)
            #expect(try await Upload.query(on: app.db).filter(\.$parent.$id != nil).count() == 6)
            #expect(try await Upload.query(on: app.db).filter(\.$parent.$id == nil).filter(\.$variant == "original").count() == 3)

            // The camera's photo: upright, and nothing of the camera, the place or the comment, at every size.
            let photo = photos[0]
            #expect(photo.width == 32 && photo.height == 64)
            for (uploadID, size) in [(photo.$upload.id, (32, 64)), (photo.$display.id, (32, 64)), (photo.$thumb.id, (32, 64))] as [(UUID?, (Int, Int))] {
                let bytes = try await Self.bytes(app, upload: uploadID)
                let jpeg = PhotoFixtures.jpegSegments(bytes)
                #expect(jpeg.width == size.0 && jpeg.height == size.1, "turned upright: \(jpeg.width)×\(jpeg.height)")
                #expect(!jpeg.markers.contains { (0xE1...0xEF).contains($0) }, "an APP segment is left: \(jpeg.markers)")
                #expect(!jpeg.markers.contains(0xFE), "the comment is left")
                let text = String(decoding: bytes, as: UTF8.self)
                for trace in ["Exif", "GPS", "Testcam", "ns.adobe.com", "xpacket", "Skagen", "57,43"] {
                    #expect(!text.contains(trace), "\(trace) is left in the stored photo")
                }
                #expect(!(try Self.header(of: bytes)).contains("exif-"), "libvips finds Exif in the stored photo")
            }
            // Formats stay as uploaded.
            #expect(try await Upload.find(photos[1].$upload.id, on: app.db)?.mediaType == "image/png")
            #expect(try await Upload.find(photos[2].$upload.id, on: app.db)?.mediaType == "image/webp")

            // The grid: each thumbnail sized, loaded lazily and addressed by its bytes.
            page = try await owner.get("/g/koret/photos/\(albumID)").body.string
            var thumbURL = ""
            for photo in photos {
                let thumb = try #require(try await Upload.find(photo.$thumb.id, on: app.db))
                let url = "/g/koret/photos/p/\(try photo.requireID())/thumb?v=\(thumb.blob)"
                #expect(page.contains("src=\"\(url)\""))
                #expect(page.contains("width=\"\(thumb.width ?? 0)\" height=\"\(thumb.height ?? 0)\""))
                if thumbURL.isEmpty { thumbURL = url }
            }
            #expect(page.components(separatedBy: "loading=\"lazy\"").count == 4)
            #expect(page.contains("src=\"/js/photos.js\""))
            let thumb = try await owner.get(thumbURL)
            #expect(thumb.status == .ok)
            #expect(thumb.headers.contentType == .jpeg)
            #expect(thumb.headers.first(name: .cacheControl)?.contains("immutable") == true)
            let stale = try await owner.get("/g/koret/photos/p/\(ids[0])/thumb?v=old")
            #expect(stale.headers.first(name: .cacheControl) == "private, no-cache")
            var outsider = Browser(app)
            try await outsider.signUpVerified("outsider")
            #expect(try await outsider.get(thumbURL).status == .forbidden)
            #expect(try await outsider.get("/g/koret/photos/p/\(ids[0])/display").status == .forbidden)
            let shown = try await owner.get("/g/koret/photos/p/\(ids[0])").body.string
            #expect(shown.contains("Bodil Testesen") && shown.contains("21 June 2024"))
            #expect(shown.contains("32 × 64 pixels"))
        }
    }

    @Test("Files that are not pictures are refused by name while the others are taken; an empty file, no file or no room refuses all and keeps nothing")
    func refusals() async throws {
        try await withTestApp { app in
            var (owner, member) = try await Self.group(app)
            let albumID = try await Self.album(&member, "Blandet")
            let pdf = Array("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n".utf8)
            let text = Array("Not a picture at all, just words.\n".utf8)
            var response = try await Self.upload(&member, album: albumID, [
                PhotoFixtures.upload("ferie.jpg", try PhotoFixtures.jpeg()), PhotoFixtures.upload("faktura.jpg", pdf),
                PhotoFixtures.upload("noter.jpg", text), PhotoFixtures.upload("gammel.gif", Array("GIF89a".utf8) + [UInt8](repeating: 0, count: 20), type: "image/gif"),
            ])
            #expect(response.status == .ok)
            var page = response.body.string
            #expect(page.contains("These files were not taken"))
            for name in ["faktura.jpg", "noter.jpg", "gammel.gif"] {
                #expect(page.contains("\(name) is not a picture we can read. Choose a JPEG, PNG, WebP or HEIC file."))
            }
            #expect(page.contains("The other photo was uploaded."))
            #expect(page.contains("data-upload") && page.contains("data-max-file=\""), "the form that comes back sends with its progress bar too")
            #expect(try await Photo.query(on: app.db).count() == 1)
            #expect(try await Upload.query(on: app.db).count() == 1)
            #expect(Self.waitingFiles(app).isEmpty, "refused files are thrown away")

            // All taken: on to the album, whatever the browser accepts.
            try await member.get("/g/koret/photos/\(albumID)/upload")
            let boundary = "----browser-\(UUID().uuidString)"
            var form = ByteBuffer()
            form.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"photos\"; filename=\"tre.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
            form.writeBytes(try PhotoFixtures.jpeg(width: 20, height: 20))
            form.writeString("\r\n--\(boundary)--\r\n")
            response = try await member.request(.POST, "/g/koret/photos/\(albumID)/upload?_csrf=\(member.csrf ?? "")", headers: [
                "Content-Type": "multipart/form-data; boundary=\(boundary)",
                "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
            ], body: form)
            #expect(response.location == "/g/koret/photos/\(albumID)?notice=photos_uploaded")

            // In Danish for a Danish speaker.
            member.acceptLanguage = "da"
            response = try await Self.upload(&member, album: albumID, [PhotoFixtures.upload("faktura.jpg", pdf)])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("faktura.jpg er ikke et billede, vi kan læse."))
            #expect(response.body.string.contains("Intet er gemt."))
            member.acceptLanguage = "en"

            // An empty file refuses the whole upload.
            let before = try await Upload.query(on: app.db).count()
            #expect(before == 2)
            response = try await Self.upload(&member, album: albumID, [PhotoFixtures.upload("god.jpg", try PhotoFixtures.jpeg()), PhotoFixtures.upload("tom.jpg", [])])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("tom.jpg is empty (0 bytes)."))
            // No file at all.
            // No file chosen: the browser sends the field without a name or a byte.
            response = try await Self.upload(&member, album: albumID, [PhotoFixtures.upload("", [], type: "application/octet-stream")], fields: ["taken_by": "Bodil"])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("Choose at least one file."))
            // A date that is not one.
            response = try await Self.upload(&member, album: albumID, [PhotoFixtures.upload("god.jpg", try PhotoFixtures.jpeg())], fields: ["taken_on": "2024-02-30"])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("Write the date as year-month-day"))

            // Over the group's storage: a clear message, and nothing kept.
            let group = try #require(try await Group.query(on: app.db).first())
            let used = try await Uploads.usedBytes(of: group.requireID(), on: app.db)
            app.settings.groupStorageBytes = used + 2_000
            let big = try PhotoFixtures.noise(width: 200, height: 200)
            #expect(big.count > 2_000)
            response = try await Self.upload(&member, album: albumID, [PhotoFixtures.upload("stor.jpg", big)])
            #expect(response.status == .payloadTooLarge)
            page = response.body.string
            #expect(page.contains("There is not enough room: the group has 2 KB left and the files take more. Nothing was saved."))
            #expect(try await Upload.query(on: app.db).count() == before)
            #expect(Self.waitingFiles(app).isEmpty)
            app.settings.groupStorageBytes = 5 << 30

            // Without libvips on the server, uploads wait for it with a clear message.
            app.mediaAvailability.images = false
            response = try await Self.upload(&member, album: albumID, [PhotoFixtures.upload("god.jpg", try PhotoFixtures.jpeg())])
            #expect(response.status == .serviceUnavailable)
            #expect(response.body.string.contains("Pictures and videos cannot be processed on this server right now."))
            #expect(try await Upload.query(on: app.db).count() == before)
            app.mediaAvailability.images = true
            _ = owner
        }
    }

    @Test("A damaged, cut-short or pixel-bomb picture leaves no photo and no bytes, and its uploader is told why, once on the album")
    func unreadable() async throws {
        try await withTestApp { app in
            var (owner, member) = try await Self.group(app)
            let albumID = try await Self.album(&member, "Ødelagte")
            let noise = try PhotoFixtures.noise()
            let cut = Array(noise.prefix(noise.count * 2 / 3))
            let garbage: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + (0..<2_000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }
            let response = try await Self.upload(&member, album: albumID, [
                PhotoFixtures.upload("afkortet.jpg", cut), PhotoFixtures.upload("bombe.png", PhotoFixtures.pixelBomb(), type: "image/png"),
                PhotoFixtures.upload("rod.jpg", garbage), PhotoFixtures.upload("god.jpg", try PhotoFixtures.jpeg()),
            ])
            #expect(response.status == .seeOther, "the bytes look like pictures: they are taken, and the job finds out")
            let blobs = try await Upload.query(on: app.db).all().map(\.blob)
            try await app.jobQueue.runPending(app: app)

            let left = try await Photo.query(on: app.db).all()
            #expect(left.map(\.name) == ["god.jpg"])
            #expect(left.first?.status == .ready)
            #expect(try await Upload.query(on: app.db).filter(\.$parent.$id == nil).count() == 1)
            // Every picture as received is gone from the store: the refused ones, and the one kept as its stripped copy.
            for blob in blobs {
                #expect(try await app.files.size(of: Upload.key(ofBlob: blob)) == nil, "a picture as received is still stored")
            }
            let bodil = try #require(try await User.query(on: app.db).filter(\.$usernameKey == "bodil").first())
            let notices = try await Notice.query(on: app.db).filter(\.$user.$id == bodil.requireID()).all()
            #expect(Set(notices.map(\.kind)) == ["photos_unreadable", "photos_too_many_pixels"])
            #expect(notices.count == 3)
            #expect(try await User.find(bodil.id, on: app.db)?.unreadNotices == 3)

            var page = try await member.get("/g/koret/photos/\(albumID)").body.string
            #expect(page.contains("Some of your photos could not be processed and were not saved"))
            #expect(page.contains("“afkortet.jpg” could not be read as a picture"))
            #expect(page.contains("“rod.jpg” could not be read as a picture"))
            #expect(page.contains("“bombe.png” has too many pixels (at most 100 million)"))
            #expect(try await User.find(bodil.id, on: app.db)?.unreadNotices == 0)
            // Shown once: they are read now.
            page = try await member.get("/g/koret/photos/\(albumID)").body.string
            #expect(!page.contains("could not be processed"))
            #expect(!(try await owner.get("/g/koret/photos/\(albumID)").body.string).contains("could not be processed"))

            // A job that fails on every try (its file is gone from the store) gives up after its last, and says so.
            try await Self.upload(&member, album: albumID, [PhotoFixtures.upload("venter.jpg", try PhotoFixtures.jpeg())])
            let waiting = try #require(try await Photo.query(on: app.db).filter(\.$name == "venter.jpg").with(\.$upload).first())
            try await app.files.delete(waiting.upload.key)
            for attempt in 1...4 {
                try await app.jobQueue.runPending(app: app, now: Date().addingTimeInterval(Double(attempt) * 7 * 3600))
                #expect(try await Photo.find(waiting.id, on: app.db)?.status == .processing, "given up after \(attempt) of 5 tries")
            }
            try await app.jobQueue.runPending(app: app, now: Date().addingTimeInterval(5 * 7 * 3600))
            #expect(try await Photo.query(on: app.db).filter(\.$name == "venter.jpg").count() == 0)
            #expect(try await Notice.query(on: app.db).filter(\.$kind == "photos_given_up").count() == 1)
        }
    }
}
