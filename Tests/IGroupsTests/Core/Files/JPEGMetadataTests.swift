@testable import IGroupsCore
import Testing

@Suite("JPEG metadata removal")
struct JPEGMetadataTests {
    static func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
        let length = payload.count + 2
        return [0xFF, marker, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
    }

    static let frame = segment(0xC2, [8, 0, 2, 0, 2, 1, 1, 0x11, 0])
    static let tables = segment(0xDB, [0] + [UInt8](repeating: 1, count: 64))
    static let scanHeader = segment(0xDA, [1, 1, 0, 0, 63, 0])
    /// Coded data with a stuffed 0xFF and a restart marker, as real scans have.
    static let coded: [UInt8] = [0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56]

    @Test("Application data and comments go wherever they are, before and between scans; tables, frame and scans stay in order")
    func progressive() throws {
        let jfif = Self.segment(0xE0, Array("JFIF\0".utf8) + [1, 2, 0, 0, 1, 0, 1, 0, 0])
        let icc = Self.segment(0xE2, Array("ICC_PROFILE\0".utf8) + [1, 1, 9, 9])
        let exif = Self.segment(0xE1, Array("Exif\0\0MM".utf8) + [0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0])
        let hidden = Self.segment(0xE1, Array("http://ns.adobe.com/xap/1.0/\0GPS".utf8))
        let comment = Self.segment(0xFE, Array("Skagen".utf8))
        let between = Self.segment(0xC4, [0x10] + [UInt8](repeating: 0, count: 16))
        let jpeg: [UInt8] = [0xFF, 0xD8] + jfif + exif + icc + Self.tables + Self.frame + comment + Self.scanHeader + Self.coded
            + between + hidden + Self.scanHeader + Self.coded + [0xFF, 0xD9] + Array("trailer with GPS".utf8)
        let stripped = try #require(JPEGMetadata.strip(jpeg))
        #expect(stripped.orientation == 1)
        let expected: [UInt8] = [0xFF, 0xD8] + jfif + icc + Self.tables + Self.frame + Self.scanHeader + Self.coded
            + between + Self.scanHeader + Self.coded + [0xFF, 0xD9]
        #expect(stripped.bytes == expected)
    }

    @Test("The orientation is read from EXIF in either byte order; a JFIF header loses its preview")
    func orientation() throws {
        func exif(_ order: String, _ value: UInt8) -> [UInt8] {
            let little = order == "II"
            let ifd: [UInt8] = little
                ? [0x49, 0x49, 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, value, 0, 0, 0]
                : [0x4D, 0x4D, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, value, 0, 0]
            return Self.segment(0xE1, Array("Exif\0\0".utf8) + ifd + [0, 0, 0, 0])
        }
        for (order, value) in [("II", UInt8(6)), ("MM", UInt8(8)), ("II", UInt8(1))] {
            // A second EXIF block (an editor's, say) does not override the first, as decoders read the first.
            let jpeg: [UInt8] = [0xFF, 0xD8] + exif(order, value) + exif("MM", 3) + Self.frame + Self.scanHeader + Self.coded + [0xFF, 0xD9]
            #expect(JPEGMetadata.strip(jpeg)?.orientation == Int(value), "\(order) \(value)")
        }
        // A JFIF header with a 1 × 1 preview (3 bytes of colour): kept without it.
        let withPreview = Self.segment(0xE0, Array("JFIF\0".utf8) + [1, 2, 0, 0, 1, 0, 1, 1, 1, 0xAA, 0xBB, 0xCC])
        let jpeg: [UInt8] = [0xFF, 0xD8] + withPreview + Self.frame + Self.scanHeader + Self.coded + [0xFF, 0xD9]
        let stripped = try #require(JPEGMetadata.strip(jpeg))
        #expect(Array(stripped.bytes[2..<20]) == [0xFF, 0xE0, 0, 16] + Array("JFIF\0".utf8) + [1, 2, 0, 0, 1, 0, 1, 0, 0])
        #expect(!stripped.bytes.contains(0xAA))
    }

    @Test("Anything it cannot follow to the picture's end is left to libvips", arguments: [
        ("no end", [0xFF, 0xD8] + frame + scanHeader + coded),
        ("no frame", [0xFF, 0xD8] + scanHeader + coded + [0xFF, 0xD9]),
        ("not a JPEG", Array("GIF89a".utf8)),
        ("a segment longer than the file", [0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xFF, 1, 2]),
        ("a length below two", [0xFF, 0xD8, 0xFF, 0xDB, 0, 1] + frame + scanHeader + coded + [0xFF, 0xD9]),
        ("empty", []),
    ] as [(String, [UInt8])])
    func refused(name: String, bytes: [UInt8]) {
        #expect(JPEGMetadata.strip(bytes) == nil, "\(name)")
    }
}
