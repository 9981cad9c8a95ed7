import Fluent
import Vapor

/// Log in by username or email, and log out.
package struct LoginController: RouteCollection {
    package init() {}

    package func boot(routes: any RoutesBuilder) throws {
        routes.get("login", use: show)
        routes.post("login", use: login)
        routes.post("logout", use: logout)
    }

    /// What the login form sends.
    struct Form: Content {
        var login: String?
        var password: String?
        var next: String?
    }

    /// Shows the login form.
    @Sendable func show(req: Request) async throws -> Response {
        let next = AccountRules.safeReturnPath(req.query[String.self, at: "next"])
        if req.viewer != nil { return .seeOther(next) }
        return LoginPage(layout: req.layout(title: req.t("login.title")), form: Form(next: next), errors: FormErrors()).response()
    }

    /// Checks the password under the throttle and starts a session.
    @Sendable func login(req: Request) async throws -> Response {
        let form = try req.content.decode(Form.self)
        let t = req.t
        let identifier = (form.login ?? "").trimmingCharacters(in: .whitespaces)
        let password = form.password ?? ""
        let user = try await Self.find(identifier, on: req.db)

        func refuse(_ message: String, status: HTTPResponseStatus) -> Response {
            var errors = FormErrors()
            errors.add("login", message)
            let kept = Form(login: identifier, password: nil, next: form.next)
            return LoginPage(layout: req.layout(title: t("login.title")), form: kept, errors: errors).response(status: status)
        }

        switch try await LoginThrottle.check(password, for: user, on: req) {
        case .throttled:
            return refuse(t("login.error.throttled", ["minutes": String(Int(LoginThrottle.window / 60))]), status: .tooManyRequests)
        case .wrong:
            if let user { try await AuditLog.record(.loginFailed, user: user.requireID(), req: req) }
            return refuse(t("login.error.wrong"), status: .unprocessableEntity)
        case .correct:
            break
        }
        guard let user, !identifier.isEmpty else { return refuse(t("login.error.wrong"), status: .unprocessableEntity) }
        if user.suspendedAt != nil {
            return refuse(t("login.error.suspended", ["reason": user.suspensionReason ?? ""]), status: .forbidden)
        }
        try await req.startSession(for: user)
        try await AuditLog.record(.login, user: user.requireID(), req: req)
        return .seeOther(AccountRules.safeReturnPath(form.next))
    }

    /// Ends this browser's session.
    @Sendable func logout(req: Request) async throws -> Response {
        if let user = req.viewer { try await AuditLog.record(.logout, user: user.requireID(), req: req) }
        try await req.endSession()
        return .seeOther("/?notice=logged_out")
    }

    /// The account with this username or email, ignoring case.
    static func find(_ identifier: String, on db: any Database) async throws -> User? {
        guard !identifier.isEmpty else { return nil }
        let key = identifier.lowercased()
        return try await User.query(on: db).group(.or) { $0.filter(\.$usernameKey == key).filter(\.$emailKey == key) }.first()
    }
}
