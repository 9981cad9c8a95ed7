import Fluent
import Foundation
import SQLKit

extension Database {
    /// Locks one row for the rest of the transaction by writing it unchanged as the transaction's first
    /// statement: PostgreSQL holds the row until commit; SQLite makes this the one writing transaction
    /// before it reads (one that read first could not write after another's commit). Two transactions
    /// that lock the same row then run one after the other.
    package func lockRow(_ table: String, id: UUID) async throws {
        try await sql.raw("UPDATE \(ident: table) SET id = id WHERE id = \(bind: id)").run()
    }
}
