import Fluent
import Vapor

/// The mails about an account, each with a fresh single-use link where one is needed.
package enum AccountMails {
    /// Makes a token row for a purpose and returns the link that carries the token.
    static func link(for user: User, purpose: EmailToken.Purpose, newEmail: String? = nil, path: String, on req: Request) async throws -> String {
        let token = SecureToken.make()
        try await EmailToken(userID: try user.requireID(), purpose: purpose, tokenHash: SecureToken.hash(token), newEmail: newEmail, now: Date()).create(on: req.db)
        return req.application.settings.absolute(path + token)
    }

    static func language(of user: User) -> Language {
        Language(rawValue: user.language) ?? .da
    }

    /// Asks a new account to confirm its address.
    package static func sendVerification(to user: User, on req: Request) async throws {
        let url = try await link(for: user, purpose: .verify, path: "/verify/", on: req)
        try await req.mailer.send(to: MailAddress(email: user.email, name: user.name), language: language(of: user), MailTemplate(
            subjectKey: "mail.verify.subject", values: ["name": user.name],
            paragraphKeys: ["mail.verify.body", "mail.verify.expiry"], action: ("mail.verify.action", url)))
    }

    /// Sends a password reset link, valid one hour.
    package static func sendReset(to user: User, on req: Request) async throws {
        let url = try await link(for: user, purpose: .reset, path: "/password/reset/", on: req)
        try await req.mailer.send(to: MailAddress(email: user.email, name: user.name), language: language(of: user), MailTemplate(
            subjectKey: "mail.reset.subject", values: ["name": user.name],
            paragraphKeys: ["mail.reset.body", "mail.reset.ignore"], action: ("mail.reset.action", url)))
    }

    /// Asks the new address to confirm an email change.
    package static func sendEmailChange(to user: User, newEmail: String, on req: Request) async throws {
        let url = try await link(for: user, purpose: .changeEmail, newEmail: newEmail, path: "/verify/", on: req)
        try await req.mailer.send(to: MailAddress(email: newEmail, name: user.name), language: language(of: user), MailTemplate(
            subjectKey: "mail.change_email.subject", values: ["name": user.name, "email": newEmail],
            paragraphKeys: ["mail.change_email.body", "mail.verify.expiry"], action: ("mail.change_email.action", url)))
    }

    /// Tells the old address that the account now uses another.
    package static func sendEmailChanged(oldEmail: String, user: User, on req: Request) async throws {
        try await req.mailer.send(to: MailAddress(email: oldEmail, name: user.name), language: language(of: user), MailTemplate(
            subjectKey: "mail.email_changed.subject", values: ["name": user.name, "email": user.email],
            paragraphKeys: ["mail.email_changed.body", "mail.email_changed.not_you"]))
    }

    /// Tells a person their password was changed.
    package static func sendPasswordChanged(to user: User, on req: Request) async throws {
        try await req.mailer.send(to: MailAddress(email: user.email, name: user.name), language: language(of: user), MailTemplate(
            subjectKey: "mail.password_changed.subject", values: ["name": user.name],
            paragraphKeys: ["mail.password_changed.body", "mail.email_changed.not_you"]))
    }
}
