import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Vapor

/// Files in a bucket of an S3-compatible store (`FILE_STORE=s3`), so several servers share one set of
/// files. The bucket is addressed path-style (`endpoint/bucket/key`), which every compatible store
/// understands; each request is signed with `SignatureV4`.
package struct S3FileStore: FileStore {
    /// Where the bucket is, the key that opens it, and how long a download waits for it.
    package struct Configuration: Sendable {
        package var endpoint: URL
        package var bucket: String
        package var region: String
        package var accessKeyID: String
        package var secretAccessKey: String
        /// How long a download waits for the next piece of a file once the store has begun to send it;
        /// the time the downloader takes to read does not count.
        package var stallTimeout: Duration

        package init(
            endpoint: URL, bucket: String, region: String, accessKeyID: String, secretAccessKey: String,
            stallTimeout: Duration = .seconds(30)
        ) {
            self.endpoint = endpoint
            self.bucket = bucket
            self.region = region
            self.accessKeyID = accessKeyID
            self.secretAccessKey = secretAccessKey
            self.stallTimeout = stallTimeout
        }
    }

    let configuration: Configuration
    let client: HTTPClient
    let threadPool: NIOThreadPool
    let signer: SignatureV4
    /// Keys asked for per listing request; S3 gives at most 1,000.
    let pageSize: Int
    /// The time requests are signed with; the store refuses a signature more than 15 minutes off its clock.
    let now: @Sendable () -> Date

    package init(
        configuration: Configuration, client: HTTPClient, threadPool: NIOThreadPool,
        pageSize: Int = 1000, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.configuration = configuration
        self.client = client
        self.threadPool = threadPool
        self.signer = SignatureV4(accessKeyID: configuration.accessKeyID, secretAccessKey: configuration.secretAccessKey, region: configuration.region)
        self.pageSize = pageSize
        self.now = now
    }

    package func write(_ data: ByteBuffer, to key: String) async throws {
        let hash = SecureToken.hex(SHA256.hash(data: data.readableBytesView))
        // S3 replaces an object in one step: a reader gets the old file or the new one, never half.
        let response = try await send(.PUT, try checked(key), body: .bytes(data), payloadHash: hash, timeout: Self.timeout(for: data.readableBytes))
        try await expectSuccess(response, key)
    }

    package func read(_ key: String) async throws -> ByteBuffer? {
        let response = try await send(.GET, try checked(key))
        guard response.status == .ok else { return try await missing(response, key) }
        return try await response.body.collect(upTo: .max)
    }

    package func list(under prefix: String) async throws -> [String] {
        guard prefix.hasSuffix("/") else { throw FileStoreError.badKey(prefix) }
        var keys: [String] = []
        var token: String?
        repeat {
            var query: [(name: String, value: String)] = [("list-type", "2"), ("max-keys", String(pageSize)), ("prefix", prefix)]
            if let token { query.append(("continuation-token", token)) }
            let response = try await send(.GET, nil, query: query)
            guard response.status == .ok else { throw await refusal(response, prefix).error }
            let page = String(buffer: try await response.body.collect(upTo: 16 * 1024 * 1024))
            keys += S3XML.values("Key", in: page)
            token = S3XML.values("IsTruncated", in: page).first == "true" ? S3XML.values("NextContinuationToken", in: page).first : nil
        } while token != nil
        return keys.sorted()
    }

    package func delete(_ key: String) async throws {
        let response = try await send(.DELETE, try checked(key))
        // S3 answers 204 whether or not there was a file; some compatible stores answer 404 when there was none.
        if response.status == .notFound { return try await drain(response) }
        try await expectSuccess(response, key)
    }

    package func deleteAll(under prefix: String) async throws {
        let keys = try await list(under: prefix)
        // A few deletions at a time: a large folder goes quickly without flooding the store.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, key) in keys.enumerated() {
                if index >= 8 { try await group.next() }
                group.addTask { try await delete(key) }
            }
            try await group.waitForAll()
        }
    }

    package func put(file path: String, size: Int, sha256: String, to key: String) async throws {
        let target = try checked(key)
        // The file is read the way the local store reads its own: in pieces on the thread pool, each when
        // the upload is ready for it, so a large file never sits whole in memory.
        let folder = LocalFileStore(root: (path as NSString).deletingLastPathComponent, threadPool: threadPool)
        guard let bytes = try await folder.stream((path as NSString).lastPathComponent, range: nil) else { throw FileStoreError.io(path, ENOENT) }
        guard bytes.total == size else { throw FileStoreError.io(path, EIO) }
        let response = try await send(.PUT, target, body: .stream(bytes, length: .known(Int64(size))), payloadHash: sha256, timeout: Self.timeout(for: size))
        try await expectSuccess(response, key)
    }

    package func size(of key: String) async throws -> Int? {
        let response = try await send(.HEAD, try checked(key))
        try await drain(response)
        switch response.status {
        case .ok: return try Self.contentLength(response, key)
        case .notFound: return nil
        default: throw FileStoreError.remote(key, Int(response.status.code), response.status.reasonPhrase)
        }
    }

    package func stream(_ key: String, range: Range<Int>?) async throws -> StoredBytes? {
        let target = try checked(key)
        let range = range.map { max(0, $0.lowerBound)..<max(0, $0.upperBound) }
        // HTTP cannot ask for no bytes; the size says whether the file is there.
        if let range, range.isEmpty { return try await size(of: key).map { StoredBytes(count: 0, total: $0) { nil } } }
        let headers = range.map { [(name: "range", value: "bytes=\($0.lowerBound)-\($0.upperBound - 1)")] } ?? []
        let response = try await send(.GET, target, headers: headers)
        let count: Int, total: Int
        switch response.status {
        case .ok where range == nil:
            count = try Self.contentLength(response, key)
            total = count
        case .partialContent where range != nil:
            // Content-Range: bytes 0-9/1234; the store shortens a range that runs past the end.
            let parts = (response.headers.first(name: "content-range") ?? "").split(whereSeparator: { " -/".contains($0) })
            guard parts.count == 4, let first = Int(parts[1]), let last = Int(parts[2]), let whole = Int(parts[3]) else {
                throw FileStoreError.remote(key, 206, "no Content-Range in the answer")
            }
            count = last - first + 1
            total = whole
        case .rangeNotSatisfiable:
            // The range starts at or after the end: like the local store, no bytes of a file that is there.
            try await drain(response)
            return try await size(of: key).map { StoredBytes(count: 0, total: $0) { nil } }
        case .ok, .partialContent:
            throw FileStoreError.remote(key, Int(response.status.code), "the store did not answer the range asked for")
        default:
            return try await missing(response, key)
        }
        let body = ResponseBody(response.body)
        let limit = configuration.stallTimeout
        return StoredBytes(count: count, total: total) { try await body.next(of: key, within: limit) }
    }
}
