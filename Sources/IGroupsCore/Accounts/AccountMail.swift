import Fluent
import Vapor

/// The mails about an account. Each is a job that makes its single-use link when it runs, so no
/// usable link is ever stored, not even in the queue, and the request does the same work whether
/// or not an address has an account.
package enum AccountMail: String, Codable, Sendable {
    case verify, reset, changeEmail, emailChanged, passwordChanged, suspended

    package static let jobKind = "account.mail"
    /// A person gets at most one link of a kind a minute, however often they ask.
    static let linkInterval: TimeInterval = 60

    struct Job: Codable {
        let mail: AccountMail
        let userID: UUID?
        /// The address asked about (reset), the new address (change) or the old one (changed).
        let email: String?
    }

    /// Queues this mail for an account, in the caller's transaction when it has one.
    package func queue(for userID: UUID?, email: String? = nil, app: Application, on db: any Database) async throws {
        try await app.jobQueue.enqueue(Self.jobKind, payload: Job(mail: self, userID: userID, email: email), on: db)
    }

    /// Registers the job that makes the links and sends the mails.
    package static func registerJob(on app: Application) {
        app.jobQueue.register(jobKind) { payload, app in
            let job = try JSONDecoder().decode(Job.self, from: Data(payload.utf8))
            try await job.mail.deliver(job, app: app)
        }
    }

    func deliver(_ job: Job, app: Application) async throws {
        let db = app.db
        let found: User? = if let id = job.userID {
            try await User.find(id, on: db)
        } else if let email = job.email {
            try await User.query(on: db).filter(\.$emailKey == EmailAddress.key(email)).first()
        } else { nil }
        guard let user = found, let userID = user.id else { return }
        let to = MailAddress(email: user.email, name: user.name)
        let values = ["name": user.name, "email": job.email ?? user.email]
        let template: MailTemplate
        var recipient = to
        switch self {
        case .verify:
            guard !user.isVerified, try await !Self.recentlySent(.verify, to: userID, on: db) else { return }
            let url = try await Self.link(userID: userID, purpose: .verify, path: "/verify/", app: app)
            template = MailTemplate(subjectKey: "mail.verify.subject", values: values, paragraphKeys: ["mail.verify.body", "mail.verify.expiry"], action: ("mail.verify.action", url))
        case .reset:
            guard try await !Self.recentlySent(.reset, to: userID, on: db) else { return }
            let url = try await Self.link(userID: userID, purpose: .reset, path: "/password/reset/", app: app)
            template = MailTemplate(subjectKey: "mail.reset.subject", values: values, paragraphKeys: ["mail.reset.body", "mail.reset.ignore"], action: ("mail.reset.action", url))
        case .changeEmail:
            guard let newEmail = job.email, try await !Self.recentlySent(.changeEmail, to: userID, on: db) else { return }
            let url = try await Self.link(userID: userID, purpose: .changeEmail, newEmail: newEmail, path: "/verify/", app: app)
            template = MailTemplate(subjectKey: "mail.change_email.subject", values: values, paragraphKeys: ["mail.change_email.body", "mail.verify.expiry"], action: ("mail.change_email.action", url))
            recipient = MailAddress(email: newEmail, name: user.name)
        case .emailChanged:
            guard let oldEmail = job.email else { return }
            template = MailTemplate(subjectKey: "mail.email_changed.subject", values: ["name": user.name, "email": user.email], paragraphKeys: ["mail.email_changed.body", "mail.email_changed.not_you"])
            recipient = MailAddress(email: oldEmail, name: user.name)
        case .suspended:
            template = MailTemplate(subjectKey: "mail.suspended.subject", values: ["name": user.name, "reason": user.suspensionReason ?? "", "email": app.settings.controller.email], paragraphKeys: ["mail.suspended.body", "mail.suspended.contact"])
        case .passwordChanged:
            template = MailTemplate(subjectKey: "mail.password_changed.subject", values: values, paragraphKeys: ["mail.password_changed.body", "mail.email_changed.not_you"])
        }
        try await Mailer.deliver(template, to: recipient, language: Language(rawValue: user.language) ?? .da, app: app)
    }

    /// Makes a token row and returns the absolute link that carries the token.
    static func link(userID: UUID, purpose: EmailToken.Purpose, newEmail: String? = nil, path: String, app: Application) async throws -> String {
        let token = SecureToken.make()
        try await EmailToken(userID: userID, purpose: purpose, tokenHash: SecureToken.hash(token), newEmail: newEmail, now: Date()).create(on: app.db)
        return app.settings.absolute(path + token)
    }

    /// True when a link of this kind went to the person within the last minute.
    static func recentlySent(_ purpose: EmailToken.Purpose, to userID: UUID, on db: any Database) async throws -> Bool {
        try await EmailToken.query(on: db)
            .filter(\.$user.$id == userID)
            .filter(\.$purpose == purpose)
            .filter(\.$createdAt > Date().addingTimeInterval(-linkInterval))
            .first() != nil
    }
}
