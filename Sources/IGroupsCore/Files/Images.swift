import Foundation
import NIOCore
import Vapor

/// The image formats people may upload, told by their first bytes, never by the name or the browser's word.
package enum ImageFormat: String, Sendable {
    case jpeg, png, gif, webp

    package init?(sniffing bytes: ByteBuffer) {
        let head = Array(bytes.readableBytesView.prefix(12))
        if head.starts(with: [0xFF, 0xD8, 0xFF]) {
            self = .jpeg
        } else if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            self = .png
        } else if head.starts(with: Array("GIF87a".utf8)) || head.starts(with: Array("GIF89a".utf8)) {
            self = .gif
        } else if head.count == 12, head.starts(with: Array("RIFF".utf8)), Array(head[8..<12]) == Array("WEBP".utf8) {
            self = .webp
        } else {
            return nil
        }
    }
}

/// Why an uploaded image was not taken.
package enum ImageError: Error, Equatable {
    /// Larger than the limit.
    case tooLarge
    /// Not one of the formats we take.
    case notAnImage
    /// More pixels than we decode (a small file can decode to gigabytes).
    case tooManyPixels
    /// The tool could not read it (damaged, or too large once decoded).
    case unreadable
    /// The tool is missing or failed on this server.
    case unavailable(String)

    /// The translation key of the message a person sees.
    package var messageKey: String {
        switch self {
        case .tooLarge: "image.error.too_large"
        case .notAnImage: "image.error.not_image"
        case .tooManyPixels: "image.error.too_many_pixels"
        case .unreadable: "image.error.unreadable"
        case .unavailable: "image.error.unavailable"
        }
    }
}

/// Pictures for forms (a group's logo, a news picture): shrunk through `MediaTools`, libvips in a child
/// process with a time and a memory limit, so a decoder that crashes or hangs on a hostile file never
/// takes the server with it, and a pixel bomb is refused from its header before it is decoded.
package struct ImageTool: Sendable {
    /// A folder for the files the tool reads and writes.
    let scratch: String
    let media: MediaTools

    package init(scratch: String, media: MediaTools) {
        self.scratch = scratch
        self.media = media
    }

    /// What a shrunk image is stored as: PNG keeps transparency (logos), JPEG keeps photographs small.
    package enum Output: String, Sendable {
        case png, jpeg

        var format: ImageFormat { self == .png ? .png : .jpeg }
        var fileType: FileType { self == .png ? .png : .jpeg }
    }

    /// Shrinks the image to fit a square box (never enlarging it), turned upright, without metadata.
    package func fit(_ upload: ByteBuffer, box: Int, maxBytes: Int, output: Output) async throws -> ByteBuffer {
        guard upload.readableBytes <= maxBytes else { throw ImageError.tooLarge }
        guard upload.readableBytes > 0, ImageFormat(sniffing: upload) != nil else { throw ImageError.notAnImage }
        let name = UUID().uuidString
        let input = "\(scratch)/\(name).in", written = "\(scratch)/\(name).\(output == .png ? "png" : "jpg")"
        let scratch = self.scratch
        try await media.threadPool.runIfActive {
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            try Data(upload.readableBytesView).write(to: URL(fileURLWithPath: input))
        }
        defer {
            try? FileManager.default.removeItem(atPath: input)
            try? FileManager.default.removeItem(atPath: written)
        }
        do {
            _ = try await media.imageInfo(input)
            _ = try await media.resize(input, box: box, output: written, format: output.fileType)
        } catch MediaTools.MediaError.unavailable {
            throw ImageError.unavailable("vips is not installed (Debian: libvips-tools)")
        } catch MediaTools.MediaError.tooManyPixels {
            throw ImageError.tooManyPixels
        } catch {
            throw ImageError.unreadable
        }
        let data = try await media.threadPool.runIfActive { FileManager.default.contents(atPath: written) }
        guard let data, ImageFormat(sniffing: ByteBuffer(bytes: data.prefix(12))) == output.format else { throw ImageError.unreadable }
        return ByteBuffer(bytes: data)
    }
}

extension Application {
    private struct ImageToolKey: StorageKey { typealias Value = ImageTool }

    /// The image tool; configure sets it with a scratch folder in DATA_DIR.
    package var images: ImageTool {
        get {
            guard let tool = storage[ImageToolKey.self] else { fatalError("configure sets the image tool before use") }
            return tool
        }
        set { storage[ImageToolKey.self] = newValue }
    }
}

extension Request {
    /// Shrinks an uploaded image for a form: nil when no file was chosen, or when it was refused, with
    /// the reason added to `errors` under `field` in the person's language.
    package func shrinkUpload(_ file: File?, field: String, box: Int, maxBytes: Int, output: ImageTool.Output, errors: inout FormErrors) async -> ByteBuffer? {
        guard let file, file.data.readableBytes > 0 || !file.filename.isEmpty else { return nil }
        do {
            return try await application.images.fit(file.data, box: box, maxBytes: maxBytes, output: output)
        } catch let error as ImageError {
            if case .unavailable(let why) = error { logger.error("upload not processed: \(why)") }
            errors.add(field, t(error.messageKey, ["max": "\(maxBytes / 1_048_576) MB"]))
        } catch {
            logger.report(error: error)
            errors.add(field, t(ImageError.unavailable("").messageKey))
        }
        return nil
    }
}
