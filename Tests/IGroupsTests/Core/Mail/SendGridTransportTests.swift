import Foundation
@testable import IGroupsCore
import NIOConcurrencyHelpers
import Testing
import Vapor

/// A local server that checks requests the way the provider's `POST /v3/mail/send` does.
final class FakeSendGrid: Sendable {
    let app: Application
    let apiKey: String
    let received = NIOLockedValueBox<[SendGridRequest]>([])

    struct SendGridRequest: Codable, Sendable {
        struct Address: Codable, Sendable { let email: String; let name: String? }
        struct Personalization: Codable, Sendable { let to: [Address] }
        struct Content: Codable, Sendable { let type: String; let value: String }
        let personalizations: [Personalization]
        let from: Address
        let subject: String
        let content: [Content]
    }

    struct ProviderError: Content { struct Item: Content { let message: String }; let errors: [Item] }

    init(apiKey: String) async throws {
        self.apiKey = apiKey
        app = try await Application.make(.testing)
        app.http.server.configuration.hostname = "127.0.0.1"
        app.http.server.configuration.port = 0
        app.post("v3", "mail", "send") { [received, apiKey] req async throws -> Response in
            guard req.headers.bearerAuthorization?.token == apiKey else {
                return try await ProviderError(errors: [.init(message: "The provided authorization grant is invalid, expired, or revoked")]).encodeResponse(status: .unauthorized, for: req)
            }
            guard req.headers.contentType == .json, let body = try? req.content.decode(SendGridRequest.self) else {
                return try await ProviderError(errors: [.init(message: "Bad Request")]).encodeResponse(status: .badRequest, for: req)
            }
            // The provider insists on text/plain before text/html and on at least one recipient.
            guard body.content.first?.type == "text/plain", body.personalizations.first?.to.isEmpty == false else {
                return try await ProviderError(errors: [.init(message: "content order or recipients invalid")]).encodeResponse(status: .badRequest, for: req)
            }
            received.withLockedValue { $0.append(body) }
            return Response(status: .accepted)
        }
        try await app.server.start()
    }

    var url: URL { URL(string: "http://127.0.0.1:\(app.http.server.shared.localAddress?.port ?? 0)")! }

    func stop() async throws {
        await app.server.shutdown()
        try await app.asyncShutdown()
    }
}

@Suite("SendGrid transport")
struct SendGridTransportTests {
    static let message = MailMessage(
        from: MailAddress(email: "no-reply@example.org", name: "iGroups"),
        to: MailAddress(email: "soeren@example.org", name: "Søren Østergaard"),
        subject: "Bekræft din e-mailadresse",
        text: "Hej Søren\n\nÅbn linket.",
        html: "<p>Hej Søren</p><p>Åbn linket.</p>"
    )

    @Test("A mail is posted to the provider's API with the key, both parts and the recipient")
    func sends() async throws {
        let provider = try await FakeSendGrid(apiKey: "SG.test-key")
        try await withTestApp { app in
            let transport = SendGridTransport(client: app.client, apiKey: "SG.test-key", baseURL: provider.url)
            try await transport.send(Self.message)
        }
        let received = provider.received.withLockedValue { $0 }
        try await provider.stop()
        #expect(received.count == 1)
        let body = try #require(received.first)
        #expect(body.personalizations[0].to[0].email == "soeren@example.org")
        #expect(body.personalizations[0].to[0].name == "Søren Østergaard")
        #expect(body.from.email == "no-reply@example.org")
        #expect(body.subject == "Bekræft din e-mailadresse")
        #expect(body.content.map(\.type) == ["text/plain", "text/html"])
        #expect(body.content[0].value.contains("Åbn linket"))
    }

    @Test("A refused key is an error, so the job retries later")
    func refused() async throws {
        let provider = try await FakeSendGrid(apiKey: "SG.right")
        try await withTestApp { app in
            let transport = SendGridTransport(client: app.client, apiKey: "SG.wrong", baseURL: provider.url)
            await #expect(throws: (any Error).self) { try await transport.send(Self.message) }
        }
        #expect(provider.received.withLockedValue { $0 }.isEmpty)
        try await provider.stop()
    }

    @Test("With MAIL_TRANSPORT=sendgrid, queued account mail goes out through the API")
    func throughTheQueue() async throws {
        let provider = try await FakeSendGrid(apiKey: "SG.queue")
        try await withTestApp(environment: ["MAIL_TRANSPORT": "sendgrid", "SENDGRID_API_KEY": "SG.queue", "SENDGRID_API_URL": provider.url.absoluteString]) { app in
            var browser = Browser(app)
            try await browser.signUp(username: "soeren", email: "soeren@example.org")
            try await app.jobQueue.runPending(app: app)
        }
        let received = provider.received.withLockedValue { $0 }
        try await provider.stop()
        #expect(received.count == 1)
        #expect(received.first?.subject == "Confirm your email address")
        #expect(received.first?.content[0].value.contains("/verify/") == true)
    }
}
