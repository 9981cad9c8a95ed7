import Fluent
import IGroupsCore
import Vapor

extension PhotosController {
    /// The thumbnail, for whoever may see the photo; kept by the browser for good when the address names its bytes.
    @Sendable func thumb(req: Request) async throws -> Response {
        let photo = try await Self.photo(req)
        return try await Self.serve(req, photo: photo, copy: photo.$thumb.id)
    }

    /// The display size, as the thumbnail.
    @Sendable func display(req: Request) async throws -> Response {
        let photo = try await Self.photo(req)
        return try await Self.serve(req, photo: photo, copy: photo.$display.id)
    }

    static func serve(_ req: Request, photo: Photo, copy: UUID?) async throws -> Response {
        guard photo.status == .ready, let copy, let upload = try await Upload.find(copy, on: req.db) else { throw Abort(.notFound) }
        let current = req.query[String.self, at: "v"] == upload.blob
        return try await req.download(upload, name: Photo.downloadName(photo.name, type: upload.type), caching: current ? .immutable : .revalidate)
    }

    /// The photo at full size as stored (upright, without metadata) as a file; ranges are answered.
    @Sendable func original(req: Request) async throws -> Response {
        let photo = try await Self.photo(req)
        // While it is processed, its upload is the picture as received, which is never given out.
        guard photo.status == .ready, let upload = try await Upload.find(photo.$upload.id, on: req.db) else { throw Abort(.notFound) }
        return try await req.download(upload, name: Photo.downloadName(photo.name, type: upload.type), attachment: true)
    }

    /// The album's photos as stored, in the album's order, as one ZIP written while it is read.
    @Sendable func downloadAlbum(req: Request) async throws -> Response {
        let album = try await Self.album(req)
        let files = try await Photo.files(albumID: try album.requireID(), on: req.db)
        return req.zipDownload(
            files.map { Request.ZipFile(name: Photo.downloadName($0.name, type: FileType(mediaType: $0.media_type)), key: Upload.key(ofBlob: $0.blob), size: $0.size) },
            name: ZipStream.uniqueNames([album.title])[0] + ".zip")
    }
}
