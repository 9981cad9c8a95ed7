import Foundation
import Vapor

/// Renders the product's mails in the recipient's language and hands them to the transport.
/// Called from jobs only: a request queues a job and never waits for a mail server.
package enum Mailer {
    /// Renders a template for a recipient and sends it.
    package static func deliver(_ template: MailTemplate, to recipient: MailAddress, language: Language, app: Application) async throws {
        let content = template.render(app.translations.localizer(language), settings: app.settings)
        try await app.mailTransport.send(MailMessage(from: app.settings.mailFrom, to: recipient, subject: content.subject, text: content.text, html: content.html))
    }
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
}
