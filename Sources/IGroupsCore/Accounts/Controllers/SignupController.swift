import Fluent
import Vapor

/// Sign-up: the form, its checks, the new account and its first mail.
package struct SignupController: RouteCollection {
    package init() {}

    package func boot(routes: any RoutesBuilder) throws {
        routes.get("signup", use: show)
        routes.post("signup", use: create)
    }

    /// What the sign-up form sends.
    struct Form: Content {
        var username: String?
        var name: String?
        var email: String?
        var password: String?
        var birthdate: String?
        var acceptPolicy: String?
        var next: String?

        enum CodingKeys: String, CodingKey {
            case username, name, email, password, birthdate, next
            case acceptPolicy = "accept_policy"
        }
    }

    /// Shows the sign-up form.
    @Sendable func show(req: Request) async throws -> Response {
        if req.viewer != nil { return .seeOther("/") }
        let form = Form(next: req.query[String.self, at: "next"].map { AccountRules.safeReturnPath($0) })
        return SignupPage(layout: req.layout(title: req.t("signup.title")), form: form, errors: FormErrors()).response()
    }

    /// Creates the account, or shows the form again with what is wrong.
    @Sendable func create(req: Request) async throws -> Response {
        let form = try req.content.decode(Form.self)
        let t = req.t
        let birthdate = (form.birthdate ?? "").trimmingCharacters(in: .whitespaces)
        // Under 16: refused before anything else is looked at, and nothing typed is kept or shown again.
        if AccountRules.birthdateProblem(birthdate) == "account.error.too_young" {
            var errors = FormErrors()
            errors.add("birthdate", t("account.error.too_young", ["age": String(AccountRules.minimumAge)]))
            return SignupPage(layout: req.layout(title: t("signup.title")), form: Form(), errors: errors).response(status: .unprocessableEntity)
        }

        let username = (form.username ?? "").trimmingCharacters(in: .whitespaces)
        let name = (form.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let email = (form.email ?? "").trimmingCharacters(in: .whitespaces)
        let password = form.password ?? ""
        var errors = FormErrors()
        if let problem = AccountRules.usernameProblem(username) { errors.add("username", t(problem)) }
        if let problem = AccountRules.nameProblem(name) { errors.add("name", t(problem)) }
        if let problem = AccountRules.emailProblem(email) { errors.add("email", t(problem)) }
        if let problem = AccountRules.passwordProblem(password, username: username, email: email, common: req.application.commonPasswords) {
            errors.add("password", t(problem))
        }
        if let problem = AccountRules.birthdateProblem(birthdate) { errors.add("birthdate", t(problem)) }
        if form.acceptPolicy != "on" { errors.add("accept_policy", t("account.error.accept_policy")) }
        if errors["username"] == nil, try await User.query(on: req.db).filter(\.$usernameKey == username.lowercased()).first() != nil {
            errors.add("username", t("account.error.username_taken"))
        }
        if errors["email"] == nil, try await User.query(on: req.db).filter(\.$emailKey == EmailAddress.key(email)).first() != nil {
            errors.add("email", t("account.error.email_taken"))
        }
        guard errors.isEmpty else {
            var kept = form
            kept.password = nil
            return SignupPage(layout: req.layout(title: t("signup.title")), form: kept, errors: errors).response(status: .unprocessableEntity)
        }

        let hash = try await req.password.async.hash(password)
        let user = User(username: username, name: name, email: email, passwordHash: hash, birthdate: birthdate, language: req.language)
        user.policyVersion = req.application.settings.policyVersion
        do {
            try await req.db.transaction { db in
                try await user.create(on: db)
                try await PolicyAcceptance(userID: try user.requireID(), policyVersion: req.application.settings.policyVersion, acceptedAt: Date()).create(on: db)
                try await AccountMail.verify.queue(for: user.requireID(), app: req.application, on: db)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Two sign-ups raced for the same name or address; the database's unique index decided.
            errors.add("username", t("account.error.username_or_email_taken"))
            var kept = form
            kept.password = nil
            return SignupPage(layout: req.layout(title: t("signup.title")), form: kept, errors: errors).response(status: .unprocessableEntity)
        }
        try await req.startSession(for: user)
        req.logger.info("account created", metadata: ["user": .string(user.id?.uuidString ?? "")])
        if let next = form.next, AccountRules.safeReturnPath(next) != "/" { return .seeOther(AccountRules.safeReturnPath(next)) }
        return .seeOther("/?notice=signed_up")
    }
}
