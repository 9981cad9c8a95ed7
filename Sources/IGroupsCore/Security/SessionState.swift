import Fluent
import Vapor

/// The browser behind a request: its cookie token, and the signed-in person if any.
package final class SessionState: @unchecked Sendable {
    // Touched only by the one request that owns it, in order.
    package internal(set) var token: String
    package internal(set) var sessionID: UUID?
    package internal(set) var user: User?
    var cookieChanged: Bool

    init(token: String, cookieChanged: Bool) {
        self.token = token
        self.cookieChanged = cookieChanged
    }

    /// Tokens of signed-in sessions start with `s.`, those of visitors with `v.` and are stored nowhere.
    static func visitorToken() -> String { "v." + SecureToken.make() }
    static func signedInToken() -> String { "s." + SecureToken.make() }
}

extension Request {
    private struct SessionStateKey: StorageKey { typealias Value = SessionState }

    /// The session of this request, set by `SessionMiddleware`.
    package var session: SessionState {
        get {
            guard let state = storage[SessionStateKey.self] else { fatalError("SessionMiddleware runs before every route") }
            return state
        }
        set { storage[SessionStateKey.self] = newValue }
    }

    /// The session when the middleware has run (error pages may be drawn before it).
    package var sessionIfStarted: SessionState? { storage[SessionStateKey.self] }

    /// The signed-in person, or nil for a visitor.
    package var viewer: User? { session.user }

    /// The signed-in person, or a redirect to the login page.
    package func requireViewer() throws -> User {
        guard let user = session.user else {
            throw Abort.redirect(to: "/login?next=" + (url.path.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? "/"))
        }
        return user
    }

    /// The signed-in person with a verified address: joining and posting need one.
    package func requireVerifiedViewer() throws -> User {
        let user = try requireViewer()
        guard user.isVerified else { throw Abort(.forbidden, reason: "error.verify_first") }
        return user
    }

    /// The token a form of this browser must carry.
    package var csrfToken: String {
        CSRF.token(for: session.token, key: application.siteSecret)
    }

    /// The client's address, from the connection or, behind a trusted proxy, from `X-Forwarded-For`.
    package var clientAddress: String {
        // The last entry is the one our proxy added; earlier ones are whatever the client sent.
        if application.settings.trustProxy, let forwarded = headers[.xForwardedFor].last?.split(separator: ",").last {
            return forwarded.trimmingCharacters(in: .whitespaces)
        }
        return remoteAddress?.ipAddress ?? "local"
    }

    /// Signs a person in: a new session row and a new cookie token.
    package func startSession(for user: User) async throws {
        let token = SessionState.signedInToken()
        let now = Date()
        let device = String((headers.first(name: .userAgent) ?? "").prefix(200))
        let row = UserSession(tokenHash: SecureToken.hash(token), userID: try user.requireID(), device: device, now: now, lifetime: SessionMiddleware.lifetime)
        try await row.create(on: db)
        session.token = token
        session.sessionID = row.id
        session.user = user
        session.cookieChanged = true
    }

    /// Signs out: the session row is deleted and the browser becomes a visitor.
    package func endSession() async throws {
        if let id = session.sessionID {
            try await UserSession.query(on: db).filter(\.$id == id).delete()
        }
        session.token = SessionState.visitorToken()
        session.sessionID = nil
        session.user = nil
        session.cookieChanged = true
    }
}

/// CSRF tokens: an HMAC of the browser's cookie token, so a form works only in the browser it was shown in.
package enum CSRF {
    package static let fieldName = "_csrf"

    package static func token(for cookieToken: String, key: SymmetricKey) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(cookieToken.utf8), using: key)
        return SecureToken.base64URL(Data(mac))
    }
}
