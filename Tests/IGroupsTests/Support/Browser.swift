import Fluent
import Foundation
@testable import IGroupsCore
import Testing
import Vapor
import VaporTesting

/// A person's browser against the test app: keeps cookies, reads CSRF tokens from pages, submits forms.
struct Browser {
    let app: Application
    var cookies: [String: String] = [:]
    var userAgent = "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/128.0"
    var acceptLanguage = "en"
    /// The CSRF token of the last page that had a form.
    var csrf: String?

    init(_ app: Application) {
        self.app = app
    }

    /// Sends a request and remembers cookies and the page's CSRF token.
    @discardableResult
    mutating func request(_ method: HTTPMethod, _ path: String, headers extra: HTTPHeaders = [:], body: ByteBuffer? = nil) async throws -> TestingHTTPResponse {
        var headers = extra
        headers.replaceOrAdd(name: .userAgent, value: userAgent)
        headers.replaceOrAdd(name: .acceptLanguage, value: acceptLanguage)
        if !cookies.isEmpty {
            headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        let request = TestingHTTPRequest(method: method, url: URI(path: path), headers: headers, body: body ?? ByteBuffer())
        let response = try await app.testing().performTest(request: request)
        for header in response.headers[.setCookie] {
            guard let pair = header.split(separator: ";").first, let equals = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<equals]).trimmingCharacters(in: .whitespaces)
            let value = String(pair[pair.index(after: equals)...])
            if header.lowercased().contains("max-age=0") || value.isEmpty { cookies[name] = nil } else { cookies[name] = value }
            // A new session cookie makes the old form token useless, as in a real browser's next page.
            if name.hasSuffix("igroups") { csrf = nil }
        }
        if let token = Self.csrfToken(in: response.body.string) { csrf = token }
        return response
    }

    @discardableResult
    mutating func get(_ path: String) async throws -> TestingHTTPResponse {
        try await request(.GET, path)
    }

    /// Posts a form with this browser's CSRF token (unless `csrf: false`).
    @discardableResult
    mutating func post(_ path: String, _ fields: [String: String] = [:], csrf withToken: Bool = true) async throws -> TestingHTTPResponse {
        if withToken, csrf == nil { try await get("/") }
        var all = fields
        if withToken, let csrf { all[CSRF.fieldName] = csrf }
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        return try await request(.POST, path, headers: headers, body: ByteBuffer(string: Self.encode(all)))
    }

    /// A file a form sends.
    struct Upload {
        var field: String
        var filename: String
        var contentType: String
        var data: [UInt8]
    }

    /// Posts a multipart form, as an upload form does: the CSRF token in the action's query.
    @discardableResult
    mutating func postMultipart(_ path: String, _ fields: [String: String] = [:], files: [Upload] = []) async throws -> TestingHTTPResponse {
        if csrf == nil { try await get("/") }
        let boundary = "----igroups-test-\(UUID().uuidString)"
        var body = ByteBuffer()
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for file in files {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.filename)\"\r\nContent-Type: \(file.contentType)\r\n\r\n")
            body.writeBytes(file.data)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        let separator = path.contains("?") ? "&" : "?"
        return try await request(.POST, path + separator + CSRF.fieldName + "=" + (csrf ?? ""), headers: headers, body: body)
    }

    /// Signs up through the form and returns the new person's username.
    @discardableResult
    mutating func signUp(username: String = "mette", email: String? = nil, password: String = "rolig-hest-42", birthdate: String = "1990-04-01", name: String = "Mette Hansen") async throws -> TestingHTTPResponse {
        try await get("/signup")
        return try await post("/signup", [
            "username": username, "name": name, "email": email ?? "\(username)@example.org",
            "password": password, "birthdate": birthdate, "accept_policy": "on",
        ])
    }

    /// Logs in through the form.
    @discardableResult
    mutating func logIn(_ login: String, password: String = "rolig-hest-42") async throws -> TestingHTTPResponse {
        try await get("/login")
        return try await post("/login", ["login": login, "password": password])
    }

    static func csrfToken(in html: String) -> String? {
        guard let range = html.range(of: "name=\"_csrf\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    static func encode(_ fields: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.sorted { $0.key < $1.key }.map {
            "\($0.key.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)"
        }.joined(separator: "&")
    }
}

extension TestingHTTPResponse {
    /// Where a redirect points.
    var location: String? { headers.first(name: .location) }
}

extension Browser {
    /// Signs up and marks the address verified, as if the link had been opened.
    mutating func signUpVerified(_ username: String) async throws {
        try await signUp(username: username, email: "\(username)@example.org", name: username.capitalized + " Testesen")
        let user = try await User.query(on: app.db).filter(\.$usernameKey == username.lowercased()).first()
        user?.emailVerifiedAt = Date()
        try await user?.save(on: app.db)
    }

    /// Creates a group through the form.
    @discardableResult
    mutating func createGroup(_ slug: String, name: String? = nil, visibility: String = "closed", joinPolicy: String = "request") async throws -> TestingHTTPResponse {
        try await get("/groups/new")
        return try await post("/groups/new", ["name": name ?? slug.capitalized, "slug": slug, "description": "Om **\(slug)**", "visibility": visibility, "join_policy": joinPolicy])
    }
}
