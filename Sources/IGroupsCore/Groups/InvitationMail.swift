import Fluent
import SQLKit
import Vapor

/// Sends an invitation by mail. The job makes the link's token when it runs, so the queue never holds a usable link.
package enum InvitationMail {
    package static let jobKind = "group.invitation"

    struct Job: Codable {
        let invitationID: UUID
        let language: Language
    }

    /// Queues the mail for an invitation, in the inviter's language.
    package static func queue(_ invitationID: UUID, language: Language, app: Application, on db: any Database) async throws {
        try await app.jobQueue.enqueue(jobKind, payload: Job(invitationID: invitationID, language: language), on: db)
    }

    package static func registerJob(on app: Application) {
        app.jobQueue.register(jobKind) { payload, app in
            let job = try JSONDecoder().decode(Job.self, from: Data(payload.utf8))
            guard let invitation = try await Invitation.find(job.invitationID, on: app.db), invitation.isUsable(), let email = invitation.email else { return }
            let group = try await invitation.$group.get(on: app.db)
            let inviter = try await invitation.$invitedBy.get(on: app.db)
            let token = SecureToken.make()
            invitation.tokenHash = SecureToken.hash(token)
            try await invitation.save(on: app.db)
            // Someone who already has an account gets the mail in their own language.
            let existing = try await User.query(on: app.db).filter(\.$emailKey == EmailAddress.key(email)).first()
            let language = existing.flatMap { Language(rawValue: $0.language) } ?? job.language
            let values = ["name": existing?.name ?? email, "group": group.name, "inviter": inviter?.name ?? group.name]
            let template = MailTemplate(
                subjectKey: "mail.invitation.subject", values: values,
                paragraphKeys: ["mail.invitation.body", "mail.invitation.expiry"],
                action: ("mail.invitation.action", app.settings.absolute("/invite/" + token))
            )
            try await Mailer.deliver(template, to: MailAddress(email: email, name: existing?.name), language: language, app: app)
        }
    }
}
