import Foundation
@testable import IGroupsCore
import NIOCore
import Testing
import Vapor
import VaporTesting

/// Pictures for the photo tests, made by libvips for each test, and the hostile files.
enum PhotoFixtures {
    /// Runs libvips in a scratch folder and returns the bytes of the file it wrote.
    static func vips(_ arguments: [String], output name: String) throws -> [UInt8] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("photo-fixture-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try ChildProcess.run(["vips"] + arguments.map { $0.replacingOccurrences(of: "OUT", with: folder + "/" + name) }, timeLimit: 30)
        #expect(result.status == 0, "vips \(arguments.joined(separator: " ")) failed")
        return Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
    }

    static func jpeg(width: Int = 48, height: Int = 32) throws -> [UInt8] {
        try vips(["black", "OUT", String(width), String(height), "--bands", "3"], output: "black.jpg")
    }

    static func png(width: Int = 40, height: Int = 30) throws -> [UInt8] {
        try vips(["black", "OUT", String(width), String(height)], output: "black.png")
    }

    static func webp(width: Int = 30, height: Int = 40) throws -> [UInt8] {
        try vips(["black", "OUT", String(width), String(height), "--bands", "3"], output: "black.webp")
    }

    /// What an iPhone sends: HEIC, which browsers do not show.
    static func heic(width: Int = 36, height: Int = 24) throws -> [UInt8] {
        try vips(["black", "OUT", String(width), String(height), "--bands", "3"], output: "black.heic")
    }

    /// A JPEG full of noise (nothing to compress away), so that cutting it leaves a real half.
    static func noise(width: Int = 300, height: Int = 200) throws -> [UInt8] {
        try vips(["gaussnoise", "OUT", String(width), String(height)], output: "noise.jpg")
    }

    /// A 64 × 32 JPEG that a camera would have written: an Exif block that says "turn me a quarter right"
    /// (Orientation 6), names the camera and where the photo was taken (a GPS block), an XMP packet with the
    /// same place, and a comment. Shown upright it is 32 × 64.
    /// With `orientation` 1 it is upright as it is; `trailer` is appended after the picture's end, as a
    /// phone appends the video of a "motion photo".
    static func cameraJPEG(orientation: UInt8 = 6, base given: [UInt8]? = nil, trailer: [UInt8] = []) throws -> [UInt8] {
        let base = try given ?? jpeg(width: 64, height: 32)
        #expect(base.starts(with: [0xFF, 0xD8]))
        var segments: [UInt8] = []
        segments += segment(0xE1, Array("Exif\0\0".utf8) + exif(orientation: orientation))
        segments += segment(0xE1, Array("http://ns.adobe.com/xap/1.0/\0".utf8) + Array(xmp.utf8))
        segments += segment(0xFE, Array("Taken at Skagen by Testcam".utf8))
        return [0xFF, 0xD8] + segments + Array(base.dropFirst(2)) + trailer
    }

    static let xmp = """
        <?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\
        <rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/"><exif:GPSLatitude>57,43.5N</exif:GPSLatitude>\
        <exif:GPSLongitude>10,35.2E</exif:GPSLongitude></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>
        """

    static func segment(_ marker: UInt8, _ payload: [UInt8]) -> [UInt8] {
        let length = payload.count + 2
        return [0xFF, marker, UInt8(length >> 8), UInt8(length & 0xFF)] + payload
    }

    /// A big-endian TIFF block: IFD0 with Make, Orientation and a pointer to the GPS IFD; the GPS IFD with
    /// version, latitude 57° 43' 30" N and longitude 10° 35' 12" E.
    static func exif(orientation: UInt8 = 6) -> [UInt8] {
        var out: [UInt8] = []
        func u16(_ v: Int) { out += [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        func u32(_ v: Int) { out += [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        func entry(_ tag: Int, _ type: Int, _ count: Int, value: [UInt8]) {
            u16(tag); u16(type); u32(count); out += value + [UInt8](repeating: 0, count: 4 - value.count)
        }
        func offset(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        let ifd0 = 8, gps = ifd0 + 2 + 3 * 12 + 4, make = gps + 2 + 5 * 12 + 4, latitude = make + 8, longitude = latitude + 24
        out += Array("MM".utf8); u16(42); u32(ifd0)
        u16(3)
        entry(0x010F, 2, 8, value: offset(make)) // Make
        entry(0x0112, 3, 1, value: [0, orientation]) // Orientation: 6 is turn a quarter right
        entry(0x8825, 4, 1, value: offset(gps)) // the GPS IFD
        u32(0)
        u16(5)
        entry(0x0000, 1, 4, value: [2, 3, 0, 0]) // GPSVersionID
        entry(0x0001, 2, 2, value: Array("N\0".utf8)) // GPSLatitudeRef
        entry(0x0002, 5, 3, value: offset(latitude)) // GPSLatitude
        entry(0x0003, 2, 2, value: Array("E\0".utf8)) // GPSLongitudeRef
        entry(0x0004, 5, 3, value: offset(longitude)) // GPSLongitude
        u32(0)
        out += Array("Testcam\0".utf8)
        for (numerator, denominator) in [(57, 1), (43, 1), (3000, 100), (10, 1), (35, 1), (1200, 100)] { u32(numerator); u32(denominator) }
        return out
    }

    /// A PNG whose header claims 50,000 × 50,000 pixels (2.5 billion) in 300 bytes: a decompression bomb.
    static func pixelBomb() -> [UInt8] {
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let body = Array(type.utf8) + data
            let length = UInt32(data.count), crc = CRC32.checksum(body)
            return [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)] + body
                + [UInt8(crc >> 24), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc & 0xFF)]
        }
        let side: [UInt8] = [0, 0, 0xC3, 0x50] // 50,000
        let header = side + side + [8, 0, 0, 0, 0]
        // A stored (uncompressed) zlib block of a few zero bytes: the start of the first row.
        let idat: [UInt8] = [0x78, 0x01, 0x01, 0x08, 0x00, 0xF7, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x08, 0x00, 0x01]
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", header) + chunk("IDAT", idat) + chunk("IEND", [])
    }

    /// The markers of a JPEG's segments up to its image data, and its size from the frame header.
    static func jpegSegments(_ bytes: [UInt8]) -> (markers: [UInt8], width: Int, height: Int) {
        var markers: [UInt8] = []
        var width = 0, height = 0
        var index = 2
        while index + 4 <= bytes.count, bytes[index] == 0xFF {
            let marker = bytes[index + 1]
            let length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
            markers.append(marker)
            if (0xC0...0xCF).contains(marker), marker != 0xC4, marker != 0xC8, marker != 0xCC, index + 9 <= bytes.count {
                height = Int(bytes[index + 5]) << 8 | Int(bytes[index + 6])
                width = Int(bytes[index + 7]) << 8 | Int(bytes[index + 8])
            }
            if marker == 0xDA { break }
            index += 2 + length
        }
        return (markers, width, height)
    }

    static func upload(_ name: String, _ data: [UInt8], type: String = "image/jpeg") -> Browser.Upload {
        Browser.Upload(field: "photos", filename: name, contentType: type, data: data)
    }
}
