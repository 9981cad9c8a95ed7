import Foundation

/// The one place that says what a valid account field is; messages are translation keys.
package enum AccountRules {
    package static let minimumAge = 16
    package static let usernameLength = 3...32
    package static let passwordMinimum = 8
    // Bcrypt reads only the first 72 bytes of a password.
    package static let passwordMaximumBytes = 72

    /// Checks a username's form; uniqueness is checked against the database.
    package static func usernameProblem(_ username: String) -> String? {
        guard usernameLength.contains(username.count) else { return "account.error.username_length" }
        let allowed = username.unicodeScalars.allSatisfy {
            ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || $0 == "-" || $0 == "_"
        }
        return allowed ? nil : "account.error.username_characters"
    }

    /// Checks a display name.
    package static func nameProblem(_ name: String) -> String? {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return "account.error.name_required" }
        if trimmed.count > 100 { return "account.error.name_length" }
        return nil
    }

    /// Checks an email's form.
    package static func emailProblem(_ email: String) -> String? {
        EmailAddress.isValid(email.trimmingCharacters(in: .whitespaces)) ? nil : "account.error.email_invalid"
    }

    /// Checks a new password: length, and not on the common list nor the same as the username or email.
    package static func passwordProblem(_ password: String, username: String, email: String, common: CommonPasswords) -> String? {
        if password.count < passwordMinimum { return "account.error.password_short" }
        if password.utf8.count > passwordMaximumBytes { return "account.error.password_long" }
        let lowered = password.lowercased()
        if common.contains(password) || lowered == username.lowercased() || lowered == email.lowercased() {
            return "account.error.password_common"
        }
        return nil
    }

    /// Reads `YYYY-MM-DD` into a calendar date.
    package static func parseDate(_ text: String) -> DateComponents? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let components = DateComponents(year: y, month: m, day: d)
        guard let date = calendar.date(from: components), calendar.dateComponents([.year, .month, .day], from: date) == components else { return nil }
        return components
    }

    /// Whole years between a birthdate and a day.
    package static func age(birthdate: DateComponents, on today: Date = Date()) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Localizer.defaultTimeZone
        let now = calendar.dateComponents([.year, .month, .day], from: today)
        var years = (now.year ?? 0) - (birthdate.year ?? 0)
        if (now.month ?? 0, now.day ?? 0) < (birthdate.month ?? 0, birthdate.day ?? 0) { years -= 1 }
        return years
    }

    /// Checks a birthdate: a real date, not in the future, and at least 16 years ago.
    package static func birthdateProblem(_ text: String, today: Date = Date()) -> String? {
        guard let date = parseDate(text.trimmingCharacters(in: .whitespaces)) else { return "account.error.birthdate_invalid" }
        let age = age(birthdate: date, on: today)
        if age < 0 || age > 125 { return "account.error.birthdate_invalid" }
        if age < minimumAge { return "account.error.too_young" }
        return nil
    }

    /// Checks a homepage: empty, or an http/https address.
    package static func homepageProblem(_ url: String) -> String? {
        let trimmed = url.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        guard trimmed.count <= 500, let parsed = URL(string: trimmed), let scheme = parsed.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = parsed.host, !host.isEmpty
        else { return "account.error.homepage_invalid" }
        return nil
    }

    /// A path a form may send someone back to: on this site, never to another host.
    package static func safeReturnPath(_ path: String?) -> String {
        // Browsers drop tabs and newlines and read a backslash as a slash, so none may appear at all.
        guard let path, path.hasPrefix("/"), !path.hasPrefix("//"),
              !path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "\\" }),
              let parsed = URLComponents(string: path), parsed.scheme == nil, parsed.host == nil
        else { return "/" }
        return path
    }
}
