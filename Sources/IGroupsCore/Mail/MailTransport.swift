import Foundation
import Logging
import Vapor

/// Delivers one message; chosen by `MAIL_TRANSPORT`.
package protocol MailTransport: Sendable {
    func send(_ message: MailMessage) async throws
}

extension SMTPTransport: MailTransport {}

/// Writes each message as an `.eml` file in a folder and logs it: the default on a developer's machine.
package struct OutboxTransport: MailTransport {
    package let directory: String
    let logger: Logger

    package init(directory: String, logger: Logger) {
        self.directory = directory
        self.logger = logger
    }

    package func send(_ message: MailMessage) async throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let stamp = Int(Date().timeIntervalSince1970 * 1_000)
        let path = "\(directory)/\(stamp)-\(UUID().uuidString.prefix(8)).eml"
        try Data(message.mime().utf8).write(to: URL(fileURLWithPath: path))
        logger.info("mail written to the outbox", metadata: ["file": .string(path)])
    }
}

/// Sends through SendGrid's v3 HTTP API (`POST /v3/mail/send`).
package struct SendGridTransport: MailTransport {
    let client: any Client
    let apiKey: String
    let baseURL: URL

    package init(client: any Client, apiKey: String, baseURL: URL) {
        self.client = client
        self.apiKey = apiKey
        self.baseURL = baseURL
    }

    struct Body: Encodable {
        struct Address: Encodable { let email: String; let name: String? }
        struct Personalization: Encodable { let to: [Address] }
        struct Content: Encodable { let type: String; let value: String }
        let personalizations: [Personalization]
        let from: Address
        let subject: String
        let content: [Content]
    }

    package func send(_ message: MailMessage) async throws {
        let body = Body(
            personalizations: [.init(to: [.init(email: message.to.email, name: message.to.name)])],
            from: .init(email: message.from.email, name: message.from.name),
            subject: message.subject,
            content: [.init(type: "text/plain", value: message.text), .init(type: "text/html", value: message.html)]
        )
        var base = baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        let response = try await client.post(URI(string: base + "/v3/mail/send")) { request in
            request.headers.bearerAuthorization = BearerAuthorization(token: apiKey)
            try request.content.encode(body, as: .json)
        }
        guard (200..<300).contains(response.status.code) else {
            throw Abort(.badGateway, reason: "the mail provider answered \(response.status.code)")
        }
    }
}
