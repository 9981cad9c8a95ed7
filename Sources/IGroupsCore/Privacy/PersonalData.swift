import Foundation

/// One table that holds personal data, declared by the part of the program that owns it.
/// The privacy registry (export, erasure, the record of processing) walks these declarations.
package struct PersonalData: Sendable {
    /// How a row is known to belong to the person.
    package enum Match: Sendable {
        /// The column holds the person's id.
        case id
        /// The column holds the person's email address (lower-case), e.g. an invitation sent to it.
        case email
        /// The column is text (a job's payload) that mentions the person's id or address.
        case mentions
    }

    /// What happens to a person's rows when their profile is erased.
    package enum Erasure: Sendable {
        /// The rows are deleted.
        case delete
        /// The rows stay for the sake of other people's threads and pages: the column that points at the
        /// person is emptied, and so are the listed content columns.
        case tombstone(clearing: [String])
        /// The rows stay because a law requires them (bookkeeping): the column that points at the person
        /// and the listed columns are emptied; the `keeping` columns stay as the law needs them (the name
        /// and address an invoice was made out to).
        case legalHold(clearing: [String], keeping: [String])
    }

    /// Why the data may be processed (GDPR art. 6(1)).
    package enum LegalBasis: String, Sendable {
        case contract = "Contract: the service the person signed up for (art. 6(1)(b))"
        case legitimateInterest = "Legitimate interest: security and the working of the service (art. 6(1)(f))"
        case consent = "Consent (art. 6(1)(a))"
        case legalObligation = "Legal obligation: bookkeeping (art. 6(1)(c))"
    }

    package let table: String
    /// The column that points at the person.
    package let userColumn: String
    package let match: Match
    /// Why the data is kept, in words for the record of processing.
    package let purpose: String
    package let legalBasis: LegalBasis
    /// How long it is kept.
    package let retention: String
    package let erasure: Erasure
    /// Whether the rows go into the person's download, and which columns never do (secrets, derived copies).
    package let exported: Bool
    package let omit: Set<String>

    /// The name of its file in a person's download: the table when the row is the person's own,
    /// with the column added when they appear in someone else's row (as inviter, as the admin who acted).
    package var exportName: String {
        match == .id && ["id", "user_id", "author_id"].contains(userColumn) ? table : table + "_" + userColumn
    }

    package init(
        table: String, userColumn: String, match: Match = .id, purpose: String, legalBasis: LegalBasis, retention: String,
        erasure: Erasure, exported: Bool = true, omit: Set<String> = []
    ) {
        self.table = table
        self.userColumn = userColumn
        self.match = match
        self.purpose = purpose
        self.legalBasis = legalBasis
        self.retention = retention
        self.erasure = erasure
        self.exported = exported
        self.omit = omit
    }
}
