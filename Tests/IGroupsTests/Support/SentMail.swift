import Foundation

/// A mail read back from its MIME text, as a person's mail program would show it.
struct SentMail {
    let raw: String
    let to: String
    let subject: String
    let text: String
    let html: String

    init(raw: String) throws {
        self.raw = raw
        let (headers, _) = Self.split(raw)
        to = Self.decodeWords(headers["to"] ?? "")
        subject = Self.decodeWords(headers["subject"] ?? "")
        text = Self.part(raw, type: "text/plain")
        html = Self.part(raw, type: "text/html")
    }

    /// Every http(s) link in the plain-text part.
    var links: [String] {
        let pattern = try! NSRegularExpression(pattern: "https?://[^\\s<>\"]+")
        return pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range, in: text).map { String(text[$0]) }
        }
    }

    /// The path of the first link that contains a fragment, e.g. "/verify/".
    func path(containing fragment: String) -> String? {
        guard let link = links.first(where: { $0.contains(fragment) }), let url = URL(string: link) else { return nil }
        return url.path
    }

    static func split(_ block: String) -> ([String: String], String) {
        let normalized = block.replacingOccurrences(of: "\r\n", with: "\n")
        let pieces = normalized.components(separatedBy: "\n\n")
        var headers: [String: String] = [:]
        var last: String?
        for line in (pieces.first ?? "").split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(" ") || line.hasPrefix("\t"), let key = last {
                headers[key, default: ""] += " " + line.trimmingCharacters(in: .whitespaces)
            } else if let colon = line.firstIndex(of: ":") {
                let key = line[..<colon].lowercased()
                headers[key] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                last = key
            }
        }
        return (headers, pieces.dropFirst().joined(separator: "\n\n"))
    }

    static func part(_ raw: String, type: String) -> String {
        let (headers, body) = split(raw)
        let contentType = headers["content-type"] ?? ""
        if let range = contentType.range(of: "boundary=") {
            let boundary = contentType[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: "\"; ")).components(separatedBy: ";")[0].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            for section in body.components(separatedBy: "--" + boundary) {
                let trimmed = section.hasPrefix("\n") ? String(section.dropFirst()) : section
                let (partHeaders, partBody) = split(trimmed)
                if (partHeaders["content-type"] ?? "").lowercased().hasPrefix(type) {
                    return decode(partBody, encoding: partHeaders["content-transfer-encoding"] ?? "")
                }
            }
            return ""
        }
        return contentType.lowercased().hasPrefix(type) ? decode(body, encoding: headers["content-transfer-encoding"] ?? "") : ""
    }

    static func decode(_ body: String, encoding: String) -> String {
        switch encoding.lowercased() {
        case "quoted-printable":
            var bytes: [UInt8] = []
            let text = body.replacingOccurrences(of: "=\n", with: "")
            let utf8 = Array(text.utf8)
            var index = 0
            while index < utf8.count {
                if utf8[index] == UInt8(ascii: "="), index + 2 < utf8.count,
                   let value = UInt8(String(decoding: utf8[(index + 1)...(index + 2)], as: UTF8.self), radix: 16) {
                    bytes.append(value)
                    index += 3
                } else {
                    bytes.append(utf8[index])
                    index += 1
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        case "base64":
            return Data(base64Encoded: body.replacingOccurrences(of: "\n", with: "")).map { String(decoding: $0, as: UTF8.self) } ?? body
        default:
            return body
        }
    }

    /// Decodes RFC 2047 encoded words (`=?UTF-8?B?…?=` and `=?UTF-8?Q?…?=`).
    static func decodeWords(_ value: String) -> String {
        // Whitespace between two encoded words is not part of the text (RFC 2047 §6.2).
        let value = value.replacingOccurrences(of: "\\?=\\s+=\\?", with: "?==?", options: .regularExpression)
        let pattern = try! NSRegularExpression(pattern: "=\\?([^?]+)\\?([BbQq])\\?([^?]*)\\?=")
        var result = value
        for match in pattern.matches(in: value, range: NSRange(value.startIndex..., in: value)).reversed() {
            guard let whole = Range(match.range, in: value), let kind = Range(match.range(at: 2), in: value), let data = Range(match.range(at: 3), in: value) else { continue }
            let encoded = String(value[data])
            let decoded: String
            if value[kind].uppercased() == "B" {
                decoded = Data(base64Encoded: encoded).map { String(decoding: $0, as: UTF8.self) } ?? encoded
            } else {
                decoded = decode(encoded.replacingOccurrences(of: "_", with: " "), encoding: "quoted-printable")
            }
            result.replaceSubrange(whole, with: decoded)
        }
        return result
    }
}
