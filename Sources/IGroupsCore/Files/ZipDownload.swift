import Foundation
import NIOCore
import Vapor

extension Request {
    /// One file of a ZIP download: its name in the archive and where its bytes are stored.
    package struct ZipFile: Sendable {
        package var name: String
        package var key: String
        package var size: Int

        package init(name: String, key: String, size: Int) {
            self.name = name
            self.key = key
            self.size = size
        }
    }

    /// Sends stored files as one ZIP archive, each read from the store and written to the response as it
    /// comes, so the archive is never whole in memory; names are made unique. The caller has checked that the
    /// person may see every file.
    package func zipDownload(_ files: [ZipFile], name: String) -> Response {
        let names = ZipStream.uniqueNames(files.map(\.name))
        let archive = ZipStream(entries: zip(names, files).map { ZipStream.Entry(name: $0, size: $1.size) })
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "application/zip")
        headers.replaceOrAdd(name: .contentDisposition, value: ContentDisposition.header(attachment: true, name: name))
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        let response = Response(status: .ok, headers: headers)
        let store = application.files
        let logger = self.logger
        response.body = Response.Body(asyncStream: { writer in
            do {
                try await archive.write(contents: { try await store.stream(files[$0].key, range: nil) }, to: { try await writer.write(.buffer($0)) })
                try await writer.write(.end)
            } catch {
                logger.warning("a ZIP download ended early: \(error)")
                try? await writer.write(.error(error))
            }
        }, count: archive.length)
        return response
    }
}
