import Foundation
import NIOCore

extension ZipStream {
    /// Writes the whole archive through `out`: each entry's local header, its bytes as `contents` reads them
    /// (CRC-32 computed as they pass), its data descriptor, then the central directory. An entry whose bytes
    /// are missing, or are not as many as the entry said, stops the writing with an error: the archive's
    /// length is fixed, and a reader must never get a broken one as if it were whole.
    package func write(contents: (Int) async throws -> StoredBytes?, to out: (ByteBuffer) async throws -> Void) async throws {
        var crcs: [UInt32] = []
        crcs.reserveCapacity(entries.count)
        for index in entries.indices {
            try await out(localHeader(index))
            let size = entries[index].size
            guard let bytes = try await contents(index), bytes.count == size else { throw ZipStreamError.changed(entries[index].name) }
            var crc = CRC32.Running()
            var passed = 0
            for try await piece in bytes {
                crc.update(piece)
                passed += piece.readableBytes
                try await out(piece)
            }
            guard passed == size else { throw ZipStreamError.changed(entries[index].name) }
            crcs.append(crc.value)
            try await out(dataDescriptor(index, crc: crc.value))
        }
        try await out(end(crcs: crcs))
    }
}

package enum ZipStreamError: Error, CustomStringConvertible {
    /// A file of the archive was gone, or of another size, when its turn came.
    case changed(String)

    package var description: String {
        switch self {
        case .changed(let name): "\(name) is gone or changed size while the archive was written"
        }
    }
}
