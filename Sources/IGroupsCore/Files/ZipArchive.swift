import Foundation
import NIOCore

/// Writes a ZIP archive of stored (uncompressed) entries with UTF-8 names, as every unzip tool reads.
/// Small by design: the downloads we build are JSON and files that are already compressed.
package struct ZipArchive {
    private var buffer = ByteBuffer()
    private var central = ByteBuffer()
    private var count = 0
    private let dosTime: UInt16
    private let dosDate: UInt16

    package init(date: Date = Date()) {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        dosTime = UInt16((parts.hour ?? 0) << 11 | (parts.minute ?? 0) << 5 | (parts.second ?? 0) / 2)
        dosDate = UInt16(max(0, (parts.year ?? 1980) - 1980) << 9 | (parts.month ?? 1) << 5 | (parts.day ?? 1))
    }

    /// Adds a file under a path such as `pages/info.json`.
    package mutating func add(_ path: String, _ data: some Collection<UInt8>) {
        let name = Array(path.utf8)
        let crc = CRC32.checksum(data)
        let size = UInt32(data.count)
        let offset = UInt32(buffer.writerIndex)
        // Local file header.
        buffer.writeInteger(UInt32(0x0403_4B50), endianness: .little)
        writeCommon(into: &buffer, name: name, crc: crc, size: size)
        buffer.writeBytes(name)
        buffer.writeBytes(data)
        // Its entry in the central directory.
        central.writeInteger(UInt32(0x0201_4B50), endianness: .little)
        central.writeInteger(UInt16(20), endianness: .little) // made by: version 2.0
        writeCommon(into: &central, name: name, crc: crc, size: size)
        central.writeInteger(UInt16(0), endianness: .little) // comment length
        central.writeInteger(UInt16(0), endianness: .little) // disk number
        central.writeInteger(UInt16(0), endianness: .little) // internal attributes
        central.writeInteger(UInt32(0o100644) << 16, endianness: .little) // a regular file, rw-r--r--
        central.writeInteger(offset, endianness: .little)
        central.writeBytes(name)
        count += 1
    }

    /// The fields local headers and central entries share, from "version needed" to "extra length".
    private func writeCommon(into out: inout ByteBuffer, name: [UInt8], crc: UInt32, size: UInt32) {
        out.writeInteger(UInt16(20), endianness: .little) // version needed
        out.writeInteger(UInt16(1 << 11), endianness: .little) // names are UTF-8
        out.writeInteger(UInt16(0), endianness: .little) // stored
        out.writeInteger(dosTime, endianness: .little)
        out.writeInteger(dosDate, endianness: .little)
        out.writeInteger(crc, endianness: .little)
        out.writeInteger(size, endianness: .little) // compressed size
        out.writeInteger(size, endianness: .little) // size
        out.writeInteger(UInt16(name.count), endianness: .little)
        out.writeInteger(UInt16(0), endianness: .little) // extra length
    }

    /// The finished archive.
    package func finish() -> ByteBuffer {
        var out = buffer
        let centralOffset = UInt32(out.writerIndex)
        var directory = central
        out.writeBuffer(&directory)
        out.writeInteger(UInt32(0x0605_4B50), endianness: .little)
        out.writeInteger(UInt16(0), endianness: .little)
        out.writeInteger(UInt16(0), endianness: .little)
        out.writeInteger(UInt16(count), endianness: .little)
        out.writeInteger(UInt16(count), endianness: .little)
        out.writeInteger(UInt32(central.readableBytes), endianness: .little)
        out.writeInteger(centralOffset, endianness: .little)
        out.writeInteger(UInt16(0), endianness: .little) // comment length
        return out
    }
}

/// CRC-32 (IEEE 802.3), as ZIP and PNG use it.
package enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    package static func checksum(_ bytes: some Collection<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
