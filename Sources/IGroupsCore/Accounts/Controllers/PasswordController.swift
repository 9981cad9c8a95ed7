import Fluent
import Vapor

/// Forgotten passwords: ask for a link, then choose a new password with it.
package struct PasswordController: RouteCollection {
    package init() {}

    package func boot(routes: any RoutesBuilder) throws {
        routes.get("password", "forgot", use: showForgot)
        routes.post("password", "forgot", use: forgot)
        routes.get("password", "reset", ":token", use: showReset)
        routes.post("password", "reset", ":token", use: reset)
    }

    struct ForgotForm: Content { var email: String? }

    /// Reset links one client may ask for in an hour, whatever the addresses.
    static let forgotPerHour = 10
    struct ResetForm: Content { var password: String? }

    /// Shows the form that asks for an address.
    @Sendable func showForgot(req: Request) async throws -> Response {
        ForgotPasswordPage(layout: req.layout(title: req.t("password.forgot.title")), email: "", sent: false, errors: FormErrors()).response()
    }

    /// Sends a link if the address has an account; the answer is the same either way.
    @Sendable func forgot(req: Request) async throws -> Response {
        let email = (try req.content.decode(ForgotForm.self).email ?? "").trimmingCharacters(in: .whitespaces)
        let t = req.t
        if let problem = AccountRules.emailProblem(email) {
            var errors = FormErrors()
            errors.add("email", t(problem))
            return ForgotPasswordPage(layout: req.layout(title: t("password.forgot.title")), email: email, sent: false, errors: errors).response(status: .unprocessableEntity)
        }
        guard try await RateLimit.allow("password.forgot", key: req.clientAddress, limit: Self.forgotPerHour, window: 3600, on: req.db) else {
            throw Abort(.tooManyRequests, reason: "password.forgot.throttled")
        }
        // The job looks the address up, so the answer costs the same whether or not it has an account.
        try await AccountMail.reset.queue(for: nil, email: email, app: req.application, on: req.db)
        return ForgotPasswordPage(layout: req.layout(title: t("password.forgot.title")), email: email, sent: true, errors: FormErrors()).response()
    }

    /// Shows the new-password form when the link is still good.
    @Sendable func showReset(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        guard try await EmailTokens.find(token, purposes: [.reset], on: req.db) != nil else {
            throw Abort(.gone, reason: "password.reset.invalid")
        }
        return ResetPasswordPage(layout: req.layout(title: req.t("password.reset.title")), token: token, errors: FormErrors()).response()
    }

    /// Sets the new password, uses the link up, and ends every session of the account.
    @Sendable func reset(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        let password = try req.content.decode(ResetForm.self).password ?? ""
        let t = req.t
        guard let pending = try await EmailTokens.find(token, purposes: [.reset], on: req.db) else {
            throw Abort(.gone, reason: "password.reset.invalid")
        }
        let user = try await pending.$user.get(on: req.db)
        if let problem = AccountRules.passwordProblem(password, username: user.username, email: user.email, common: req.application.commonPasswords) {
            var errors = FormErrors()
            errors.add("password", t(problem))
            return ResetPasswordPage(layout: req.layout(title: t("password.reset.title")), token: token, errors: errors).response(status: .unprocessableEntity)
        }
        guard try await EmailTokens.take(token, purposes: [.reset], on: req.db) != nil else {
            throw Abort(.gone, reason: "password.reset.invalid")
        }
        user.passwordHash = try await req.password.async.hash(password)
        // Opening the link proved the mailbox is theirs.
        if user.emailVerifiedAt == nil { user.emailVerifiedAt = Date() }
        try await user.save(on: req.db)
        try await UserSession.query(on: req.db).filter(\.$user.$id == user.requireID()).delete()
        try await LoginThrottle.reset(userID: user.requireID(), on: req.db)
        try await EmailTokens.revoke(userID: user.requireID(), purposes: [.reset, .changeEmail], on: req.db)
        try await AuditLog.record(.passwordReset, user: user.requireID(), req: req)
        try await AccountMail.passwordChanged.queue(for: user.requireID(), app: req.application, on: req.db)
        if req.viewer?.id == user.id { try await req.endSession() }
        return .seeOther("/login?notice=password_reset")
    }
}
