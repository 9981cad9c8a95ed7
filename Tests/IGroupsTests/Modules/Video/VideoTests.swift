import Fluent
import Foundation
@testable import IGroupsCore
@testable import IGroupsVideo
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("Video")
struct VideoTests {
    /// A public, open group of mette's (owner) with bodil as a member.
    static func group(_ app: Application, visibility: String = "public") async throws -> (owner: Browser, member: Browser) {
        var owner = Browser(app)
        try await owner.signUpVerified("mette")
        try await owner.createGroup("roklub", visibility: visibility, joinPolicy: visibility == "public" ? "open" : "request")
        var member = Browser(app)
        try await member.signUpVerified("bodil")
        try await Self.join(app, "bodil", role: .member)
        try await member.get("/g/roklub")
        return (owner, member)
    }

    static func join(_ app: Application, _ username: String, role: Membership.Role) async throws {
        let group = try #require(try await Group.query(on: app.db).filter(\.$slug == "roklub").first())
        let user = try #require(try await User.query(on: app.db).filter(\.$usernameKey == username).first())
        try await Membership(groupID: group.requireID(), userID: user.requireID(), role: role).create(on: app.db)
    }

    /// A short test picture with a moving pattern, made by ffmpeg: an MP4 (H.264), a WebM (VP8) or a MOV.
    static func movie(_ app: Application, _ format: String = "mp4", seconds: Int = 3) throws -> [UInt8] {
        let folder = app.settings.dataDirectory + "/made"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/\(UUID().uuidString).\(format)"
        let size = format == "mp4" ? "320x240" : "160x120"
        let codec = format == "webm" ? ["-c:v", "libvpx", "-b:v", "200k"] : ["-pix_fmt", "yuv420p"]
        let result = try ChildProcess.run(
            ["ffmpeg", "-v", "error", "-nostdin", "-f", "lavfi", "-i", "testsrc=duration=\(seconds):size=\(size):rate=10"] + codec + ["-y", path], timeLimit: 60)
        #expect(result.status == 0, "ffmpeg could not make a \(format)")
        defer { try? FileManager.default.removeItem(atPath: path) }
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func file(_ bytes: [UInt8], name: String, type: String = "video/mp4") -> Browser.Upload {
        Browser.Upload(field: "video", filename: name, contentType: type, data: bytes)
    }

    /// Uploads through the form and returns the answer.
    @discardableResult
    static func upload(_ browser: inout Browser, _ file: Browser.Upload, title: String = "", description: String = "") async throws -> TestingHTTPResponse {
        try await browser.get("/g/roklub/video/new")
        return try await browser.postMultipart("/g/roklub/video/new", ["title": title, "description": description], files: [file])
    }

    static func video(_ app: Application, titled title: String) async throws -> Video {
        try #require(try await Video.query(on: app.db).filter(\.$title == title).first())
    }

    /// The sources of the page's Content-Security-Policy `frame-src`, or nil when it has none.
    static func frameSources(_ response: TestingHTTPResponse) -> [String]? {
        guard let policy = response.headers.first(name: "Content-Security-Policy") else { return nil }
        let directive = policy.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.first { $0.hasPrefix("frame-src ") }
        return directive.map { $0.split(separator: " ").dropFirst().map(String.init) }
    }

    @Test("An uploaded MP4 is prepared in the background: its poster is a JPEG, its length 3 s, and it plays from our endpoint with ranges")
    func uploadAndPlay() async throws {
        try await withTestApp { app in
            var (_, member) = try await Self.group(app)
            let bytes = try Self.movie(app)
            let form = try await member.get("/g/roklub/video/new").body.string
            #expect(form.contains("enctype=\"multipart/form-data\""))
            #expect(form.contains("action=\"/g/roklub/video/new?_csrf="))
            #expect(form.contains("data-upload=\"\""))
            #expect(form.contains("<progress class=\"upload-progress\""))
            #expect(form.contains("data-progress=\"Uploading … {percent}%\""))
            #expect(form.contains("data-max-file=\"\(app.settings.uploadMaxFileBytes)\""))
            let response = try await Self.upload(&member, Self.file(bytes, name: "Sommerfest_2026.mp4"), description: "Fra **bryggen**.")
            let video = try await Self.video(app, titled: "Sommerfest 2026")
            let id = try video.requireID()
            #expect(response.location == "/g/roklub/video/\(id)?notice=video_uploaded")
            #expect(video.status == .processing)
            // Until its job has run, the page says the video is being prepared, and looks again.
            var page = try await member.get("/g/roklub/video/\(id)").body.string
            #expect(page.contains("The video is being prepared"))
            #expect(page.contains("data-refresh=\"5\""))
            #expect(!page.contains("<video"))

            try await app.jobQueue.runPending(app: app)
            let prepared = try #require(try await Video.find(id, on: app.db))
            #expect(prepared.status == .ready)
            let upload = try #require(try await Upload.find(prepared.$upload.id, on: app.db))
            #expect(upload.mediaType == "video/mp4" && upload.size == Int64(bytes.count))
            #expect(abs((upload.duration ?? 0) - 3) < 0.2, "length \(upload.duration ?? -1)")
            #expect(upload.width == 320 && upload.height == 240)
            let poster = try #require(try await Upload.find(prepared.$poster.id, on: app.db))
            #expect(poster.variant == "poster" && poster.$parent.id == upload.id && poster.mediaType == "image/jpeg")
            #expect(poster.width == 320 && poster.height == 240)

            page = try await member.get("/g/roklub/video/\(id)").body.string
            let file = "/g/roklub/video/\(id)/file?v=\(upload.blob.prefix(16))"
            let still = "/g/roklub/video/\(id)/poster?v=\(poster.blob.prefix(16))"
            #expect(page.contains("<video controls preload=\"metadata\" playsinline poster=\"\(still)\" src=\"\(file)\" width=\"320\" height=\"240\">"))
            #expect(page.contains("<strong>bryggen</strong>"))
            #expect(page.contains("Length 0:03"))
            #expect(!page.contains("data-refresh"))

            // The file, whole and in ranges, kept by the browser while the address names its bytes.
            let whole = try await member.get(file)
            #expect(whole.status == .ok)
            #expect(Array(whole.body.readableBytesView) == bytes)
            #expect(whole.headers.first(name: .contentType) == "video/mp4")
            #expect(whole.headers.first(name: .acceptRanges) == "bytes")
            #expect(whole.headers.first(name: .cacheControl) == "private, max-age=31536000, immutable")
            #expect(whole.headers.first(name: .contentDisposition)?.hasPrefix("inline;") == true)
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .range, value: "bytes=100-1099")
            let part = try await member.request(.GET, file, headers: headers)
            #expect(part.status == .partialContent)
            #expect(part.headers.first(name: .contentRange) == "bytes 100-1099/\(bytes.count)")
            #expect(Array(part.body.readableBytesView) == Array(bytes[100..<1100]))
            headers.replaceOrAdd(name: .range, value: "bytes=\(bytes.count)-")
            #expect(try await member.request(.GET, file, headers: headers).status == .rangeNotSatisfiable)
            let picture = try await member.get(still)
            #expect(picture.headers.first(name: .contentType) == "image/jpeg")
            #expect(Array(picture.body.readableBytesView.prefix(3)) == [0xFF, 0xD8, 0xFF])

            // Anyone who may read the public group sees it in the list, with poster and length, and finds it.
            var visitor = Browser(app)
            let list = try await visitor.get("/g/roklub/video").body.string
            #expect(list.contains("src=\"\(still)\""))
            #expect(list.contains("0:03"))
            #expect(list.contains("href=\"/g/roklub/video/\(id)\""))
            #expect(list.contains("Bodil Testesen"))
            #expect(try await visitor.get(file).status == .ok)
            #expect(try await visitor.get("/g/roklub/search?q=bryggen").body.string.contains("/g/roklub/video/\(id)\""))
            #expect(try await visitor.get("/g/roklub").body.string.contains("Sommerfest 2026"))
        }
    }

    @Test("WebM and MOV files are taken as well, each told by its bytes")
    func otherFormats() async throws {
        try await withTestApp { app in
            var (_, member) = try await Self.group(app)
            try await Self.upload(&member, Self.file(try Self.movie(app, "webm", seconds: 2), name: "tur.webm", type: "video/webm"))
            // A MOV sent under another name and type: the bytes decide.
            try await Self.upload(&member, Self.file(try Self.movie(app, "mov", seconds: 2), name: "kajak.bin", type: "application/octet-stream"), title: "Kajak")
            try await app.jobQueue.runPending(app: app)
            for (title, type) in [("tur", "video/webm"), ("Kajak", "video/quicktime")] {
                let video = try await Self.video(app, titled: title)
                #expect(video.status == .ready, "\(title)")
                #expect(video.$poster.id != nil, "\(title) has a poster")
                let upload = try #require(try await Upload.find(video.$upload.id, on: app.db))
                #expect(upload.mediaType == type)
                #expect(abs((upload.duration ?? 0) - 2) < 0.2)
                let page = try await member.get("/g/roklub/video/\(try video.requireID())").body.string
                #expect(page.contains("<video controls preload=\"metadata\""))
            }
        }
    }

    @Test("A text file named .mp4 is refused at once; a truncated MP4 fails in its job, is removed, and its uploader is told why")
    func unreadable() async throws {
        try await withTestApp { app in
            var (_, member) = try await Self.group(app)
            let text = Array("Det her er ikke en film, bare tekst.".utf8)
            var response = try await Self.upload(&member, Self.file(text, name: "ferie.mp4"), title: "Ferie")
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("ferie.mp4 is not a video we can play. Choose an MP4, WebM or MOV file."))
            #expect(response.body.string.contains("value=\"Ferie\""), "the title is kept")
            response = try await member.postMultipart("/g/roklub/video/new", ["title": "Intet"])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("Choose a video file."))
            #expect(try await Video.query(on: app.db).count() == 0)
            #expect(try await Upload.query(on: app.db).count() == 0)
            #expect(UploadTests.waiting(app).isEmpty)

            // The first half of an MP4 looks like one, but ffprobe finds no index in it.
            let whole = try Self.movie(app)
            response = try await Self.upload(&member, Self.file(Array(whole.prefix(whole.count / 2)), name: "halv.mp4"))
            #expect(response.status == .seeOther)
            let video = try await Self.video(app, titled: "halv")
            let id = try video.requireID()
            try await app.jobQueue.runPending(app: app)
            let failed = try #require(try await Video.find(id, on: app.db))
            #expect(failed.status == .failed)
            #expect(failed.$upload.id == nil)
            #expect(try await Upload.query(on: app.db).count() == 0)
            try await Uploads.sweep(on: app, now: Date().addingTimeInterval(2 * Uploads.gracePeriod))
            #expect(try await UploadTests.storedFiles(app).isEmpty)

            // She is told in her notices and on the page she waited at; the list shows it to her alone.
            let notice = try #require(try await Notice.query(on: app.db).first())
            #expect(notice.kind == "video_failed" && notice.url == "/g/roklub/video/\(id)")
            #expect(try await member.get("/me/notices").body.string.contains("Your video “halv” could not be read and has been removed"))
            let page = try await member.get("/g/roklub/video/\(id)").body.string
            #expect(page.contains("“halv” could not be read. The file may be damaged or cut short."))
            #expect(page.contains("The file has been removed"))
            #expect(!page.contains("<video"))
            #expect(try await member.get("/g/roklub/video").body.string.contains("could not be read as videos and have been removed"))
            var visitor = Browser(app)
            #expect(try await visitor.get("/g/roklub/video/\(id)").status == .notFound)
            #expect(!(try await visitor.get("/g/roklub/video").body.string.contains("halv")))
            #expect(!(try await visitor.get("/g/roklub/search?q=halv").body.string.contains("/video/\(id)")))

            // She removes the note; a week-old note goes by itself.
            try await member.get("/g/roklub/video/\(id)/delete")
            #expect(try await member.post("/g/roklub/video/\(id)/delete").location == "/g/roklub/video?notice=video_deleted")
            #expect(try await Video.query(on: app.db).count() == 0)
            try await Self.upload(&member, Self.file(Array(whole.prefix(100)), name: "stump.mp4"))
            try await app.jobQueue.runPending(app: app)
            #expect(try await Video.query(on: app.db).filter(\.$status == .failed).count() == 1)
            try await VideoProcessing.maintain(app: app, now: Date().addingTimeInterval(8 * 24 * 3600))
            #expect(try await Video.query(on: app.db).count() == 0)
        }
    }

    @Test("A video whose job fails on every try for a reason other than its file is given up after the last, and its uploader told")
    func givenUp() async throws {
        try await withTestApp { app in
            var (_, member) = try await Self.group(app)
            try await Self.upload(&member, Self.file(try Self.movie(app), name: "tabt.mp4"))
            let video = try await Self.video(app, titled: "tabt")
            // The stored file is gone: the job fails, is tried again later, and the video waits meanwhile,
            // however long that takes (a worker that was down for days gives up nothing).
            for key in try await UploadTests.storedFiles(app) { try await app.files.delete(key) }
            for attempt in 1...7 {
                try await app.jobQueue.runPending(app: app, now: Date().addingTimeInterval(Double(attempt) * 7 * 3600))
                #expect(try await Video.find(video.id, on: app.db)?.status == .processing, "given up after \(attempt) of 8 tries")
            }
            try await app.jobQueue.runPending(app: app, now: Date().addingTimeInterval(8 * 7 * 3600))
            let given = try #require(try await Video.find(video.id, on: app.db))
            #expect(given.status == .failed && given.$upload.id == nil)
            #expect(try await Upload.query(on: app.db).count() == 0)
            let page = try await member.get("/g/roklub/video/\(try video.requireID())").body.string
            #expect(page.contains("“tabt” could not be prepared, though the server tried again and again."))
            #expect(try await Notice.query(on: app.db).filter(\.$kind == "video_failed").count() == 1)
        }
    }

    @Test("The list and a video's page make as many queries with 30 videos and 20 comments as with 2 and 1")
    func boundedQueries() async throws {
        try await withTestApp { app in
            var (owner, member) = try await Self.group(app)
            func add(_ n: Int) async throws {
                try await member.get("/g/roklub/video/link")
                try await member.post("/g/roklub/video/link", ["url": "https://youtu.be/dQw4w9WgXc\(n % 10)", "title": "Tur \(n)"])
            }
            func count(_ path: String) async throws -> Int {
                let response = try await owner.get(path)
                #expect(response.status == .ok)
                return try #require(response.headers.first(name: QueryCountingMiddleware.header).flatMap(Int.init))
            }
            for n in 1...2 { try await add(n) }
            let first = try await Self.video(app, titled: "Tur 1")
            let page = "/g/roklub/video/\(try first.requireID())"
            try await member.get(page)
            try await member.post(page + "/comments", ["body": "Flot"])
            let small = [try await count("/g/roklub/video"), try await count(page), try await count("/g/roklub/video?page=2")]
            for n in 3...30 { try await add(n) }
            for n in 2...20 { try await member.post(page + "/comments", ["body": "Kommentar \(n)"]) }
            #expect(try await Video.query(on: app.db).count() == 30)
            #expect(try await VideoComment.query(on: app.db).count() == 20)
            let large = [try await count("/g/roklub/video"), try await count(page), try await count("/g/roklub/video?page=2")]
            #expect(large == small)
        }
    }

    @Test("Over the group's storage nothing is stored, and the message says how much room is left")
    func overQuota() async throws {
        try await withTestApp(environment: ["GROUP_STORAGE_MB": "1"]) { app in
            var (_, member) = try await Self.group(app)
            let small = try Self.movie(app)
            #expect(try await Self.upload(&member, Self.file(small, name: "lille.mp4")).status == .seeOther)
            let form = try await member.get("/g/roklub/video/new").body.string
            // The browser is told the room left, which is less than the limit per file, and what to say.
            let left = UploadLimits.describe((1 << 20) - small.count)
            #expect(form.contains("data-max-file=\"\((1 << 20) - small.count)\""))
            #expect(form.contains("data-too-large=\"There is not enough room: the group has \(left) left"))
            // An MP4 by its first bytes, larger than what is left.
            let large = Array("\u{0}\u{0}\u{0}\u{18}ftypisom".utf8) + [UInt8](repeating: 0x42, count: 1 << 20)
            let response = try await Self.upload(&member, Self.file(large, name: "stor.mp4"), title: "Stor")
            #expect(response.status == .payloadTooLarge)
            #expect(response.body.string.contains("There is not enough room: the group has \(left) left and the files take more. Nothing was saved."))
            #expect(try await Video.query(on: app.db).count() == 1)
            #expect(try await Upload.query(on: app.db).count() == 1)
            #expect(UploadTests.waiting(app).isEmpty)
            #expect(try await UploadTests.storedFiles(app).count == 1)
        }
    }

    @Test("Without ffmpeg a video is kept and plays without a poster, and the page says the poster waits; it is prepared once ffmpeg is there")
    func withoutTools() async throws {
        try await withTestApp { app in
            var (_, member) = try await Self.group(app)
            app.mediaAvailability = MediaTools.Availability(images: true, video: false)
            let form = try await member.get("/g/roklub/video/new").body.string
            #expect(form.contains("The server cannot make posters right now"))
            try await Self.upload(&member, Self.file(try Self.movie(app), name: "venter.mp4"))
            let video = try await Self.video(app, titled: "venter")
            #expect(video.status == .waiting)
            try await app.jobQueue.runPending(app: app)
            #expect(try await Video.find(video.id, on: app.db)?.status == .waiting)
            let page = try await member.get("/g/roklub/video/\(try video.requireID())").body.string
            #expect(page.contains("<video controls preload=\"metadata\" playsinline src=\"/g/roklub/video/\(try video.requireID())/file?v="))
            #expect(!page.contains("poster="))
            #expect(page.contains("Its poster and length wait until the server can process videos."))

            app.mediaAvailability = MediaTools.Availability(images: true, video: true)
            try await VideoProcessing.maintain(app: app)
            try await app.jobQueue.runPending(app: app)
            let prepared = try #require(try await Video.find(video.id, on: app.db))
            #expect(prepared.status == .ready && prepared.$poster.id != nil)
        }
    }

    @Test("Only YouTube and Vimeo addresses are taken, and the id is read from the address")
    func addresses() {
        let good: [(String, Video.Source, String)] = [
            ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", .youtube, "dQw4w9WgXcQ"),
            ("https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s&list=PL1", .youtube, "dQw4w9WgXcQ"),
            ("http://m.youtube.com/watch?feature=share&v=a_b-c1d2e3F", .youtube, "a_b-c1d2e3F"),
            ("https://youtu.be/dQw4w9WgXcQ?si=abc", .youtube, "dQw4w9WgXcQ"),
            ("https://www.youtube.com/shorts/dQw4w9WgXcQ", .youtube, "dQw4w9WgXcQ"),
            ("  https://vimeo.com/76979871/  ", .vimeo, "76979871"),
            ("https://www.vimeo.com/76979871", .vimeo, "76979871"),
        ]
        for (address, source, id) in good {
            #expect(VideoLink(address: address) == VideoLink(source: source, id: id), "\(address)")
        }
        for address in [
            "https://www.youtube.com/embed/dQw4w9WgXcQ", "https://www.youtube.com/watch?v=kort", "https://www.youtube.com/watch?v=dQw4w9WgXcQ\"x",
            "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ", "https://evil.example/watch?v=dQw4w9WgXcQ",
            "https://user@youtube.com/watch?v=dQw4w9WgXcQ", "https://youtube.com:8443/watch?v=dQw4w9WgXcQ", "javascript:alert(1)//youtu.be/dQw4w9WgXcQ",
            "ftp://youtu.be/dQw4w9WgXcQ", "youtu.be/dQw4w9WgXcQ", "https://vimeo.com/channels/staffpicks/76979871", "https://vimeo.com/abc",
            "https://player.vimeo.com/video/76979871", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "",
        ] {
            #expect(VideoLink(address: address) == nil, "\(address) was taken")
        }
        #expect(VideoLink(source: .vimeo, id: "76979871").playerURL == "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1")
        #expect(VideoLink(source: .youtube, id: "dQw4w9WgXcQ").playerURL == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0")
        #expect(VideoParts.duration(3.04) == "0:03" && VideoParts.duration(185) == "3:05" && VideoParts.duration(3723) == "1:02:03")
    }

    @Test("A linked video shows only our placeholder until the visitor clicks; only then its page frames the player, and only that page may")
    func linked() async throws {
        try await withTestApp { app in
            var (_, member) = try await Self.group(app)
            try await member.get("/g/roklub/video/link")
            for bad in ["https://www.youtube.com/embed/dQw4w9WgXcQ", "https://example.org/film.mp4", "javascript:alert(1)"] {
                let response = try await member.post("/g/roklub/video/link", ["url": bad, "title": "Forkert"])
                #expect(response.status == .unprocessableEntity, "\(bad)")
                #expect(response.body.string.contains("That is not the address of a video at YouTube or Vimeo."))
                #expect(response.body.string.contains("value=\"Forkert\""))
            }
            #expect(try await member.post("/g/roklub/video/link", ["url": "", "title": "Tom"]).body.string.contains("Write the video&#39;s address."))
            #expect(try await Video.query(on: app.db).count() == 0)
            var response = try await member.post("/g/roklub/video/link", ["url": "https://youtu.be/dQw4w9WgXcQ", "title": "Åretag", "description": "Sådan *ror* man."])
            let youtube = try await Self.video(app, titled: "Åretag")
            let id = try youtube.requireID()
            #expect(response.location == "/g/roklub/video/\(id)?notice=video_linked")
            #expect(youtube.source == .youtube && youtube.externalID == "dQw4w9WgXcQ" && youtube.status == .ready)
            try await member.post("/g/roklub/video/link", ["url": "https://vimeo.com/76979871", "title": "Regatta"])
            let vimeo = try await Self.video(app, titled: "Regatta")

            var visitor = Browser(app)
            response = try await visitor.get("/g/roklub/video/\(id)")
            let page = response.body.string
            // Before the click: no frame, nothing from the provider in any src, a word on what the click does.
            #expect(!page.contains("<iframe"))
            #expect(!page.contains("src=\"https://"))
            #expect(!page.contains("src=\"http://"))
            #expect(!page.contains("ytimg") && !page.contains("img.youtube"))
            #expect(page.contains("This video is at YouTube. Clicking loads YouTube&#39;s player, which may set cookies. Until then nothing is loaded from YouTube."))
            #expect(page.contains("data-player=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&amp;rel=0\""))
            #expect(page.contains("href=\"/g/roklub/video/\(id)?play=1#player\""))
            #expect(page.contains("src=\"/js/video.js\""))
            #expect(Self.frameSources(response) == ["https://www.youtube-nocookie.com"])
            // After the click, without script: the player, from YouTube's cookieless host.
            response = try await visitor.get("/g/roklub/video/\(id)?play=1")
            #expect(response.body.string.contains("<iframe src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&amp;rel=0\" title=\"Åretag\""))
            #expect(response.body.string.contains("referrerpolicy=\"strict-origin-when-cross-origin\""))
            #expect(Self.frameSources(response) == ["https://www.youtube-nocookie.com"])
            let vimeoPage = try await visitor.get("/g/roklub/video/\(try vimeo.requireID())")
            #expect(vimeoPage.body.string.contains("data-player=\"https://player.vimeo.com/video/76979871?autoplay=1&amp;dnt=1\""))
            #expect(!vimeoPage.body.string.contains("<iframe"))
            #expect(Self.frameSources(vimeoPage) == ["https://player.vimeo.com"])

            // Every other page keeps the strict policy; the list shows our placeholder, not the provider's picture.
            let list = try await visitor.get("/g/roklub/video")
            #expect(list.body.string.contains("<span class=\"video-provider\">YouTube</span>"))
            #expect(!list.body.string.contains("src=\"https://"))
            try await Self.upload(&member, Self.file(try Self.movie(app, seconds: 1), name: "egen.mp4"))
            let own = try await Self.video(app, titled: "egen")
            for path in ["/g/roklub/video", "/g/roklub", "/g/roklub/video/\(try own.requireID())", "/g/roklub/video/new", "/", "/does-not-exist"] {
                let other = try await member.get(path)
                #expect(Self.frameSources(other) == nil, "\(path) may frame \(Self.frameSources(other) ?? [])")
                #expect(other.headers.first(name: "Content-Security-Policy")?.contains("youtube") == false, "\(path)")
            }
            #expect(SecurityHeaders.policy(framing: []) == SecurityHeaders.contentSecurityPolicy)
            #expect(SecurityHeaders.policy(framing: [.vimeo, .youtube, .vimeo]).hasSuffix("; frame-src https://player.vimeo.com https://www.youtube-nocookie.com"))
        }
    }

    @Test("The uploader, moderators and admins change and delete a video; other members and outsiders cannot; deleting asks first and removes the file")
    func permissions() async throws {
        try await withTestApp { app in
            var (owner, member) = try await Self.group(app, visibility: "closed")
            var other = Browser(app)
            try await other.signUpVerified("karl")
            try await Self.join(app, "karl", role: .member)
            var moderator = Browser(app)
            try await moderator.signUpVerified("mona")
            try await Self.join(app, "mona", role: .moderator)
            var outsider = Browser(app)
            try await outsider.signUpVerified("otto")
            var visitor = Browser(app)

            let bytes = try Self.movie(app, seconds: 1)
            try await Self.upload(&member, Self.file(bytes, name: "bodils.mp4"), title: "Bodils film")
            let video = try await Self.video(app, titled: "Bodils film")
            let id = try video.requireID()
            let base = "/g/roklub/video/\(id)"

            #expect(try await outsider.get("/g/roklub/video").status == .forbidden)
            #expect(try await outsider.get(base).status == .forbidden)
            #expect(try await outsider.get(base + "/file").status == .forbidden)
            #expect(try await visitor.get(base + "/file").status == .forbidden)
            #expect(try await visitor.get("/g/roklub/video/new").status == .forbidden)
            try await outsider.get("/")
            #expect(try await outsider.postMultipart("/g/roklub/video/new", ["title": "Ind"], files: [Self.file(bytes, name: "ind.mp4")]).status == .forbidden)

            // Another member reads but changes nothing, and sees no buttons for it.
            try await other.get("/g/roklub")
            #expect(try await other.get(base).status == .ok)
            #expect(!(try await other.get(base).body.string.contains(base + "/edit")))
            #expect(try await other.get(base + "/edit").status == .forbidden)
            #expect(try await other.post(base + "/edit", ["title": "Karls nu"]).status == .forbidden)
            #expect(try await other.get(base + "/delete").status == .forbidden)
            #expect(try await other.post(base + "/delete").status == .forbidden)

            // The uploader edits; the page then says it was edited, and the search has the new words.
            try await member.get(base + "/edit")
            #expect(try await member.post(base + "/edit", ["title": "", "description": ""]).status == .unprocessableEntity)
            #expect(try await member.post(base + "/edit", ["title": "Bodils bedste film", "description": "Med *musik*."]).location == base + "?notice=video_saved")
            let edited = try await member.get(base).body.string
            #expect(edited.contains("<h1>Bodils bedste film</h1>") && edited.contains("edited") && edited.contains("<em>musik</em>"))
            #expect(try await other.get("/g/roklub/search?q=musik").body.string.contains(base + "\""))
            // A moderator changes it too.
            try await moderator.get(base + "/edit")
            #expect(try await moderator.post(base + "/edit", ["title": "Bodils film", "description": ""]).status == .seeOther)

            // Members may not add videos when the group says so.
            let group = try #require(try await Group.query(on: app.db).first())
            try await GroupModuleSetting(groupID: group.requireID(), moduleID: "video", enabled: true, position: 1, membersWrite: false).create(on: app.db)
            #expect(try await other.get("/g/roklub/video/new").status == .forbidden)
            #expect(try await other.get("/g/roklub/video/link").status == .forbidden)
            #expect(try await owner.get("/g/roklub/video/new").status == .ok)

            // Deleting asks first; then the video, its file and poster go.
            try await app.jobQueue.runPending(app: app)
            #expect(try await Upload.query(on: app.db).count() == 2)
            let confirm = try await moderator.get(base + "/delete").body.string
            #expect(confirm.contains("Delete the video “Bodils film”?"))
            #expect(confirm.contains("The video is deleted with its file, its poster and all comments."))
            #expect(confirm.contains("action=\"\(base)/delete\""))
            #expect(try await moderator.post(base + "/delete").location == "/g/roklub/video?notice=video_deleted")
            #expect(try await Video.query(on: app.db).count() == 0)
            #expect(try await Upload.query(on: app.db).count() == 0)
            #expect(try await member.get(base).status == .notFound)
            try await Uploads.sweep(on: app, now: Date().addingTimeInterval(2 * Uploads.gracePeriod))
            #expect(try await UploadTests.storedFiles(app).isEmpty)
            #expect(!(try await member.get("/g/roklub/search?q=bodils").body.string.contains("/video/")))
        }
    }

    @Test("Members comment; the author and moderators delete a comment, after a second question; others cannot")
    func comments() async throws {
        try await withTestApp { app in
            var (owner, member) = try await Self.group(app)
            var other = Browser(app)
            try await other.signUpVerified("karl")
            try await Self.join(app, "karl", role: .member)
            try await owner.get("/g/roklub/video/link")
            try await owner.post("/g/roklub/video/link", ["url": "https://vimeo.com/76979871", "title": "Regatta"])
            let video = try await Self.video(app, titled: "Regatta")
            let base = "/g/roklub/video/\(try video.requireID())"

            var page = try await member.get(base).body.string
            #expect(page.contains("No comments yet."))
            let token = UUID().uuidString
            let response = try await member.post(base + "/comments", ["body": "Flot **roning**!", "token": token])
            let comment = try #require(try await VideoComment.query(on: app.db).first())
            #expect(response.location == base + "#comment-\(try comment.requireID())")
            // The same form twice makes one comment; an empty one is refused.
            try await member.post(base + "/comments", ["body": "Flot **roning**!", "token": token])
            #expect(try await VideoComment.query(on: app.db).count() == 1)
            #expect(try await member.post(base + "/comments", ["body": "  "]).status == .unprocessableEntity)
            var visitor = Browser(app)
            page = try await visitor.get(base).body.string
            #expect(page.contains("Flot <strong>roning</strong>!"))
            #expect(!page.contains("name=\"body\""), "a visitor sees the comments but cannot write")
            try await visitor.get("/")
            #expect(try await visitor.post(base + "/comments", ["body": "Spam"]).location?.hasPrefix("/login") == true)
            #expect(try await member.get("/g/roklub/video").body.string.contains("1 comment"))

            let remove = base + "/comments/\(try comment.requireID())/delete"
            page = try await member.get(base).body.string
            #expect(page.contains("<details class=\"confirm-inline\"><summary>Delete the comment</summary>"))
            #expect(page.contains("action=\"\(remove)\""))
            try await other.get(base)
            #expect(!(try await other.get(base).body.string.contains(remove)))
            #expect(try await other.post(remove).status == .forbidden)
            #expect(try await member.post(remove).location == base + "?notice=video_comment_deleted#comments")
            #expect(try await VideoComment.query(on: app.db).count() == 0)
            try await other.post(base + "/comments", ["body": "Tak for turen."])
            let karls = try #require(try await VideoComment.query(on: app.db).first())
            try await owner.get(base)
            #expect(try await owner.post(base + "/comments/\(try karls.requireID())/delete").status == .seeOther)
            #expect(try await VideoComment.query(on: app.db).count() == 0)
        }
    }

    @Test("The list pages twelve videos at a time, newest first; an empty list says what it is for")
    func listing() async throws {
        try await withTestApp { app in
            var (owner, member) = try await Self.group(app)
            let empty = try await member.get("/g/roklub/video").body.string
            #expect(empty.contains("No videos yet"))
            #expect(empty.contains("href=\"/g/roklub/video/new\""))
            let group = try #require(try await Group.query(on: app.db).first())
            for n in 1...13 {
                let video = Video()
                video.$group.id = try group.requireID()
                video.title = "Film \(n)"
                video.description = ""
                video.descriptionHTML = ""
                video.source = .youtube
                video.externalID = "dQw4w9WgXcQ"
                video.status = .ready
                try await video.create(on: app.db)
                video.createdAt = Date().addingTimeInterval(Double(n) * 60)
                try await video.save(on: app.db)
            }
            let first = try await owner.get("/g/roklub/video").body.string
            #expect(first.components(separatedBy: "class=\"card video-card\"").count - 1 == 12)
            #expect(first.contains(">Film 13<") && !first.contains(">Film 1<"))
            #expect(try #require(first.range(of: ">Film 13<")).lowerBound < (try #require(first.range(of: ">Film 12<"))).lowerBound)
            #expect(first.contains("href=\"/g/roklub/video?page=2\""))
            let second = try await owner.get("/g/roklub/video?page=2").body.string
            #expect(second.contains(">Film 1<") && !second.contains(">Film 2<"))
        }
    }

    @Test("Erasing a person removes their videos, their comments and their files from the store")
    func erasure() async throws {
        try await withTestApp { app in
            var (owner, member) = try await Self.group(app)
            try await Self.upload(&member, Self.file(try Self.movie(app, seconds: 2), name: "bodil.mp4"), title: "Bodils tur")
            try await app.jobQueue.runPending(app: app)
            try await member.get("/g/roklub/video/link")
            try await member.post("/g/roklub/video/link", ["url": "https://youtu.be/dQw4w9WgXcQ", "title": "Bodils link"])
            try await owner.get("/g/roklub/video/link")
            try await owner.post("/g/roklub/video/link", ["url": "https://vimeo.com/76979871", "title": "Mettes"])
            let mettes = try await Self.video(app, titled: "Mettes")
            try await member.get("/g/roklub/video/\(try mettes.requireID())")
            try await member.post("/g/roklub/video/\(try mettes.requireID())/comments", ["body": "Bodil var her."])
            let hers = try await Self.video(app, titled: "Bodils tur")
            try await owner.post("/g/roklub/video/\(try hers.requireID())/comments", ["body": "Mette svarer."])
            #expect(try await UploadTests.storedFiles(app).count == 2, "the file and its poster")

            try await member.get("/me/privacy/delete")
            #expect(try await member.post("/me/privacy/delete", ["password": "rolig-hest-42", "confirm": "on"]).location == "/?notice=profile_deleted")
            #expect(try await Video.query(on: app.db).all().map(\.title) == ["Mettes"])
            #expect(try await VideoComment.query(on: app.db).count() == 0)
            #expect(try await Upload.query(on: app.db).count() == 0)
            try await Uploads.sweep(on: app, now: Date().addingTimeInterval(2 * Uploads.gracePeriod))
            #expect(try await UploadTests.storedFiles(app).isEmpty)
            #expect(!(try await owner.get("/g/roklub/search?q=bodils").body.string.contains("/video/")))
            #expect(try await owner.get("/g/roklub/video/\(try mettes.requireID())").body.string.contains("No comments yet."))
        }
    }
}
