import Fluent
import Foundation
@testable import IGroupsCore
import SQLKit
import Testing

@Suite("A person read from a row")
struct UserRowTests {
    @Test("User.decode reads every column Fluent reads, and saving the person it makes writes only what changed")
    func sameAsFluent() async throws {
        try await withTestApp { app in
            var browser = Browser(app)
            try await browser.signUpVerified("bodil")
            let fluent = try #require(try await User.query(on: app.db).first())
            fluent.phone = "+45 11 22 33 44"
            fluent.suspensionReason = "prøve"
            try await fluent.save(on: app.db)
            let row = try #require(try await app.db.sql.raw("SELECT * FROM users").first())
            let manual = try User.decode(row)
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let fromFluent = try #require(try await User.find(fluent.id, on: app.db))
            #expect(String(decoding: try encoder.encode(manual), as: UTF8.self) == String(decoding: try encoder.encode(fromFluent), as: UTF8.self))
            // Every property of the model is set: none is left for Fluent alone.
            // The version is the database's own (UpdateUsersAddVersion): no model reads or writes it.
            let columns = Set(row.allColumns).subtracting(["version"])
            let set = Set(manual.properties.compactMap { ($0 as? any AnyDatabaseProperty)?.keys.map(\.description) }.flatMap { $0 })
            #expect(columns.isSubset(of: set), "columns User.decode leaves out: \(columns.subtracting(set))")
            // Meanwhile another request counts a notice for her: saving her phone must not undo it.
            try await app.db.sql.raw("UPDATE users SET unread_notices = 3").run()
            manual.phone = "+45 99 88 77 66"
            try await manual.save(on: app.db)
            #expect(try await User.query(on: app.db).count() == 1)
            let saved = try #require(try await User.find(fluent.id, on: app.db))
            #expect(saved.phone == "+45 99 88 77 66")
            #expect(saved.unreadNotices == 3, "a save wrote back columns it did not change")
        }
    }
}
