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
        guard let pending = try await EmailTokens.find(token, purposes: [.verify, .changeEmail], on: req.db) else {
            throw Abort(.gone, reason: "verify.error.invalid")
        }
        if pending.purpose == .changeEmail {
            return try await changeEmail(pending, token: token, req: req)
        }
        guard let row = try await EmailTokens.take(token, purposes: [.verify], on: req.db) else {
            throw Abort(.gone, reason: "verify.error.invalid")
        }
        let user = try await row.$user.get(on: req.db)
        if user.emailVerifiedAt == nil {
            user.emailVerifiedAt = Date()
            try await user.save(on: req.db)
        }
        return .seeOther(req.viewer == nil ? "/login?notice=verified" : "/?notice=verified")
    }

    /// Moves the account to the new address; a taken address leaves the link unused.
    func changeEmail(_ pending: EmailToken, token: String, req: Request) async throws -> Response {
        let user = try await pending.$user.get(on: req.db)
        guard let newEmail = pending.newEmail else { throw Abort(.gone, reason: "verify.error.invalid") }
        let taken = try await User.query(on: req.db).filter(\.$emailKey == EmailAddress.key(newEmail)).filter(\.$id != user.requireID()).first()
        guard taken == nil else { throw Abort(.conflict, reason: "account.error.email_taken") }
        let oldEmail = user.email
        do {
            try await req.db.transaction { db in
                guard try await EmailTokens.take(token, purposes: [.changeEmail], on: db) != nil else {
                    throw Abort(.gone, reason: "verify.error.invalid")
                }
                user.email = newEmail
                user.emailKey = EmailAddress.key(newEmail)
                user.emailVerifiedAt = Date()
                try await user.save(on: db)
                try await EmailTokens.revoke(userID: user.requireID(), purposes: [.reset, .changeEmail], on: db)
                try await AccountMail.emailChanged.queue(for: user.requireID(), email: oldEmail, app: req.application, on: db)
                try await AuditLog.record(.emailChanged, user: user.requireID(), req: req, on: db)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw Abort(.conflict, reason: "account.error.email_taken")
        }
        return .seeOther(req.viewer == nil ? "/login?notice=email_changed" : "/me?notice=email_changed")
    }

    /// Sends a fresh verification link to the signed-in person, at most once a minute.
    @Sendable func resend(req: Request) async throws -> Response {
        let user = try req.requireViewer()
        guard !user.isVerified else { return .seeOther("/?notice=verified") }
        // The job sends at most one link a minute.
        try await AccountMail.verify.queue(for: user.requireID(), app: req.application, on: req.db)
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

    /// Marks every unused link of these kinds as used, after a change that should void them.
    package static func revoke(userID: UUID, purposes: [EmailToken.Purpose], on db: any Database) async throws {
        try await db.sql.update(EmailToken.schema)
            .set("used_at", to: SQLBind(Date()))
            .where("user_id", .equal, userID)
            .where("purpose", .in, purposes.map(\.rawValue))
            .where("used_at", .is, SQLLiteral.null)
            .run()
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
