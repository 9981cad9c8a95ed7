import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Vapor

extension S3FileStore {
    /// Sends one signed request for a key (nil: the bucket itself) and returns the answer, whatever its status.
    func send(
        _ method: HTTPMethod, _ key: String?, query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [], body: HTTPClientRequest.Body? = nil,
        payloadHash: String = SignatureV4.emptyPayloadHash, timeout: TimeAmount = .seconds(30)
    ) async throws -> HTTPClientResponse {
        let endpoint = configuration.endpoint
        var base = endpoint.path
        while base.hasSuffix("/") { base.removeLast() }
        let path = base + "/" + configuration.bucket + (key.map { "/" + $0 } ?? "")
        var host = endpoint.host ?? ""
        if host.contains(":") { host = "[\(host)]" }
        if let port = endpoint.port, port != (endpoint.scheme == "https" ? 443 : 80) { host += ":\(port)" }

        let signed = signer.sign(method: method.rawValue, path: path, query: query, headers: [("host", host)] + headers, payloadHash: payloadHash, date: now())
        let queryText = query.isEmpty ? "" : "?" + SignatureV4.canonicalQuery(query)
        var request = HTTPClientRequest(url: "\(endpoint.scheme ?? "https")://\(host)\(SignatureV4.encode(path, keepingSlash: true))\(queryText)")
        request.method = method
        for header in signed.headers { request.headers.add(name: header.name, value: header.value) }
        if let body { request.body = body }
        return try await client.execute(request, timeout: timeout)
    }

    /// The key, if the local store would take it too: no empty, `.` or `..` parts, which some stores
    /// would fold away and the local store refuses, so a key means the same file in either.
    func checked(_ key: String) throws -> String {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard !key.isEmpty, parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else { throw FileStoreError.badKey(key) }
        return key
    }

    /// Reads the rest of a successful answer, so its connection serves the next request; throws the store's refusal otherwise.
    func expectSuccess(_ response: HTTPClientResponse, _ key: String) async throws {
        guard (200..<300).contains(response.status.code) else { throw await refusal(response, key).error }
        try await drain(response)
    }

    /// Nil for a file that is not there; the store's refusal for anything else, a missing bucket included.
    func missing<Value>(_ response: HTTPClientResponse, _ key: String) async throws -> Value? {
        let (error, code) = await refusal(response, key)
        if response.status == .notFound, code != "NoSuchBucket" { return nil }
        throw error
    }

    /// The error for a refused request, with S3's error code and message from the body (`<Error><Code>…`).
    func refusal(_ response: HTTPClientResponse, _ key: String) async -> (error: FileStoreError, code: String?) {
        let body = (try? await response.body.collect(upTo: 64 * 1024)).map { String(buffer: $0) } ?? ""
        let code = S3XML.values("Code", in: body).first
        let detail = [code, S3XML.values("Message", in: body).first].compactMap { $0 }.joined(separator: ": ")
        return (.remote(key, Int(response.status.code), detail.isEmpty ? response.status.reasonPhrase : detail), code)
    }

    func drain(_ response: HTTPClientResponse) async throws {
        for try await _ in response.body {}
    }

    static func contentLength(_ response: HTTPClientResponse, _ key: String) throws -> Int {
        guard let length = response.headers.first(name: "content-length").flatMap({ Int($0) }) else {
            throw FileStoreError.remote(key, Int(response.status.code), "no Content-Length in the answer")
        }
        return length
    }

    /// How long an upload may take before its answer: a minute, and a second more per megabyte.
    static func timeout(for bytes: Int) -> TimeAmount {
        .seconds(60 + Int64(bytes / 1_000_000))
    }

    /// A store with an HTTP client of its own, shut down with the application. A download holds a
    /// connection while the browser reads it, so the client keeps more than the usual eight per host;
    /// redirects are not followed, since a request signed for one address is refused at another.
    package static func make(_ configuration: Configuration, for app: Application) -> S3FileStore {
        var options = HTTPClient.Configuration(redirectConfiguration: .disallow)
        options.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        let client = HTTPClient(eventLoopGroup: app.eventLoopGroup, configuration: options)
        app.lifecycle.use(ClientShutdown(client: client))
        return S3FileStore(configuration: configuration, client: client, threadPool: app.threadPool)
    }

    /// Closes the store's HTTP client when the application stops.
    struct ClientShutdown: LifecycleHandler {
        let client: HTTPClient

        func shutdownAsync(_ app: Application) async {
            try? await client.shutdown()
        }
    }

    /// The body of an answer, read one piece each time the reader of the `StoredBytes` asks.
    actor ResponseBody {
        private var pieces: HTTPClientResponse.Body.AsyncIterator

        init(_ body: HTTPClientResponse.Body) { pieces = body.makeAsyncIterator() }

        func next() async throws -> ByteBuffer? {
            var iterator = pieces
            defer { pieces = iterator }
            return try await iterator.next(isolation: self)
        }

        /// The next piece, or `FileStoreError.stalled` when the store sends none within the limit. Only the
        /// wait for the store is timed: between two calls the downloader reads at its own pace. The loser of
        /// the race is cancelled; a cancelled wait for the body makes the HTTP client give up the request and
        /// close its connection, which a half-read answer cannot serve again.
        nonisolated func next(of key: String, within limit: Duration) async throws -> ByteBuffer? {
            try await withThrowingTaskGroup(of: ByteBuffer?.self) { race in
                race.addTask { try await self.next() }
                race.addTask {
                    try await Task.sleep(for: limit)
                    throw FileStoreError.stalled(key, limit)
                }
                defer { race.cancelAll() }
                return try await race.next() ?? nil
            }
        }
    }
}

/// The few things read from S3's XML answers: the text of elements by name, entities decoded.
enum S3XML {
    /// The text of each element named `tag`, in order (`Key` in a listing, `Code` in an error).
    static func values(_ tag: String, in text: String) -> [String] {
        var found: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "<\(tag)>"), let close = rest[open.upperBound...].range(of: "</\(tag)>") {
            found.append(decoded(rest[open.upperBound..<close.lowerBound]))
            rest = rest[close.upperBound...]
        }
        return found
    }

    /// `&lt;` `&gt;` `&amp;` `&quot;` `&apos;` and numeric references as the characters they stand for.
    static func decoded(_ text: Substring) -> String {
        var result = ""
        var rest = text
        while let ampersand = rest.firstIndex(of: "&"), let semicolon = rest[ampersand...].firstIndex(of: ";") {
            result += rest[..<ampersand]
            let name = rest[rest.index(after: ampersand)..<semicolon]
            switch name {
            case "lt": result += "<"
            case "gt": result += ">"
            case "amp": result += "&"
            case "quot": result += "\""
            case "apos": result += "'"
            default:
                let number = name.hasPrefix("#x") ? UInt32(name.dropFirst(2), radix: 16) : name.hasPrefix("#") ? UInt32(name.dropFirst()) : nil
                if let scalar = number.flatMap(Unicode.Scalar.init) { result.unicodeScalars.append(scalar) } else { result += rest[ampersand...semicolon] }
            }
            rest = rest[rest.index(after: semicolon)...]
        }
        return result + rest
    }
}
