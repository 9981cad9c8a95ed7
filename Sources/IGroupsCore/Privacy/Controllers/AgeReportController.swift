import Fluent
import Vapor

/// Reports of profiles of people under 16: anyone reports at `/u/:username/report-age`; the operator
/// decides at `/admin/reports`, where confirming cancels the account at once through erasure.
package struct AgeReportController: RouteCollection {
    package init() {}

    /// Reports one address may send in an hour.
    static let perHour = 5

    package func boot(routes: any RoutesBuilder) throws {
        routes.get("u", ":username", "report-age", use: showReport)
        routes.post("u", ":username", "report-age", use: report)
        routes.get("admin", "reports", use: queue)
        routes.post("admin", "reports", ":report", "confirm", use: confirm)
        routes.post("admin", "reports", ":report", "dismiss", use: dismiss)
    }

    static func person(_ req: Request) async throws -> User {
        let key = (req.parameters.get("username") ?? "").lowercased()
        guard let user = try await User.query(on: req.db).filter(\.$usernameKey == key).first() else { throw Abort(.notFound) }
        return user
    }

    struct Form: Content {
        var reason: String?
        var email: String?
    }

    @Sendable func showReport(req: Request) async throws -> Response {
        let user = try await Self.person(req)
        return AgeReportPage(layout: req.layout(title: req.t("age_report.title")), username: user.username, name: user.name, askEmail: req.viewer == nil, form: Form(), errors: FormErrors()).response()
    }

    /// Takes a report; the same answer whatever happens next, and never a word to the person reported.
    @Sendable func report(req: Request) async throws -> Response {
        let user = try await Self.person(req)
        let form = try req.content.decode(Form.self)
        let t = req.t
        let reason = (form.reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let email = req.viewer?.email ?? (form.email ?? "").trimmingCharacters(in: .whitespaces)
        var errors = FormErrors()
        if reason.isEmpty { errors.add("reason", t("age_report.error.reason")) }
        if reason.count > 2_000 { errors.add("reason", t("profile.error.too_long", ["max": "2000"])) }
        if req.viewer == nil, let problem = AccountRules.emailProblem(email) { errors.add("email", t(problem)) }
        if req.viewer?.id == user.id { errors.add("reason", t("age_report.error.self")) }
        guard errors.isEmpty else {
            return AgeReportPage(layout: req.layout(title: t("age_report.title")), username: user.username, name: user.name, askEmail: req.viewer == nil, form: form, errors: errors).response(status: .unprocessableEntity)
        }
        guard try await RateLimit.allow("age.report", key: req.clientAddress, limit: Self.perHour, window: 3600, on: req.db) else {
            throw Abort(.tooManyRequests)
        }
        try await AgeReport(userID: user.requireID(), reporterID: req.viewer?.id, reporterEmail: email, reporterLanguage: req.language, reason: reason).create(on: req.db)
        req.logger.notice("a profile was reported as under 16")
        return .seeOther("/u/\(user.username)?notice=age_reported")
    }

    /// The open reports, oldest first.
    @Sendable func queue(req: Request) async throws -> Response {
        _ = try OperatorController.requireOperator(req)
        let open = try await AgeReport.query(on: req.db).filter(\.$decidedAt == nil).sort(\.$createdAt).with(\.$user).limit(100).all()
        let rows = try open.map {
            AgeReportQueuePage.Row(id: try $0.requireID(), username: $0.user.username, name: $0.user.name, birthdate: $0.user.birthdate, reason: $0.reason, reporter: $0.reporterEmail, at: $0.createdAt ?? Date())
        }
        return AgeReportQueuePage(layout: req.layout(title: req.t("age_report.queue.title")), rows: rows).response()
    }

    static func openReport(_ req: Request) async throws -> AgeReport {
        guard let id = req.parameters.get("report", as: UUID.self), let report = try await AgeReport.find(id, on: req.db), report.decidedAt == nil else { throw Abort(.notFound) }
        return report
    }

    struct ConfirmForm: Content { var sure: String? }

    /// Cancels the account at once: groups it owns pass on (or go, when it was alone), then erasure; the reporters are told.
    @Sendable func confirm(req: Request) async throws -> Response {
        let me = try OperatorController.requireOperator(req)
        let report = try await Self.openReport(req)
        guard try req.content.decode(ConfirmForm.self).sure != nil else { throw Abort(.unprocessableEntity, reason: "age_report.error.sure") }
        let user = try await report.$user.get(on: req.db)
        let userID = try user.requireID()
        // Everyone who reported this person hears the outcome, not only this reporter.
        let reports = try await AgeReport.query(on: req.db).filter(\.$user.$id == userID).all()
        for each in reports {
            try await PrivacyMail.queueAgeOutcome(.init(email: each.reporterEmail, language: each.reporterLanguage, confirmed: true), app: req.application, on: req.db)
        }
        let farewell = PrivacyMail.Farewell(email: user.email, name: user.name, language: user.language, underAge: true)
        try await req.application.handOverOrDeleteGroups(of: userID, on: req.db)
        try await req.application.erase(PrivacyRegistry.Person(id: userID, emailKey: user.emailKey), on: req.db)
        try await PrivacyMail.queue(farewell, app: req.application, on: req.db)
        try await AuditLog.record(.profileErased, user: nil, actor: me.requireID(), detail: "age", req: req)
        return .seeOther("/admin/reports?notice=age_confirmed")
    }

    /// Closes a report without acting; the reporter is told.
    @Sendable func dismiss(req: Request) async throws -> Response {
        _ = try OperatorController.requireOperator(req)
        let report = try await Self.openReport(req)
        report.outcome = .dismissed
        report.decidedAt = Date()
        try await req.db.transaction { db in
            try await report.save(on: db)
            try await PrivacyMail.queueAgeOutcome(.init(email: report.reporterEmail, language: report.reporterLanguage, confirmed: false), app: req.application, on: db)
        }
        return .seeOther("/admin/reports?notice=age_dismissed")
    }
}

extension Application {
    /// Before an account is cancelled by the operator: each group it owns goes to its longest-serving admin,
    /// else its longest-serving member; a group with nobody else is deleted with its files.
    package func handOverOrDeleteGroups(of userID: UUID, on db: any Database) async throws {
        let owned = try await Membership.query(on: db).filter(\.$user.$id == userID).filter(\.$role == .owner).with(\.$group).all()
        for membership in owned {
            let group = membership.group
            let others = try await Membership.query(on: db).filter(\.$group.$id == group.requireID()).filter(\.$user.$id != userID).sort(\.$createdAt).all()
            if let heir = others.first(where: { $0.role == .admin }) ?? others.first {
                heir.role = .owner
                try await heir.save(on: db)
            } else {
                try await group.delete(on: db)
                try await files.deleteAll(under: group.filesPrefix)
            }
        }
    }
}
