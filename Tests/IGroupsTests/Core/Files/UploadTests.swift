import Fluent
import Foundation
@testable import IGroupsCore
import NIOCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("Uploads, the file store and downloads")
struct UploadTests {
    static let fixtures = GroupLogoTests.fixtures

    /// A 60×40 JPEG whose metadata puts it in Denmark (EXIF GPS, XMP), names a camera and says
    /// "turn me a quarter to the right" (orientation 6).
    static func photo(field: String = "file", filename: String = "IMG_0001.jpg") throws -> Browser.Upload {
        let data = try Data(contentsOf: fixtures.appendingPathComponent("gps-rotated-60x40.jpg"))
        return Browser.Upload(field: field, filename: filename, contentType: "image/jpeg", data: Array(data))
    }

    /// The segments of a JPEG up to its picture data: marker → contents.
    static func jpegSegments(_ bytes: [UInt8]) -> [(marker: UInt8, data: [UInt8])] {
        var segments: [(UInt8, [UInt8])] = []
        var index = 2
        while index + 4 <= bytes.count, bytes[index] == 0xFF {
            let marker = bytes[index + 1]
            let length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            segments.append((marker, Array(bytes[(index + 4)..<min(bytes.count, index + 2 + length)])))
            if marker == 0xDA { break }
            index += 2 + length
        }
        return segments
    }

    /// A JPEG's width and height from its frame header.
    static func jpegSize(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
        guard let frame = jpegSegments(bytes).first(where: { [0xC0, 0xC1, 0xC2].contains($0.marker) })?.data, frame.count >= 5 else { return nil }
        return (Int(frame[3]) << 8 | Int(frame[4]), Int(frame[1]) << 8 | Int(frame[2]))
    }

    static func storedFiles(_ app: Application) async throws -> [String] {
        try await app.files.list(under: "blobs/")
    }

    /// Files received and not yet stored or thrown away.
    static func waiting(_ app: Application) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: app.settings.dataDirectory + "/uploads")) ?? []
    }

    @Test("A picture loses its location, camera and XMP and is turned upright; who sees it follows the owner's choice")
    func avatar() async throws {
        try await withTestApp { app in
            let original = try Self.photo()
            #expect(Self.jpegSegments(original.data).contains { $0.marker == 0xE1 }, "the fixture carries EXIF and XMP")
            var bodil = Browser(app)
            try await bodil.signUpVerified("bodil")
            let form = try await bodil.get("/me/avatar")
            #expect(form.body.string.contains("enctype=\"multipart/form-data\""))
            let saved = try await bodil.postMultipart("/me/avatar", ["avatar_visibility": "members"], files: [try Self.photo(field: "avatar")])
            #expect(saved.location == "/me/avatar?notice=avatar_saved")
            let user = try #require(try await User.query(on: app.db).filter(\.$usernameKey == "bodil").first())
            let upload = try #require(try await Upload.find(try #require(user.avatarID), on: app.db))
            let stored = try #require(try await app.files.read(upload.key))
            let bytes = Array(stored.readableBytesView)
            // No APP1 (EXIF, XMP) or any other application segment but JFIF's; the picture stands upright.
            #expect(!Self.jpegSegments(bytes).contains { (0xE1...0xEF).contains($0.marker) })
            #expect(!String(decoding: bytes, as: UTF8.self).contains("Exif"))
            #expect(!String(decoding: bytes, as: UTF8.self).contains("ns.adobe.com"))
            #expect(Self.jpegSize(bytes)?.width == 40 && Self.jpegSize(bytes)?.height == 60)
            #expect(upload.width == 40 && upload.height == 60 && upload.mediaType == "image/jpeg")
            // Nothing of the upload waits on disk.
            #expect(Self.waiting(app).isEmpty)

            // Her own profile shows it; someone outside her groups neither sees it nor learns there is one.
            let profile = try await bodil.get("/u/bodil").body.string
            let address = "/u/bodil/avatar?v=\(upload.blob.prefix(16))"
            #expect(profile.contains("src=\"\(address)\""))
            let mine = try await bodil.get(address)
            #expect(mine.status == .ok)
            #expect(mine.headers.first(name: .cacheControl) == "private, max-age=31536000, immutable")
            var stranger = Browser(app)
            try await stranger.signUpVerified("stranger")
            #expect(try await stranger.get(address).status == .notFound)
            #expect(!(try await stranger.get("/u/bodil").body.string.contains(address)))
            // Public: now the stranger sees it too.
            try await bodil.get("/me/avatar")
            #expect(try await bodil.postMultipart("/me/avatar", ["avatar_visibility": "public"]).location == "/me/avatar?notice=avatar_saved")
            #expect(try await stranger.get(address).status == .ok)

            // A new picture replaces the old; deleting asks first, then the picture and its bytes go.
            var png = try GroupLogoTests.logo()
            png.field = "avatar"
            try await bodil.postMultipart("/me/avatar", ["avatar_visibility": "public"], files: [png])
            let replaced = try #require(try await User.find(user.requireID(), on: app.db))
            #expect(replaced.avatarID != upload.id)
            #expect(try await Upload.find(upload.requireID(), on: app.db) == nil)
            try await Uploads.sweep(on: app, now: Date().addingTimeInterval(2 * Uploads.gracePeriod))
            #expect(try await app.files.size(of: upload.key) == nil)
            let confirm = try await bodil.get("/me/avatar/delete")
            #expect(confirm.body.string.contains("action=\"/me/avatar/delete\""))
            #expect(try await bodil.post("/me/avatar/delete").location == "/me/avatar?notice=avatar_deleted")
            #expect(try await User.find(user.requireID(), on: app.db)?.avatarID == nil)
            try await Uploads.sweep(on: app, now: Date().addingTimeInterval(2 * Uploads.gracePeriod))
            #expect(try await Self.storedFiles(app).isEmpty)
        }
    }

    @Test("A file that is not a picture, a damaged picture, a pixel bomb and an empty file are refused by name, keeping the picture there was")
    func badPictures() async throws {
        try await withTestApp { app in
            var bodil = Browser(app)
            try await bodil.signUpVerified("bodil")
            try await bodil.get("/me/avatar")
            try await bodil.postMultipart("/me/avatar", ["avatar_visibility": "members"], files: [try Self.photo(field: "avatar")])
            let before = try #require(try await User.query(on: app.db).filter(\.$usernameKey == "bodil").first()?.avatarID)

            let html = Array("<html><script>alert(1)</script></html>".utf8)
            var truncated = try Self.photo(field: "avatar", filename: "halv.jpg")
            truncated.data = Array(truncated.data.prefix(truncated.data.count * 2 / 3))
            let bombPath = app.settings.dataDirectory + "/bomb.png"
            try FileManager.default.createDirectory(atPath: app.settings.dataDirectory, withIntermediateDirectories: true)
            #expect(try ChildProcess.run(["vips", "black", bombPath, "11000", "10000"], timeLimit: 60).status == 0)
            let bomb = Array(try Data(contentsOf: URL(fileURLWithPath: bombPath)))
            let cases: [(Browser.Upload, String)] = [
                (Browser.Upload(field: "avatar", filename: "ferie.jpg", contentType: "image/jpeg", data: html), "ferie.jpg is not a picture we can read"),
                (truncated, "halv.jpg could not be read"),
                (Browser.Upload(field: "avatar", filename: "stor.png", contentType: "image/png", data: bomb), "stor.png has too many pixels"),
                (Browser.Upload(field: "avatar", filename: "tom.jpg", contentType: "image/jpeg", data: []), "tom.jpg is empty (0 bytes)"),
            ]
            for (file, message) in cases {
                let response = try await bodil.postMultipart("/me/avatar", ["avatar_visibility": "members"], files: [file])
                #expect(response.status == .unprocessableEntity, "\(file.filename)")
                #expect(response.body.string.contains(message), "\(file.filename): \(response.body.string.prefix(0))")
                #expect(try await User.query(on: app.db).filter(\.$usernameKey == "bodil").first()?.avatarID == before)
            }
            #expect(try await Upload.query(on: app.db).count() == 1)
            #expect(Self.waiting(app).isEmpty)
        }
    }

    /// Registers a route that sends an upload as a module would, after its access check.
    static func downloadRoute(_ app: Application) {
        app.get("test-download", ":id") { req async throws -> Response in
            guard let upload = try await Upload.find(req.parameters.get("id", as: UUID.self), on: req.db) else { throw Abort(.notFound) }
            return try await req.download(upload, attachment: req.query[String.self, at: "attachment"] != nil)
        }
    }

    /// Stores bytes as an upload of no group, as if received.
    static func store(_ bytes: [UInt8], name: String, app: Application) async throws -> Upload {
        let folder = app.settings.dataDirectory + "/uploads"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/" + UUID().uuidString
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let file = try Uploads.receivedFile(at: path, name: UploadNames.clean(name))
        return try await Uploads.store(file, group: nil, user: nil, on: app, db: app.db)
    }

    @Test("Downloads answer ranges with 206, a range past the end with 416, a known ETag with 304, and never send HTML as a page")
    func downloads() async throws {
        try await withTestApp { app in
            Self.downloadRoute(app)
            let bytes = (0..<1_000_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
            let upload = try await Self.store([0x25, 0x50, 0x44, 0x46, 0x2D] + bytes, name: "referat.pdf", app: app)
            #expect(upload.mediaType == "application/pdf")
            var browser = Browser(app)
            let whole = try await browser.get("/test-download/\(try upload.requireID())")
            #expect(whole.status == .ok)
            #expect(whole.body.readableBytes == 1_000_005)
            #expect(whole.headers.first(name: .acceptRanges) == "bytes")
            #expect(whole.headers.first(name: .contentDisposition) == "inline; filename=\"referat.pdf\"; filename*=UTF-8''referat.pdf")
            let etag = try #require(whole.headers.first(name: .eTag))
            #expect(etag == "\"\(upload.blob)\"")

            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .range, value: "bytes=5-14")
            let part = try await browser.request(.GET, "/test-download/\(try upload.requireID())", headers: headers)
            #expect(part.status == .partialContent)
            #expect(part.headers.first(name: .contentRange) == "bytes 5-14/1000005")
            #expect(Array(part.body.readableBytesView) == Array(bytes[0..<10]))
            headers.replaceOrAdd(name: .range, value: "bytes=-3")
            #expect(Array(try await browser.request(.GET, "/test-download/\(try upload.requireID())", headers: headers).body.readableBytesView) == Array(bytes.suffix(3)))
            // A range that reaches over the end is cut at the end.
            headers.replaceOrAdd(name: .range, value: "bytes=300000-")
            let tail = try await browser.request(.GET, "/test-download/\(try upload.requireID())", headers: headers)
            #expect(tail.headers.first(name: .contentRange) == "bytes 300000-1000004/1000005")
            #expect(Array(tail.body.readableBytesView) == Array(bytes[299_995...]))
            headers.replaceOrAdd(name: .range, value: "bytes=2000000-")
            let beyond = try await browser.request(.GET, "/test-download/\(try upload.requireID())", headers: headers)
            #expect(beyond.status == .rangeNotSatisfiable)
            #expect(beyond.headers.first(name: .contentRange) == "bytes */1000005")
            // If-Range with another version asks for the whole file.
            headers.replaceOrAdd(name: .range, value: "bytes=5-14")
            headers.replaceOrAdd(name: .ifRange, value: "\"something-else\"")
            #expect(try await browser.request(.GET, "/test-download/\(try upload.requireID())", headers: headers).status == .ok)
            var cached = HTTPHeaders()
            cached.replaceOrAdd(name: .ifNoneMatch, value: etag)
            let notModified = try await browser.request(.GET, "/test-download/\(try upload.requireID())", headers: cached)
            #expect(notModified.status == .notModified)
            #expect(notModified.body.readableBytes == 0)

            // An HTML file named like a picture, and an SVG with script: plain text, in a sandbox, never as the site's page.
            let page = try await Self.store(Array("<html><body><script>alert(document.cookie)</script></body></html>".utf8), name: "kat.jpg", app: app)
            let svg = try await Self.store(Array("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>".utf8), name: "logo.svg", app: app)
            for upload in [page, svg] {
                let response = try await browser.get("/test-download/\(try upload.requireID())")
                #expect(response.headers.first(name: .contentType) == "text/plain; charset=utf-8")
                #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(response.headers.first(name: "Content-Security-Policy")?.hasSuffix("sandbox") == true)
            }
            let binary = try await Self.store([0x00, 0x01, 0x02, 0xFF], name: "data", app: app)
            let attachment = try await browser.get("/test-download/\(try binary.requireID())")
            #expect(attachment.headers.first(name: .contentType) == "application/octet-stream")
            #expect(attachment.headers.first(name: .contentDisposition) == "attachment; filename=\"data.bin\"; filename*=UTF-8''data.bin")
        }
    }

    @Test("The same bytes are stored once; a blob goes from the store when nothing refers to it, but never within the grace period")
    func contentAddressed() async throws {
        try await withTestApp { app in
            let bytes = Array("Generalforsamling 2026: referat".utf8)
            let first = try await Self.store(bytes, name: "referat.txt", app: app)
            let second = try await Self.store(bytes, name: "kopi.txt", app: app)
            #expect(first.blob == second.blob)
            #expect(try await Self.storedFiles(app) == [first.key])
            try await Uploads.delete([try first.requireID()], on: app, db: app.db)
            #expect(try await app.files.size(of: second.key) == bytes.count)
            try await Uploads.delete([try second.requireID()], on: app, db: app.db)
            // Stored a moment ago: an upload of the same bytes may be on its way, so it stays for now.
            #expect(try await Uploads.sweep(on: app) == 0)
            #expect(try await app.files.size(of: second.key) == bytes.count)
            #expect(try await Uploads.sweep(on: app, now: Date().addingTimeInterval(Uploads.gracePeriod + 60)) == 1)
            #expect(try await Self.storedFiles(app).isEmpty)
        }
    }

    /// Sends a hand-made multipart body to the avatar form.
    static func rawUpload(_ browser: inout Browser, body: ByteBuffer, boundary: String) async throws -> TestingHTTPResponse {
        if browser.csrf == nil { try await browser.get("/me/avatar") }
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return try await browser.request(.POST, "/me/avatar?_csrf=\(browser.csrf ?? "")", headers: headers, body: body)
    }

    @Test("An upload cut off halfway, one over the size limit and a broken form store nothing and say why")
    func cutOffAndLimits() async throws {
        try await withTestApp { app in
            var bodil = Browser(app)
            try await bodil.signUpVerified("bodil")
            let boundary = "grænse-\(UUID().uuidString)"
            var cut = ByteBuffer(string: "--\(boundary)\r\nContent-Disposition: form-data; name=\"avatar_visibility\"\r\n\r\nmembers\r\n")
            cut.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"avatar\"; filename=\"halv.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
            cut.writeBytes(try Self.photo().data.prefix(500))
            let cutResponse = try await Self.rawUpload(&bodil, body: cut, boundary: boundary)
            #expect(cutResponse.status == .unprocessableEntity)
            #expect(cutResponse.body.string.contains("The upload stopped before it was complete. Nothing was saved"))

            var large = ByteBuffer(string: "--\(boundary)\r\nContent-Disposition: form-data; name=\"avatar\"; filename=\"kæmpe.jpg\"\r\n\r\n")
            large.writeRepeatingByte(0xAB, count: AvatarController.maxBytes + 1)
            large.writeString("\r\n--\(boundary)--\r\n")
            let largeResponse = try await Self.rawUpload(&bodil, body: large, boundary: boundary)
            #expect(largeResponse.status == .unprocessableEntity)
            #expect(largeResponse.body.string.contains("kæmpe.jpg is larger than 20 MB, the limit for one file. Nothing was saved."))

            var notMultipart = HTTPHeaders()
            notMultipart.contentType = .urlEncodedForm
            let broken = try await bodil.request(.POST, "/me/avatar?_csrf=\(bodil.csrf ?? "")", headers: notMultipart, body: ByteBuffer(string: "avatar=x"))
            #expect(broken.status == .unprocessableEntity)
            #expect(broken.body.string.contains("The form did not arrive correctly"))
            #expect(try await Upload.query(on: app.db).count() == 0)
            #expect(Self.waiting(app).isEmpty)
            #expect(try await Self.storedFiles(app).isEmpty)
        }
    }

    @Test("File names lose folders, control characters and direction marks, and stay readable")
    func names() {
        #expect(UploadNames.clean("../../etc/passwd") == "passwd")
        #expect(UploadNames.clean("C:\\Users\\bo\\ferie.jpg") == "ferie.jpg")
        #expect(UploadNames.clean("rapport\u{202E}fdp.exe") == "rapportfdp.exe")
        #expect(UploadNames.clean("nul\u{0}byte.txt") == "nulbyte.txt")
        #expect(UploadNames.clean(".htaccess") == "htaccess")
        #expect(UploadNames.clean("   ") == "file")
        #expect(UploadNames.clean("Årsmøde – referat.pdf") == "Årsmøde – referat.pdf")
        let long = UploadNames.clean(String(repeating: "a", count: 500) + ".pdf")
        #expect(long.count == 200 && long.hasSuffix(".pdf"))
        #expect(ContentDisposition.parameters("form-data; name=\"files\"; filename=\"a \\\"b\\\".jpg\"") == ["name": "files", "filename": "a \"b\".jpg"])
        #expect(ContentDisposition.header(attachment: true, name: "Årsmøde \"2026\".pdf") == "attachment; filename=\"_rsm_de _2026_.pdf\"; filename*=UTF-8''%C3%85rsm%C3%B8de%20%222026%22.pdf")
        #expect(ContentDisposition.header(attachment: false, name: "a~b\u{7F}😀 100%.txt") == "inline; filename=\"a~b__ 100_.txt\"; filename*=UTF-8''a~b%7F%F0%9F%98%80%20100%25.txt")
        #expect(Request.parseRange("bytes=0-0", size: 10) == .part(0..<1))
        #expect(Request.parseRange("bytes=5-2", size: 10) == .whole)
        #expect(Request.parseRange("bytes=0-1,4-5", size: 10) == .whole)
        #expect(Request.parseRange("bytes=10-", size: 10) == .unsatisfiable)
        #expect(Request.parseRange("bytes=-0", size: 10) == .unsatisfiable)
        #expect(Request.parseRange(" Bytes= 2-4\t", size: 10) == .part(2..<5))
        #expect(Request.parseRange("bytes=-3", size: 10) == .part(7..<10))
        #expect(Request.parseRange("bytes=4-", size: 10) == .part(4..<10))
        #expect(Request.parseRange("bytes=", size: 10) == .whole)
        #expect(Request.parseRange("items=0-1", size: 10) == .whole)
        #expect(Request.parseRange("bytes\u{1D}0-1", size: 10) == .whole)
        #expect(Request.parseRange("bytes=a-b", size: 10) == .whole)
    }

    @Test("Types are read from the bytes")
    func sniffing() {
        #expect(FileType(sniffing: [0xFF, 0xD8, 0xFF, 0xE0]) == .jpeg)
        #expect(FileType(sniffing: Array("....ftypheic".utf8)) == .heic)
        #expect(FileType(sniffing: Array("....ftypisom".utf8)) == .mp4)
        #expect(FileType(sniffing: Array("....ftypqt  ".utf8)) == .mov)
        #expect(FileType(sniffing: [0x1A, 0x45, 0xDF, 0xA3, 0x01]) == .webm)
        #expect(FileType(sniffing: Array("%PDF-1.7".utf8)) == .pdf)
        #expect(FileType(sniffing: Array("Hej med dig, æøå".utf8)) == .text)
        #expect(FileType(sniffing: Array("Hej æ".utf8).dropLast()) == .text)
        #expect(FileType(sniffing: [0x00, 0x9F, 0x92]) == .binary)
        #expect(FileType.text.showsInline)
        #expect(!FileType.binary.showsInline)
    }

    @Test("A group's storage counts what its members uploaded, not the server's copies, and refuses what would take it over")
    func groupStorage() async throws {
        try await withTestApp(environment: ["GROUP_STORAGE_MB": "1"]) { app in
            var owner = Browser(app)
            try await owner.signUpVerified("mette")
            try await owner.createGroup("klubben")
            let groupID = try #require(try await Group.query(on: app.db).first()).requireID()
            let folder = app.settings.dataDirectory + "/uploads"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            func received(_ count: Int, byte: UInt8) throws -> ReceivedFile {
                let path = folder + "/" + UUID().uuidString
                try Data(repeating: byte, count: count).write(to: URL(fileURLWithPath: path))
                return try Uploads.receivedFile(at: path, name: "fil.bin")
            }
            #expect(try await Uploads.usedBytes(of: groupID, on: app.db) == 0)
            let first = try await Uploads.store(try received(300_000, byte: 1), group: groupID, user: nil, on: app, db: app.db)
            _ = try await Uploads.store(try received(200_000, byte: 2), group: groupID, user: nil, parent: first.id, variant: "poster", on: app, db: app.db)
            #expect(try await Uploads.usedBytes(of: groupID, on: app.db) == 300_000)
            #expect(try await Uploads.limits(for: groupID, on: app, db: app.db).maxTotalBytes == (1 << 20) - 300_000)
            await #expect(throws: UploadError.overQuota(limit: 1 << 20)) {
                try await Uploads.store(try received(800_000, byte: 3), group: groupID, user: nil, on: app, db: app.db)
            }
            #expect(try await Uploads.usedBytes(of: groupID, on: app.db) == 300_000)
        }
    }
}
