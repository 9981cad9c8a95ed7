import Fluent
import FluentSQL
import SQLKit
import Vapor

/// Reads the session cookie, loads the signed-in person, checks CSRF on writes and writes the cookie back.
package struct SessionMiddleware: AsyncMiddleware {
    /// How long a session lives without use.
    package static let lifetime: TimeInterval = 30 * 24 * 3600
    /// Last-seen times are written at most this often, to keep reads free of writes.
    static let touchInterval: TimeInterval = 5 * 60

    package init() {}

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let settings = request.application.settings
        // The API never acts on the session cookie, so cookies cannot be turned against it.
        if request.urlPath.hasPrefix("/api/") {
            request.session = SessionState(token: SessionState.visitorToken(), cookieChanged: false)
            return try await next.respond(to: request)
        }
        let cookie = request.cookie(settings.sessionCookieName)
        let state: SessionState
        if let cookie, cookie.hasPrefix("s."), let found = try await Self.load(token: cookie, on: request.db, keeping: request.application.keptPeople),
           found.user.suspendedAt == nil {
            state = SessionState(token: cookie, cookieChanged: false)
            state.sessionID = found.sessionID
            state.user = found.user
            if Date().timeIntervalSince(found.lastSeenAt) > Self.touchInterval {
                try await Self.touch(found.sessionID, on: request.db)
            }
        } else if let cookie, cookie.hasPrefix("v."), cookie.count < 100 {
            state = SessionState(token: cookie, cookieChanged: false)
        } else {
            state = SessionState(token: SessionState.visitorToken(), cookieChanged: true)
        }
        request.session = state

        if ![.GET, .HEAD, .OPTIONS].contains(request.method) {
            try await Self.checkCSRF(request, hadCookie: cookie != nil && !state.cookieChanged)
        }

        let response = try await next.respond(to: request)
        if request.session.cookieChanged {
            response.cookies[settings.sessionCookieName] = HTTPCookies.Value(
                string: request.session.token,
                maxAge: Int(Self.lifetime),
                path: "/",
                isSecure: settings.isHTTPS,
                isHTTPOnly: true,
                sameSite: .lax
            )
        }
        return response
    }

    /// A write must carry the token made for this browser's cookie; otherwise 403 and nothing changes.
    /// The token comes in the `X-CSRF-Token` header, the `_csrf` query item (upload forms put it in
    /// their action, so large bodies are never read here) or the `_csrf` field of a url-encoded form.
    static func checkCSRF(_ request: Request, hadCookie: Bool) async throws {
        var sent = request.headers.first(name: "X-CSRF-Token") ?? request.query[String.self, at: CSRF.fieldName]
        if sent == nil, request.headers.contentType == .urlEncodedForm {
            _ = try await request.body.collect(max: request.application.routes.defaultMaxBodySize.value).get()
            sent = try? request.content.get(String.self, at: CSRF.fieldName)
        }
        guard hadCookie, let sent, SecureToken.constantTimeEquals(sent, request.csrfToken) else {
            throw Abort(.forbidden, reason: "error.csrf")
        }
    }

    struct Found {
        let sessionID: UUID
        let lastSeenAt: Date
        let user: User
    }

    /// One SQL query on every signed-in request: the unexpired session and its person's version, written
    /// once. The person's row itself comes from what this process keeps while that version stands: it
    /// has dozens of columns, and SQLite reads a statement anew each time at a cost that goes by them.
    static let loadSQL = "SELECT s.id AS session_id, s.last_seen_at AS session_last_seen_at, s.user_id, u.version AS user_version"
        + " FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2"

    /// A person's whole row, read when this process keeps none for their current version.
    static let personSQL = "SELECT * FROM users WHERE id = $1"

    static func load(token: String, on db: any Database, keeping kept: KeptByKey<String, KeptPerson>) async throws -> Found? {
        guard let row = try await db.sql.raw(SQLQueryString(template: loadSQL, binds: [SecureToken.hash(token), Date()])).first() else { return nil }
        let userID = try row.decode(column: "user_id", as: UUID.self)
        let person = try await kept.value(userID.uuidString, at: try row.decode(column: "user_version", as: Int.self)) {
            guard let fresh = try await db.sql.raw(SQLQueryString(template: personSQL, binds: [userID])).first() else { return nil }
            return KeptPerson(version: try fresh.decode(column: "version", as: Int.self), row: fresh)
        }
        guard let person else { return nil }
        return Found(
            sessionID: try row.decode(column: "session_id", as: UUID.self),
            lastSeenAt: try row.decode(column: "session_last_seen_at", as: Date.self),
            // A model of its own for each request, which the request may change and save.
            user: try User.decode(person.row)
        )
    }

    static func touch(_ sessionID: UUID, on db: any Database) async throws {
        let now = Date()
        try await db.sql.update(UserSession.schema)
            .set("last_seen_at", to: SQLBind(now))
            .set("expires_at", to: SQLBind(now.addingTimeInterval(lifetime)))
            .where("id", .equal, sessionID)
            .run()
    }
}

/// A person's row as read, with the version it had.
package struct KeptPerson: Versioned {
    package let version: Int
    let row: any SQLRow
}

extension Application {
    private struct KeptPeopleKey: StorageKey { typealias Value = KeptByKey<String, KeptPerson> }

    /// The rows of people this process has read for their sessions, by id, each with its version; made
    /// as the application is configured (until then nothing is kept).
    package var keptPeople: KeptByKey<String, KeptPerson> {
        get { storage[KeptPeopleKey.self] ?? KeptByKey(limit: 0) }
        set { storage[KeptPeopleKey.self] = newValue }
    }
}
