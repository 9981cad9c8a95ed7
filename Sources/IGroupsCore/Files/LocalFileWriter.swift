import Crypto
import Foundation
import NIOCore
import NIOPosix
#if canImport(Glibc)
import Glibc
#endif

/// A new file on this machine's disk, written piece by piece on the thread pool with its SHA-256 computed
/// on the way, so what is written never needs to be whole in memory. Pieces are collected up to a megabyte
/// before each write: one trip to the thread pool per network-sized piece costs more than the writing.
package struct LocalFileWriter {
    package let path: String
    private let threadPool: NIOThreadPool
    private var descriptor: Int32
    private var pending = ByteBuffer()
    private var hasher = SHA256()
    /// The bytes given so far.
    package private(set) var size = 0
    static let writeSize = 1 << 20

    /// Creates the file, which must not exist yet, readable by this user alone.
    package init(creating path: String, threadPool: NIOThreadPool) async throws {
        let descriptor = try await threadPool.runIfActive { open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600) }
        guard descriptor >= 0 else { throw FileStoreError.io(path, errno) }
        self.path = path
        self.threadPool = threadPool
        self.descriptor = descriptor
    }

    package mutating func write(_ bytes: ByteBuffer) async throws {
        hasher.update(data: bytes.readableBytesView)
        size += bytes.readableBytes
        var bytes = bytes
        pending.writeBuffer(&bytes)
        if pending.readableBytes >= Self.writeSize { try await flush() }
    }

    /// Writes what was collected so far.
    private mutating func flush() async throws {
        guard pending.readableBytes > 0 else { return }
        let bytes = pending
        pending = ByteBuffer()
        let descriptor = self.descriptor, path = self.path
        try await threadPool.runIfActive { try Self.write(bytes, to: descriptor, path: path) }
    }

    /// Writes all of `bytes` to an open file, on the calling thread (the thread pool's: it blocks).
    static func write(_ bytes: ByteBuffer, to descriptor: Int32, path: String) throws {
        try bytes.withUnsafeReadableBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    // errno belongs to this thread: read it here.
                    if errno == EINTR { continue }
                    throw FileStoreError.io(path, errno)
                }
                offset += written
            }
        }
    }

    /// Writes the rest and closes the file: its size and SHA-256 in hex.
    package mutating func finish() async throws -> (size: Int, sha256: String) {
        try await flush()
        let descriptor = self.descriptor
        self.descriptor = -1
        let status = try await threadPool.runIfActive { close(descriptor) }
        guard status == 0 else { throw FileStoreError.io(path, errno) }
        return (size, SecureToken.hex(hasher.finalize()))
    }

    /// Closes and deletes the file, however far it got.
    package mutating func discard() {
        pending = ByteBuffer()
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
        try? FileManager.default.removeItem(atPath: path)
    }
}
