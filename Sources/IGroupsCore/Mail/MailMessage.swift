import Foundation

/// One address: an email with an optional display name.
package struct MailAddress: Sendable, Codable, Equatable {
    package var email: String
    package var name: String?

    package init(email: String, name: String? = nil) {
        self.email = email
        self.name = name
    }
}

/// One mail with a plain-text and an HTML part.
package struct MailMessage: Sendable, Codable, Equatable {
    package var from: MailAddress
    package var to: MailAddress
    package var subject: String
    package var text: String
    package var html: String

    package init(from: MailAddress, to: MailAddress, subject: String, text: String, html: String) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
    }
}

extension MailMessage {
    /// The message as RFC 5322 / MIME text with CRLF line ends: headers, then multipart/alternative (plain text, then HTML).
    package func mime(date: Date = Date(), messageID: String? = nil) -> String {
        let id = messageID.map { $0.hasPrefix("<") ? $0 : "<\($0)>" } ?? MIME.newMessageID(domain: MIME.domain(of: from.email))
        let boundary = "=_igroups_" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
        let lines = [
            "Date: " + MIME.rfc5322Date(date),
            "Message-ID: " + MIME.headerSafe(id),
            "From: " + MIME.address(from),
            "To: " + MIME.address(to),
            "Subject: " + MIME.headerText(subject),
            "MIME-Version: 1.0",
            "Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"",
            "",
            "This is a multi-part message in MIME format.",
            "",
            "--" + boundary,
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            MIME.quotedPrintable(text),
            "--" + boundary,
            "Content-Type: text/html; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            MIME.quotedPrintable(html),
            "--" + boundary + "--",
            "",
        ]
        return lines.joined(separator: "\r\n")
    }
}

/// The encodings a mail needs: header words, addresses, quoted-printable bodies, dates.
enum MIME {
    /// The part of an address after the last `@`, or `localhost`.
    static func domain(of email: String) -> String {
        guard let at = email.lastIndex(of: "@") else { return "localhost" }
        let domain = headerSafe(String(email[email.index(after: at)...])).filter { !$0.isWhitespace && $0 != ">" }
        return domain.isEmpty ? "localhost" : domain
    }

    /// A random `<...@domain>` identifier.
    static func newMessageID(domain: String) -> String {
        "<\(UUID().uuidString.lowercased()).\(Int(Date().timeIntervalSince1970))@\(domain)>"
    }

    /// Text with CR and LF turned into spaces, so no value can start a header of its own.
    static func headerSafe(_ text: String) -> String {
        String(text.map { $0 == "\r" || $0 == "\n" || $0 == "\r\n" ? " " : $0 })
    }

    /// Printable ASCII (and space) only: can go into a header as is.
    static func isPlainASCII(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
    }

    /// Header text as is when plain ASCII, otherwise as encoded-words.
    static func headerText(_ text: String) -> String {
        let clean = headerSafe(text)
        return isPlainASCII(clean) && !clean.contains("=?") ? clean : encodedWords(clean)
    }

    /// RFC 2047 base64 encoded-words of whole characters, folded onto continuation lines.
    static func encodedWords(_ clean: String) -> String {
        var words: [String] = []
        var chunk = ""
        for character in clean {
            // 45 bytes of UTF-8 become 60 base64 characters: a 72-character word, within RFC 2047's 75.
            if !chunk.isEmpty, chunk.utf8.count + String(character).utf8.count > 45 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?" + Data($0.utf8).base64EncodedString() + "?=" }.joined(separator: "\r\n ")
    }

    /// `Name <email>`, with the name quoted or encoded as needed.
    static func address(_ address: MailAddress) -> String {
        let email = address.email.filter { !"\r\n<> \t".contains($0) }
        guard let name = address.name.map(headerSafe), !name.trimmingCharacters(in: .whitespaces).isEmpty else { return email }
        // Many readers decode `=?...?=` even inside quotes, so such a name is encoded too.
        if !isPlainASCII(name) || name.contains("=?") { return encodedWords(name) + " <\(email)>" }
        let specials = CharacterSet(charactersIn: "()<>[]:;@\\,.\"")
        if name.unicodeScalars.contains(where: { specials.contains($0) }) || name.hasPrefix("=?") {
            let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(escaped)\" <\(email)>"
        }
        return "\(name) <\(email)>"
    }

    /// Quoted-printable (RFC 2045) with CRLF line ends and soft breaks keeping lines at most 76 characters.
    static func quotedPrintable(_ text: String) -> String {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var output: [String] = []
        for line in normalized.split(separator: "\n", omittingEmptySubsequences: false) {
            var current = ""
            let bytes = Array(line.utf8)
            for (index, byte) in bytes.enumerated() {
                let isLast = index == bytes.count - 1
                let isPrintable = (33...126).contains(byte) && byte != UInt8(ascii: "=")
                let isBlank = byte == 0x20 || byte == 0x09
                // Trailing blanks would be stripped in transit, and "From " at a line start gets mangled by mbox tools.
                let mustEscape = (isBlank && isLast) || (current.isEmpty && bytes[index...].starts(with: "From ".utf8))
                let encoded = (isPrintable || isBlank) && !mustEscape ? String(UnicodeScalar(byte)) : String(format: "=%02X", byte)
                if current.count + encoded.count > 75 {
                    output.append(current + "=")
                    current = ""
                }
                current += encoded
            }
            output.append(current)
        }
        return output.joined(separator: "\r\n")
    }

    /// A date as in `Thu, 26 Nov 2026 18:04:48 +0000`.
    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }
}
