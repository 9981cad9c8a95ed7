import Foundation
@testable import IGroupsCore
import Testing
import Vapor
import VaporTesting

@Suite("The record of processing")
struct PrivacyRecordTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("docs/PRIVACY-RECORD.md is what `igroups privacy-record` prints with the default settings")
    func documentIsCurrent() async throws {
        try await withTestApp { app in
            let record = PrivacyRecord.markdown(app.privacyRegistry, controller: app.settings.controller)
            let document = try String(contentsOf: Self.root.appendingPathComponent("docs/PRIVACY-RECORD.md"), encoding: .utf8)
            #expect(document == record, "run `swift run igroups privacy-record > docs/PRIVACY-RECORD.md`")
            for declaration in app.privacyRegistry.declarations {
                #expect(record.contains("### `\(declaration.table)`"))
                #expect(record.contains(declaration.purpose))
            }
        }
    }

    @Test("The command prints the record with the operator's details, and /admin/privacy shows it to operators only")
    func commandAndPage() async throws {
        let result = try Program.run(["privacy-record"], environment: ["CONTROLLER_NAME": "Roklubben Øst", "CONTROLLER_EMAIL": "privat@roklubben.dk", "DATA_DIR": FileManager.default.temporaryDirectory.appendingPathComponent("record-\(UUID().uuidString)").path])
        #expect(result.status == 0)
        #expect(result.output.contains("- Controller: Roklubben Øst"))
        #expect(result.output.contains("privat@roklubben.dk"))
        #expect(result.output.contains("### `users`"))
        try await withTestApp { app in
            var person = Browser(app)
            try await person.signUpVerified("mette")
            #expect(try await person.get("/admin/privacy").status == .notFound)
            let user = try #require(try await User.query(on: app.db).first())
            user.isOperator = true
            try await user.save(on: app.db)
            let page = try await person.get("/admin/privacy")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("<code>page_revisions</code>"))
        }
    }
}
