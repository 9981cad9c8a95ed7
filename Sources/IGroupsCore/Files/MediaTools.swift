import Foundation
import NIOPosix
import Vapor

/// What libvips and ffmpeg tell and make of uploaded pictures and videos, each call a child process
/// with a time and a memory limit (`ChildProcess`). Files go in and out by path: nothing large is
/// held in the server's memory.
package struct MediaTools: Sendable {
    let threadPool: NIOThreadPool
    /// Pictures larger than this many pixels are refused before they are decoded (a decompression bomb
    /// is a small file that decodes to gigabytes).
    package var maxPixels = 100_000_000
    package var imageTimeLimit: TimeInterval = 60
    package var imageMemoryLimit = 2 << 30
    package var videoTimeLimit: TimeInterval = 120
    package var videoMemoryLimit = 3 << 30

    package init(threadPool: NIOThreadPool) {
        self.threadPool = threadPool
    }

    /// Which of the tools this machine has, read once at start.
    package struct Availability: Sendable {
        package var images: Bool
        package var video: Bool

        package static func detect() -> Availability {
            Availability(
                images: ChildProcess.find("vips") != nil && ChildProcess.find("vipsheader") != nil,
                video: ChildProcess.find("ffmpeg") != nil && ChildProcess.find("ffprobe") != nil)
        }

        /// What waits for a missing tool, and the command that installs it, for the log at start.
        package var missing: [String] {
            var lines: [String] = []
            if !images {
                lines.append("libvips is not installed: photo albums, avatars, group logos and news pictures refuse uploads until it is (apt-get install libvips-tools)")
            }
            if !video {
                lines.append("ffmpeg is not installed: uploaded videos wait without poster or length until it is (apt-get install ffmpeg)")
            }
            return lines
        }
    }

    package struct ImageInfo: Sendable, Equatable {
        package var width: Int
        package var height: Int
    }

    /// Why a picture or a video was not taken; each has a message in the person's language.
    package enum MediaError: Error, Equatable {
        case notAnImage
        case notAVideo
        case tooManyPixels
        case unreadable
        case unavailable

        package var messageKey: String {
            switch self {
            case .notAnImage: "media.error.not_image"
            case .notAVideo: "media.error.not_video"
            case .tooManyPixels: "media.error.too_many_pixels"
            case .unreadable: "media.error.unreadable"
            case .unavailable: "media.error.unavailable"
            }
        }
    }

    /// The size of a picture from its header alone (nothing is decoded), refusing pixel bombs.
    package func imageInfo(_ path: String) async throws -> ImageInfo {
        let limits = self
        return try await threadPool.runIfActive {
            // "name: 4000x3000 uchar, 3 bands, srgb, jpegload"
            let result = try Self.run(["vipsheader", path], timeLimit: 20, memoryLimit: limits.imageMemoryLimit)
            guard let colon = result.output.range(of: ": ", options: .backwards) else { throw MediaError.unreadable }
            let size = result.output[colon.upperBound...].prefix { $0 != " " }.split(separator: "x")
            guard size.count == 2, let width = Int(size[0]), let height = Int(size[1]), width > 0, height > 0 else { throw MediaError.unreadable }
            guard width * height <= limits.maxPixels else { throw MediaError.tooManyPixels }
            return ImageInfo(width: width, height: height)
        }
    }

    /// A copy of the picture that fits in a square box (never enlarged), turned upright by its
    /// orientation tag, and without any metadata: no location, no camera, no maker notes, no XMP.
    /// A box of nil keeps the full size: the picture as stored for download.
    package func resize(_ input: String, box: Int?, output: String, format: FileType, quality: Int = 82) async throws -> ImageInfo {
        let options: String = switch format {
        case .png: "[strip]"
        case .webp: "[Q=\(quality),strip]"
        default: "[Q=\(quality),strip,optimize_coding]"
        }
        let size = box ?? 100_000
        let limits = self
        try await threadPool.runIfActive {
            _ = try Self.run(
                ["vips", "thumbnail", input, output + options, "\(size)", "--height", "\(size)", "--size", "down", "--fail-on", "truncated"],
                timeLimit: limits.imageTimeLimit, memoryLimit: limits.imageMemoryLimit)
        }
        return try await imageInfo(output)
    }

    package struct VideoInfo: Sendable, Equatable {
        package var duration: Double
        package var width: Int?
        package var height: Int?
    }

    /// A video's length and picture size, from ffprobe.
    package func videoInfo(_ path: String) async throws -> VideoInfo {
        let limits = self
        return try await threadPool.runIfActive {
            let result = try Self.run(
                ["ffprobe", "-v", "error", "-show_entries", "format=duration:stream=codec_type,width,height", "-of", "json", path],
                timeLimit: 30, memoryLimit: limits.videoMemoryLimit)
            struct Probe: Decodable {
                struct Format: Decodable { var duration: String? }
                struct Stream: Decodable { var codec_type: String?; var width: Int?; var height: Int? }
                var format: Format?
                var streams: [Stream]?
            }
            guard let probe = try? JSONDecoder().decode(Probe.self, from: Data(result.output.utf8)),
                  let picture = probe.streams?.first(where: { $0.codec_type == "video" }),
                  let duration = probe.format?.duration.flatMap(Double.init), duration > 0
            else { throw MediaError.notAVideo }
            return VideoInfo(duration: duration, width: picture.width, height: picture.height)
        }
    }

    /// A still from the video (a second in, or its first frame for shorter ones), at most 1280 wide, as JPEG.
    package func poster(_ video: String, duration: Double, output: String) async throws {
        let limits = self
        let at = duration > 2 ? "1" : "0"
        try await threadPool.runIfActive {
            _ = try Self.run(
                ["ffmpeg", "-v", "error", "-nostdin", "-threads", "1", "-ss", at, "-i", video, "-frames:v", "1",
                 "-vf", "scale='min(1280,iw)':-2", "-map_metadata", "-1", "-y", "-f", "image2", output],
                timeLimit: limits.videoTimeLimit, memoryLimit: limits.videoMemoryLimit)
        }
        guard FileManager.default.fileExists(atPath: output) else { throw MediaError.unreadable }
    }

    /// Runs a tool; a missing tool, a failure and a kill at the time limit each become a MediaError.
    private static func run(_ arguments: [String], timeLimit: TimeInterval, memoryLimit: Int) throws -> ChildProcess.Result {
        let result: ChildProcess.Result
        do {
            result = try ChildProcess.run(arguments, timeLimit: timeLimit, memoryLimit: memoryLimit)
        } catch {
            throw MediaError.unreadable
        }
        if result.status == 127 { throw MediaError.unavailable }
        guard result.status == 0 else { throw MediaError.unreadable }
        return result
    }
}

extension Application {
    private struct MediaToolsKey: StorageKey { typealias Value = MediaTools }
    private struct MediaAvailabilityKey: StorageKey { typealias Value = MediaTools.Availability }

    /// libvips and ffmpeg in child processes; configure sets them up.
    package var media: MediaTools {
        get { storage[MediaToolsKey.self] ?? MediaTools(threadPool: threadPool) }
        set { storage[MediaToolsKey.self] = newValue }
    }

    /// Which media tools this machine has, found at start.
    package var mediaAvailability: MediaTools.Availability {
        get { storage[MediaAvailabilityKey.self] ?? .detect() }
        set { storage[MediaAvailabilityKey.self] = newValue }
    }
}
