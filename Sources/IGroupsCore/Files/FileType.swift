import Foundation

/// What a file is, told by its first bytes and never by its name or the browser's word, and how we
/// hand it back: which types a browser may show inline and which always download as a file.
package enum FileType: String, Sendable, CaseIterable {
    case jpeg, png, gif, webp, heic
    case mp4, mov, webm
    case mp3, ogg, wav, flac, m4a
    case pdf, zip, text, binary

    /// The first 64 bytes are enough for every signature we read; text is judged on the first 8 KiB.
    package static let sniffLength = 8192

    package init(sniffing head: some Collection<UInt8>) {
        let bytes = Array(head.prefix(Self.sniffLength))
        func at(_ offset: Int, _ text: String) -> Bool {
            let expected = Array(text.utf8)
            return bytes.count >= offset + expected.count && Array(bytes[offset..<offset + expected.count]) == expected
        }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            self = .jpeg
        } else if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            self = .png
        } else if at(0, "GIF87a") || at(0, "GIF89a") {
            self = .gif
        } else if at(0, "RIFF") && at(8, "WEBP") {
            self = .webp
        } else if at(0, "RIFF") && at(8, "WAVE") {
            self = .wav
        } else if at(4, "ftyp") {
            // ISO base media files name their kind in the major brand.
            let brand = bytes.count >= 12 ? String(decoding: bytes[8..<12], as: UTF8.self) : ""
            switch brand {
            case "heic", "heix", "hevc", "hevx", "mif1", "msf1": self = .heic
            case "qt  ": self = .mov
            case "M4A ", "M4B ": self = .m4a
            default: self = .mp4
            }
        } else if bytes.starts(with: [0x1A, 0x45, 0xDF, 0xA3]) {
            self = .webm
        } else if at(0, "ID3") || (bytes.count >= 2 && bytes[0] == 0xFF && bytes[1] & 0xE0 == 0xE0) {
            self = .mp3
        } else if at(0, "OggS") {
            self = .ogg
        } else if at(0, "fLaC") {
            self = .flac
        } else if at(0, "%PDF-") {
            self = .pdf
        } else if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            self = .zip
        } else if !bytes.isEmpty, !bytes.contains(0), Self.isUTF8(bytes) {
            self = .text
        } else {
            self = .binary
        }
    }

    /// Whether the bytes are UTF-8, forgiving a character cut off at the end of the sample.
    private static func isUTF8(_ bytes: [UInt8]) -> Bool {
        if String(validating: bytes, as: UTF8.self) != nil { return true }
        for cut in 1...3 where bytes.count > cut {
            if String(validating: bytes.dropLast(cut), as: UTF8.self) != nil { return true }
        }
        return false
    }

    /// The Content-Type we send. Text is always plain text, whatever it contains (HTML, SVG, script).
    package var mediaType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .gif: "image/gif"
        case .webp: "image/webp"
        case .heic: "image/heic"
        case .mp4: "video/mp4"
        case .mov: "video/quicktime"
        case .webm: "video/webm"
        case .mp3: "audio/mpeg"
        case .ogg: "audio/ogg"
        case .wav: "audio/wav"
        case .flac: "audio/flac"
        case .m4a: "audio/mp4"
        case .pdf: "application/pdf"
        case .zip: "application/zip"
        case .text: "text/plain; charset=utf-8"
        case .binary: "application/octet-stream"
        }
    }

    package init(mediaType: String) {
        self = Self.allCases.first { $0.mediaType == mediaType } ?? .binary
    }

    /// Images that browsers show and libvips reads.
    package var isImage: Bool { [.jpeg, .png, .gif, .webp, .heic].contains(self) }
    /// Videos a page's `<video>` element plays.
    package var isVideo: Bool { [.mp4, .mov, .webm].contains(self) }
    package var isAudio: Bool { [.mp3, .ogg, .wav, .flac, .m4a].contains(self) }

    /// Whether a browser may show it inside its own window: pictures, sound, video, PDF (the browser's own
    /// viewer) and plain text. Everything else, HTML and SVG among them (they are `text` or `binary` here
    /// and never sent as what they claim), downloads as a file.
    package var showsInline: Bool {
        isImage && self != .heic || isVideo || isAudio || self == .pdf || self == .text
    }

    /// The extension a download of this type gets when its name has none.
    package var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .text: "txt"
        case .binary: "bin"
        default: rawValue
        }
    }
}
