import Crypto
import Fluent
import Foundation
@testable import IGroupsCore
@testable import IGroupsFiles
import Testing
import Vapor
import VaporTesting

@Suite("File sharing")
struct FilesTests {
    /// A club with an owner and a member, both verified, the owner having made a folder.
    static func club(_ app: Application) async throws -> (owner: Browser, member: Browser, folder: UUID) {
        var owner = Browser(app)
        try await owner.signUpVerified("mette")
        try await owner.createGroup("klubben", visibility: "closed", joinPolicy: "open")
        let group = try #require(try await Group.query(on: app.db).first())
        var member = Browser(app)
        try await member.signUpVerified("bodil")
        let bodil = try #require(try await User.query(on: app.db).filter(\.$usernameKey == "bodil").first())
        try await Membership(groupID: group.requireID(), userID: bodil.requireID(), role: .member).create(on: app.db)
        try await owner.get("/g/klubben/files")
        let created = try await owner.post("/g/klubben/files/folders/new", ["name": "Bestyrelse"])
        let folder = try #require(try await SharedFolder.query(on: app.db).first())
        #expect(created.location == "/g/klubben/files/folders/\(try folder.requireID())?notice=folder_created")
        return (owner, member, try folder.requireID())
    }

    static func text(_ name: String, _ body: String, field: String = "files") -> Browser.Upload {
        Browser.Upload(field: field, filename: name, contentType: "text/plain", data: Array(body.utf8))
    }

    static func file(_ app: Application, named name: String) async throws -> SharedFile {
        try #require(try await SharedFile.query(on: app.db).filter(\.$name == name).first())
    }

    @Test("Several files go up at once into a folder; a name already there gets a number; each shows who, when and how large, and downloads as it was")
    func upload() async throws {
        try await withTestApp { app in
            var (owner, member, folder) = try await Self.club(app)
            try await member.get("/g/klubben/files")
            let pdf = Browser.Upload(field: "files", filename: "Årsmøde.pdf", contentType: "application/pdf", data: Array("%PDF-1.4\n%âãÏÓ\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".utf8))
            let response = try await member.postMultipart("/g/klubben/files/upload?folder=\(folder)", files: [Self.text("referat.txt", "Mødet gik godt."), pdf])
            #expect(response.location == "/g/klubben/files/folders/\(folder)?notice=files_uploaded")
            let again = try await owner.postMultipart("/g/klubben/files/upload?folder=\(folder)", files: [Self.text("Referat.txt", "Andet referat")])
            #expect(again.location == "/g/klubben/files/folders/\(folder)?notice=file_uploaded")
            let page = try await member.get("/g/klubben/files/folders/\(folder)")
            let html = page.body.string
            #expect(html.contains(">referat.txt</a>") && html.contains(">Referat (2).txt</a>") && html.contains(">Årsmøde.pdf</a>"))
            #expect(html.contains("href=\"/u/bodil\"") && html.contains("href=\"/u/mette\""))
            #expect(html.contains("The group uses"))
            #expect(Int(page.headers.first(name: "X-Query-Count") ?? "99") ?? 99 <= 12, "the folder page's queries do not grow with its files")

            let referat = try await Self.file(app, named: "referat.txt")
            let download = try await member.get("/g/klubben/files/f/\(try referat.requireID())/download")
            #expect(download.body.string == "Mødet gik godt.")
            #expect(download.headers.first(name: .contentDisposition)?.hasPrefix("attachment; filename=\"referat.txt\"") == true)
            // The page shows text as text, a PDF in the browser's own viewer.
            let textPage = try await member.get("/g/klubben/files/f/\(try referat.requireID())").body.string
            #expect(textPage.contains("<pre class=\"preview-text\">Mødet gik godt.</pre>"))
            let pdfFile = try await Self.file(app, named: "Årsmøde.pdf")
            let pdfPage = try await member.get("/g/klubben/files/f/\(try pdfFile.requireID())").body.string
            #expect(pdfPage.contains("<iframe src=\"/g/klubben/files/f/\(try pdfFile.requireID())/raw\""))
            let raw = try await member.get("/g/klubben/files/f/\(try pdfFile.requireID())/raw")
            #expect(raw.headers.contentType?.description == "application/pdf")
            #expect(raw.headers.first(name: "X-Frame-Options") == "SAMEORIGIN")
            #expect(raw.headers.first(name: .contentDisposition)?.hasPrefix("inline;") == true)

            // Outsiders of the group get nothing, signed in or not.
            var stranger = Browser(app)
            try await stranger.signUpVerified("fremmed")
            #expect(try await stranger.get("/g/klubben/files/f/\(try referat.requireID())/download").status == .forbidden)
            var visitor = Browser(app)
            #expect(try await visitor.get("/g/klubben/files/f/\(try referat.requireID())/download").status != .ok)
        }
    }

    @Test("A file of several megabytes arrives whole: written in pieces as it comes, the same bytes download again, by ranges too")
    func largeFile() async throws {
        try await withTestApp { app in
            var (owner, _, folder) = try await Self.club(app)
            let bytes = (0..<3_500_001).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 11) }
            let upload = Browser.Upload(field: "files", filename: "optagelse.bin", contentType: "application/octet-stream", data: bytes)
            try await owner.postMultipart("/g/klubben/files/upload?folder=\(folder)", files: [upload])
            let file = try await Self.file(app, named: "optagelse.bin")
            let whole = try await owner.get("/g/klubben/files/f/\(try file.requireID())/download")
            #expect(whole.body.readableBytes == bytes.count)
            #expect(Array(whole.body.readableBytesView) == bytes)
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .range, value: "bytes=1048570-1048585")
            let part = try await owner.request(.GET, "/g/klubben/files/f/\(try file.requireID())/download", headers: headers)
            #expect(part.status == .partialContent)
            #expect(Array(part.body.readableBytesView) == Array(bytes[1_048_570...1_048_585]))
            // A range longer than a piece of the store, starting inside one, comes whole and in order.
            headers.replaceOrAdd(name: .range, value: "bytes=1000000-3300000")
            let long = try await owner.request(.GET, "/g/klubben/files/f/\(try file.requireID())/download", headers: headers)
            #expect(long.headers.first(name: .contentRange) == "bytes 1000000-3300000/3500001")
            #expect(Array(long.body.readableBytesView) == Array(bytes[1_000_000...3_300_000]))
            let stored = try #require(try await Upload.query(on: app.db).first())
            #expect(stored.size == Int64(bytes.count))
            #expect(stored.blob == SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined())
        }
    }

    @Test("A new version becomes current and the old ones stay downloadable; an older one can be made current again")
    func versions() async throws {
        try await withTestApp { app in
            var (owner, member, folder) = try await Self.club(app)
            try await owner.postMultipart("/g/klubben/files/upload?folder=\(folder)", files: [Self.text("budget.txt", "Version 1")])
            let file = try await Self.file(app, named: "budget.txt")
            let id = try file.requireID()
            try await member.get("/g/klubben/files/f/\(id)")
            let added = try await member.postMultipart("/g/klubben/files/f/\(id)/versions", files: [Self.text("budget-ny.txt", "Version 2", field: "version")])
            #expect(added.location == "/g/klubben/files/f/\(id)?notice=file_version_added")
            #expect(try await member.get("/g/klubben/files/f/\(id)/download").body.string == "Version 2")
            let versions = try await SharedFileVersion.query(on: app.db).filter(\.$file.$id == id).sort(\.$number).all()
            #expect(versions.map(\.number) == [1, 2])
            let first = try versions[0].requireID()
            let old = try await member.get("/g/klubben/files/f/\(id)/versions/\(first)/download")
            #expect(old.body.string == "Version 1")
            #expect(old.headers.first(name: .contentDisposition)?.contains("budget (v1).txt") == true)
            // The file stays the owner's: the member cannot choose its version; the owner can.
            #expect(try await member.post("/g/klubben/files/f/\(id)/versions/\(first)/current").status == .forbidden)
            try await owner.get("/g/klubben/files/f/\(id)")
            #expect(try await owner.post("/g/klubben/files/f/\(id)/versions/\(first)/current").location == "/g/klubben/files/f/\(id)?notice=file_version_current")
            #expect(try await member.get("/g/klubben/files/f/\(id)/download").body.string == "Version 1")
            let page = try await member.get("/g/klubben/files/f/\(id)").body.string
            #expect(page.contains("1 (current)"))
            #expect(!page.contains("Make current"), "a member sees no button they may not use")
        }
    }

    @Test("Renaming and moving check names and who asks; deleting goes to the trash, which admins restore from or empty, and then the bytes go")
    func organiseAndTrash() async throws {
        try await withTestApp { app in
            var (owner, member, folder) = try await Self.club(app)
            try await owner.postMultipart("/g/klubben/files/upload?folder=\(folder)", files: [Self.text("vedtægter.txt", "§1 Navn")])
            let file = try await Self.file(app, named: "vedtægter.txt")
            let id = try file.requireID()
            try await member.get("/g/klubben/files")
            #expect(try await member.post("/g/klubben/files/f/\(id)/rename", ["name": "mine.txt"]).status == .forbidden)
            #expect(try await member.post("/g/klubben/files/f/\(id)/delete").status == .forbidden)
            try await owner.get("/g/klubben/files/f/\(id)/rename")
            for (name, message) in [("", "Enter a name."), ("a/b.txt", "The name cannot contain slashes"), ("ny\u{202E}txt.exe", "direction marks")] {
                let refused = try await owner.post("/g/klubben/files/f/\(id)/rename", ["name": name])
                #expect(refused.status == .unprocessableEntity)
                #expect(refused.body.string.contains(message), "\(name)")
            }
            #expect(try await owner.post("/g/klubben/files/f/\(id)/rename", ["name": "Vedtægter 2026.txt"]).location == "/g/klubben/files/f/\(id)?notice=file_renamed")
            // To the top, and a folder cannot go into itself.
            #expect(try await owner.post("/g/klubben/files/f/\(id)/move", ["target": ""]).location == "/g/klubben/files/f/\(id)?notice=file_moved")
            #expect(try await SharedFile.find(id, on: app.db)?.$folder.id == nil)
            #expect(try await owner.post("/g/klubben/files/folders/\(folder)/move", ["target": folder.uuidString]).status == .unprocessableEntity)
            try await owner.post("/g/klubben/files/f/\(id)/move", ["target": folder.uuidString])

            // Deleting the folder takes the file with it into the trash.
            let confirm = try await owner.get("/g/klubben/files/folders/\(folder)/delete")
            #expect(confirm.body.string.contains("An admin can bring it back for 30 days"))
            #expect(try await owner.post("/g/klubben/files/folders/\(folder)/delete").location == "/g/klubben/files?notice=folder_trashed")
            #expect(try await member.get("/g/klubben/files/f/\(id)").status == .notFound)
            #expect(try await member.get("/g/klubben/files/folders/\(folder)").status == .notFound)
            #expect(try await member.get("/g/klubben/files/trash").status == .forbidden)
            let trash = try await owner.get("/g/klubben/files/trash").body.string
            #expect(trash.contains("Bestyrelse"))
            #expect(try await owner.post("/g/klubben/files/trash/folder/\(folder)/restore").location == "/g/klubben/files/trash?notice=trash_restored")
            #expect(try await member.get("/g/klubben/files/f/\(id)").status == .ok)

            // A file comes back on its own too, into its folder; what is not in the trash cannot be restored.
            #expect(try await owner.post("/g/klubben/files/trash/file/\(id)/restore").status == .notFound)
            try await owner.post("/g/klubben/files/f/\(id)/delete")
            #expect(try await member.get("/g/klubben/files/f/\(id)").status == .notFound)
            #expect(try await owner.post("/g/klubben/files/trash/folder/\(id)/restore").status == .notFound)
            #expect(try await owner.post("/g/klubben/files/trash/file/\(id)/restore").location == "/g/klubben/files/trash?notice=trash_restored")
            #expect(try await SharedFile.find(id, on: app.db)?.$folder.id == folder)
            #expect(try await member.get("/g/klubben/files/f/\(id)").status == .ok)

            // Deleted again and the trash emptied: rows and bytes are gone.
            try await owner.post("/g/klubben/files/f/\(id)/delete")
            let blob = try #require(try await Upload.query(on: app.db).first()).key
            #expect(try await owner.get("/g/klubben/files/trash/empty").body.string.contains("deleted for good"))
            #expect(try await owner.post("/g/klubben/files/trash/empty").location == "/g/klubben/files/trash?notice=trash_emptied")
            #expect(try await SharedFile.query(on: app.db).count() == 0)
            #expect(try await Upload.query(on: app.db).count() == 0)
            try await Uploads.sweep(on: app, now: Date().addingTimeInterval(2 * Uploads.gracePeriod))
            #expect(try await app.files.size(of: blob) == nil)
        }
    }

    @Test("A file beneath a folder that goes to the trash, however that is written, cannot be downloaded from then on, and can again when the folder comes back")
    func folderTrashedPastTheModels() async throws {
        try await withTestApp { app in
            var (owner, member, folder) = try await Self.club(app)
            try await owner.post("/g/klubben/files/folders/new?parent=\(folder)", ["name": "2026"])
            let inner = try #require(try await SharedFolder.query(on: app.db).filter(\.$name == "2026").first()).requireID()
            try await owner.postMultipart("/g/klubben/files/upload?folder=\(inner)", files: [Self.text("budget.txt", "Kontingent 300 kr.")])
            let id = try await Self.file(app, named: "budget.txt").requireID()
            try await member.get("/g/klubben/files")
            let download = "/g/klubben/files/f/\(id)/download", raw = "/g/klubben/files/f/\(id)/raw"
            #expect(try await member.get(download).body.string == "Kontingent 300 kr.")
            #expect(try await member.get(download).status == .ok, "the folders as kept")

            // The folder above goes to the trash in SQL, past every model and controller.
            try await app.db.sql.raw("UPDATE file_folders SET deleted_at = \(bind: Date()) WHERE id = \(bind: folder)").run()
            #expect(try await member.get(download).status == .notFound)
            #expect(try await member.get(raw).status == .notFound)
            try await app.db.sql.raw("UPDATE file_folders SET deleted_at = NULL WHERE id = \(bind: folder)").run()
            #expect(try await member.get(download).body.string == "Kontingent 300 kr.")

            // Moved beneath a folder of another group: not this group's to give.
            var other = Browser(app)
            try await other.signUpVerified("jens")
            try await other.createGroup("andre", visibility: "closed", joinPolicy: "open")
            try await other.get("/g/andre/files")
            try await other.post("/g/andre/files/folders/new", ["name": "Arkiv"])
            let foreign = try #require(try await SharedFolder.query(on: app.db).filter(\.$name == "Arkiv").first()).requireID()
            try await app.db.sql.raw("UPDATE file_folders SET parent_id = \(bind: foreign) WHERE id = \(bind: folder)").run()
            #expect(try await member.get(download).status == .notFound)
            try await app.db.sql.raw("UPDATE file_folders SET parent_id = NULL WHERE id = \(bind: folder)").run()
            #expect(try await member.get(raw).status == .ok)
            // The folder itself handed to the other group: the files beneath it are no longer this group's to give.
            try await app.db.sql.raw("UPDATE file_folders SET group_id = (SELECT id FROM \"groups\" WHERE slug = 'andre') WHERE id = \(bind: folder)").run()
            #expect(try await member.get(download).status == .notFound)
        }
    }

    @Test("Which folders hold readable files: none in the trash or beneath one, none whose way up leaves the group or goes round")
    func usableFolders() {
        let (top, inner, trashed, beneath, orphan, a, b) = (UUID(), UUID(), UUID(), UUID(), UUID(), UUID(), UUID())
        let folders = [
            FileTree.FolderRow(id: beneath, parent_id: trashed, name: "Under", deleted_at: nil),
            FileTree.FolderRow(id: inner, parent_id: top, name: "Inde", deleted_at: nil),
            FileTree.FolderRow(id: top, parent_id: nil, name: "Top", deleted_at: nil),
            FileTree.FolderRow(id: trashed, parent_id: top, name: "Slettet", deleted_at: Date()),
            FileTree.FolderRow(id: orphan, parent_id: UUID(), name: "Andens", deleted_at: nil),
            FileTree.FolderRow(id: a, parent_id: b, name: "A", deleted_at: nil),
            FileTree.FolderRow(id: b, parent_id: a, name: "B", deleted_at: nil),
        ]
        #expect(FileTree.usable(folders) == [top, inner])
        #expect(FileTree.usable([]) == [])
        // However deep, listed in any order.
        let deep = (0..<150).reduce(into: [FileTree.FolderRow]()) { rows, depth in
            rows.append(FileTree.FolderRow(id: UUID(), parent_id: rows.last?.id, name: "\(depth)", deleted_at: nil))
        }
        #expect(FileTree.usable(deep.reversed()) == Set(deep.map(\.id)))

        // The folders offered to move something into are the same, by their paths; moving a folder, neither
        // it nor what lies beneath it.
        #expect(FileTree.choices(folders).map(\.path) == ["Top", "Top / Inde"])
        #expect(FileTree.choices(folders, excluding: top).isEmpty)
        #expect(FileTree.choices(folders, excluding: inner).map(\.id) == [top])
        #expect(FileTree.choices(deep).last?.path.split(separator: "/").count == 150)
    }

    @Test("The trash empties itself of what is older than 30 days")
    func trashRetention() async throws {
        try await withTestApp { app in
            var (owner, _, folder) = try await Self.club(app)
            try await owner.postMultipart("/g/klubben/files/upload?folder=\(folder)", files: [Self.text("gammel.txt", "gammel"), Self.text("ny.txt", "ny")])
            let old = try await Self.file(app, named: "gammel.txt")
            old.deletedAt = Date().addingTimeInterval(-31 * 24 * 3600)
            try await old.save(on: app.db)
            let recent = try await Self.file(app, named: "ny.txt")
            recent.deletedAt = Date().addingTimeInterval(-29 * 24 * 3600)
            try await recent.save(on: app.db)
            try await app.jobQueue.runPending(app: app)
            #expect(try await SharedFile.query(on: app.db).all().map(\.name) == ["ny.txt"])
            #expect(try await Upload.query(on: app.db).count() == 1)
        }
    }

    @Test("Over the group's storage nothing is stored and the page says how much room is left")
    func quota() async throws {
        try await withTestApp(environment: ["GROUP_STORAGE_MB": "1"]) { app in
            var (owner, _, folder) = try await Self.club(app)
            let big = Browser.Upload(field: "files", filename: "video.bin", contentType: "application/octet-stream", data: [UInt8](repeating: 7, count: 1_500_000))
            let response = try await owner.postMultipart("/g/klubben/files/upload?folder=\(folder)", files: [Self.text("lille.txt", "lille"), big])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("There is not enough room: the group has 1 MB left and the files take more. Nothing was saved."))
            #expect(try await SharedFile.query(on: app.db).count() == 0)
            #expect(try await Upload.query(on: app.db).count() == 0)
            #expect(UploadTests.waiting(app).isEmpty)
            // Nothing is lost that was there before.
            try await owner.postMultipart("/g/klubben/files/upload?folder=\(folder)", files: [Self.text("lille.txt", "lille")])
            #expect(try await SharedFile.query(on: app.db).count() == 1)
        }
    }

    @Test("Two people uploading the same name at once both keep their file")
    func sameNameAtOnce() async throws {
        try await withTestApp { app in
            let (owner, member, folder) = try await Self.club(app)
            async let first: TestingHTTPResponse = {
                var browser = owner
                return try await browser.postMultipart("/g/klubben/files/upload?folder=\(folder)", files: [Self.text("referat.txt", "Mettes")])
            }()
            async let second: TestingHTTPResponse = {
                var browser = member
                return try await browser.postMultipart("/g/klubben/files/upload?folder=\(folder)", files: [Self.text("referat.txt", "Bodils")])
            }()
            let answers = try await [first, second]
            #expect(answers.allSatisfy { $0.status == .seeOther })
            let names = Set(try await SharedFile.query(on: app.db).all().map(\.name))
            #expect(names == ["referat.txt", "referat (2).txt"])
        }
    }

    @Test("Erasing a person takes their versions and files; a file others added versions to stays with theirs")
    func erasure() async throws {
        try await withTestApp { app in
            var (owner, member, folder) = try await Self.club(app)
            try await member.postMultipart("/g/klubben/files/upload?folder=\(folder)", files: [Self.text("bodils.txt", "kun Bodil")])
            try await owner.postMultipart("/g/klubben/files/upload?folder=\(folder)", files: [Self.text("faelles.txt", "Mettes første")])
            let shared = try await Self.file(app, named: "faelles.txt")
            try await member.get("/g/klubben/files/f/\(try shared.requireID())")
            try await member.postMultipart("/g/klubben/files/f/\(try shared.requireID())/versions", files: [Self.text("faelles.txt", "Bodils rettelse", field: "version")])
            let bodil = try #require(try await User.query(on: app.db).filter(\.$usernameKey == "bodil").first())
            try await app.erase(PrivacyRegistry.Person(id: bodil.requireID(), emailKey: bodil.emailKey), on: app.db)
            #expect(try await SharedFile.query(on: app.db).all().map(\.name) == ["faelles.txt"])
            #expect(try await owner.get("/g/klubben/files/f/\(try shared.requireID())/download").body.string == "Mettes første")
            #expect(try await Upload.query(on: app.db).count() == 1)
            #expect(try await UploadTests.storedFiles(app).count == 1)
        }
    }
}
