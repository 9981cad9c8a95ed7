import Foundation

extension UUID {
    /// The same text as `uuidString` (upper-case hex with dashes), written without `printf`: pages with
    /// many links make many of these.
    package var text: String {
        let digits: StaticString = "0123456789ABCDEF"
        return withUnsafeBytes(of: uuid) { bytes in
            digits.withUTF8Buffer { hex in
                var out = [UInt8](repeating: UInt8(ascii: "-"), count: 36)
                var position = 0
                for (index, byte) in bytes.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 { position += 1 }
                    out[position] = hex[Int(byte >> 4)]
                    out[position + 1] = hex[Int(byte & 0x0F)]
                    position += 2
                }
                return String(decoding: out, as: UTF8.self)
            }
        }
    }
}
