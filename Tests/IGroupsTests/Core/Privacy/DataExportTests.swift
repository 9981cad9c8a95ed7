import Fluent
import Foundation
@testable import IGroupsCore
import Testing
import Vapor
import VaporTesting

@Suite("Download my data")
struct DataExportTests {
    /// The files of a ZIP as Python's zipfile reads them (checking every CRC), name → text.
    static func unzip(_ archive: ByteBuffer) throws -> [String: String] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString).zip")
        defer { try? FileManager.default.removeItem(at: path) }
        try Data(archive.readableBytesView).write(to: path)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import zipfile, json, sys; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(json.dumps({n: z.read(n).decode('utf-8', 'replace') for n in z.namelist()}))", path.path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "python could not read the archive")
        return try JSONDecoder().decode([String: String].self, from: data)
    }

    /// A person's archive as the job writes it, read back (and the file deleted).
    static func archive(of user: User, app: Application) async throws -> ByteBuffer {
        let written = try await DataExportJob.writeArchive(for: user, app: app) { _ in }
        defer { try? FileManager.default.removeItem(atPath: written.path) }
        #expect(FileManager.default.fileExists(atPath: written.path))
        return ByteBuffer(data: try Data(contentsOf: URL(fileURLWithPath: written.path)))
    }

    @Test("A person asks for their data, sees progress, gets a mail, and downloads a ZIP with every declared table that has rows for them")
    func export() async throws {
        try await withTestApp { app in
            var fixture = try await PrivacyFixture.make(app)
            try await fixture.bodil.get("/me/privacy")
            var response = try await fixture.bodil.post("/me/privacy/export")
            #expect(response.location == "/me/privacy?notice=export_started#download")
            var page = try await fixture.bodil.get("/me/privacy").body.string
            #expect(page.contains("data-refresh"))
            #expect(page.contains("Your file is being prepared: 0% done."))
            // Asking again while it is on its way starts nothing new.
            #expect(try await fixture.bodil.post("/me/privacy/export").location == "/me/privacy?notice=export_pending")
            #expect(try await DataExport.query(on: app.db).count() == 1)

            let mail = try #require(try await app.deliverMail().last { $0.subject == "Your data is ready to download" })
            #expect(mail.to.contains("Bodil@Example.org"))
            let export = try #require(try await DataExport.query(on: app.db).first())
            #expect(export.status == .ready)
            // What the archive should hold: her rows as they were when it was made.
            let registry = app.privacyRegistry
            let person = PrivacyRegistry.Person(id: fixture.bodilID, emailKey: "bodil@example.org")
            var expected: [String: Int] = [:]
            for declaration in registry.declarations where declaration.exported && declaration.table != DataExport.schema {
                expected["data/\(declaration.exportName).json"] = try await registry.rows(declaration, of: person, on: app.db).count
            }
            #expect(export.expiresAt.map { $0.timeIntervalSinceNow > 6.9 * 24 * 3600 } == true)
            page = try await fixture.bodil.get("/me/privacy").body.string
            #expect(page.contains("Your file is ready"))
            let link = "/me/privacy/export/\(try export.requireID())"
            #expect(page.contains("href=\"\(link)\""))

            // Someone else never reaches it; she must give her password again.
            #expect(try await fixture.owner.get(link).status == .notFound)
            #expect(try await fixture.owner.post(link, ["password": "rolig-hest-42"]).status == .notFound)
            try await fixture.bodil.get(link)
            response = try await fixture.bodil.post(link, ["password": "forkert"])
            #expect(response.status == .unprocessableEntity)
            response = try await fixture.bodil.post(link, ["password": "rolig-hest-42"])
            #expect(response.status == .ok)
            #expect(response.headers.contentType == .zip)
            #expect(response.headers.first(name: .contentDisposition)?.hasPrefix("attachment; filename=\"igroups-bodil-") == true)
            #expect(response.headers.first(name: .cacheControl) == "no-store")

            let files = try Self.unzip(response.body)
            let readme = try #require(files["README.txt"])
            #expect(readme.contains("Bodil Testesen"))
            // Every declared table with rows for her is there, with as many rows, and nothing secret.
            var found = 0
            for (name, count) in expected.sorted(by: { $0.key < $1.key }) {
                guard count > 0 else {
                    #expect(files[name] == nil)
                    continue
                }
                found += 1
                let file = try #require(files[name], "\(name) is missing from the download")
                let decoded = try JSONSerialization.jsonObject(with: Data(file.utf8)) as? [[String: Any]]
                #expect(decoded?.count == count, "\(name)")
                #expect(readme.contains(name))
                #expect(!readme.contains("export.file."), "a file has no explanation in the README")
            }
            #expect(found >= 16, "only \(found) kinds of data in the download")
            let profile = try #require(files["data/users.json"])
            #expect(profile.contains("+45 12 34 56 78"))
            #expect(profile.contains(fixture.bodilID.uuidString.lowercased()))
            let everything = files.values.joined()
            #expect(!everything.contains("password_hash"))
            #expect(!everything.contains("token_hash"))
            #expect(!everything.contains("$2b$"))
            #expect(try #require(files["data/pages.json"]).contains("Mødet gik godt."))
            #expect(files.keys.contains { $0.hasPrefix("files/news/") && $0.hasSuffix(".jpg") }, "her news picture is in her download")

            // In Danish for a Danish speaker.
            let user = try #require(try await User.find(fixture.bodilID, on: app.db))
            user.language = "da"
            try await user.save(on: app.db)
            let danish = try Self.unzip(try await Self.archive(of: user, app: app))
            #expect(danish["LÆS-MIG.txt"]?.contains("dine grupper og din rolle i hver") == true)

            // After 7 days the file and its row are gone.
            try await DataExportJob.expire(app: app, now: Date().addingTimeInterval(8 * 24 * 3600))
            #expect(try await DataExport.query(on: app.db).count() == 0)
            #expect(try await app.files.read(export.fileKey) == nil)
            #expect(try await fixture.bodil.get(link).status == .notFound)
        }
    }

    @Test("An upload of several megabytes comes back in the download byte for byte, in a ZIP that unzip tools read")
    func largeUpload() async throws {
        try await withTestApp { app in
            var (_, member, folder) = try await FilesTests.club(app)
            // Bytes that never repeat within a piece of the store, so a piece out of place would show.
            let bytes = (0..<4_500_000).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 13) }
            let upload = Browser.Upload(field: "files", filename: "koncert.bin", contentType: "application/octet-stream", data: bytes)
            try await member.postMultipart("/g/klubben/files/upload?folder=\(folder)", files: [upload])
            try await member.get("/me/privacy")
            #expect(try await member.post("/me/privacy/export").location == "/me/privacy?notice=export_started#download")
            try await app.jobQueue.runPending(app: app)

            let export = try #require(try await DataExport.query(on: app.db).first())
            #expect(export.status == .ready)
            let size = try #require(export.size)
            #expect(try await app.files.size(of: export.fileKey) == size)
            // The archive was written beside the uploads and taken into the store: nothing is left behind.
            let uploads = (try? FileManager.default.contentsOfDirectory(atPath: app.settings.dataDirectory + "/uploads")) ?? []
            #expect(uploads.isEmpty, "left behind: \(uploads)")

            let link = "/me/privacy/export/\(try export.requireID())"
            try await member.get(link)
            let response = try await member.post(link, ["password": "rolig-hest-42"])
            #expect(response.status == .ok)
            #expect(response.headers.contentType == .zip)
            #expect(response.body.readableBytes == size)
            let entries = try ZipReader.read(response.body)
            let file = try #require(entries.first { $0.name.hasPrefix("files/uploads/") && $0.name.hasSuffix(" koncert.bin") })
            #expect(file.size == bytes.count)
            #expect(file.sha256 == ZipReader.sha256(bytes))
            #expect(entries.contains { $0.name == "README.txt" } && entries.contains { $0.name == "data/users.json" })
        }
    }
}
