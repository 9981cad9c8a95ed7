import Foundation
import Vapor

/// Signs requests to an S3-compatible store with AWS Signature Version 4, so the store knows each one
/// comes from the holder of the secret key and was not changed on the way (method, path, query,
/// the signed headers and the hash of the body are all part of the signature).
package struct SignatureV4: Sendable {
    package let accessKeyID: String
    package let secretAccessKey: String
    package let region: String
    package let service: String

    /// The hash of an empty body, sent with every request that has none.
    package static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    package init(accessKeyID: String, secretAccessKey: String, region: String, service: String = "s3") {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.region = region
        self.service = service
    }

    /// A signed request: the headers to send, and the steps to the signature, which a refusing store echoes back.
    package struct Signed: Sendable {
        /// The given headers with `x-amz-date`, `x-amz-content-sha256` and `Authorization` added.
        package var headers: [(name: String, value: String)]
        package var canonicalRequest: String
        package var stringToSign: String
        package var signature: String
    }

    /// Signs a request. The path is the plain one (`/bucket/a key.txt`): it is encoded here the way it must be
    /// sent (`encode(_:keepingSlash:)`), and the query as `canonicalQuery(_:)` writes it. The headers must
    /// include `host`; every header given is signed.
    package func sign(
        method: String, path: String, query: [(name: String, value: String)],
        headers: [(name: String, value: String)], payloadHash: String, date: Date
    ) -> Signed {
        let (day, timestamp) = Self.timestamps(date)
        var all = headers.map { (name: $0.name.lowercased(), value: Self.trimmed($0.value)) }
        all.append(("x-amz-content-sha256", payloadHash))
        all.append(("x-amz-date", timestamp))
        all.sort { $0.name < $1.name }
        let signedHeaders = all.map(\.name).joined(separator: ";")
        let canonicalRequest = [
            method,
            Self.encode(path, keepingSlash: true),
            Self.canonicalQuery(query),
            all.map { "\($0.name):\($0.value)\n" }.joined(),
            signedHeaders,
            payloadHash,
        ].joined(separator: "\n")
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = ["AWS4-HMAC-SHA256", timestamp, scope, SecureToken.hex(SHA256.hash(data: Data(canonicalRequest.utf8)))].joined(separator: "\n")

        // The key is derived from the secret for the day, region and service, so a leaked key opens no more than that.
        var key = SymmetricKey(data: Data("AWS4\(secretAccessKey)".utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Data(part.utf8), using: key))
        }
        let signature = SecureToken.hex(HMAC<SHA256>.authenticationCode(for: Data(stringToSign.utf8), using: key))
        let authorization = "AWS4-HMAC-SHA256 Credential=\(accessKeyID)/\(scope),SignedHeaders=\(signedHeaders),Signature=\(signature)"
        return Signed(headers: all + [("authorization", authorization)], canonicalRequest: canonicalRequest, stringToSign: stringToSign, signature: signature)
    }

    /// Percent-encodes as SigV4 asks: every UTF-8 byte except `A–Z a–z 0–9 - . _ ~` (and `/` in a path)
    /// becomes `%XX` in capitals. The store encodes what it receives the same way, so both sign the same text.
    package static func encode(_ text: String, keepingSlash: Bool = false) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "/") where keepingSlash:
                encoded.append("/")
            default:
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return encoded
    }

    /// The query as it is signed and sent: names and values encoded, sorted by name, then value.
    package static func canonicalQuery(_ items: [(name: String, value: String)]) -> String {
        let encoded: [(name: String, value: String)] = items.map { (encode($0.name), encode($0.value)) }
        // Encoded text is ASCII, so comparing strings compares bytes, as the store does.
        let sorted = encoded.sorted { $0.name == $1.name ? $0.value < $1.value : $0.name < $1.name }
        return sorted.map { $0.name + "=" + $0.value }.joined(separator: "&")
    }

    /// The day (`20130524`) and time (`20130524T000000Z`) of the signature, in UTC.
    static func timestamps(_ date: Date) -> (day: String, time: String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func digits(_ number: Int?, _ width: Int) -> String { String(number ?? 0).leftPadded(to: width) }
        let day = digits(parts.year, 4) + digits(parts.month, 2) + digits(parts.day, 2)
        let time = digits(parts.hour, 2) + digits(parts.minute, 2) + digits(parts.second, 2)
        return (day, day + "T" + time + "Z")
    }

    /// A header value as signed: without surrounding spaces, runs of spaces inside made one.
    static func trimmed(_ value: String) -> String {
        value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
