import Fluent
import Vapor

/// `/me/security`: the sessions of my account, ending them, changing my password and my address.
package struct SecurityController: RouteCollection {
    package init() {}

    package func boot(routes: any RoutesBuilder) throws {
        routes.get("me", "security", use: show)
        routes.post("me", "security", "sessions", ":id", "end", use: endSession)
        routes.post("me", "security", "sessions", "end-others", use: endOthers)
        routes.get("me", "security", "password", use: showPassword)
        routes.post("me", "security", "password", use: changePassword)
        routes.get("me", "email", use: showEmail)
        routes.post("me", "email", use: changeEmail)
    }

    struct PasswordForm: Content {
        var current: String?
        var password: String?
    }

    struct EmailForm: Content {
        var email: String?
        var password: String?
    }

    /// Lists my sessions, newest use first.
    @Sendable func show(req: Request) async throws -> Response {
        let user = try req.requireViewer()
        let sessions = try await UserSession.query(on: req.db)
            .filter(\.$user.$id == user.requireID())
            .filter(\.$expiresAt > Date())
            .sort(\.$lastSeenAt, .descending)
            .all()
        let rows = sessions.map {
            SecurityPage.Row(id: $0.id ?? UUID(), device: DeviceName.describe($0.device, t: req.t), lastSeen: $0.lastSeenAt, started: $0.createdAt ?? $0.lastSeenAt, isCurrent: $0.id == req.session.sessionID)
        }
        let events = try await AuditEvent.query(on: req.db).filter(\.$user.$id == user.requireID()).sort(\.$createdAt, .descending).limit(50).all()
        let eventRows = events.map {
            SecurityPage.Event(kind: $0.kind, detail: $0.detail, device: DeviceName.describe($0.device, t: req.t), at: $0.createdAt ?? Date(), byOther: $0.$actor.id != nil && $0.$actor.id != user.id)
        }
        return SecurityPage(layout: req.layout(title: req.t("security.title")), sessions: rows, events: eventRows).response()
    }

    /// Ends one of my sessions; someone else's session answers 404.
    @Sendable func endSession(req: Request) async throws -> Response {
        let user = try req.requireViewer()
        guard let id = req.parameters.get("id", as: UUID.self),
              let session = try await UserSession.query(on: req.db).filter(\.$id == id).filter(\.$user.$id == user.requireID()).first()
        else { throw Abort(.notFound) }
        if session.id == req.session.sessionID {
            try await req.endSession()
            return .seeOther("/?notice=logged_out")
        }
        try await session.delete(on: req.db)
        try await AuditLog.record(.sessionEnded, user: user.requireID(), detail: DeviceName.describe(session.device, t: req.t), req: req)
        return .seeOther("/me/security?notice=session_ended")
    }

    /// Ends every session of mine but this one.
    @Sendable func endOthers(req: Request) async throws -> Response {
        let user = try req.requireViewer()
        try await Self.deleteSessions(of: user.requireID(), except: req.session.sessionID, on: req.db)
        return .seeOther("/me/security?notice=sessions_ended")
    }

    /// Shows the change-password form.
    @Sendable func showPassword(req: Request) async throws -> Response {
        _ = try req.requireViewer()
        return ChangePasswordPage(layout: req.layout(title: req.t("security.password.title")), errors: FormErrors()).response()
    }

    /// Changes the password after checking the current one, and ends my other sessions.
    @Sendable func changePassword(req: Request) async throws -> Response {
        let user = try req.requireViewer()
        let form = try req.content.decode(PasswordForm.self)
        let t = req.t
        var errors = FormErrors()
        let check = try await LoginThrottle.check(form.current ?? "", for: user, on: req)
        if let problem = Self.problem(check, t: t) { errors.add("current", problem) }
        if let problem = AccountRules.passwordProblem(form.password ?? "", username: user.username, email: user.email, common: req.application.commonPasswords) {
            errors.add("password", t(problem))
        }
        guard errors.isEmpty else {
            return ChangePasswordPage(layout: req.layout(title: t("security.password.title")), errors: errors).response(status: check == .throttled ? .tooManyRequests : .unprocessableEntity)
        }
        user.passwordHash = try await req.password.async.hash(form.password ?? "")
        try await user.save(on: req.db)
        try await Self.deleteSessions(of: user.requireID(), except: req.session.sessionID, on: req.db)
        try await EmailTokens.revoke(userID: user.requireID(), purposes: [.reset, .changeEmail], on: req.db)
        try await AccountMail.passwordChanged.queue(for: user.requireID(), app: req.application, on: req.db)
        try await AuditLog.record(.passwordChanged, user: user.requireID(), req: req)
        return .seeOther("/me/security?notice=password_changed")
    }

    /// Shows the change-email form.
    @Sendable func showEmail(req: Request) async throws -> Response {
        let user = try req.requireViewer()
        return ChangeEmailPage(layout: req.layout(title: req.t("email.change.title")), current: user.email, email: "", errors: FormErrors()).response()
    }

    /// Sends a confirmation link to the new address; the change happens when it is opened.
    @Sendable func changeEmail(req: Request) async throws -> Response {
        let user = try req.requireViewer()
        let form = try req.content.decode(EmailForm.self)
        let t = req.t
        let email = (form.email ?? "").trimmingCharacters(in: .whitespaces)
        var errors = FormErrors()
        if let problem = AccountRules.emailProblem(email) {
            errors.add("email", t(problem))
        } else if EmailAddress.key(email) == user.emailKey {
            errors.add("email", t("email.error.same"))
        } else if try await User.query(on: req.db).filter(\.$emailKey == EmailAddress.key(email)).first() != nil {
            errors.add("email", t("account.error.email_taken"))
        }
        let check = try await LoginThrottle.check(form.password ?? "", for: user, on: req)
        if let problem = Self.problem(check, t: t) { errors.add("password", problem) }
        guard errors.isEmpty else {
            return ChangeEmailPage(layout: req.layout(title: t("email.change.title")), current: user.email, email: email, errors: errors).response(status: check == .throttled ? .tooManyRequests : .unprocessableEntity)
        }
        try await AccountMail.changeEmail.queue(for: user.requireID(), email: email, app: req.application, on: req.db)
        try await AuditLog.record(.emailChangeRequested, user: user.requireID(), req: req)
        return .seeOther("/me?notice=email_change_sent")
    }

    /// The message for a current-password check that did not pass.
    static func problem(_ outcome: LoginThrottle.Outcome, t: Localizer) -> String? {
        switch outcome {
        case .correct: nil
        case .wrong: t("security.error.current_wrong")
        case .throttled: t("login.error.throttled", ["minutes": String(Int(LoginThrottle.window / 60))])
        }
    }

    static func deleteSessions(of userID: UUID, except current: UUID?, on db: any Database) async throws {
        let query = UserSession.query(on: db).filter(\.$user.$id == userID)
        if let current { query.filter(\.$id != current) }
        try await query.delete()
    }
}

/// Turns a browser's user agent into words such as "Firefox on Linux".
package enum DeviceName {
    package static func describe(_ userAgent: String, t: Localizer) -> String {
        let ua = userAgent.lowercased()
        let browser: String? =
            ua.contains("edg/") ? "Edge" :
            ua.contains("firefox/") ? "Firefox" :
            (ua.contains("chrome/") || ua.contains("chromium/")) ? "Chrome" :
            ua.contains("safari/") ? "Safari" : nil
        let system: String? =
            ua.contains("android") ? "Android" :
            (ua.contains("iphone") || ua.contains("ipad")) ? "iOS" :
            ua.contains("windows") ? "Windows" :
            ua.contains("mac os") ? "macOS" :
            ua.contains("linux") ? "Linux" : nil
        switch (browser, system) {
        case let (b?, s?): return t("security.device", ["browser": b, "system": s])
        case let (b?, nil): return b
        case let (nil, s?): return s
        default: return t("security.device_unknown")
        }
    }
}
