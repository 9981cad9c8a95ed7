import Fluent
import SQLKit
import Vapor

/// Opens the links sent by mail to verify an address, and sends a new one on request.
package struct VerificationController: RouteCollection {
    package init() {}

    package func boot(routes: any RoutesBuilder) throws {
        routes.get("verify", ":token", use: verify)
        routes.post("verify", "resend", use: resend)
    }

    /// Uses a verification or email-change link once.
    @Sendable func verify(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        guard let row = try await EmailTokens.take(token, purposes: [.verify, .changeEmail], on: req.db) else {
            throw Abort(.gone, reason: "verify.error.invalid")
        }
        let user = try await row.$user.get(on: req.db)
        switch row.purpose {
        case .changeEmail:
            guard let newEmail = row.newEmail else { throw Abort(.gone, reason: "verify.error.invalid") }
            if try await User.query(on: req.db).filter(\.$emailKey == EmailAddress.key(newEmail)).filter(\.$id != user.requireID()).first() != nil {
                throw Abort(.conflict, reason: "account.error.email_taken")
            }
            let oldEmail = user.email
            user.email = newEmail
            user.emailKey = EmailAddress.key(newEmail)
            user.emailVerifiedAt = Date()
            try await user.save(on: req.db)
            try await AccountMails.sendEmailChanged(oldEmail: oldEmail, user: user, on: req)
            return .seeOther(req.viewer == nil ? "/login?notice=email_changed" : "/me?notice=email_changed")
        default:
            if user.emailVerifiedAt == nil {
                user.emailVerifiedAt = Date()
                try await user.save(on: req.db)
            }
            return .seeOther(req.viewer == nil ? "/login?notice=verified" : "/?notice=verified")
        }
    }

    /// Sends a fresh verification link to the signed-in person, at most once a minute.
    @Sendable func resend(req: Request) async throws -> Response {
        let user = try req.requireViewer()
        guard !user.isVerified else { return .seeOther("/?notice=verified") }
        let recent = try await EmailToken.query(on: req.db)
            .filter(\.$user.$id == user.requireID())
            .filter(\.$purpose == .verify)
            .filter(\.$createdAt > Date().addingTimeInterval(-60))
            .first()
        if recent == nil {
            try await AccountMails.sendVerification(to: user, on: req)
        }
        return .seeOther("/?notice=verification_sent")
    }
}

/// Looks up and uses single-use mail tokens.
package enum EmailTokens {
    /// The unexpired, unused token with this value for one of the purposes; it is marked used at once.
    package static func take(_ token: String, purposes: [EmailToken.Purpose], on db: any Database) async throws -> EmailToken? {
        guard let row = try await find(token, purposes: purposes, on: db) else { return nil }
        // Marked used by one conditional update, so two clicks at once cannot both use it.
        let now = Date()
        let won = try await db.sql.update(EmailToken.schema)
            .set("used_at", to: SQLBind(now))
            .where("id", .equal, row.id)
            .where("used_at", .is, SQLLiteral.null)
            .returning("id")
            .first()
        guard won != nil else { return nil }
        row.usedAt = now
        return row
    }

    /// The unexpired, unused token with this value, without using it.
    package static func find(_ token: String, purposes: [EmailToken.Purpose], on db: any Database) async throws -> EmailToken? {
        guard !token.isEmpty, token.count < 100 else { return nil }
        return try await EmailToken.query(on: db)
            .filter(\.$tokenHash == SecureToken.hash(token))
            .filter(\.$purpose ~~ purposes)
            .filter(\.$usedAt == nil)
            .filter(\.$expiresAt > Date())
            .first()
    }
}
