import Foundation
@testable import IGroupsCore
import Testing
import Vapor

@Suite("S3 file store")
struct S3FileStoreTests {
    /// Runs a test with a store talking to a fresh server; the client is shut down and the server stopped after it.
    func withStore(
        secretAccessKey: String = S3TestServer.secretAccessKey, pageSize: Int = 1000,
        stallTimeout: Duration = .seconds(30), now: @escaping @Sendable () -> Date = { Date() },
        _ test: (S3FileStore, S3TestServer) async throws -> Void
    ) async throws {
        let server = try S3TestServer()
        let client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        var configuration = server.configuration(secretAccessKey: secretAccessKey)
        configuration.stallTimeout = stallTimeout
        let store = S3FileStore(configuration: configuration, client: client, threadPool: .singleton, pageSize: pageSize, now: now)
        do {
            try await test(store, server)
        } catch {
            try await client.shutdown()
            server.stop()
            throw error
        }
        try await client.shutdown()
        server.stop()
    }

    func collect(_ bytes: StoredBytes) async throws -> [UInt8] {
        var all: [UInt8] = []
        for try await piece in bytes { all += piece.readableBytesView }
        return all
    }

    /// The status and message of a store's refusal.
    func refusal(_ operation: () async throws -> Void) async -> (status: Int, message: String)? {
        do {
            try await operation()
        } catch FileStoreError.remote(_, let status, let message) {
            return (status, message)
        } catch {
            Issue.record("not a refusal: \(error)")
        }
        return nil
    }

    @Test("A file written is read back, its size is known, and a key with no file is nil")
    func roundTrip() async throws {
        try await withStore { store, _ in
            try await store.write(ByteBuffer(string: "Referat fra generalforsamlingen"), to: "groups/7/minutes.txt")

            #expect(try await store.read("groups/7/minutes.txt") == ByteBuffer(string: "Referat fra generalforsamlingen"))
            #expect(try await store.size(of: "groups/7/minutes.txt") == 31)
            #expect(try await store.read("groups/7/missing.txt") == nil)
            #expect(try await store.size(of: "groups/7/missing.txt") == nil)
            #expect(try await store.stream("groups/7/missing.txt", range: nil) == nil)
            #expect(try await store.stream("groups/7/missing.txt", range: 0..<10) == nil)
        }
    }

    @Test("A large file is sent from disk with its hash and read back whole and in parts")
    func largeFile() async throws {
        try await withStore { store, server in
            // setup
            let size = 5 * 1024 * 1024 + 123
            var generator = SystemRandomNumberGenerator()
            let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let path = server.folder + "/upload.bin"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let hash = SecureToken.hex(SHA256.hash(data: bytes))

            // act
            try await store.put(file: path, size: size, sha256: hash, to: "groups/7/video.mp4")

            // assert
            #expect(try await store.size(of: "groups/7/video.mp4") == size)
            let whole = try #require(try await store.stream("groups/7/video.mp4", range: nil))
            #expect(whole.count == size && whole.total == size)
            #expect(try await collect(whole) == bytes)
            let part = try #require(try await store.stream("groups/7/video.mp4", range: 1_000_000..<3_500_001))
            #expect(part.count == 2_500_001 && part.total == size)
            #expect(try await collect(part) == Array(bytes[1_000_000..<3_500_001]))
            let tail = try #require(try await store.stream("groups/7/video.mp4", range: (size - 10)..<(size + 100)))
            #expect(tail.count == 10)
            #expect(try await collect(tail) == Array(bytes[(size - 10)...]))
            let beyond = try #require(try await store.stream("groups/7/video.mp4", range: (size + 5)..<(size + 10)))
            #expect(beyond.count == 0 && beyond.total == size)
            #expect(try await collect(beyond).isEmpty)
            // A reader that stops after the first piece leaves the rest unread, and the store goes on working.
            for try await first in try #require(try await store.stream("groups/7/video.mp4", range: nil)) {
                #expect(first.readableBytes > 0 && first.readableBytes < size)
                break
            }
            #expect(try await store.size(of: "groups/7/video.mp4") == size)
            #expect(try server.requests().contains("GET /\(S3TestServer.bucket)/groups/7/video.mp4"))
        }
    }

    @Test("A download whose bucket stops sending ends with an error naming the file and the stall time, after the bytes that came; its connection is closed")
    func stalledDownload() async throws {
        try await withStore(stallTimeout: .seconds(1)) { store, server in
            // setup
            let bytes = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 11) }
            try await store.write(ByteBuffer(bytes: bytes), to: "groups/7/video.mp4")
            try server.stallDownloads(after: 100_000)

            // act
            let stream = try #require(try await store.stream("groups/7/video.mp4", range: nil))
            var received: [UInt8] = []
            var failure: (any Error)?
            do {
                for try await piece in stream { received += piece.readableBytesView }
            } catch {
                failure = error
            }

            // assert
            #expect(stream.count == bytes.count)
            let beginning = received == Array(bytes[..<100_000])
            #expect(received.count == 100_000)
            #expect(beginning)
            guard case .stalled(let key, let limit)? = failure as? FileStoreError else {
                Issue.record("not a stall: \(String(describing: failure))")
                return
            }
            #expect(key == "groups/7/video.mp4" && limit == .seconds(1))
            #expect("\(FileStoreError.stalled(key, limit))" == "the file store sent nothing more of groups/7/video.mp4 for 1 s")
            // The request is given up, not left half-read on a connection, and the store serves the next one.
            #expect(try await server.logs("CLOSED GET /\(S3TestServer.bucket)/groups/7/video.mp4"))
            server.sendNormally()
            let again = try await collect(try #require(try await store.stream("groups/7/video.mp4", range: nil))) == bytes
            #expect(again)
        }
    }

    @Test("A downloader that reads nothing for longer than the stall time, while the bucket sends normally, gets every byte")
    func slowReader() async throws {
        try await withStore(stallTimeout: .seconds(1)) { store, _ in
            // setup: more than the HTTP client and the sockets hold, so the bucket waits for the reader
            let bytes = (0..<8_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 11) }
            try await store.write(ByteBuffer(bytes: bytes), to: "groups/7/video.mp4")

            // act
            let stream = try #require(try await store.stream("groups/7/video.mp4", range: nil))
            var pieces = stream.makeAsyncIterator()
            var received = Array(try #require(try await pieces.next()).readableBytesView)
            try await Task.sleep(for: .milliseconds(2500))
            while let piece = try await pieces.next() { received += piece.readableBytesView }

            // assert
            let whole = received == bytes
            #expect(received.count == bytes.count)
            #expect(whole)
        }
    }

    @Test("A file whose hash is not the one given is refused with 400 and not stored")
    func wrongHash() async throws {
        try await withStore { store, server in
            let path = server.folder + "/upload.bin"
            try Data("the real bytes".utf8).write(to: URL(fileURLWithPath: path))

            let refused = await refusal {
                try await store.put(file: path, size: 14, sha256: SecureToken.hex(SHA256.hash(data: Data("other bytes".utf8))), to: "groups/7/file.txt")
            }

            #expect(refused?.status == 400)
            #expect(refused?.message.hasPrefix("XAmzContentSHA256Mismatch") == true)
            #expect(try await store.read("groups/7/file.txt") == nil)
        }
    }

    @Test("A listing longer than a page is followed through its continuation tokens, sorted, without other folders")
    func pagedList() async throws {
        try await withStore(pageSize: 2) { store, server in
            let keys = ["groups/7/e.txt", "groups/7/a.txt", "groups/7/photos/b.jpg", "groups/7/c.txt", "groups/7/d.txt"]
            for key in keys + ["groups/70/other.txt", "groups/8/other.txt"] { try await store.write(ByteBuffer(string: key), to: key) }

            #expect(try await store.list(under: "groups/7/") == keys.sorted())
            let listings = try server.requests().filter { $0.contains("list-type=2") }
            #expect(listings.count == 3)
            #expect(listings.filter { $0.contains("continuation-token=") }.count == 2)
            #expect(try await store.list(under: "groups/9/").isEmpty)
        }
    }

    @Test("Deleting a file, and a folder with everything in it, leaves the other folders")
    func deletions() async throws {
        try await withStore(pageSize: 3) { store, _ in
            for index in 0..<10 { try await store.write(ByteBuffer(string: "\(index)"), to: "groups/7/files/\(index).txt") }
            try await store.write(ByteBuffer(string: "logo"), to: "groups/8/logo.png")

            try await store.delete("groups/7/files/3.txt")
            #expect(try await store.read("groups/7/files/3.txt") == nil)
            #expect(try await store.list(under: "groups/7/").count == 9)
            try await store.delete("groups/7/files/3.txt")

            try await store.deleteAll(under: "groups/7/")
            #expect(try await store.list(under: "groups/7/").isEmpty)
            #expect(try await store.read("groups/8/logo.png") == ByteBuffer(string: "logo"))
        }
    }

    @Test("Keys with spaces, Danish letters, an emoji and characters URLs treat specially keep their name")
    func specialKeys() async throws {
        try await withStore { store, server in
            let key = "groups/7/Årsmøde 2026 + budget (udkast) & noter=ja;!*'~ 🎉 100%.pdf"
            try await store.write(ByteBuffer(string: "PDF"), to: key)

            #expect(try await store.read(key) == ByteBuffer(string: "PDF"))
            #expect(try await store.list(under: "groups/7/") == [key])
            #expect(try await store.size(of: key) == 3)
            #expect(try await store.read("groups/7/Årsmøde 2026   budget (udkast) & noter=ja;!*'~ 🎉 100%.pdf") == nil)
            #expect(try server.requests().contains { $0.hasPrefix("PUT /igroups-test/groups/7/%C3%85rsm%C3%B8de%202026%20%2B%20budget%20%28udkast%29%20%26") })
            try await store.delete(key)
            #expect(try await store.list(under: "groups/7/").isEmpty)
        }
    }

    @Test("A wrong secret key is refused with 403 and nothing is stored")
    func wrongSecret() async throws {
        try await withStore { store, server in
            let wrong = S3FileStore(configuration: server.configuration(secretAccessKey: "not the secret"), client: store.client, threadPool: .singleton)

            let refused = await refusal { try await wrong.write(ByteBuffer(string: "x"), to: "groups/7/file.txt") }

            #expect(refused?.status == 403)
            #expect(refused?.message.hasPrefix("SignatureDoesNotMatch") == true)
            let stored = try await store.list(under: "groups/7/")
            #expect(stored.isEmpty)
            #expect(await refusal { _ = try await wrong.read("groups/7/file.txt") }?.status == 403)
            #expect(await refusal { _ = try await wrong.size(of: "groups/7/file.txt") }?.status == 403)
        }
    }

    @Test("A request signed with a clock 20 minutes off is refused")
    func skewedClock() async throws {
        try await withStore(now: { Date().addingTimeInterval(-20 * 60) }) { store, _ in
            let refused = await refusal { try await store.write(ByteBuffer(string: "x"), to: "groups/7/file.txt") }
            #expect(refused?.status == 403)
            #expect(refused?.message.hasPrefix("RequestTimeTooSkewed") == true)
        }
    }

    @Test("Keys that could climb out of their folder are refused before any request")
    func badKeys() async throws {
        try await withStore { store, server in
            for key in ["", "groups/../secret", "groups//7", "groups/./7"] {
                await #expect(throws: FileStoreError.self) { try await store.write(ByteBuffer(string: "x"), to: key) }
            }
            await #expect(throws: FileStoreError.self) { try await store.list(under: "groups/7") }
            let requests = try server.requests()
            #expect(requests.isEmpty)
        }
    }
}
