import Fluent
import Foundation
@testable import IGroupsCore
import Testing
import Vapor
import VaporTesting

@Suite("Group logos")
struct GroupLogoTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func logo(_ name: String = "logo-600x400.png", contentType: String = "image/png") throws -> Browser.Upload {
        let data = try Data(contentsOf: fixtures.appendingPathComponent(name))
        return Browser.Upload(field: "logo", filename: name, contentType: contentType, data: Array(data))
    }

    static let fields = ["name": "Roklubben", "slug": "roklubben", "description": "Vi ror", "visibility": "public", "join_policy": "open"]

    /// A fresh browser, as someone who is not signed in.
    static func visitorGet(_ app: Application, _ path: String) async throws -> TestingHTTPResponse {
        var browser = Browser(app)
        return try await browser.get(path)
    }

    /// The width and height a PNG states in its header.
    static func pngSize(_ bytes: ByteBuffer) -> (Int, Int)? {
        let b = Array(bytes.readableBytesView)
        guard b.count > 24, b.starts(with: [0x89, 0x50, 0x4E, 0x47]) else { return nil }
        func int(_ at: Int) -> Int { b[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) } }
        return (int(16), int(20))
    }

    @Test("A logo chosen when creating the group is shrunk to fit 256×256 and shown on its pages")
    func createWithLogo() async throws {
        try await withTestApp { app in
            var owner = Browser(app)
            try await owner.signUpVerified("mette")
            let form = try await owner.get("/groups/new")
            #expect(form.body.string.contains("enctype=\"multipart/form-data\""))
            let response = try await owner.postMultipart("/groups/new", Self.fields, files: [Self.logo()])
            #expect(response.location == "/g/roklubben?notice=group_created")
            let group = try #require(try await Group.query(on: app.db).first())
            #expect(group.logoVersion == 1)
            let v = Group.logoToken(id: try group.requireID(), version: 1)
            #expect(v.hasPrefix("1-"))
            let page = try await owner.get("/g/roklubben")
            #expect(page.body.string.contains("src=\"/g/roklubben/logo?v=\(v)\""))
            let image = try await Self.visitorGet(app, "/g/roklubben/logo?v=\(v)")
            #expect(image.status == .ok)
            #expect(image.headers.contentType == .png)
            #expect(image.headers.first(name: .cacheControl) == "public, max-age=31536000, immutable")
            let size = try #require(Self.pngSize(image.body))
            #expect(size.0 == 256 && size.1 == 171)
            // The directory shows it too.
            #expect(try await Self.visitorGet(app, "/groups").body.string.contains("src=\"/g/roklubben/logo?v=\(v)\""))
        }
    }

    @Test("An oversize file, a file that is not an image and a damaged image are refused with a message, keeping what was saved")
    func badUploads() async throws {
        try await withTestApp { app in
            var owner = Browser(app)
            try await owner.signUpVerified("mette")
            try await owner.createGroup("roklubben", visibility: "public", joinPolicy: "open")
            try await owner.get("/g/roklubben/admin")
            var fields = Self.fields
            fields["name"] = "Nyt navn"

            var oversize: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
            oversize += [UInt8](repeating: 0, count: 5 * 1024 * 1024)
            var response = try await owner.postMultipart("/g/roklubben/admin", fields, files: [.init(field: "logo", filename: "big.png", contentType: "image/png", data: oversize)])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("The image is larger than 5 MB."))

            response = try await owner.postMultipart("/g/roklubben/admin", fields, files: [.init(field: "logo", filename: "logo.png", contentType: "image/png", data: Array("<svg onload=alert(1)>".utf8))])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("The file is not an image."))

            let damaged = Array(try Data(contentsOf: Self.fixtures.appendingPathComponent("logo-600x400.png")).prefix(60))
            response = try await owner.postMultipart("/g/roklubben/admin", fields, files: [.init(field: "logo", filename: "cut.png", contentType: "image/png", data: damaged)])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("The image could not be read."))

            // A small file of 110 million pixels is refused from its header, before it is decoded.
            let bombPath = app.settings.dataDirectory + "/bomb.png"
            #expect(try ChildProcess.run(["vips", "black", bombPath, "11000", "10000"], timeLimit: 60).status == 0)
            let bomb = Array(try Data(contentsOf: URL(fileURLWithPath: bombPath)))
            #expect(bomb.count < 5 * 1024 * 1024)
            response = try await owner.postMultipart("/g/roklubben/admin", fields, files: [.init(field: "logo", filename: "bomb.png", contentType: "image/png", data: bomb)])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("The image has too many pixels (at most 100 million)."))

            let group = try #require(try await Group.query(on: app.db).first())
            #expect(group.name == "Roklubben")
            #expect(group.logoVersion == nil)
            #expect(try await Self.visitorGet(app, "/g/roklubben/logo").status == .notFound)
        }
    }

    @Test("Admins replace and remove the logo; a secret group's logo stays hidden from outsiders; deleting the group deletes the file")
    func replaceRemoveHideDelete() async throws {
        try await withTestApp { app in
            var owner = Browser(app)
            try await owner.signUpVerified("mette")
            try await owner.createGroup("hemmelig", visibility: "secret", joinPolicy: "invitation")
            try await owner.get("/g/hemmelig/admin")
            var fields = Self.fields
            fields["slug"] = "hemmelig"
            fields["visibility"] = "secret"
            fields["join_policy"] = "invitation"
            var response = try await owner.postMultipart("/g/hemmelig/admin", fields, files: [Self.logo()])
            #expect(response.location == "/g/hemmelig/admin?notice=group_saved")
            response = try await owner.postMultipart("/g/hemmelig/admin", fields, files: [Self.logo()])
            let group = try #require(try await Group.query(on: app.db).first())
            #expect(group.logoVersion == 2)
            let path = app.settings.dataDirectory + "/files/groups/\(try group.requireID())/logo.png"
            #expect(FileManager.default.fileExists(atPath: path))

            let own = try await owner.get("/g/hemmelig/logo?v=\(Group.logoToken(id: try group.requireID(), version: 2))")
            #expect(own.status == .ok)
            #expect(own.headers.first(name: .cacheControl) == "private, max-age=31536000, immutable")
            #expect(try await owner.get("/g/hemmelig/logo?v=1").headers.first(name: .cacheControl) == "private, no-cache")
            var outsider = Browser(app)
            try await outsider.signUpVerified("bodil")
            #expect(try await outsider.get("/g/hemmelig/logo?v=2").status == .notFound)
            #expect(try await Self.visitorGet(app, "/g/hemmelig/logo?v=2").status == .notFound)

            let settings = try await owner.get("/g/hemmelig/admin")
            #expect(settings.body.string.contains("name=\"remove_logo\""))
            fields["remove_logo"] = "on"
            response = try await owner.postMultipart("/g/hemmelig/admin", fields)
            #expect(response.status == .seeOther)
            #expect(try await Group.query(on: app.db).first()?.logoVersion == nil)
            #expect(!FileManager.default.fileExists(atPath: path))
            #expect(try await owner.get("/g/hemmelig/logo?v=2").status == .notFound)

            fields["remove_logo"] = nil
            try await owner.postMultipart("/g/hemmelig/admin", fields, files: [Self.logo()])
            #expect(FileManager.default.fileExists(atPath: path))
            try await owner.get("/g/hemmelig/admin/delete")
            response = try await owner.post("/g/hemmelig/admin/delete", ["confirm": "hemmelig"])
            #expect(response.location == "/?notice=group_deleted")
            #expect(!FileManager.default.fileExists(atPath: path))
        }
    }

    @Test("An upload without the form's token changes nothing")
    func uploadNeedsToken() async throws {
        try await withTestApp { app in
            var owner = Browser(app)
            try await owner.signUpVerified("mette")
            try await owner.createGroup("roklubben", visibility: "public", joinPolicy: "open")
            try await owner.get("/g/roklubben/admin")
            owner.csrf = "forged"
            let response = try await owner.postMultipart("/g/roklubben/admin", Self.fields, files: [Self.logo()])
            #expect(response.status == .forbidden)
            #expect(try await Group.query(on: app.db).first()?.logoVersion == nil)
        }
    }
}
