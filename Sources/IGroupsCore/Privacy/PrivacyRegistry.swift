import Fluent
import Foundation
import SQLKit
import Vapor

/// Every table that holds personal data, Core's and the built modules', walked by export and erasure.
package struct PrivacyRegistry: Sendable {
    package let declarations: [PersonalData]

    /// Core's declarations, then each module's, and the person's own row last.
    package init(modules: [any GroupModule]) {
        let core = CorePersonalData.declarations
        let own = core.filter { $0.table == User.schema }
        declarations = core.filter { $0.table != User.schema } + modules.flatMap(\.personalData) + own
    }

    /// Who the rows are about.
    package struct Person: Sendable {
        package let id: UUID
        package let emailKey: String

        package init(id: UUID, emailKey: String) {
            self.id = id
            self.emailKey = emailKey
        }
    }

    /// The condition that picks the person's rows in a declared table.
    static func condition(_ declaration: PersonalData, _ person: Person) -> any SQLExpression {
        let column = SQLIdentifier(declaration.userColumn)
        switch declaration.match {
        case .id:
            return SQLBinaryExpression(column, .equal, SQLBind(person.id))
        case .email:
            return SQLBinaryExpression(SQLFunction("LOWER", args: column), .equal, SQLBind(person.emailKey))
        case .mentions:
            let id = "%" + person.id.uuidString.lowercased() + "%"
            let email = "%" + GroupsController.escapeLike(person.emailKey) + "%"
            return SQLQueryString("(LOWER(\(ident: declaration.userColumn)) LIKE \(bind: id) OR LOWER(\(ident: declaration.userColumn)) LIKE \(bind: email) ESCAPE '\\')")
        }
    }

    /// The person's rows of one declaration, as JSON objects without the omitted columns.
    package func rows(_ declaration: PersonalData, of person: Person, on db: any Database) async throws -> [[String: JSONValue]] {
        let rows = try await db.sql.select().column(SQLLiteral.all).from(declaration.table)
            .where(Self.condition(declaration, person)).all()
        return rows.map { row in
            var object: [String: JSONValue] = [:]
            for column in row.allColumns where !declaration.omit.contains(column) {
                object[column] = JSONValue(column: column, of: row)
            }
            return object
        }
    }

    /// Erases the person through every declaration, in one transaction: rows deleted, or kept as
    /// tombstones without the person and without the cleared content; the account row last.
    package func erase(_ person: Person, on db: any Database) async throws {
        try await db.transaction { db in
            for declaration in declarations {
                let condition = Self.condition(declaration, person)
                switch declaration.erasure {
                case .delete:
                    try await db.sql.delete(from: declaration.table).where(condition).run()
                case .tombstone(let clearing), .legalHold(let clearing, _):
                    var update = db.sql.update(declaration.table).set(SQLIdentifier(declaration.userColumn), to: SQLLiteral.null)
                    for column in clearing { update = update.set(SQLIdentifier(column), to: SQLBind("")) }
                    try await update.where(condition).run()
                }
            }
        }
    }
}

/// A value of a row in a person's download.
package enum JSONValue: Encodable, Sendable, Equatable {
    case null, bool(Bool), int(Int), double(Double), string(String)

    /// Reads a column by what its name says it holds: `*_at` a time, `id` and `*_id` an id, otherwise text or a number.
    init(column: String, of row: any SQLRow) {
        if (try? row.decodeNil(column: column)) ?? true {
            self = .null
        } else if column.hasSuffix("_at"), let date = try? row.decode(column: column, as: Date.self) {
            self = .string(date.formatted(.iso8601))
        } else if column == "id" || column.hasSuffix("_id"), let id = try? row.decode(column: column, as: UUID.self) {
            self = .string(id.uuidString.lowercased())
        } else if let text = try? row.decode(column: column, as: String.self) {
            self = .string(text)
        } else if let number = try? row.decode(column: column, as: Int.self) {
            self = .int(number)
        } else if let number = try? row.decode(column: column, as: Double.self) {
            self = .double(number)
        } else if let flag = try? row.decode(column: column, as: Bool.self) {
            self = .bool(flag)
        } else {
            self = .null
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        }
    }
}

extension Application {
    /// The registry of this program: Core's tables and those of the modules it is built with.
    package var privacyRegistry: PrivacyRegistry { PrivacyRegistry(modules: groupModules) }
}
