import CSystemCalls
import Foundation
@testable import IGroupsCore
import NIOCore
import NIOPosix
import Testing

@Suite("Files on the local disk")
struct LocalFileStoreTests {
    /// A store in a folder of the checkout's disk, where the page cache can be dropped for a file (a
    /// tmpfs, where temporary folders may be, keeps every file in memory), removed afterwards.
    static func withStore(_ body: (LocalFileStore) async throws -> Void) async throws {
        let root = FileManager.default.currentDirectoryPath + "/.build/local-store-tests/\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try await body(LocalFileStore(root: root, threadPool: NIOThreadPool.singleton))
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

    @Test("A file that must come from the disk, not from memory, arrives whole and by ranges, in pieces when large")
    func readFromDisk() async throws {
        try await Self.withStore { store in
            let bytes = (0..<(3 << 20) + 12_345).map { _ in UInt8.random(in: 0...255) }
            try await store.write(ByteBuffer(bytes: bytes), to: Self.blobKey)
            // Written to the disk and dropped from the page cache, so a read that may not wait finds nothing.
            let descriptor = open(try store.path(Self.blobKey), O_RDONLY)
            defer { close(descriptor) }
            #expect(fsync(descriptor) == 0 && posix_fadvise(descriptor, 0, 0, POSIX_FADV_DONTNEED) == 0)
            var probe = [UInt8](repeating: 0, count: 4096)
            let cached = probe.withUnsafeMutableBytes { igroups_read_cached(descriptor, $0.baseAddress, 4096, 0) }
            try #require(cached == -1 && errno == EAGAIN, "the page cache still held the file")

            let whole = try await Self.collect(try #require(try await store.stream(Self.blobKey, range: nil)))
            #expect(whole.bytes == bytes)
            #expect(whole.pieces >= 4)
            let part = try #require(try await store.stream(Self.blobKey, range: 1_000_000..<2_500_000))
            #expect(part.count == 1_500_000 && part.total == bytes.count)
            #expect(try await Self.collect(part).bytes == Array(bytes[1_000_000..<2_500_000]))
            // From memory now, the same again.
            #expect(try await Self.collect(try #require(try await store.stream(Self.blobKey, range: nil))).bytes == bytes)
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
}
