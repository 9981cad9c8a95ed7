import Foundation

/// One table that holds personal data, declared by the part of the program that owns it.
/// The privacy registry (export, erasure, the record of processing) walks these declarations.
package struct PersonalData: Sendable {
    /// What happens to a person's rows when their profile is erased.
    package enum Erasure: Sendable {
        /// The rows are deleted.
        case delete
        /// The rows stay for the sake of others' threads, without author and content.
        case tombstone(clearing: [String])
    }

    package let table: String
    /// The column that points at the person.
    package let userColumn: String
    /// Why the data is kept, in words for the record of processing.
    package let purpose: String
    /// How long it is kept.
    package let retention: String
    package let erasure: Erasure

    package init(table: String, userColumn: String, purpose: String, retention: String, erasure: Erasure) {
        self.table = table
        self.userColumn = userColumn
        self.purpose = purpose
        self.retention = retention
        self.erasure = erasure
    }
}
