import FluentKit
import SQLKit

/// A plain SQL row as Fluent reads a model's fields from it, so a hot read can fill chosen properties
/// (`user.$name.output(from:)`) without Fluent's reflection over the whole model. Values filled this
/// way are loaded values, not changes: a later save writes only what the code changes.
package struct RowOutput: DatabaseOutput {
    let row: any SQLRow

    package init(_ row: any SQLRow) {
        self.row = row
    }

    package func schema(_ schema: String) -> any DatabaseOutput { self }
    package func contains(_ key: FieldKey) -> Bool { row.contains(column: key.description) }
    package func decodeNil(_ key: FieldKey) throws -> Bool { try row.decodeNil(column: key.description) }
    package func decode<T: Decodable>(_ key: FieldKey, as type: T.Type) throws -> T { try row.decode(column: key.description, as: T.self) }
    package var description: String { "row" }
}
