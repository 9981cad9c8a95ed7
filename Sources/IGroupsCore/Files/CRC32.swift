import NIOCore

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

extension CRC32 {
    /// A CRC-32 computed piece by piece as bytes pass, eight bytes a step.
    package struct Running: Sendable {
        private var state: UInt32 = 0xFFFF_FFFF

        package init() {}

        package var value: UInt32 { state ^ 0xFFFF_FFFF }

        package mutating func update(_ bytes: UnsafeRawBufferPointer) {
            let tables = CRC32.slices
            var crc = state
            var index = 0
            let count = bytes.count
            while index + 8 <= count {
                let one = crc ^ (UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 3]) << 24)
                let two = UInt32(bytes[index + 4]) | UInt32(bytes[index + 5]) << 8 | UInt32(bytes[index + 6]) << 16 | UInt32(bytes[index + 7]) << 24
                crc = tables[7 * 256 + Int(one & 0xFF)] ^ tables[6 * 256 + Int(one >> 8 & 0xFF)]
                    ^ tables[5 * 256 + Int(one >> 16 & 0xFF)] ^ tables[4 * 256 + Int(one >> 24)]
                    ^ tables[3 * 256 + Int(two & 0xFF)] ^ tables[2 * 256 + Int(two >> 8 & 0xFF)]
                    ^ tables[1 * 256 + Int(two >> 16 & 0xFF)] ^ tables[Int(two >> 24)]
                index += 8
            }
            while index < count {
                crc = tables[Int((crc ^ UInt32(bytes[index])) & 0xFF)] ^ (crc >> 8)
                index += 1
            }
            state = crc
        }

        package mutating func update(_ buffer: ByteBuffer) {
            buffer.withUnsafeReadableBytes { update($0) }
        }
    }

    /// Eight tables of 256 entries each, for eight bytes a step ("slicing by 8").
    static let slices: [UInt32] = {
        var all = table
        for slice in 1..<8 {
            for n in 0..<256 {
                let previous = all[(slice - 1) * 256 + n]
                all.append(table[Int(previous & 0xFF)] ^ (previous >> 8))
            }
        }
        return all
    }()
}
