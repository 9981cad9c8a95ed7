import Foundation
import NIOCore
import Vapor

extension Request {
    /// How a download may be kept by the browser.
    package enum DownloadCaching: Sendable {
        /// The address names the bytes (it carries their hash): kept as long as the browser likes, by this browser only.
        case immutable
        /// Asked again each time; an unchanged file is answered with 304 by its ETag.
        case revalidate
    }

    /// Sends an upload's bytes, after the caller has checked that the person may see it.
    /// Range requests (one range; `If-Range`) are answered with 206, an ETag that matches with 304.
    /// Only pictures, sound, video, PDF and plain text may show in the browser; everything else is
    /// sent as an attachment, and nothing is ever sent as HTML or SVG: text is `text/plain`, and a
    /// sandboxing Content-Security-Policy keeps any script from running as a page of this site.
    package func download(_ upload: Upload, name: String? = nil, attachment: Bool = false, caching: DownloadCaching = .revalidate) async throws -> Response {
        try await download(upload.row, name: name, attachment: attachment, caching: caching)
    }

    /// The same, for an upload read as a row with what leads to it.
    package func download(_ upload: UploadRow, name: String? = nil, attachment: Bool = false, caching: DownloadCaching = .revalidate) async throws -> Response {
        let type = upload.type
        let etag = "\"\(upload.blob)\""
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .eTag, value: etag)
        headers.replaceOrAdd(name: .acceptRanges, value: "bytes")
        headers.replaceOrAdd(name: .cacheControl, value: caching == .immutable ? "private, max-age=31536000, immutable" : "private, no-cache")
        var fileName = name ?? upload.name
        if !fileName.contains(".") { fileName += "." + type.fileExtension }
        headers.replaceOrAdd(name: .contentDisposition, value: ContentDisposition.header(attachment: attachment || !type.showsInline, name: fileName))
        if let match = self.headers.first(name: .ifNoneMatch), match == "*" || match.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == etag }) {
            return Response(status: .notModified, headers: headers)
        }
        headers.replaceOrAdd(name: .contentType, value: type.mediaType)

        let size = Int(upload.size)
        var range: Range<Int>?
        if let requested = self.headers.first(name: .range), ifRangeHolds(etag: etag) {
            switch Self.parseRange(requested, size: size) {
            case .whole: range = nil
            case .part(let part): range = part
            case .unsatisfiable:
                headers.replaceOrAdd(name: .contentRange, value: "bytes */\(size)")
                return Response(status: .rangeNotSatisfiable, headers: headers)
            }
        }
        guard let bytes = try await application.files.stream(upload.key, range: range) else {
            logger.error("stored file missing: \(upload.key)")
            throw Abort(.notFound)
        }
        if let range {
            headers.replaceOrAdd(name: .contentRange, value: "bytes \(range.lowerBound)-\(range.upperBound - 1)/\(bytes.total)")
        }
        let response = Response(status: range == nil ? .ok : .partialContent, headers: headers)
        response.body = .stored(bytes, logger: logger)
        return response
    }

    /// `If-Range` with an ETag other than the file's asks for the whole file.
    private func ifRangeHolds(etag: String) -> Bool {
        guard let ifRange = headers.first(name: .ifRange) else { return true }
        return ifRange == etag
    }

    package enum RequestedRange: Equatable {
        case whole
        case part(Range<Int>)
        case unsatisfiable
    }

    /// One byte range of RFC 9110: `bytes=0-99`, `bytes=100-`, `bytes=-100`. Several ranges, or a header
    /// we do not read, get the whole file, as the RFC allows. Read without Foundation, as it is on every
    /// range request of a video.
    package static func parseRange(_ header: String, size: Int) -> RequestedRange {
        let text = Self.blanksTrimmed(Substring(header))
        let unit = "bytes=".utf8
        guard text.utf8.count > unit.count, zip(text.utf8, unit).allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0) == $1 }),
              !text.utf8.contains(UInt8(ascii: ",")) else { return .whole }
        let spec = Self.blanksTrimmed(text.dropFirst(unit.count))
        guard let dash = spec.firstIndex(of: "-") else { return .whole }
        let first = spec[..<dash], last = spec[spec.index(after: dash)...]
        if first.isEmpty {
            guard let suffix = Int(last), suffix >= 0 else { return .whole }
            guard suffix > 0, size > 0 else { return .unsatisfiable }
            return .part(max(0, size - suffix)..<size)
        }
        guard let start = Int(first), start >= 0 else { return .whole }
        guard start < size else { return .unsatisfiable }
        if last.isEmpty { return .part(start..<size) }
        guard let end = Int(last), end >= start else { return .whole }
        return .part(start..<min(end + 1, size))
    }

    /// Without the spaces and tabs HTTP allows around a value.
    private static func blanksTrimmed(_ text: Substring) -> Substring {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = text.firstIndex(where: { !blank($0) }), let end = text.lastIndex(where: { !blank($0) }) else { return "" }
        return text[start...end]
    }
}

extension Response.Body {
    /// Stored bytes as a response: one buffer when the store read them whole, otherwise written piece by
    /// piece as they are read. A read that fails ends the response early (the connection is closed short
    /// of its length), so the client sees a download cut off, never one padded or finished with wrong
    /// bytes. A failed read is the store's fault and logged as a warning; a client that went away, or a
    /// download cancelled (the server stopping), is not.
    package static func stored(_ bytes: StoredBytes, logger: Logger) -> Response.Body {
        if let whole = bytes.whole { return Response.Body(buffer: whole) }
        return Response.Body(asyncStream: { writer in
            let pieces = bytes.makeAsyncIterator()
            while true {
                let piece: ByteBuffer?
                do {
                    piece = try await pieces.next()
                } catch is CancellationError {
                    try? await writer.write(.error(CancellationError()))
                    return
                } catch {
                    logger.warning("download ended early, the file store failed: \(error)")
                    try? await writer.write(.error(error))
                    return
                }
                do {
                    guard let piece else { return try await writer.write(.end) }
                    try await writer.write(.buffer(piece))
                } catch {
                    logger.debug("download ended early: \(error)")
                    try? await writer.write(.error(error))
                    return
                }
            }
        }, count: bytes.count)
    }
}
