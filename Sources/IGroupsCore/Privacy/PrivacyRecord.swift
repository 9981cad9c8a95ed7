import Foundation

/// The record of processing (GDPR art. 30), made from the privacy registry so it can never fall behind the code.
/// `igroups privacy-record` prints it; `/admin/privacy` shows it; `docs/PRIVACY-RECORD.md` is the default output.
package enum PrivacyRecord {
    package static func markdown(_ registry: PrivacyRegistry, controller: Settings.Controller) -> String {
        var lines: [String] = [
            "# Record of processing",
            "",
            "Made by `igroups privacy-record` from the privacy registry: every table that holds personal data,",
            "declared by the part of the program that owns it. A test fails when a table that refers to a person",
            "is missing here.",
            "",
            "- Controller: \(controller.name)" + (controller.address.isEmpty ? "" : ", \(controller.address)"),
            "- Contact for privacy questions: \(controller.email)",
            "- People concerned: members of the site (16 or older), and people invited to a group by email.",
            "- Recipients: no one outside the controller. Mail goes through the mail service the operator configures;",
            "  no analytics, advertising or social-media services receive data.",
            "- Transfers outside the EU/EEA: none by the program itself.",
            "- Security: passwords hashed with bcrypt; session, link and invitation tokens stored only as hashes;",
            "  CSRF protection and strict security headers; throttled logins; uploads decoded in a separate process.",
            "- A person's rights: `/me/privacy` downloads everything below that is marked as exported, and deletes the",
            "  profile at once, erasing as the table says.",
            "",
            "## Personal data by table",
            "",
        ]
        for declaration in registry.declarations {
            let found: String = switch declaration.match {
            case .id: "`\(declaration.userColumn)` holds the person's id"
            case .email: "`\(declaration.userColumn)` holds the person's email address"
            case .mentions: "`\(declaration.userColumn)` mentions the person's id or address"
            }
            let erasure: String = switch declaration.erasure {
            case .delete: "the rows are deleted"
            case .tombstone(let clearing):
                "the rows stay for others, with `\(declaration.userColumn)` emptied" + (clearing.isEmpty ? "" : " and " + clearing.map { "`\($0)`" }.joined(separator: ", ") + " cleared")
            case .legalHold(let clearing, let keeping):
                "legal hold: the rows stay until their time is up, cut off from the profile (`\(declaration.userColumn)` emptied"
                    + (clearing.isEmpty ? "" : ", " + clearing.map { "`\($0)`" }.joined(separator: ", ") + " cleared")
                    + (keeping.isEmpty ? "" : "; " + keeping.map { "`\($0)`" }.joined(separator: ", ") + " kept as the law requires") + ")"
            }
            let export = declaration.exported
                ? "`data/\(declaration.exportName).json`" + (declaration.omit.isEmpty ? "" : ", without " + declaration.omit.sorted().map { "`\($0)`" }.joined(separator: ", "))
                : "not part of the download (\(declaration.purpose.lowercased().hasPrefix("mail") ? "mail in transit" : "internal"))"
            lines += [
                "### `\(declaration.table)`" + (declaration.match == .id ? "" : " (by `\(declaration.userColumn)`)"),
                "",
                "- Purpose: \(declaration.purpose)",
                "- Legal basis: \(declaration.legalBasis.rawValue)",
                "- Whose: \(found)",
                "- Kept: \(declaration.retention)",
                "- In the download: \(export)",
                "- On erasure: \(erasure)",
                "",
            ]
        }
        return lines.joined(separator: "\n")
    }
}
