import Fluent
@testable import IGroupsCore
import SQLKit
import Testing
import Vapor

@Suite("The privacy registry")
struct PrivacyRegistryTests {
    struct Column: Hashable, CustomStringConvertible {
        let table: String
        let column: String
        var description: String { "\(table).\(column)" }
    }

    /// Every column of every table, read from the database after all migrations.
    static func columns(_ db: any Database) async throws -> Set<Column> {
        var result: Set<Column> = []
        if db is any SQLDatabase, (db as! any SQLDatabase).dialect.name == "sqlite" {
            struct Table: Decodable { let name: String }
            struct Info: Decodable { let name: String }
            let tables = try await db.sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all(decoding: Table.self)
            for table in tables {
                for info in try await db.sql.raw("SELECT name FROM pragma_table_info(\(bind: table.name))").all(decoding: Info.self) {
                    result.insert(Column(table: table.name, column: info.name))
                }
            }
        } else {
            struct Row: Decodable { let table_name: String; let column_name: String }
            let rows = try await db.sql.raw("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()").all(decoding: Row.self)
            result = Set(rows.map { Column(table: $0.table_name, column: $0.column_name) })
        }
        return result
    }

    /// The columns that reference the users table through a foreign key.
    static func foreignKeysToUsers(_ db: any Database) async throws -> Set<Column> {
        var result: Set<Column> = []
        if (db as! any SQLDatabase).dialect.name == "sqlite" {
            struct Table: Decodable { let name: String }
            struct Key: Decodable { let table: String; let from: String }
            let tables = try await db.sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all(decoding: Table.self)
            for table in tables {
                for key in try await db.sql.raw("SELECT \"table\", \"from\" FROM pragma_foreign_key_list(\(bind: table.name))").all(decoding: Key.self) where key.table == User.schema {
                    result.insert(Column(table: table.name, column: key.from))
                }
            }
        } else {
            struct Row: Decodable { let table_name: String; let column_name: String }
            let rows = try await db.sql.raw("""
                SELECT kcu.table_name, kcu.column_name FROM information_schema.table_constraints tc
                JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
                JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
                WHERE tc.constraint_type = 'FOREIGN KEY' AND ccu.table_name = 'users' AND tc.table_schema = current_schema()
                """).all(decoding: Row.self)
            result = Set(rows.map { Column(table: $0.table_name, column: $0.column_name) })
        }
        return result
    }

    @Test("Every column that references a person is declared, and every declaration names a real table and column")
    func everyReferenceDeclared() async throws {
        try await withTestApp { app in
            let registry = app.privacyRegistry
            let declared = Set(registry.declarations.map { Column(table: $0.table, column: $0.userColumn) })
            let columns = try await Self.columns(app.db)
            let keys = try await Self.foreignKeysToUsers(app.db)
            #expect(keys.count >= 10, "found only \(keys.sorted { $0.description < $1.description })")
            // Columns that point at a person by name, with or without a foreign key.
            let named = columns.filter { ["user_id", "author_id", "email"].contains($0.column) || $0.column.hasSuffix("_by_id") }
            for column in keys.union(named).subtracting([Column(table: User.schema, column: "email")]) {
                #expect(declared.contains(column), "\(column) refers to a person but is not declared in the privacy registry")
            }
            for declaration in registry.declarations {
                #expect(columns.contains(Column(table: declaration.table, column: declaration.userColumn)), "declared \(declaration.table).\(declaration.userColumn) does not exist")
                for column in declaration.omit {
                    #expect(columns.contains(Column(table: declaration.table, column: column)), "omitted \(declaration.table).\(column) does not exist")
                }
                switch declaration.erasure {
                case .delete: break
                case .tombstone(let clearing):
                    #expect(declaration.match == .id)
                    for column in clearing { #expect(columns.contains(Column(table: declaration.table, column: column))) }
                case .legalHold(let clearing, let keeping):
                    #expect(declaration.match != .mentions && declaration.legalBasis == .legalObligation)
                    for column in clearing + keeping { #expect(columns.contains(Column(table: declaration.table, column: column))) }
                }
            }
            #expect(registry.declarations.last?.table == User.schema, "the account row is erased last")
        }
    }

    @Test("Each kind of data has its own file name in the download and an explanation in both languages")
    func exportNames() async throws {
        try await withTestApp { app in
            let exported = app.privacyRegistry.declarations.filter(\.exported)
            #expect(Set(exported.map(\.exportName)).count == exported.count, "two declarations share a file name")
            for language in [Language.da, .en] {
                let t = app.translations.localizer(language)
                for declaration in exported {
                    let key = "export.file." + declaration.exportName
                    #expect(t(key) != key, "\(key) is missing in \(language)")
                }
            }
        }
    }
}
