import CSystemCalls
import Foundation
import NIOConcurrencyHelpers
// Buffers over mapped files (`LocalFileStore.mapped`) need NIO's allocator of foreign memory.
@_spi(CustomByteBufferAllocator) import NIOCore
import Vapor
#if canImport(Glibc)
import Glibc
#endif

/// Where uploaded files live, addressed by keys such as `groups/<id>/logo.png`.
package protocol FileStore: Sendable {
    /// Writes the bytes under the key, replacing what was there in one step.
    func write(_ data: ByteBuffer, to key: String) async throws
    /// The bytes under the key, or nil when there are none.
    func read(_ key: String) async throws -> ByteBuffer?
    /// The keys of the files under a prefix (a folder such as `users/<id>/`), sorted.
    func list(under prefix: String) async throws -> [String]
    /// Deletes the file under the key, if there is one.
    func delete(_ key: String) async throws
    /// Deletes every file whose key starts with the prefix (a folder such as `groups/<id>/`).
    func deleteAll(under prefix: String) async throws
    /// Takes a finished file from this machine's disk (an upload received into `DATA_DIR/uploads`) and
    /// stores it under the key without reading it into memory. The local file may be moved or left behind.
    func put(file path: String, size: Int, sha256: String, to key: String) async throws
    /// The size in bytes of the file under the key, or nil when there is none.
    func size(of key: String) async throws -> Int?
    /// The bytes of the file under the key, or of a part of it, as they are read; nil when there is none.
    func stream(_ key: String, range: Range<Int>?) async throws -> StoredBytes?
}

/// The bytes of a stored file read piece by piece, each piece only when the reader asks for it,
/// so a download to a slow client never holds more than a piece in memory. The pieces are to be read,
/// never changed in place: they may be the store's mapped bytes (`LocalFileStore`), which are read-only.
package struct StoredBytes: AsyncSequence, Sendable {
    package typealias Element = ByteBuffer
    /// The number of bytes this stream gives.
    package let count: Int
    /// The size of the whole file.
    package let total: Int
    /// All the bytes, when they were read in one piece as the file was opened (a small range); nil when
    /// they come piece by piece.
    package let whole: ByteBuffer?
    private let next: @Sendable () async throws -> ByteBuffer?

    package init(count: Int, total: Int, next: @escaping @Sendable () async throws -> ByteBuffer?) {
        self.count = count
        self.total = total
        self.whole = nil
        self.next = next
    }

    /// Bytes in memory already, given as one piece; `total` is the size of the file they are part of.
    package init(_ bytes: ByteBuffer, total: Int? = nil) {
        count = bytes.readableBytes
        self.total = total ?? bytes.readableBytes
        whole = bytes
        let given = NIOLockedValueBox(false)
        next = {
            given.withLockedValue { done in
                defer { done = true }
                return done || bytes.readableBytes == 0 ? nil : bytes
            }
        }
    }

    package struct AsyncIterator: AsyncIteratorProtocol {
        let next: @Sendable () async throws -> ByteBuffer?
        package mutating func next() async throws -> ByteBuffer? { try await next() }
    }

    package func makeAsyncIterator() -> AsyncIterator { AsyncIterator(next: next) }
}

/// Files in a folder on this machine's disk (`DATA_DIR/files`).
package struct LocalFileStore: FileStore {
    let rootPath: String
    let threadPool: NIOThreadPool
    /// The files of uploads open for downloads, by key (`open`); let go as their key is written or deleted.
    let openFiles = KeptByKey<String, OpenFile>(limit: 256)
    /// Counts the writes and deletions that let files go, so a file opened before one of them finished
    /// is not kept after it (`open`, `letGo`).
    private let changes = NIOLockedValueBox(0)
    /// Whether reads take what the page cache holds right away; off, every read goes to the thread pool
    /// (for tests of that way).
    let readsFromPageCache: Bool
    /// Whether the files of uploads are mapped as they are kept open (`mapped`); off, they are read like
    /// any other (for tests of that way).
    let mapsFiles: Bool

    package init(root: String, threadPool: NIOThreadPool, readsFromPageCache: Bool = true, mapsFiles: Bool = true) {
        rootPath = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
        self.threadPool = threadPool
        self.readsFromPageCache = readsFromPageCache
        self.mapsFiles = mapsFiles
    }

    /// Around a change to what `key` (or the keys `matching`) name: files kept open for them are let go
    /// before the change and again after it, and a file opened meanwhile is not kept.
    private func letGo<T>(_ matching: (String) -> Bool, around change: () async throws -> T) async rethrows -> T {
        openFiles.removeAll(where: matching)
        defer {
            changes.withLockedValue { count in
                count += 1
                openFiles.removeAll(where: matching)
            }
        }
        return try await change()
    }

    /// The file a key names; keys come from our code, and anything that could climb out of the folder is refused.
    func url(_ key: String) throws -> URL {
        URL(fileURLWithPath: try path(key))
    }

    /// The same as a path, put together without Foundation's URL, for the download path.
    func path(_ key: String) throws -> String {
        let path = key.hasSuffix("/") ? String(key.dropLast()) : key
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.isEmpty, parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else { throw FileStoreError.badKey(key) }
        return rootPath + "/" + path
    }

    package func write(_ data: ByteBuffer, to key: String) async throws {
        let target = try url(key)
        try await letGo({ $0 == key }) {
            try await threadPool.runIfActive {
                let manager = FileManager.default
                try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                // Written beside the target and renamed over it, so a reader never sees half a file.
                let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString)")
                try Data(data.readableBytesView).write(to: temporary)
                // rename(2) replaces the target in one step.
                guard rename(temporary.path, target.path) == 0 else {
                    let code = errno
                    try? manager.removeItem(at: temporary)
                    throw FileStoreError.io(key, code)
                }
            }
        }
    }

    package func read(_ key: String) async throws -> ByteBuffer? {
        let target = try url(key)
        return try await threadPool.runIfActive {
            guard let data = FileManager.default.contents(atPath: target.path) else { return nil }
            return ByteBuffer(bytes: data)
        }
    }

    package func list(under prefix: String) async throws -> [String] {
        guard prefix.hasSuffix("/") else { throw FileStoreError.badKey(prefix) }
        let folder = try url(prefix)
        return try await threadPool.runIfActive {
            guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
            var keys: [String] = []
            while let relative = walker.nextObject() as? String {
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: folder.appendingPathComponent(relative).path, isDirectory: &isFolder), !isFolder.boolValue,
                   !(relative.split(separator: "/").last?.hasPrefix(".") ?? false) {
                    keys.append(prefix + relative)
                }
            }
            return keys.sorted()
        }
    }

    package func delete(_ key: String) async throws {
        let target = try url(key)
        try await letGo({ $0 == key }) {
            try await threadPool.runIfActive {
                if FileManager.default.fileExists(atPath: target.path) { try FileManager.default.removeItem(at: target) }
            }
        }
    }

    package func deleteAll(under prefix: String) async throws {
        guard prefix.hasSuffix("/") else { throw FileStoreError.badKey(prefix) }
        let folder = try url(prefix)
        try await letGo({ $0.hasPrefix(prefix) }) {
            try await threadPool.runIfActive {
                if FileManager.default.fileExists(atPath: folder.path) { try FileManager.default.removeItem(at: folder) }
            }
        }
    }

    package func put(file path: String, size: Int, sha256: String, to key: String) async throws {
        let target = try url(key)
        try await letGo({ $0 == key }) {
            try await threadPool.runIfActive {
                let manager = FileManager.default
                try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                // Uploads are received inside DATA_DIR, on the same disk as the store, so this is a rename;
                // across disks it is a copy beside the target first, renamed over it, so no reader sees half a file.
                if rename(path, target.path) == 0 { return }
                let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString)")
                try manager.copyItem(atPath: path, toPath: temporary.path)
                guard rename(temporary.path, target.path) == 0 else {
                    let code = errno
                    try? manager.removeItem(at: temporary)
                    throw FileStoreError.io(key, code)
                }
            }
        }
    }

    package func size(of key: String) async throws -> Int? {
        let target = try url(key)
        return try await threadPool.runIfActive {
            var info = stat()
            guard stat(target.path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
            return Int(info.st_size)
        }
    }

    package func stream(_ key: String, range: Range<Int>?) async throws -> StoredBytes? {
        guard let file = try await open(key) else { return nil }
        let store = self
        let wanted = (range ?? 0..<file.size).clamped(to: 0..<file.size)
        let first = try await piece(of: file, key: key, at: wanted.lowerBound, count: min(Self.chunkSize, wanted.count))
        // A range that fits in a piece (what a video player asks for) is sent as one buffer.
        if first.readableBytes == wanted.count { return StoredBytes(first, total: file.size) }
        let state = NIOLockedValueBox((position: wanted.lowerBound, first: Optional(first)))
        return StoredBytes(count: wanted.count, total: file.size) {
            let (start, first) = state.withLockedValue { state in
                defer { state.first = nil }
                return (state.position, state.first)
            }
            guard start < wanted.upperBound else { return nil }
            let chunk: ByteBuffer
            if let first {
                chunk = first
            } else {
                chunk = try await store.piece(of: file, key: key, at: start, count: min(Self.chunkSize, wanted.upperBound - start))
            }
            state.withLockedValue { $0.position = start + chunk.readableBytes }
            return chunk
        }
    }

    /// Up to `count` bytes of the file from `offset`: its mapped bytes when it is mapped and they are in
    /// memory, else a copy.
    private func piece(of file: OpenFile, key: String, at offset: Int, count: Int) async throws -> ByteBuffer {
        if let mapped = mapped(file, at: offset, count: count) { return mapped }
        return try await read(file, key: key, at: offset, count: count)
    }

    /// The file of `key`, open, with its size; nil when there is none. The files of uploads stay open
    /// between downloads (`openFiles`): their keys name their content, so an open file never holds other
    /// bytes than its key says, and a download of a much asked-for file opens nothing. Opening goes to the
    /// thread pool, as it may wait for the disk.
    func open(_ key: String) async throws -> OpenFile? {
        let keep = key.hasPrefix(Upload.blobPrefix)
        if keep, let kept = openFiles.get(key) { return kept }
        let target = try path(key), threadPool = self.threadPool, mapsFiles = self.mapsFiles
        let before = changes.withLockedValue { $0 }
        let file: OpenFile? = try await threadPool.runIfActive {
            let descriptor = Glibc.open(target, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { return nil }
            var info = stat()
            guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
                _ = Glibc.close(descriptor)
                return nil
            }
            // A file kept open is mapped too, when the store may: its downloads are sent from the page
            // cache without a copy of their own (`mapped`). Its bytes never change under its key.
            let mapping = keep && mapsFiles ? igroups_map_file(descriptor, Int(info.st_size)) : nil
            return OpenFile(descriptor: descriptor, size: Int(info.st_size), mapping: mapping, threadPool: threadPool)
        }
        if keep, let file {
            changes.withLockedValue { count in
                if count == before { openFiles.put(key, file) }
            }
        }
        return file
    }

    /// Up to `count` bytes of the file from `offset`: read right here when the page cache holds them (as
    /// far as it does), which is a copy in memory and no wait, and otherwise on the thread pool, which
    /// may wait for the disk. No byte where some were wanted means the file got shorter while it was
    /// read: an error, rather than a download padded with made-up bytes.
    private func read(_ file: OpenFile, key: String, at offset: Int, count: Int) async throws -> ByteBuffer {
        guard count > 0 else { return ByteBuffer() }
        if readsFromPageCache {
            var buffer = ByteBufferAllocator().buffer(capacity: count)
            let cached = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { bytes in
                max(0, igroups_read_cached(file.descriptor, bytes.baseAddress, count, off_t(offset)))
            }
            // Part of a piece is taken when it is a good part: a file coming from the disk has only the
            // kernel's read-ahead in memory, and pieces that small would each cost a write of their own.
            if cached == count || cached >= Self.chunkSize / 4 { return buffer }
        }
        return try await threadPool.runIfActive {
            var buffer = ByteBufferAllocator().buffer(capacity: count)
            let read = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { bytes in
                max(0, pread(file.descriptor, bytes.baseAddress, count, off_t(offset)))
            }
            guard read > 0 else { throw FileStoreError.io(key, EIO) }
            return buffer
        }
    }

    /// The bytes of a mapped file as a buffer that holds its mapping while it is sent, with no copy: the
    /// socket takes them from the page cache. Only when the page cache holds them all, so the event loop
    /// never waits for the disk, and bytes the disk fails to give are an error of the copy's read (`read`),
    /// not a fault in the process; a piece is a megabyte, so the pages stay there while it is sent.
    /// Nil for a file that is not mapped, or bytes not in memory. The buffer is only ever read (the
    /// mapping is read-only).
    private func mapped(_ file: OpenFile, at offset: Int, count: Int) -> ByteBuffer? {
        guard let mapping = file.mapping, count > 0 else { return nil }
        let start = mapping + offset
        guard igroups_mapping_in_memory(start, count) else { return nil }
        // The open file holds the mapping all this time, so holding it once more cannot fail.
        let bytes = UnsafeMutableRawPointer(mutating: start)
        guard igroups_mapping_hold(bytes) else { return nil }
        return ByteBuffer(takingOwnershipOf: UnsafeMutableRawBufferPointer(start: bytes, count: count), allocator: Self.mappedBytes)
    }

    /// Buffers that start as mapped bytes: one that must grow or be copied gets memory of its own.
    static let mappedBytes = ByteBufferAllocator(
        allocate: { igroups_mapped_allocate($0) },
        reallocate: { igroups_mapped_reallocate($0, $1, $2) },
        deallocate: { igroups_mapped_deallocate($0) },
        copy: { igroups_mapped_copy($0, $1, $2) }
    )

    /// Pieces of 1 MiB: a range of that size (what a video player asks for) is read and sent in one piece,
    /// a larger file in few reads, and a download holds no more than a piece in memory.
    static let chunkSize = 1 << 20

    /// A file open for reading, closed when nothing holds it any more: neither the files kept open nor a
    /// download still sending it.
    final class OpenFile: Sendable {
        let descriptor: Int32
        let size: Int
        /// Where the file is mapped, if it is; the mapping stays while this or a buffer of it holds it.
        private let mappedAt: Int
        let threadPool: NIOThreadPool

        init(descriptor: Int32, size: Int, mapping: UnsafeRawPointer?, threadPool: NIOThreadPool) {
            self.descriptor = descriptor
            self.size = size
            mappedAt = Int(bitPattern: mapping)
            self.threadPool = threadPool
        }

        var mapping: UnsafeRawPointer? { UnsafeRawPointer(bitPattern: mappedAt) }

        /// Closing the last descriptor of a deleted file frees its blocks there and then, which takes a
        /// while for a large one: that close goes to the thread pool, not the event loop.
        deinit {
            if let mapping { igroups_mapping_let_go(mapping) }
            var info = stat()
            guard fstat(descriptor, &info) == 0, info.st_nlink == 0 else {
                _ = Glibc.close(descriptor)
                return
            }
            let descriptor = self.descriptor
            threadPool.submit { _ in _ = Glibc.close(descriptor) }
        }
    }
}

package enum FileStoreError: Error, CustomStringConvertible {
    case badKey(String)
    case io(String, Int32)
    /// The store answered with an error (an S3-compatible store's status and message).
    case remote(String, Int, String)
    /// The store began to send a file and then sent nothing more for the stall time.
    case stalled(String, Duration)

    package var description: String {
        switch self {
        case .badKey(let key): "not a file key: \(key)"
        case .io(let key, let code): "could not write \(key): \(String(cString: strerror(code)))"
        case .remote(let key, let status, let message): "the file store refused \(key): \(status) \(message)"
        case .stalled(let key, let limit): "the file store sent nothing more of \(key) for \(Self.seconds(limit)) s"
        }
    }

    /// A duration in seconds as a person writes it: 30, 1.5.
    private static func seconds(_ duration: Duration) -> String {
        String(format: "%g", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
    }
}

extension Application {
    private struct FileStoreKey: StorageKey { typealias Value = any FileStore }

    /// The store of uploaded files; configure sets it, on local disk unless told otherwise.
    package var files: any FileStore {
        get {
            guard let store = storage[FileStoreKey.self] else { fatalError("configure sets the file store before use") }
            return store
        }
        set { storage[FileStoreKey.self] = newValue }
    }
}
