import Fluent
import Foundation
@testable import IGroupsCore
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
}
