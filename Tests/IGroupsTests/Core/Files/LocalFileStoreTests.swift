import CSystemCalls
import Foundation
@testable import IGroupsCore
import NIOCore
import NIOPosix
import Testing

@Suite("Files on the local disk")
struct LocalFileStoreTests {
    /// A store in a temporary folder, removed afterwards.
    static func withStore(readsFromPageCache: Bool = true, mapsFiles: Bool = true, _ body: (LocalFileStore) async throws -> Void) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("igroups-store-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try await body(LocalFileStore(root: root, threadPool: NIOThreadPool.singleton, readsFromPageCache: readsFromPageCache, mapsFiles: mapsFiles))
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

    /// The ways a store reads: an upload's file mapped, a copy from the page cache on the event loop,
    /// a copy on the thread pool.
    enum Way: CaseIterable { case mapped, pageCache, threadPool }

    @Test("A file arrives whole and by ranges, in pieces when large, mapped or read from memory or on the thread pool", arguments: Way.allCases)
    func reads(way: Way) async throws {
        try await Self.withStore(readsFromPageCache: way != .threadPool, mapsFiles: way == .mapped) { store in
            let bytes = (0..<(3 << 20) + 12_345).map { _ in UInt8.random(in: 0...255) }
            try await store.write(ByteBuffer(bytes: bytes), to: Self.blobKey)
            let whole = try await Self.collect(try #require(try await store.stream(Self.blobKey, range: nil)))
            #expect(whole.bytes == bytes)
            #expect(whole.pieces == 4)
            let file = try #require(try await store.open(Self.blobKey))
            #expect((file.mapping != nil) == (way == .mapped))
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

    @Test("Mapped bytes being sent outlive the deletion of their file; the mapping goes with the last of them")
    func mappingLifetime() async throws {
        try await Self.withStore { store in
            try await store.write(ByteBuffer(string: "Referat fra generalforsamlingen"), to: Self.blobKey)
            let sent = try #require(try await store.stream(Self.blobKey, range: 0..<7)?.whole)
            var grown = try #require(try await store.stream(Self.blobKey, range: 8..<11)?.whole)
            let address = sent.withUnsafeReadableBytes { $0.baseAddress! }
            var holders = 0
            let serial = igroups_mapping_serial(address, &holders)
            #expect(serial != 0)
            #expect(holders == 3, "the kept file and two buffers")

            try await store.delete(Self.blobKey)
            #expect(igroups_mapping_serial(address, &holders) == serial && holders == 2)
            #expect(String(buffer: sent) == "Referat")

            // A buffer that grows takes its bytes into memory of its own and lets go of the mapping.
            grown.writeString("!")
            #expect(String(buffer: grown) == "fra!")
            #expect(igroups_mapping_serial(address, &holders) == serial && holders == 1)
            #expect(String(buffer: sent) == "Referat")

            // A copy changed, or a slice grown, gets memory of its own; the bytes they came from keep the mapping.
            do {
                var copy = sent
                copy.writeString("!")
                var slice = sent.getSlice(at: 0, length: 3)!
                slice.writeString("…")
                #expect(String(buffer: copy) == "Referat!" && String(buffer: slice) == "Ref…")
                #expect(igroups_mapping_serial(address, &holders) == serial && holders == 1)
            }
            #expect(igroups_mapping_serial(address, &holders) == serial && holders == 1)
            #expect(String(buffer: sent) == "Referat")
        }
    }

    @Test("The last buffer of a deleted file's bytes unmaps them")
    func unmapped() async throws {
        try await Self.withStore { store in
            try await store.write(ByteBuffer(string: "Vedtægter"), to: Self.blobKey)
            var sent = try #require(try await store.stream(Self.blobKey, range: nil)?.whole)
            let address = sent.withUnsafeReadableBytes { $0.baseAddress! }
            var holders = 0
            let serial = igroups_mapping_serial(address, &holders)
            #expect(serial != 0 && holders == 2)
            try await store.delete(Self.blobKey)
            sent = ByteBuffer()
            // Another mapping may take the same place meanwhile, but never under the same number.
            #expect(igroups_mapping_serial(address, &holders) != serial)
            #expect(sent.readableBytes == 0)
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
