/// Removes a JPEG's metadata without touching its picture: the segments that carry EXIF (with its
/// location, camera and maker notes, and its small preview), XMP, IPTC, comments and any other
/// application data go, and so does anything after the picture's end (a phone's "motion photo" video,
/// say). What the picture needs to be drawn stays as it was: its tables, its frame and scans, the JFIF
/// header, Adobe's colour transform and the ICC colour profile. No pixel is decoded or encoded again.
package enum JPEGMetadata {
    /// The picture without its metadata, and the orientation its EXIF gave (1, upright, when it had none).
    package struct Stripped: Sendable {
        package var bytes: [UInt8]
        package var orientation: Int
    }

    /// Nil when the bytes are not a JPEG this can follow to its end; the caller then re-encodes it.
    package static func strip(_ data: [UInt8]) -> Stripped? {
        guard data.count >= 4, data[0] == 0xFF, data[1] == 0xD8 else { return nil }
        var out: [UInt8] = [0xFF, 0xD8]
        out.reserveCapacity(data.count)
        var orientation: Int?
        var i = 2
        var sawFrame = false
        while i + 4 <= data.count {
            guard data[i] == 0xFF else { return nil }
            let marker = data[i + 1]
            // Fill bytes before a marker.
            if marker == 0xFF { i += 1; continue }
            guard marker != 0xD8, marker != 0xD9, !(0xD0...0xD7).contains(marker), marker != 0x01 else { return nil }
            let length = Int(data[i + 2]) << 8 | Int(data[i + 3])
            guard length >= 2, i + 2 + length <= data.count else { return nil }
            let segment = data[i..<(i + 2 + length)]
            let body = data[(i + 4)..<(i + 2 + length)]
            switch marker {
            case 0xE1:
                // EXIF (the first is read for its orientation, as decoders read it) or XMP: dropped either way.
                if orientation == nil, body.starts(with: exifHeader) { orientation = exifOrientation(body.dropFirst(exifHeader.count)) ?? 1 }
            case 0xE0:
                if body.starts(with: Array("JFIF\0".utf8)) { out.append(contentsOf: jfifWithoutThumbnail(segment)) }
            case 0xE2:
                if body.starts(with: Array("ICC_PROFILE\0".utf8)) { out.append(contentsOf: segment) }
            case 0xEE:
                if body.starts(with: Array("Adobe".utf8)) { out.append(contentsOf: segment) }
            case 0xE3...0xED, 0xEF, 0xFE:
                break
            case 0xDA:
                // Start of scan: the scans and what lies between them run to the end-of-image marker.
                guard sawFrame, copyScans(data, from: i, into: &out) else { return nil }
                return Stripped(bytes: out, orientation: orientation ?? 1)
            default:
                if (0xC0...0xCF).contains(marker) && marker != 0xC4 && marker != 0xC8 && marker != 0xCC { sawFrame = true }
                out.append(contentsOf: segment)
            }
            i += 2 + length
        }
        return nil
    }

    static let exifHeader: [UInt8] = Array("Exif\0\0".utf8)

    /// The JFIF header with its optional preview cut off (a JFIF header may carry one, uncompressed).
    static func jfifWithoutThumbnail(_ segment: ArraySlice<UInt8>) -> [UInt8] {
        // FF E0, length 16: "JFIF\0", version (2), units (1), densities (4), preview size 0 × 0.
        guard segment.count >= 18 else { return Array(segment) }
        var header = Array(segment.prefix(18))
        header[2] = 0
        header[3] = 16
        header[16] = 0
        header[17] = 0
        return header
    }

    /// Copies the first scan's header and everything after it up to and with the end-of-image marker.
    /// In coded data a 0xFF byte is followed by 0x00 or a restart marker; between progressive scans come
    /// tables and the next scan's header, which are copied by their lengths, while application data and
    /// comments found there are left out like those before the first scan. False if the end is missing.
    static func copyScans(_ data: [UInt8], from start: Int, into out: inout [UInt8]) -> Bool {
        var i = start
        var run = start
        while i + 1 < data.count {
            guard data[i] == 0xFF else { i += 1; continue }
            let next = data[i + 1]
            switch next {
            case 0x00, 0xD0...0xD7:
                i += 2
            case 0xFF:
                i += 1
            case 0xD9:
                out.append(contentsOf: data[run..<(i + 2)])
                return true
            default:
                guard i + 4 <= data.count else { return false }
                let length = Int(data[i + 2]) << 8 | Int(data[i + 3])
                guard length >= 2, i + 2 + length <= data.count else { return false }
                if (0xE0...0xEF).contains(next) || next == 0xFE {
                    out.append(contentsOf: data[run..<i])
                    run = i + 2 + length
                }
                i += 2 + length
            }
        }
        return false
    }

    /// The orientation tag (0x0112) of the first image directory of a TIFF structure, 1 to 8.
    static func exifOrientation(_ tiff: ArraySlice<UInt8>) -> Int? {
        let t = Array(tiff)
        guard t.count >= 8 else { return nil }
        let little: Bool
        switch (t[0], t[1]) {
        case (0x49, 0x49): little = true
        case (0x4D, 0x4D): little = false
        default: return nil
        }
        func u16(_ at: Int) -> Int? {
            guard at >= 0, at + 2 <= t.count else { return nil }
            return little ? Int(t[at]) | Int(t[at + 1]) << 8 : Int(t[at]) << 8 | Int(t[at + 1])
        }
        func u32(_ at: Int) -> Int? {
            guard let high = u16(little ? at + 2 : at), let low = u16(little ? at : at + 2) else { return nil }
            return high << 16 | low
        }
        guard let directory = u32(4), let count = u16(directory) else { return nil }
        for entry in 0..<min(count, 500) {
            let at = directory + 2 + entry * 12
            guard let tag = u16(at) else { return nil }
            if tag == 0x0112, let type = u16(at + 2), type == 3, let value = u16(at + 8) {
                return (1...8).contains(value) ? value : nil
            }
        }
        return nil
    }
}
