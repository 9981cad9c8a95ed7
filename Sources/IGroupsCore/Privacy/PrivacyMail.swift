import Fluent
import Foundation
import Vapor

/// Mail about a person's own data: the last mail after their profile is erased.
package enum PrivacyMail {
    static let farewellKind = "privacy.farewell"

    /// All the last mail needs, carried in the job itself because the account is already gone.
    struct Farewell: Codable {
        let email: String
        let name: String
        let language: String
        /// Cancelled by the operator because the person is under 16.
        var underAge: Bool? = nil
    }

    /// What a reporter of an under-age profile is told.
    struct AgeOutcome: Codable {
        let email: String
        let language: String
        let confirmed: Bool
    }

    static let ageOutcomeKind = "privacy.age_outcome"

    static func queueAgeOutcome(_ outcome: AgeOutcome, app: Application, on db: any Database) async throws {
        try await app.jobQueue.enqueue(ageOutcomeKind, payload: outcome, on: db)
    }

    static func queue(_ farewell: Farewell, app: Application, on db: any Database) async throws {
        try await app.jobQueue.enqueue(farewellKind, payload: farewell, on: db)
    }

    package static func registerJobs(on app: Application) {
        registerExportReady(on: app)
        registerBreachNotice(on: app)
        app.jobQueue.register(ageOutcomeKind) { payload, app in
            let outcome = try JSONDecoder().decode(AgeOutcome.self, from: Data(payload.utf8))
            let template = MailTemplate(
                subjectKey: "mail.age_outcome.subject", values: ["email": app.settings.controller.email],
                paragraphKeys: [outcome.confirmed ? "mail.age_outcome.confirmed" : "mail.age_outcome.dismissed", "mail.age_outcome.thanks"])
            try await Mailer.deliver(template, to: MailAddress(email: outcome.email, name: nil), language: Language(rawValue: outcome.language) ?? .da, app: app)
        }
        app.jobQueue.register(farewellKind) { payload, app in
            let farewell = try JSONDecoder().decode(Farewell.self, from: Data(payload.utf8))
            let template = MailTemplate(
                subjectKey: "mail.farewell.subject", values: ["name": farewell.name, "email": app.settings.controller.email],
                paragraphKeys: [farewell.underAge == true ? "mail.farewell.under_age" : "mail.farewell.body", "mail.farewell.kept"])
            try await Mailer.deliver(template, to: MailAddress(email: farewell.email, name: farewell.name), language: Language(rawValue: farewell.language) ?? .da, app: app)
        }
    }
}

extension PrivacyMail {
    static let exportReadyKind = "privacy.export_ready"

    struct ExportReady: Codable { let userID: UUID }

    static func queueExportReady(for userID: UUID, app: Application, on db: any Database) async throws {
        try await app.jobQueue.enqueue(exportReadyKind, payload: ExportReady(userID: userID), on: db)
    }

    static func registerExportReady(on app: Application) {
        app.jobQueue.register(exportReadyKind) { payload, app in
            let job = try JSONDecoder().decode(ExportReady.self, from: Data(payload.utf8))
            guard let user = try await User.find(job.userID, on: app.db) else { return }
            let template = MailTemplate(
                subjectKey: "mail.export_ready.subject", values: ["name": user.name, "days": "7"],
                paragraphKeys: ["mail.export_ready.body", "mail.export_ready.login"], action: ("mail.export_ready.action", app.settings.absolute("/me/privacy")))
            try await Mailer.deliver(template, to: MailAddress(email: user.email, name: user.name), language: Language(rawValue: user.language) ?? .da, app: app)
        }
    }
}

extension PrivacyMail {
    static let breachNoticeKind = "privacy.breach_notice"

    struct BreachNoticeJob: Codable {
        let breachID: UUID
        let userID: UUID
    }

    static func queueBreachNotice(breachID: UUID, userID: UUID, app: Application, on db: any Database) async throws {
        try await app.jobQueue.enqueue(breachNoticeKind, payload: BreachNoticeJob(breachID: breachID, userID: userID), on: db)
    }

    /// The notice of a breach, in the person's language, with the operator's own account of it.
    static func registerBreachNotice(on app: Application) {
        app.jobQueue.register(breachNoticeKind) { payload, app in
            let job = try JSONDecoder().decode(BreachNoticeJob.self, from: Data(payload.utf8))
            guard let breach = try await Breach.find(job.breachID, on: app.db), let user = try await User.find(job.userID, on: app.db) else { return }
            let template = MailTemplate(
                subjectKey: "mail.breach.subject",
                values: [
                    "name": user.name, "date": breach.occurredOn, "title": breach.title, "data": breach.dataAffected,
                    "measures": breach.measures, "email": app.settings.controller.email,
                ],
                paragraphKeys: ["mail.breach.intro", "mail.breach.what", "mail.breach.data", "mail.breach.measures", "mail.breach.advice", "mail.breach.contact"],
                action: ("mail.breach.action", app.settings.absolute("/me/security")))
            try await Mailer.deliver(template, to: MailAddress(email: user.email, name: user.name), language: Language(rawValue: user.language) ?? .da, app: app)
        }
    }
}
