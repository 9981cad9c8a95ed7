import Foundation
@testable import IGroupsCore
import NIOCore
import NIOPosix
import Testing

@Suite("Files on the local disk")
struct LocalFileStoreTests {
    /// A store in a temporary folder, removed afterwards.
    static func withStore(readsFromPageCache: Bool = true, _ body: (LocalFileStore) async throws -> Void) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("igroups-store-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try await body(LocalFileStore(root: root, threadPool: NIOThreadPool.singleton, readsFromPageCache: readsFromPageCache))
    }

    static func collect(_ bytes: StoredBytes) async throws -> (bytes: [UInt8], pieces: Int) {
        var all: [UInt8] = [], pieces = 0
        for try await piece in bytes {
            all += piece.readableBytesView
            pieces += 1
        }
        return (all, pieces)
    }

    static let blobKey = Upload.key(ofBlob: String(repeating: "ab", count: 32))

    @Test("A file arrives whole and by ranges, in pieces when large, read from memory or on the thread pool", arguments: [true, false])
    func reads(fromPageCache: Bool) async throws {
        try await Self.withStore(readsFromPageCache: fromPageCache) { store in
            let bytes = (0..<(3 << 20) + 12_345).map { _ in UInt8.random(in: 0...255) }
            try await store.write(ByteBuffer(bytes: bytes), to: Self.blobKey)
            let whole = try await Self.collect(try #require(try await store.stream(Self.blobKey, range: nil)))
            #expect(whole.bytes == bytes)
            #expect(whole.pieces == 4)
            let part = try #require(try await store.stream(Self.blobKey, range: 1_000_000..<2_500_000))
            #expect(part.count == 1_500_000 && part.total == bytes.count)
            #expect(try await Self.collect(part).bytes == Array(bytes[1_000_000..<2_500_000]))
            let small = try #require(try await store.stream(Self.blobKey, range: 3_000_000..<3_000_100))
            #expect(small.whole.map { Array($0.readableBytesView) } == Array(bytes[3_000_000..<3_000_100]))
            #expect(try await store.stream(Self.blobKey, range: bytes.count..<bytes.count + 10)?.count == 0)
        }
    }

    @Test("An upload's file stays open between downloads and is let go when it is deleted; other files are opened each time")
    func keptOpen() async throws {
        try await Self.withStore { store in
            try await store.write(ByteBuffer(string: "Referat"), to: Self.blobKey)
            #expect(try await store.stream(Self.blobKey, range: nil)?.whole == ByteBuffer(string: "Referat"))
            #expect(store.openFiles.get(Self.blobKey) != nil)
            #expect(try await store.stream(Self.blobKey, range: 2..<5)?.whole == ByteBuffer(string: "fer"))
            try await store.delete(Self.blobKey)
            #expect(store.openFiles.get(Self.blobKey) == nil)
            #expect(try await store.stream(Self.blobKey, range: nil) == nil)

            // A logo's key names no content: written over, the next read sends the new bytes.
            let logo = "groups/klubben/logo.png"
            try await store.write(ByteBuffer(string: "gammelt"), to: logo)
            #expect(try await store.stream(logo, range: nil)?.whole == ByteBuffer(string: "gammelt"))
            #expect(store.openFiles.get(logo) == nil)
            try await store.write(ByteBuffer(string: "nyt"), to: logo)
            #expect(try await store.stream(logo, range: nil)?.whole == ByteBuffer(string: "nyt"))
        }
    }

    @Test("A file opened while its key is deleted is not kept open after the deletion")
    func openedDuringDeletion() async throws {
        try await Self.withStore { store in
            let keys = (0..<40).map { Upload.key(ofBlob: String(format: "%064x", $0)) }
            for key in keys { try await store.write(ByteBuffer(string: key), to: key) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for key in keys {
                    group.addTask { _ = try await store.stream(key, range: nil) }
                    group.addTask { try await store.delete(key) }
                }
                try await group.waitForAll()
            }
            for key in keys { #expect(store.openFiles.get(key) == nil, "\(key)") }
        }
    }
}
