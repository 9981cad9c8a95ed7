import Foundation
import Glibc
import NIOPosix
import Vapor

extension FileStore {
    /// Writes a stored file to a new file on this machine's disk, piece by piece, for a tool such as
    /// libvips or ffmpeg to read; the file must not exist yet. Nothing half-written is left on failure.
    package func copy(_ key: String, toDisk path: String, threadPool: NIOThreadPool) async throws {
        guard let bytes = try await stream(key, range: nil) else { throw FileStoreError.io(key, ENOENT) }
        let descriptor = try await threadPool.runIfActive { () throws -> Int32 in
            let opened = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            // errno belongs to this thread: read it here.
            guard opened >= 0 else { throw FileStoreError.io(path, errno) }
            return opened
        }
        do {
            for try await chunk in bytes {
                try await threadPool.runIfActive { try LocalFileWriter.write(chunk, to: descriptor, path: path) }
            }
        } catch {
            close(descriptor)
            unlink(path)
            throw error
        }
        guard close(descriptor) == 0 else {
            let code = errno
            unlink(path)
            throw FileStoreError.io(path, code)
        }
    }
}
