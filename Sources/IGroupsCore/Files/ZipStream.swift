import Foundation
import NIOCore
import Vapor

/// Writes a ZIP archive piece by piece while its files are read, for downloads too large to hold (a whole
/// photo album): stored entries (pictures are compressed already), each followed by a data descriptor
/// with the CRC-32 computed as the bytes pass, and ZIP64 records where the archive passes 4 GB or
/// 65,535 entries. The sizes are known before the bytes come, so the archive's length is known too.
package struct ZipStream: Sendable {
    /// One file of the archive: its name inside it and how many bytes it will have.
    package struct Entry: Sendable {
        package var name: String
        package var size: Int

        package init(name: String, size: Int) {
            self.name = name
            self.size = size
        }
    }

    package let entries: [Entry]
    private let names: [[UInt8]]
    /// Where each entry's local header starts.
    private let offsets: [UInt64]
    private let centralOffset: UInt64
    private let centralSize: UInt64
    private let dosTime: UInt16
    private let dosDate: UInt16
    /// ZIP64 records even for a small archive, so tests can read them without writing 4 GB.
    private let forceZip64: Bool
    /// The whole archive's length in bytes.
    package let length: Int

    static let max32: UInt64 = 0xFFFF_FFFF
    static let max16 = 0xFFFF

    package init(entries: [Entry], date: Date = Date(), forceZip64: Bool = false) {
        self.entries = entries
        self.forceZip64 = forceZip64
        names = entries.map { Array($0.name.utf8) }
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: date)
        dosTime = UInt16((parts.hour ?? 0) << 11 | (parts.minute ?? 0) << 5 | (parts.second ?? 0) / 2)
        dosDate = UInt16(max(0, (parts.year ?? 1980) - 1980) << 9 | (parts.month ?? 1) << 5 | (parts.day ?? 1))
        var offsets: [UInt64] = []
        var position: UInt64 = 0
        for (index, entry) in entries.enumerated() {
            offsets.append(position)
            let large = forceZip64 || UInt64(entry.size) >= Self.max32
            position += UInt64(30 + names[index].count + (large ? 20 : 0)) + UInt64(entry.size) + UInt64(large ? 24 : 16)
        }
        self.offsets = offsets
        centralOffset = position
        var central: UInt64 = 0
        for index in entries.indices {
            central += UInt64(46 + names[index].count + Self.extraLength(Self.zip64Fields(size: UInt64(entries[index].size), offset: offsets[index], force: forceZip64)))
        }
        centralSize = central
        let needsZip64End = forceZip64 || entries.count >= Self.max16 || centralOffset >= Self.max32 || centralSize >= Self.max32
        length = Int(centralOffset + centralSize) + (needsZip64End ? 56 + 20 : 0) + 22
    }

    /// Whether an entry's local header and data descriptor carry 8-byte sizes.
    private func isLarge(_ index: Int) -> Bool {
        forceZip64 || UInt64(entries[index].size) >= Self.max32
    }

    /// The values of a central directory entry that do not fit in 4 bytes, in the order ZIP64 lists them.
    private static func zip64Fields(size: UInt64, offset: UInt64, force: Bool) -> [UInt64] {
        var fields: [UInt64] = []
        if force || size >= max32 { fields += [size, size] }
        if force || offset >= max32 { fields.append(offset) }
        return fields
    }

    private static func extraLength(_ fields: [UInt64]) -> Int {
        fields.isEmpty ? 0 : 4 + 8 * fields.count
    }

    /// The local header that goes before an entry's bytes: no CRC or sizes yet, the data descriptor brings them.
    package func localHeader(_ index: Int) -> ByteBuffer {
        let large = isLarge(index)
        var out = ByteBuffer()
        out.writeInteger(UInt32(0x0403_4B50), endianness: .little)
        out.writeInteger(UInt16(large ? 45 : 20), endianness: .little) // version needed
        out.writeInteger(UInt16(1 << 3 | 1 << 11), endianness: .little) // data descriptor follows; names are UTF-8
        out.writeInteger(UInt16(0), endianness: .little) // stored
        out.writeInteger(dosTime, endianness: .little)
        out.writeInteger(dosDate, endianness: .little)
        out.writeInteger(UInt32(0), endianness: .little) // CRC-32: in the descriptor
        out.writeInteger(large ? UInt32.max : 0, endianness: .little) // compressed size
        out.writeInteger(large ? UInt32.max : 0, endianness: .little) // size
        out.writeInteger(UInt16(names[index].count), endianness: .little)
        out.writeInteger(UInt16(large ? 20 : 0), endianness: .little)
        out.writeBytes(names[index])
        if large {
            out.writeInteger(UInt16(1), endianness: .little) // ZIP64 extended information
            out.writeInteger(UInt16(16), endianness: .little)
            out.writeInteger(UInt64(0), endianness: .little)
            out.writeInteger(UInt64(0), endianness: .little)
        }
        return out
    }

    /// The data descriptor after an entry's bytes: their CRC-32 and sizes.
    package func dataDescriptor(_ index: Int, crc: UInt32) -> ByteBuffer {
        var out = ByteBuffer()
        out.writeInteger(UInt32(0x0807_4B50), endianness: .little)
        out.writeInteger(crc, endianness: .little)
        if isLarge(index) {
            out.writeInteger(UInt64(entries[index].size), endianness: .little)
            out.writeInteger(UInt64(entries[index].size), endianness: .little)
        } else {
            out.writeInteger(UInt32(entries[index].size), endianness: .little)
            out.writeInteger(UInt32(entries[index].size), endianness: .little)
        }
        return out
    }

    /// The central directory and the end records, once every entry's CRC-32 is known.
    package func end(crcs: [UInt32]) -> ByteBuffer {
        precondition(crcs.count == entries.count, "one CRC per entry")
        var out = ByteBuffer()
        for index in entries.indices {
            let size = UInt64(entries[index].size)
            let fields = Self.zip64Fields(size: size, offset: offsets[index], force: forceZip64)
            let sizeOverflows = forceZip64 || size >= Self.max32
            let offsetOverflows = forceZip64 || offsets[index] >= Self.max32
            out.writeInteger(UInt32(0x0201_4B50), endianness: .little)
            out.writeInteger(UInt16(3 << 8 | 45), endianness: .little) // made by: Unix, version 4.5
            out.writeInteger(UInt16(fields.isEmpty && !isLarge(index) ? 20 : 45), endianness: .little)
            out.writeInteger(UInt16(1 << 3 | 1 << 11), endianness: .little)
            out.writeInteger(UInt16(0), endianness: .little)
            out.writeInteger(dosTime, endianness: .little)
            out.writeInteger(dosDate, endianness: .little)
            out.writeInteger(crcs[index], endianness: .little)
            out.writeInteger(sizeOverflows ? UInt32.max : UInt32(size), endianness: .little)
            out.writeInteger(sizeOverflows ? UInt32.max : UInt32(size), endianness: .little)
            out.writeInteger(UInt16(names[index].count), endianness: .little)
            out.writeInteger(UInt16(Self.extraLength(fields)), endianness: .little)
            out.writeInteger(UInt16(0), endianness: .little) // comment length
            out.writeInteger(UInt16(0), endianness: .little) // disk number
            out.writeInteger(UInt16(0), endianness: .little) // internal attributes
            out.writeInteger(UInt32(0o100644) << 16, endianness: .little) // a regular file, rw-r--r--
            out.writeInteger(offsetOverflows ? UInt32.max : UInt32(offsets[index]), endianness: .little)
            out.writeBytes(names[index])
            if !fields.isEmpty {
                out.writeInteger(UInt16(1), endianness: .little)
                out.writeInteger(UInt16(8 * fields.count), endianness: .little)
                for field in fields { out.writeInteger(field, endianness: .little) }
            }
        }
        let count = UInt64(entries.count)
        let zip64End = forceZip64 || entries.count >= Self.max16 || centralOffset >= Self.max32 || centralSize >= Self.max32
        if zip64End {
            let recordOffset = centralOffset + centralSize
            out.writeInteger(UInt32(0x0606_4B50), endianness: .little)
            out.writeInteger(UInt64(44), endianness: .little) // the size of the rest of this record
            out.writeInteger(UInt16(3 << 8 | 45), endianness: .little)
            out.writeInteger(UInt16(45), endianness: .little)
            out.writeInteger(UInt32(0), endianness: .little) // this disk
            out.writeInteger(UInt32(0), endianness: .little) // the disk the directory starts on
            out.writeInteger(count, endianness: .little)
            out.writeInteger(count, endianness: .little)
            out.writeInteger(centralSize, endianness: .little)
            out.writeInteger(centralOffset, endianness: .little)
            // The locator, which readers find just before the classic end record.
            out.writeInteger(UInt32(0x0706_4B50), endianness: .little)
            out.writeInteger(UInt32(0), endianness: .little)
            out.writeInteger(recordOffset, endianness: .little)
            out.writeInteger(UInt32(1), endianness: .little)
        }
        out.writeInteger(UInt32(0x0605_4B50), endianness: .little)
        out.writeInteger(UInt16(0), endianness: .little)
        out.writeInteger(UInt16(0), endianness: .little)
        out.writeInteger(zip64End ? UInt16.max : UInt16(count), endianness: .little)
        out.writeInteger(zip64End ? UInt16.max : UInt16(count), endianness: .little)
        out.writeInteger(zip64End ? UInt32.max : UInt32(centralSize), endianness: .little)
        out.writeInteger(zip64End ? UInt32.max : UInt32(centralOffset), endianness: .little)
        out.writeInteger(UInt16(0), endianness: .little) // comment length
        return out
    }

    /// Names made fit for an archive and unique in it, ignoring case as Windows and macOS do:
    /// `IMG_1.jpg`, `IMG_1 (2).jpg`, … Folders are not kept: a slash becomes an underscore.
    package static func uniqueNames(_ names: [String]) -> [String] {
        var taken: Set<String> = []
        return names.map { raw in
            var name = raw.replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "\\", with: "_")
            while name.hasPrefix(".") { name.removeFirst() }
            if name.isEmpty { name = "file" }
            let dot = name.lastIndex(of: ".").flatMap { $0 == name.startIndex ? nil : $0 }
            let stem = dot.map { String(name[..<$0]) } ?? name
            let ext = dot.map { String(name[$0...]) } ?? ""
            var candidate = name
            var number = 2
            while taken.contains(candidate.lowercased()) {
                candidate = "\(stem) (\(number))\(ext)"
                number += 1
            }
            taken.insert(candidate.lowercased())
            return candidate
        }
    }
}
