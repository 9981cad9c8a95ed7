import Foundation

extension MailAddress {
    /// Reads `Name <email>` or a bare email.
    package init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let open = trimmed.lastIndex(of: "<"), trimmed.hasSuffix(">") {
            let email = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            let name = trimmed[..<open].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            guard EmailAddress.isValid(email) else { return nil }
            self.init(email: email, name: name.isEmpty ? nil : name)
        } else {
            guard EmailAddress.isValid(trimmed) else { return nil }
            self.init(email: trimmed)
        }
    }
}

/// The one check of an email address's form.
package enum EmailAddress {
    /// True for `local@domain` with a sane local part and a dotted or `localhost` domain.
    package static func isValid(_ email: String) -> Bool {
        guard email.utf8.count <= 254, !email.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," || $0 == ";" || $0 == "\"" }) else { return false }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else { return false }
        let domain = parts[1]
        guard domain == "localhost" || (domain.contains(".") && !domain.hasPrefix(".") && !domain.hasSuffix(".") && !domain.contains("..")) else { return false }
        return domain.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." }
    }

    /// The form used to compare addresses: trimmed and lower-cased.
    package static func key(_ email: String) -> String {
        email.trimmingCharacters(in: .whitespaces).lowercased()
    }
}
