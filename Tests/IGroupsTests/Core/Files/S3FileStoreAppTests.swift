import AsyncHTTPClient
import Fluent
import Foundation
@testable import IGroupsCore
@testable import IGroupsFiles
import Testing
import Vapor
import VaporTesting

@Suite("S3 file store in the application")
struct S3FileStoreAppTests {
    @Test("FILE_STORE=s3 without one of its settings stops the start, naming the variable")
    func missingSettings() throws {
        let complete = ["FILE_STORE": "s3", "S3_ENDPOINT": "https://s3.eu-north-1.amazonaws.com", "S3_BUCKET": "roklubben",
                        "S3_ACCESS_KEY_ID": "AKID", "S3_SECRET_ACCESS_KEY": "secret"]
        for variable in ["S3_ENDPOINT", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] {
            var environment = complete
            environment[variable] = nil
            #expect(throws: SettingsError.self) { try Settings.from(environment: environment) }
            do {
                _ = try Settings.from(environment: environment)
            } catch {
                #expect(String(describing: error) == "\(variable): is required when FILE_STORE=s3")
            }
        }
        #expect(throws: SettingsError.self) { try Settings.from(environment: complete.merging(["S3_ENDPOINT": "s3.example.org"]) { $1 }) }
        #expect(throws: SettingsError.self) { try Settings.from(environment: ["FILE_STORE": "ftp"]) }

        let settings = try Settings.from(environment: complete)
        #expect(settings.fileStore == .s3)
        #expect(settings.s3?.bucket == "roklubben")
        #expect(settings.s3?.region == "us-east-1")
        #expect(settings.s3?.stallTimeout == .seconds(30))
        #expect(try Settings.from(environment: complete.merging(["S3_STALL_SECONDS": "5"]) { $1 }).s3?.stallTimeout == .seconds(5))
        #expect(throws: SettingsError.self) { try Settings.from(environment: complete.merging(["S3_STALL_SECONDS": "0"]) { $1 }) }
        #expect(try Settings.from(environment: [:]).fileStore == .local)
    }

    @Test("With FILE_STORE=s3 a group's logo is kept in the bucket and shown from there")
    func logoInBucket() async throws {
        let server = try S3TestServer()
        defer { server.stop() }
        try await withTestApp(environment: server.environment) { app in
            #expect(app.files is S3FileStore)
            var owner = Browser(app)
            try await owner.signUpVerified("mette")
            let response = try await owner.postMultipart("/groups/new", GroupLogoTests.fields, files: [GroupLogoTests.logo()])
            #expect(response.location == "/g/roklubben?notice=group_created")
            let group = try #require(try await Group.query(on: app.db).first())

            let stored = try server.requests().filter { $0.hasPrefix("PUT /\(S3TestServer.bucket)/\(group.logoKey)") }
            #expect(stored.count == 1)
            let image = try await GroupLogoTests.visitorGet(app, "/g/roklubben/logo?v=\(Group.logoToken(id: try group.requireID(), version: 1))")
            #expect(image.status == .ok)
            #expect(GroupLogoTests.pngSize(image.body).map { [$0.0, $0.1] } == [256, 171])
            #expect(try server.requests().contains("GET /\(S3TestServer.bucket)/\(group.logoKey)"))
        }
    }

    @Test("A shared file whose bucket stops sending is cut short in the browser, and the site answers the next request")
    func stalledDownload() async throws {
        let bucket = try S3TestServer()
        defer { bucket.stop() }
        try await withTestApp(environment: bucket.environment.merging(["S3_STALL_SECONDS": "1"]) { $1 }) { app in
            // setup
            var (owner, _, folder) = try await FilesTests.club(app)
            let bytes = (0..<400_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 11) }
            try await owner.postMultipart("/g/klubben/files/upload?folder=\(folder)", files: [
                Browser.Upload(field: "files", filename: "optagelse.bin", contentType: "application/octet-stream", data: bytes),
            ])
            let file = try await FilesTests.file(app, named: "optagelse.bin")
            let key = try #require(try await Upload.query(on: app.db).first()).key
            app.http.server.configuration.hostname = "127.0.0.1"
            app.http.server.configuration.port = 0
            try await app.server.start()
            do {
                try await Self.downloadStalled(app, bucket: bucket, owner: owner, fileID: try file.requireID(), key: key, bytes: bytes)
            } catch {
                await app.server.shutdown()
                throw error
            }
            await app.server.shutdown()
        }
    }

    /// Downloads the file over HTTP while the bucket stalls, then again once it sends normally.
    static func downloadStalled(_ app: Application, bucket: S3TestServer, owner: Browser, fileID: UUID, key: String, bytes: [UInt8]) async throws {
        let client = HTTPClient.shared
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(app.http.server.shared.localAddress?.port ?? 0)/g/klubben/files/f/\(fileID)/download")
        request.headers.add(name: .cookie, value: owner.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        try bucket.stallDownloads(after: 100_000)

        // act
        let response = try await client.execute(request, timeout: .seconds(60))
        var received = 0
        var cutOff = false
        do {
            for try await piece in response.body { received += piece.readableBytes }
        } catch {
            cutOff = true
        }
        bucket.sendNormally()
        let next = try await client.execute(request, timeout: .seconds(60))
        let nextBody = try await next.body.collect(upTo: 1 << 20)

        // assert
        #expect(response.status == .ok)
        #expect(response.headers.first(name: .contentLength) == String(bytes.count))
        #expect(received < bytes.count)
        #expect(cutOff)
        // The site gave up on the bucket, not the other way round.
        #expect(try await bucket.logs("CLOSED GET /\(S3TestServer.bucket)/\(key)"))
        #expect(next.status == .ok)
        let whole = Array(nextBody.readableBytesView) == bytes
        #expect(whole)
    }
}
