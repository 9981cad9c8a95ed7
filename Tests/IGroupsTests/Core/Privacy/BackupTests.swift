import Fluent
import Foundation
@testable import IGroupsCore
import Testing
import Vapor
import VaporTesting

@Suite("Backups and the erasure journal")
struct BackupTests {
    @Test("A restored backup brings back what was lost, but not a person erased after it was made")
    func restoreKeepsErasures() async throws {
        try await withTestApp { app in
            var anne = Browser(app)
            try await anne.signUpVerified("anne")
            var bodil = Browser(app)
            try await bodil.signUpVerified("bodil")
            let bodilUser = try #require(try await User.query(on: app.db).filter(\.$usernameKey == "bodil").first())
            try await app.files.write(ByteBuffer(string: "hers"), to: "users/\(try bodilUser.requireID())/note.txt")
            try await anne.createGroup("klubben", visibility: "public", joinPolicy: "open")
            try await SearchTests.post(&anne, "Sommerfest", "I haven.", group: "klubben")
            let directory = app.settings.dataDirectory + "/backups"
            let folder = try await Backup.make(app: app, into: directory, now: Date().addingTimeInterval(-1))

            // After the backup: bodil deletes her profile, and a group is deleted by mistake.
            try await bodil.get("/me/privacy/delete")
            #expect(try await bodil.post("/me/privacy/delete", ["password": "rolig-hest-42", "confirm": "on"]).location == "/?notice=profile_deleted")
            try await anne.get("/g/klubben/admin/delete")
            try await anne.post("/g/klubben/admin/delete", ["confirm": "klubben"])
            #expect(try await Group.query(on: app.db).count() == 0)
            let journal = try app.erasureJournal.entries()
            #expect(journal.map(\.id) == [try bodilUser.requireID()])

            let applied = try await Backup.restore(app: app, from: folder)
            #expect(applied == 1)
            #expect(try await Group.query(on: app.db).filter(\.$slug == "klubben").count() == 1)
            #expect(try await User.query(on: app.db).filter(\.$usernameKey == "anne").count() == 1)
            #expect(try await User.query(on: app.db).filter(\.$usernameKey == "bodil").count() == 0)
            #expect(try await app.files.list(under: "users/").isEmpty)
            #expect(try await anne.get("/g/klubben").status == .ok)
            // The search index came back with the rows it indexes.
            #expect(SearchTests.results(try await anne.get("/g/klubben/search?q=sommerfest").body.string).count == 1)
            // Restoring the same backup again erases her again.
            #expect(try await Backup.restore(app: app, from: folder) == 1)
            #expect(try await User.query(on: app.db).filter(\.$usernameKey == "bodil").count() == 0)
        }
    }

    @Test("A backup takes no room for the stored files (they are linked), keeps their bytes when the site replaces them, and leaves out downloads and writes under way")
    func filesLinked() async throws {
        try await withTestApp { app in
            let store = app.settings.dataDirectory + "/files"
            try await app.files.write(ByteBuffer(string: "first"), to: "groups/a/logo.png")
            try await app.files.write(ByteBuffer(string: "export"), to: "exports/x.zip")
            FileManager.default.createFile(atPath: store + "/groups/a/.logo.png.half", contents: Data("half".utf8))
            // A link that loops back (the store makes none) is neither followed nor kept.
            try FileManager.default.createSymbolicLink(atPath: store + "/groups/loop", withDestinationPath: store)
            let folder = try await Backup.make(app: app, into: app.settings.dataDirectory + "/backups")
            func inode(_ path: String) throws -> UInt64 { try #require(try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? UInt64) }
            #expect(try inode(folder + "/files/groups/a/logo.png") == inode(store + "/groups/a/logo.png"))
            #expect(!FileManager.default.fileExists(atPath: folder + "/files/exports"))
            #expect(!FileManager.default.fileExists(atPath: folder + "/files/groups/a/.logo.png.half"))
            #expect(!FileManager.default.fileExists(atPath: folder + "/files/groups/loop"))

            // The site writes a new logo beside the old one and renames it over: the backup keeps the old bytes.
            try await app.files.write(ByteBuffer(string: "second"), to: "groups/a/logo.png")
            #expect(FileManager.default.contents(atPath: folder + "/files/groups/a/logo.png") == Data("first".utf8))
            _ = try await Backup.restore(app: app, from: folder)
            #expect(try await app.files.read("groups/a/logo.png").map { String(buffer: $0) } == "first")
            #expect(try await app.files.read("exports/x.zip").map { String(buffer: $0) } == "export")
            // Written again after the restore: the backup still holds what it saw.
            try await app.files.write(ByteBuffer(string: "third"), to: "groups/a/logo.png")
            #expect(FileManager.default.contents(atPath: folder + "/files/groups/a/logo.png") == Data("first".utf8))
            // No half-made backup is left beside the finished one.
            #expect(try FileManager.default.contentsOfDirectory(atPath: app.settings.dataDirectory + "/backups").filter { $0.hasSuffix(".partial") }.isEmpty)
        }
    }

    @Test("Backups past 30 days are deleted, and journal entries no backup needs any more")
    func pruning() async throws {
        try await withTestApp { app in
            let directory = app.settings.dataDirectory + "/backups"
            let old = try await Backup.make(app: app, into: directory, now: Date().addingTimeInterval(-40 * 24 * 3600))
            try app.erasureJournal.append(.init(id: UUID(), emailKey: "gammel@example.org", at: Date().addingTimeInterval(-35 * 24 * 3600)))
            try app.erasureJournal.append(.init(id: UUID(), emailKey: "ny@example.org", at: Date()))
            #expect(FileManager.default.fileExists(atPath: old))
            let fresh = try await Backup.make(app: app, into: directory)
            #expect(!FileManager.default.fileExists(atPath: old))
            #expect(FileManager.default.fileExists(atPath: fresh + "/manifest.json"))
            #expect(try app.erasureJournal.entries().map(\.emailKey) == ["ny@example.org"])
        }
    }

    @Test("The commands say what they did, and refuse a folder that is not a backup")
    func commands() throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("backup-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        var result = try Program.run(["migrate", "--yes"], environment: ["DATA_DIR": data])
        #expect(result.status == 0, "\(result.output)")
        result = try Program.run(["backup"], environment: ["DATA_DIR": data])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("Backup written to \(data)/backups/"))
        let folder = try #require(try FileManager.default.contentsOfDirectory(atPath: data + "/backups").first)
        result = try Program.run(["restore", data + "/backups/" + folder], environment: ["DATA_DIR": data])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("erasures applied again: 0"))
        result = try Program.run(["restore", data], environment: ["DATA_DIR": data])
        #expect(result.status != 0)
        #expect(result.output.contains("is not a backup"))
    }
}
