import Fluent
import IGroupsCore
import Vapor

/// `igroups create-operator --email …`: makes an account the platform operator.
struct CreateOperatorCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "email", help: "Email of the operator's account; created when it does not exist.")
        var email: String?

        @Option(name: "name", help: "Name for a new account (default: Operator).")
        var name: String?
    }

    var help: String { "Grants operator rights to the account with an email, creating the account (with a printed one-time password) if needed." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let email = signature.email?.trimmingCharacters(in: .whitespaces), !email.isEmpty else {
            throw CommandError("--email is required, e.g. igroups create-operator --email ops@example.org")
        }
        guard AccountRules.emailProblem(email) == nil else {
            throw CommandError("\"\(email)\" is not a valid email address")
        }
        let app = context.application
        try await prepareDatabase(app)
        if let user = try await User.query(on: app.db).filter(\.$emailKey == EmailAddress.key(email)).first() {
            user.isOperator = true
            try await user.save(on: app.db)
            context.console.print("\(user.username) <\(user.email)> is now an operator.")
            return
        }
        let password = SecureToken.make().prefix(20)
        let base = String(email.split(separator: "@").first ?? "operator").filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
        var username = base.count >= 3 ? String(base.prefix(28)) : "operator"
        var suffix = 1
        while try await User.query(on: app.db).filter(\.$usernameKey == username.lowercased()).first() != nil {
            suffix += 1
            username = String(base.prefix(28)) + String(suffix)
        }
        let user = User(username: username, name: signature.name ?? "Operator", email: email, passwordHash: try await app.password.async.hash(String(password)), birthdate: "1970-01-01", language: app.settings.defaultLanguage)
        user.isOperator = true
        user.emailVerifiedAt = Date()
        try await user.create(on: app.db)
        context.console.print("Created operator \(username) <\(email)>.")
        context.console.print("One-time password: \(password)  (change it at /me/security after logging in)")
    }
}

/// A command-line mistake: printed as the error, with a non-zero exit.
struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
