import Fluent
import Vapor

/// Mails about a person's place in a group, sent by a job in the person's language.
package enum GroupMail: String, Codable, Sendable {
    case requestApproved, requestDeclined

    package static let jobKind = "group.mail"

    struct Job: Codable {
        let mail: GroupMail
        let userID: UUID
        let groupID: UUID
    }

    /// Queues the mail.
    package func queue(to userID: UUID, about groupID: UUID, app: Application, on db: any Database) async throws {
        try await app.jobQueue.enqueue(Self.jobKind, payload: Job(mail: self, userID: userID, groupID: groupID), on: db)
    }

    /// Registers the job that sends these mails.
    package static func registerJob(on app: Application) {
        app.jobQueue.register(jobKind) { payload, app in
            let job = try JSONDecoder().decode(Job.self, from: Data(payload.utf8))
            guard let user = try await User.find(job.userID, on: app.db), let group = try await Group.find(job.groupID, on: app.db) else { return }
            let values = ["name": user.name, "group": group.name]
            let template: MailTemplate = switch job.mail {
            case .requestApproved:
                MailTemplate(subjectKey: "mail.request_approved.subject", values: values, paragraphKeys: ["mail.request_approved.body"], action: ("mail.request_approved.action", app.settings.absolute("/g/" + group.slug)))
            case .requestDeclined:
                MailTemplate(subjectKey: "mail.request_declined.subject", values: values, paragraphKeys: ["mail.request_declined.body"])
            }
            try await Mailer.deliver(template, to: MailAddress(email: user.email, name: user.name), language: Language(rawValue: user.language) ?? .da, app: app)
        }
    }
}
