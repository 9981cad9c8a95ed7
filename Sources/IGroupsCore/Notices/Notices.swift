import Fluent
import Foundation
import SQLKit
import Vapor

/// Sends notices: a row for the person, one more on their unread count, and a mail when they want it.
package enum Notices {
    static let mailKind = "core.notice_mail"

    package struct Draft: Sendable {
        package let userID: UUID
        package let actorID: UUID?
        package let groupID: UUID?
        package let kind: String
        package let subject: String
        package let url: String
        /// Whether the person gets a mail too (if their settings say so).
        package let mail: Bool

        package init(userID: UUID, actorID: UUID?, groupID: UUID?, kind: String, subject: String, url: String, mail: Bool) {
            self.userID = userID
            self.actorID = actorID
            self.groupID = groupID
            self.kind = kind
            self.subject = subject
            self.url = url
            self.mail = mail
        }
    }

    struct MailJob: Codable { let noticeID: UUID }

    /// Records the notices in the caller's transaction and queues their mails.
    package static func send(_ drafts: [Draft], app: Application, on db: any Database) async throws {
        for draft in drafts {
            let notice = Notice()
            notice.$user.id = draft.userID
            notice.$actor.id = draft.actorID
            notice.$group.id = draft.groupID
            notice.kind = draft.kind
            notice.subject = String(draft.subject.prefix(200))
            notice.url = draft.url
            try await notice.create(on: db)
            try await db.sql.update(User.schema).set(SQLIdentifier("unread_notices"), to: SQLRaw("unread_notices + 1"))
                .where("id", .equal, SQLBind(draft.userID)).run()
            if draft.mail { try await app.jobQueue.enqueue(mailKind, payload: MailJob(noticeID: notice.requireID()), on: db) }
        }
    }

    package static func registerJob(on app: Application) {
        app.jobQueue.register(mailKind) { payload, app in
            let job = try JSONDecoder().decode(MailJob.self, from: Data(payload.utf8))
            // Read already, or the person said no to mail: nothing to send.
            guard let notice = try await Notice.find(job.noticeID, on: app.db), notice.readAt == nil,
                  let user = try await User.find(notice.$user.id, on: app.db), user.mentionMail, user.isVerified, user.suspendedAt == nil
            else { return }
            var actor: User?
            if let actorID = notice.$actor.id { actor = try await User.find(actorID, on: app.db) }
            let language = Language(rawValue: user.language) ?? .da
            let values = ["name": user.name, "actor": actor?.name ?? app.translations.localizer(language)("notices.someone"), "subject": notice.subject]
            let template = MailTemplate(
                subjectKey: "mail.notice.\(notice.kind).subject", values: values,
                paragraphKeys: ["mail.notice.\(notice.kind).body", "mail.notice.stop"],
                action: ("mail.notice.action", app.settings.absolute(notice.url)))
            try await Mailer.deliver(template, to: MailAddress(email: user.email, name: user.name), language: language, app: app)
        }
    }
}
