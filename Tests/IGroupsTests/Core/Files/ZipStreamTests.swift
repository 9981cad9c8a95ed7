import Foundation
@testable import IGroupsCore
import NIOCore
import Testing

@Suite("Streaming ZIP archives")
struct ZipStreamTests {
    /// Writes an archive as a download does: header, bytes, descriptor for each entry, then the end.
    static func archive(_ files: [(String, [UInt8])], forceZip64: Bool = false) -> ByteBuffer {
        let zip = ZipStream(entries: files.map { ZipStream.Entry(name: $0.0, size: $0.1.count) }, forceZip64: forceZip64)
        var out = ByteBuffer()
        var crcs: [UInt32] = []
        for (index, file) in files.enumerated() {
            var header = zip.localHeader(index)
            out.writeBuffer(&header)
            var crc = CRC32.Running()
            // In pieces, as the store gives them.
            for piece in stride(from: 0, to: file.1.count, by: 1_000) {
                let chunk = ByteBuffer(bytes: file.1[piece..<min(piece + 1_000, file.1.count)])
                crc.update(chunk)
                out.writeBytes(chunk.readableBytesView)
            }
            crcs.append(crc.value)
            var descriptor = zip.dataDescriptor(index, crc: crc.value)
            out.writeBuffer(&descriptor)
        }
        var end = zip.end(crcs: crcs)
        out.writeBuffer(&end)
        #expect(out.readableBytes == zip.length, "the length told beforehand is the length written")
        return out
    }

    @Test("The CRC-32 computed piece by piece, eight bytes a step, is the CRC-32 of the whole")
    func crc() {
        let bytes = (0..<10_007).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 3) }
        for split in [0, 1, 7, 8, 9, 5_000, 10_007] {
            var running = CRC32.Running()
            bytes[..<split].withUnsafeBytes { running.update($0) }
            bytes[split...].withUnsafeBytes { running.update($0) }
            #expect(running.value == CRC32.checksum(bytes))
        }
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    @Test("Python reads a streamed archive, with and without ZIP64 records, and every CRC checks")
    func readable() throws {
        let files: [(String, [UInt8])] = [
            ("første.jpg", (0..<5_000).map { UInt8(truncatingIfNeeded: $0 * 13) }), ("tom.txt", []), ("mappe_navn.txt", Array("hej".utf8)),
        ]
        for force in [false, true] {
            let entries = try ZipReader.read(Self.archive(files, forceZip64: force))
            #expect(entries.map(\.name) == files.map(\.0))
            for (entry, file) in zip(entries, files) {
                #expect(entry.size == file.1.count && entry.sha256 == ZipReader.sha256(file.1))
            }
        }
    }

    @Test("More than 65,535 entries take the ZIP64 end records, and Python finds them all")
    func manyEntries() throws {
        let files = (0..<65_537).map { ("f\($0)", [UInt8(truncatingIfNeeded: $0)]) }
        let entries = try ZipReader.read(Self.archive(files))
        #expect(entries.count == 65_537)
        #expect(entries.last?.name == "f65536")
    }

    @Test("Names are made unique ignoring case, keep their extension, and lose their folders")
    func names() {
        #expect(ZipStream.uniqueNames(["IMG.jpg", "img.JPG", "img.jpg", "a/b.jpg", "..x", "", "noext", "NOEXT"])
            == ["IMG.jpg", "img (2).JPG", "img (3).jpg", "a_b.jpg", "x", "file", "noext", "NOEXT (2)"])
    }
}
