import Fluent
import Foundation
import IGroupsCore
import SQLKit
import Vapor

/// The job that makes a received photo fit to show: from the picture as uploaded, an upright original
/// with no metadata at all (no location, no camera, no maker notes, no XMP), a display size and a thumbnail,
/// all made by libvips in a child process. The picture as uploaded is then deleted, bytes and all. A picture
/// libvips cannot read (damaged, cut short, or with too many pixels) is removed and its uploader told why.
enum PhotoProcessing {
    static let kind = "photos.process"
    static let displayBox = 1600
    static let thumbBox = 400
    static let originalQuality = 92
    static let copyQuality = 82

    struct Payload: Codable { let photoID: UUID }

    static func register(on app: Application) {
        app.jobQueue.register(kind, handler: { payload, app in
            try await process(JSONDecoder().decode(Payload.self, from: Data(payload.utf8)).photoID, app: app)
        }, gaveUp: { payload, app in
            try await giveUp(JSONDecoder().decode(Payload.self, from: Data(payload.utf8)).photoID, app: app)
        })
    }

    static func queue(_ photoID: UUID, app: Application, on db: any Database) async throws {
        try await app.jobQueue.enqueue(kind, payload: Payload(photoID: photoID), maxAttempts: 5, on: db)
    }

    /// The format a photo is stored in: as uploaded, except HEIC, which browsers do not show: JPEG.
    static func storedFormat(_ type: FileType) -> FileType {
        type == .png || type == .webp ? type : .jpeg
    }

    /// The three pictures made of one upload, on this machine's disk.
    struct Made {
        let original: (path: String, info: MediaTools.ImageInfo)
        let display: (path: String, info: MediaTools.ImageInfo)
        let thumb: (path: String, info: MediaTools.ImageInfo)
    }

    static func process(_ photoID: UUID, app: Application) async throws {
        guard let photo = try await Photo.find(photoID, on: app.db), photo.status == .processing,
              let upload = try await Upload.find(photo.$upload.id, on: app.db)
        else { return }
        // Without libvips the job waits and tries again later.
        guard app.mediaAvailability.images else { throw MediaTools.MediaError.unavailable }
        let folder = app.settings.dataDirectory + "/tmp/photo-" + UUID().uuidString
        try await app.threadPool.runIfActive { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let source = folder + "/source"
        try await app.files.copy(upload.key, toDisk: source, threadPool: app.threadPool)
        let format = storedFormat(upload.type)
        let made: Made
        do {
            made = try await make(from: source, received: upload.type, in: folder, format: format, app: app)
        } catch let error as MediaTools.MediaError where error != .unavailable {
            try await refuse(photo, upload: upload, because: error, app: app)
            return
        }
        try await keep(made, of: photo, upload: upload, format: format, app: app)
    }

    /// Reads the picture's size from its header first (refusing pixel bombs before anything is decoded),
    /// then makes the original and, from it, the two smaller sizes (libvips decodes the original for
    /// them, so a damaged or cut-short picture is refused there even when its original was only stripped).
    static func make(from source: String, received: FileType, in folder: String, format: FileType, app: Application) async throws -> Made {
        let media = app.media
        _ = try await media.imageInfo(source)
        let ext = "." + format.fileExtension
        let original = folder + "/original" + ext, display = folder + "/display" + ext, thumb = folder + "/thumb" + ext
        let originalInfo: MediaTools.ImageInfo
        if received == .jpeg, format == .jpeg, try await strippedWithoutEncoding(source, to: original, app: app) {
            originalInfo = try await media.imageInfo(original)
        } else {
            originalInfo = try await media.resize(source, box: nil, output: original, format: format, quality: originalQuality)
        }
        let displayInfo = try await media.resize(original, box: displayBox, output: display, format: format, quality: copyQuality)
        let thumbInfo = try await media.resize(original, box: thumbBox, output: thumb, format: format, quality: copyQuality)
        return Made(original: (original, originalInfo), display: (display, displayInfo), thumb: (thumb, thumbInfo))
    }

    /// The largest JPEG whose metadata is removed in memory rather than by libvips.
    static let largestStrippedInMemory = 64 << 20

    /// Writes an upright JPEG without its metadata and without encoding it again (its picture stays
    /// exactly as taken, and this takes milliseconds instead of a second); false when the picture must
    /// be turned by its orientation tag, is too large to read at once, or cannot be followed to its end.
    static func strippedWithoutEncoding(_ source: String, to output: String, app: Application) async throws -> Bool {
        try await app.threadPool.runIfActive {
            guard let size = try? FileManager.default.attributesOfItem(atPath: source)[.size] as? Int, size <= largestStrippedInMemory,
                  let data = FileManager.default.contents(atPath: source),
                  let stripped = JPEGMetadata.strip(Array(data)), stripped.orientation == 1
            else { return false }
            return FileManager.default.createFile(atPath: output, contents: Data(stripped.bytes), attributes: [.posixPermissions: 0o600])
        }
    }

    /// Stores the three pictures, makes the photo ready with them, and deletes the picture as uploaded.
    static func keep(_ made: Made, of photo: Photo, upload: Upload, format: FileType, app: Application) async throws {
        let name = Photo.downloadName(photo.name, type: format)
        let original = try await Uploads.storeCopy(
            ofFile: made.original.path, parent: upload, variant: "original", name: name,
            width: made.original.info.width, height: made.original.info.height, on: app, db: app.db)
        let display = try await Uploads.storeCopy(
            ofFile: made.display.path, parent: upload, variant: "display", name: name,
            width: made.display.info.width, height: made.display.info.height, on: app, db: app.db)
        let thumb = try await Uploads.storeCopy(
            ofFile: made.thumb.path, parent: upload, variant: "thumb", name: name,
            width: made.thumb.info.width, height: made.thumb.info.height, on: app, db: app.db)
        let originalID = try original.requireID(), displayID = try display.requireID(), thumbID = try thumb.requireID()
        let photoID = try photo.requireID()
        let kept = try await app.db.transaction { db -> Bool in
            try await db.lockRow(Photo.schema, id: photoID)
            // Deleted while it was being made: its uploads went with it.
            guard let current = try await Photo.find(photoID, on: db), current.status == .processing, current.$upload.id == upload.id else { return false }
            // The stripped original takes the upload's place: the photo's own file, with the two sizes as its copies.
            try await db.sql.raw("UPDATE uploads SET parent_id = NULL WHERE id = \(bind: originalID)").run()
            try await db.sql.raw("UPDATE uploads SET parent_id = \(bind: originalID) WHERE id IN (\(bind: displayID), \(bind: thumbID))").run()
            current.$upload.id = originalID
            current.$display.id = displayID
            current.$thumb.id = thumbID
            current.width = made.original.info.width
            current.height = made.original.info.height
            current.status = .ready
            try await current.save(on: db)
            if let document = try current.searchDocument() { try await SearchIndex.put(document, on: db) }
            // The album comes up again on the group's front page.
            try await db.sql.update(PhotoAlbum.schema).set("updated_at", to: SQLBind(Date())).where("id", .equal, SQLBind(current.$album.id)).run()
            return true
        }
        if kept {
            try await Uploads.purge([try upload.requireID()], on: app, db: app.db)
        } else {
            try await Uploads.delete([originalID, displayID, thumbID], on: app, db: app.db)
        }
    }

    /// Removes a photo libvips could not read, with the picture as uploaded, and tells the uploader why.
    static func refuse(_ photo: Photo, upload: Upload, because error: MediaTools.MediaError, app: Application, kind: String? = nil) async throws {
        let photoID = try photo.requireID()
        let group = try await Group.find(photo.$group.id, on: app.db)
        try await app.db.transaction { db in
            guard try await Photo.find(photoID, on: db) != nil else { return }
            try await SearchIndex.remove(module: "photos", item: photoID, on: db)
            try await photo.delete(on: db)
            if let uploaderID = photo.$uploader.id, let group {
                let notice = Notices.Draft(
                    userID: uploaderID, actorID: nil, groupID: group.id, kind: kind ?? noticeKind(error), subject: photo.name,
                    url: PhotoPaths(slug: group.slug).album(photo.$album.id), mail: false)
                try await Notices.send([notice], app: app, on: db)
            }
        }
        try await Uploads.purge([try upload.requireID()], on: app, db: app.db)
    }

    /// The notice an uploader gets for a photo that was not taken.
    static func noticeKind(_ error: MediaTools.MediaError) -> String {
        error == .tooManyPixels ? "photos_too_many_pixels" : "photos_unreadable"
    }

    /// The notices of photos that were not taken, as the album shows them to their uploader.
    static let noticeKinds = ["photos_too_many_pixels", "photos_unreadable", "photos_given_up"]

    /// A photo whose job failed on every try (a file gone from the store, a disk that was full) is
    /// removed, and its uploader told. Without libvips it is not given up: its job starts again in an hour.
    static func giveUp(_ photoID: UUID, app: Application) async throws {
        guard let photo = try await Photo.find(photoID, on: app.db), photo.status == .processing,
              let upload = try await Upload.find(photo.$upload.id, on: app.db)
        else { return }
        guard app.mediaAvailability.images else {
            try await app.jobQueue.enqueue(kind, payload: Payload(photoID: photoID), runAt: Date().addingTimeInterval(3600), maxAttempts: 5, on: app.db)
            return
        }
        try await refuse(photo, upload: upload, because: .unreadable, app: app, kind: "photos_given_up")
    }
}
