import Foundation
import MultipartKit
import NIOCore
import Vapor

/// A file received from a form, written to `DATA_DIR/uploads` as it arrived, with its SHA-256
/// computed on the way: never whole in memory, whatever its size.
package struct ReceivedFile: Sendable {
    /// The form field it came in.
    package var field: String
    /// The name the person's computer gave it, cleaned (`UploadNames.clean`).
    package var name: String
    /// Where it waits on this machine until it is stored or thrown away.
    package var path: String
    package var size: Int
    package var sha256: String
    /// What the bytes say it is.
    package var type: FileType
}

/// The fields and files of a multipart form, read as a stream.
package struct ReceivedForm: Sendable {
    package var fields: [String: [String]] = [:]
    package var files: [ReceivedFile] = []

    package func field(_ name: String) -> String? { fields[name]?.first }

    /// Deletes the received files that nothing took.
    package func discard() {
        for file in files { try? FileManager.default.removeItem(atPath: file.path) }
    }
}

/// How much one form may bring.
package struct UploadLimits: Sendable {
    /// The largest file, in bytes.
    package var maxFileBytes: Int
    /// The most all files together may add, in bytes (what is left of the group's storage).
    package var maxTotalBytes: Int
    package var maxFiles = 100
    /// Text fields together; larger forms are not forms.
    package var maxFieldBytes = 256 * 1024

    package init(maxFileBytes: Int, maxTotalBytes: Int) {
        self.maxFileBytes = maxFileBytes
        self.maxTotalBytes = maxTotalBytes
    }
}

/// Why an upload was refused as it came in. Nothing of it is kept.
package enum UploadError: Error, Equatable {
    /// A file was larger than the limit per file.
    case fileTooLarge(name: String, limit: Int)
    /// The files would take the group over its storage.
    case overQuota(limit: Int)
    case tooManyFiles(limit: Int)
    /// Not a multipart form, or a broken one.
    case malformed
    /// The upload stopped before its end.
    case cutOff
    /// A file without a single byte.
    case empty(name: String)

    /// The message a person sees, in their language, with the numbers filled in.
    package func message(_ request: Request) -> String {
        switch self {
        case .fileTooLarge(let name, let limit): request.t("upload.error.file_too_large", ["name": name, "max": UploadLimits.describe(limit)])
        case .overQuota(let limit): request.t("upload.error.over_quota", ["max": UploadLimits.describe(limit)])
        case .tooManyFiles(let limit): request.t("upload.error.too_many_files", ["max": "\(limit)"])
        case .malformed: request.t("upload.error.malformed")
        case .cutOff: request.t("upload.error.cut_off")
        case .empty(let name): request.t("upload.error.empty", ["name": name])
        }
    }
}

extension UploadLimits {
    /// A size as people read it: 1.5 GB, 200 MB, 12 KB.
    package static func describe(_ bytes: Int) -> String {
        if bytes >= 1 << 30 {
            let value = Double(bytes) / Double(1 << 30)
            return value.rounded() == value ? "\(Int(value)) GB" : String(format: "%.1f GB", value)
        }
        if bytes >= 1 << 20 { return "\(Int((Double(bytes) / Double(1 << 20)).rounded())) MB" }
        return "\(max(1, Int((Double(bytes) / 1024).rounded()))) KB"
    }
}

extension Request {
    /// Reads a multipart form as it streams in: each file goes to disk piece by piece, hashed on the way.
    /// Over a limit, the rest of the request is read and dropped (so the browser sees our answer, not a
    /// broken connection), every file of it is deleted and the error says which limit.
    /// The caller stores the files it takes and calls `discard()` for the rest.
    package func receiveUpload(limits: UploadLimits) async throws -> ReceivedForm {
        guard let type = headers.contentType, type.type == "multipart", type.subType == "form-data",
              let boundary = type.parameters["boundary"], !boundary.isEmpty
        else { throw UploadError.malformed }
        let folder = application.settings.dataDirectory + "/uploads"
        let threadPool = application.threadPool
        try await threadPool.runIfActive { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }

        let parser = MultipartParser(boundary: boundary)
        var events: [MultipartEvent] = []
        parser.onHeader = { name, value in events.append(.header(name, value)) }
        parser.onBody = { body in events.append(.body(body)) }
        parser.onPartComplete = { events.append(.end) }

        var receiver = PartReceiver(folder: folder, limits: limits, threadPool: threadPool)
        do {
            for try await chunk in body {
                if receiver.failure != nil {
                    // Refused already: the rest is read and dropped, up to a bound.
                    receiver.drained += chunk.readableBytes
                    if receiver.drained > Self.drainLimit { break }
                    continue
                }
                do {
                    try parser.execute(chunk)
                } catch {
                    receiver.failure = .malformed
                }
                let pending = events
                events.removeAll(keepingCapacity: true)
                for event in pending where receiver.failure == nil {
                    try await receiver.handle(event)
                }
                if receiver.failure != nil { try await receiver.abandon() }
            }
        } catch {
            try? await receiver.abandon()
            throw UploadError.cutOff
        }
        if let failure = receiver.failure {
            try? await receiver.abandon()
            throw failure
        }
        if receiver.isInPart {
            try? await receiver.abandon()
            throw UploadError.cutOff
        }
        return receiver.form
    }

    /// How much of a refused upload is read to the end so the answer reaches the browser.
    static let drainLimit = 4 << 30
}

private enum MultipartEvent {
    case header(String, String)
    case body(ByteBuffer)
    case end
}

/// The part being received and what came before it.
private struct PartReceiver {
    let folder: String
    let limits: UploadLimits
    let threadPool: NIOThreadPool
    var form = ReceivedForm()
    var failure: UploadError?
    var drained = 0

    private var headers: [(String, String)] = []
    private var started = false
    private var field: String?
    private var fileName: String?
    private var text = ByteBuffer()
    private var fieldBytes = 0
    private var total = 0
    // The file being written.
    private var file: LocalFileWriter?
    private var size = 0
    private var head: [UInt8] = []

    init(folder: String, limits: UploadLimits, threadPool: NIOThreadPool) {
        self.folder = folder
        self.limits = limits
        self.threadPool = threadPool
    }

    var isInPart: Bool { started }

    mutating func handle(_ event: MultipartEvent) async throws {
        switch event {
        case .header(let name, let value):
            headers.append((name, value))
        case .body(let bytes):
            if !started { try await begin() }
            try await take(bytes)
        case .end:
            if !started { try await begin() }
            try await finish()
        }
    }

    /// The headers are complete: a file part opens a file, a field part collects text.
    private mutating func begin() async throws {
        started = true
        let disposition = headers.first { $0.0.lowercased() == "content-disposition" }?.1 ?? ""
        let parameters = ContentDisposition.parameters(disposition)
        field = parameters["name"]
        fileName = parameters["filename*"].flatMap(ContentDisposition.decodeExtended) ?? parameters["filename"]
        guard field != nil else {
            failure = .malformed
            return
        }
        if fileName != nil {
            guard form.files.count < limits.maxFiles else {
                failure = .tooManyFiles(limit: limits.maxFiles)
                return
            }
            file = try await LocalFileWriter(creating: folder + "/" + UUID().uuidString, threadPool: threadPool)
            size = 0
            head = []
        } else {
            text.clear()
        }
    }

    private mutating func take(_ bytes: ByteBuffer) async throws {
        guard failure == nil else { return }
        guard file != nil else {
            fieldBytes += bytes.readableBytes
            if fieldBytes > limits.maxFieldBytes {
                failure = .malformed
                return
            }
            var bytes = bytes
            text.writeBuffer(&bytes)
            return
        }
        size += bytes.readableBytes
        total += bytes.readableBytes
        if size > limits.maxFileBytes {
            failure = .fileTooLarge(name: UploadNames.clean(fileName ?? ""), limit: limits.maxFileBytes)
            return
        }
        if total > limits.maxTotalBytes {
            failure = .overQuota(limit: limits.maxTotalBytes)
            return
        }
        if head.count < FileType.sniffLength { head.append(contentsOf: bytes.readableBytesView.prefix(FileType.sniffLength - head.count)) }
        try await file?.write(bytes)
    }

    private mutating func finish() async throws {
        defer {
            headers = []
            started = false
            fileName = nil
        }
        guard failure == nil, let field else { return }
        if var file {
            self.file = nil
            let written: (size: Int, sha256: String)
            do {
                written = try await file.finish()
            } catch {
                file.discard()
                throw error
            }
            let name = UploadNames.clean(fileName ?? "")
            if written.size == 0 {
                // A file input left empty sends a part without a name or a byte: no file was chosen.
                try? FileManager.default.removeItem(atPath: file.path)
                if !(fileName ?? "").isEmpty { failure = .empty(name: name) }
                return
            }
            form.files.append(ReceivedFile(field: field, name: name, path: file.path, size: written.size, sha256: written.sha256, type: FileType(sniffing: head)))
        } else {
            form.fields[field, default: []].append(text.readString(length: text.readableBytes) ?? "")
        }
    }

    /// Deletes every file of this upload, the one half-written included.
    mutating func abandon() async throws {
        file?.discard()
        file = nil
        form.discard()
        form.files = []
    }
}

/// The parameters of a `Content-Disposition` header, as browsers send them in forms.
package enum ContentDisposition {
    /// `form-data; name="files"; filename="a \"b\".jpg"` → ["name": "files", "filename": "a \"b\".jpg"].
    package static func parameters(_ header: String) -> [String: String] {
        var result: [String: String] = [:]
        var rest = Substring(header)
        // Skip the disposition type.
        guard let semicolon = rest.firstIndex(of: ";") else { return result }
        rest = rest[rest.index(after: semicolon)...]
        while !rest.isEmpty {
            rest = rest.drop { $0 == " " || $0 == "\t" || $0 == ";" }
            guard let equals = rest.firstIndex(of: "=") else { break }
            let key = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            rest = rest[rest.index(after: equals)...]
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                var escaped = false
                var end = rest.endIndex
                for index in rest.indices {
                    let character = rest[index]
                    if escaped {
                        value.append(character)
                        escaped = false
                    } else if character == "\\" {
                        escaped = true
                    } else if character == "\"" {
                        end = index
                        break
                    } else {
                        value.append(character)
                    }
                }
                rest = end < rest.endIndex ? rest[rest.index(after: end)...] : ""
            } else {
                let end = rest.firstIndex(of: ";") ?? rest.endIndex
                value = rest[..<end].trimmingCharacters(in: .whitespaces)
                rest = rest[end...]
            }
            result[key] = value
        }
        return result
    }

    /// RFC 5987's `UTF-8''na%C3%AFve.txt`.
    package static func decodeExtended(_ value: String) -> String? {
        let parts = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].lowercased() == "utf-8" else { return nil }
        return String(parts[2]).removingPercentEncoding
    }

    /// The header for a download: the name for every browser (`filename*`), and a plain-ASCII fallback.
    package static func header(attachment: Bool, name: String) -> String {
        // Byte by byte rather than through Foundation's percent encoding: every download writes one.
        var ascii: [UInt8] = [], encoded: [UInt8] = []
        ascii.reserveCapacity(name.utf8.count)
        encoded.reserveCapacity(name.utf8.count * 3)
        for scalar in name.unicodeScalars {
            let plain = scalar.isASCII && scalar.value >= 0x20 && scalar.value != 0x7F && scalar != "\"" && scalar != "\\" && scalar != "%"
            ascii.append(plain ? UInt8(scalar.value) : UInt8(ascii: "_"))
        }
        let digits = Array("0123456789ABCDEF".utf8)
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.append(byte)
            default:
                encoded += [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
            }
        }
        return (attachment ? "attachment" : "inline") + "; filename=\"" + String(decoding: ascii, as: UTF8.self)
            + "\"; filename*=UTF-8''" + String(decoding: encoded, as: UTF8.self)
    }
}

/// File names as people see them: what their computer called the file, made harmless.
package enum UploadNames {
    /// The last part of the name (no folders: `../../etc/passwd` is `passwd`), without control
    /// characters, NUL or direction marks (which make `gpj.exe` look like `exe.jpg`), trimmed and at
    /// most 200 characters (the extension kept); "file" when nothing is left.
    package static func clean(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let bidi: ClosedRange<UInt32> = 0x202A...0x202E
        let isolates: ClosedRange<UInt32> = 0x2066...0x2069
        var scalars = String.UnicodeScalarView()
        for scalar in last.unicodeScalars {
            let value = scalar.value
            if value < 0x20 || value == 0x7F || bidi.contains(value) || isolates.contains(value) || value == 0x200E || value == 0x200F
                || value == 0x061C || value == 0xFEFF { continue }
            scalars.append(scalar)
        }
        var cleaned = String(scalars).trimmingCharacters(in: .whitespaces)
        while cleaned.hasPrefix(".") { cleaned.removeFirst() }
        if cleaned.isEmpty { return "file" }
        if cleaned.count > 200 {
            let dot = cleaned.lastIndex(of: ".")
            let ext = dot.map { String(cleaned[$0...]) } ?? ""
            cleaned = String(cleaned.prefix(200 - (ext.count <= 16 ? ext.count : 0))) + (ext.count <= 16 ? ext : "")
        }
        return cleaned
    }
}
