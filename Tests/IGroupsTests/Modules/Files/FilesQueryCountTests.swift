import Fluent
import Foundation
@testable import IGroupsCore
@testable import IGroupsFiles
import Testing
import Vapor
import VaporTesting

@Suite("File sharing: queries per page")
struct FilesQueryCountTests {
    @Test("The top, a folder, a file with its versions and the trash make as many queries with 30 files, 10 folders and 12 versions as with 1 of each")
    func boundedQueries() async throws {
        try await withTestApp { app in
            var (owner, member, folder) = try await FilesTests.club(app)
            func count(_ path: String) async throws -> Int {
                let response = try await owner.get(path)
                #expect(response.status == .ok, "\(path)")
                return try #require(response.headers.first(name: QueryCountingMiddleware.header).flatMap(Int.init))
            }
            try await member.get("/g/klubben/files")
            try await member.postMultipart("/g/klubben/files/upload?folder=\(folder)", files: [FilesTests.text("plan.txt", "Udgave 1")])
            try await member.postMultipart("/g/klubben/files/upload?folder=\(folder)", files: [FilesTests.text("slettet.txt", "Væk")])
            let plan = try await FilesTests.file(app, named: "plan.txt")
            let gone = try await FilesTests.file(app, named: "slettet.txt")
            try await member.get("/g/klubben/files/f/\(try gone.requireID())/delete")
            try await member.post("/g/klubben/files/f/\(try gone.requireID())/delete")
            let pages = ["/g/klubben/files", "/g/klubben/files/folders/\(folder)", "/g/klubben/files/f/\(try plan.requireID())", "/g/klubben/files/trash"]
            var small: [Int] = []
            for page in pages { small.append(try await count(page)) }

            // More of everything those pages list.
            for n in 1...29 {
                // Half at the top, half in the folder, so both pages have more to list.
                let place = n % 2 == 0 ? "/g/klubben/files/upload" : "/g/klubben/files/upload?folder=\(folder)"
                try await member.postMultipart(place, files: [FilesTests.text("fil-\(n).txt", "Tekst \(n)")])
            }
            for n in 1...9 {
                try await member.post("/g/klubben/files/folders/new?parent=\(folder)", ["name": "Mappe \(n)"])
            }
            for n in 2...12 {
                try await member.postMultipart("/g/klubben/files/f/\(try plan.requireID())/versions", files: [FilesTests.text("plan.txt", "Udgave \(n)", field: "version")])
            }
            for n in 1...5 {
                let file = try await FilesTests.file(app, named: "fil-\(n).txt")
                try await member.post("/g/klubben/files/f/\(try file.requireID())/delete")
            }
            #expect(try await SharedFileVersion.query(on: app.db).filter(\.$file.$id == plan.requireID()).count() == 12)
            #expect(try await SharedFolder.query(on: app.db).count() == 10)
            #expect(try await SharedFile.query(on: app.db).count() == 31)
            #expect(try await SharedFile.query(on: app.db).filter(\.$folder.$id == nil).count() == 14)
            var large: [Int] = []
            for page in pages { large.append(try await count(page)) }
            #expect(large == small)
        }
    }

    @Test("A download reads the file in one query; the group's folders are read again only after one of them changed")
    func downloadQueries() async throws {
        try await withTestApp { app in
            var (owner, member, folder) = try await FilesTests.club(app)
            try await member.get("/g/klubben/files")
            try await member.postMultipart("/g/klubben/files/upload?folder=\(folder)", files: [FilesTests.text("plan.txt", "Udgave 1")])
            let download = "/g/klubben/files/f/\(try await FilesTests.file(app, named: "plan.txt").requireID())/download"
            // The upload changed the group's storage in use: its row is read again here, not below.
            try await member.get("/g/klubben/files")
            func count() async throws -> Int {
                let response = try await member.get(download)
                #expect(response.body.string == "Udgave 1")
                return try #require(response.headers.first(name: QueryCountingMiddleware.header).flatMap(Int.init))
            }
            let first = try await count()
            // The session, the group's version with the membership, and the file.
            #expect(try await count() == 3)
            #expect(first == 4, "the first download reads the group's folders")
            try await owner.post("/g/klubben/files/folders/\(folder)/rename", ["name": "Styrelse"])
            #expect(try await count() == 5, "after a change to a folder: the group and its folders read again")
            #expect(try await count() == 3)
        }
    }
}
