import Fluent
import Foundation
import Vapor

/// Queues mail as jobs; the worker hands them to the configured transport.
package struct Mailer: Sendable {
    package static let jobKind = "mail.send"
    let app: Application
    let db: any Database

    /// Queues one message for delivery; never sends inside a request.
    package func send(_ message: MailMessage) async throws {
        try await app.jobQueue.enqueue(Self.jobKind, payload: message, on: db)
    }

    /// Queues a mail built from a template for a recipient in their language.
    package func send(to address: MailAddress, language: Language, _ mail: MailTemplate) async throws {
        let t = app.translations.localizer(language)
        let content = mail.render(t, settings: app.settings)
        try await send(MailMessage(from: app.settings.mailFrom, to: address, subject: content.subject, text: content.text, html: content.html))
    }

    /// Registers the job that delivers queued mail.
    package static func registerJob(on app: Application) {
        app.jobQueue.register(jobKind) { payload, app in
            let message = try JSONDecoder().decode(MailMessage.self, from: Data(payload.utf8))
            try await app.mailTransport.send(message)
        }
    }
}

extension Request {
    /// The mailer for this request's database.
    package var mailer: Mailer { Mailer(app: application, db: db) }
}

extension Application {
    private struct MailTransportKey: StorageKey { typealias Value = any MailTransport }

    /// The transport that delivers mail; set once in `configure`.
    package var mailTransport: any MailTransport {
        get {
            guard let transport = storage[MailTransportKey.self] else { fatalError("configure sets the mail transport before use") }
            return transport
        }
        set { storage[MailTransportKey.self] = newValue }
    }

    /// The mailer for background code.
    package var mailer: Mailer { Mailer(app: self, db: db) }
}
