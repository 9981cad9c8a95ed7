import Fluent
import IGroupsCore
import SQLKit
import Vapor

extension PhotosController {
    /// The upload form, with what came of the last try: its errors, the files not taken, how many were.
    struct UploadOutcome: Sendable {
        var takenBy: String
        var takenOn = ""
        var errors = FormErrors()
        /// One message per file not taken, by its name.
        var refused: [String] = []
        /// How many files of the last try were taken.
        var taken = 0
    }

    func uploadPage(_ req: Request, album: PhotoAlbum, outcome: UploadOutcome, status: HTTPResponseStatus = .ok) async throws -> Response {
        let limits = try await Uploads.limits(for: Self.groupID(req), on: req.application, db: req.db)
        return PhotoUpload(
            layout: req.layout(title: req.t("photos.upload.title", ["title": album.title])), chrome: req.moduleContext.chrome("photos", t: req.t),
            paths: Self.paths(req), albumID: try album.requireID(), outcome: outcome,
            maxFile: limits.maxFileBytes, spaceLeft: limits.maxTotalBytes,
            available: req.application.mediaAvailability.images
        ).response(status: status)
    }

    @Sendable func showUpload(req: Request) async throws -> Response {
        let context = try Self.requireUploader(req)
        let album = try await Self.album(req)
        return try await uploadPage(req, album: album, outcome: UploadOutcome(takenBy: context.group.viewer?.name ?? ""))
    }

    /// Takes the photos of a multi-upload: every JPEG, PNG, WebP and HEIC file (told by its bytes), each
    /// refused file named with why while the others are taken. Over a limit nothing is kept. Each photo
    /// waits for its job; the page, or the uploading script, goes on to the album.
    @Sendable func upload(req: Request) async throws -> Response {
        _ = try Self.requireUploader(req)
        let album = try await Self.album(req)
        let albumID = try album.requireID()
        let groupID = try Self.groupID(req)
        let viewer = try req.requireViewer()
        let viewerID = try viewer.requireID()
        let app = req.application
        let t = req.t
        var outcome = UploadOutcome(takenBy: viewer.name)
        guard app.mediaAvailability.images else {
            outcome.errors.add("photos", t(MediaTools.MediaError.unavailable.messageKey))
            return try await uploadAnswer(req, album: album, outcome: outcome, status: .serviceUnavailable)
        }
        let limits = try await Uploads.limits(for: groupID, on: app, db: req.db)
        let form: ReceivedForm
        do {
            form = try await req.receiveUpload(limits: limits)
        } catch let error as UploadError {
            outcome.errors.add("photos", error.message(req))
            return try await uploadAnswer(req, album: album, outcome: outcome, status: Self.status(of: error))
        }
        defer { form.discard() }
        // A form without the field (a script's upload) takes the uploader's name; an emptied field, none.
        outcome.takenBy = form.field("taken_by") ?? viewer.name
        outcome.takenOn = form.field("taken_on") ?? ""
        let takenBy = PhotoForm.checkTakenBy(outcome.takenBy, t: t, errors: &outcome.errors)
        let takenOn = PhotoForm.checkTakenOn(outcome.takenOn, t: t, errors: &outcome.errors)
        let files = form.files.filter { $0.field == "photos" }
        if files.isEmpty { outcome.errors.add("photos", t("upload.error.none")) }
        guard outcome.errors.isEmpty else { return try await uploadAnswer(req, album: album, outcome: outcome, status: .unprocessableEntity) }
        let accepted = files.filter { Self.acceptedTypes.contains($0.type) }
        outcome.refused = files.filter { !Self.acceptedTypes.contains($0.type) }.map { t("media.error.not_image", ["name": $0.name]) }
        guard !accepted.isEmpty else { return try await uploadAnswer(req, album: album, outcome: outcome, status: .unprocessableEntity) }

        do {
            outcome.taken = try await Photo.receive(accepted, album: albumID, group: groupID, uploader: viewerID, takenBy: takenBy, takenOn: takenOn, app: app, db: req.db)
        } catch let error as UploadError {
            // The group's storage filled meanwhile: nothing of this upload is kept.
            outcome.errors.add("photos", error.message(req))
            outcome.refused = []
            return try await uploadAnswer(req, album: album, outcome: outcome, status: Self.status(of: error))
        }
        req.logger.info("photos uploaded", metadata: ["group": .string(groupID.uuidString), "count": .stringConvertible(outcome.taken)])
        return try await uploadAnswer(req, album: album, outcome: outcome, status: .ok)
    }

    /// The answer to an upload: the album when all went well, otherwise the form with what was and was
    /// not taken (the upload script puts that page in place of the form, as a browser without it shows it).
    func uploadAnswer(_ req: Request, album: PhotoAlbum, outcome: UploadOutcome, status: HTTPResponseStatus) async throws -> Response {
        if outcome.taken > 0, outcome.refused.isEmpty { return .seeOther(Self.paths(req).album(try album.requireID()) + "?notice=photos_uploaded") }
        return try await uploadPage(req, album: album, outcome: outcome, status: outcome.taken > 0 ? .ok : status)
    }

    /// The status an upload refused as it came in is answered with.
    static func status(of error: UploadError) -> HTTPResponseStatus {
        switch error {
        case .fileTooLarge, .overQuota, .tooManyFiles: .payloadTooLarge
        case .malformed, .cutOff: .badRequest
        case .empty: .unprocessableEntity
        }
    }
}

extension Photo {
    /// Stores received pictures and makes a photo of each at the end of the album, waiting for its job;
    /// returns how many. When anything fails (the group's storage filled meanwhile) nothing is kept.
    static func receive(
        _ files: [ReceivedFile], album albumID: UUID, group groupID: UUID, uploader: UUID, takenBy: String, takenOn: String?,
        app: Application, db: any Database
    ) async throws -> Int {
        var stored: [(file: ReceivedFile, upload: Upload)] = []
        do {
            for file in files {
                stored.append((file, try await Uploads.store(file, group: groupID, user: uploader, on: app, db: db)))
            }
            let received = stored
            try await db.transaction { db in
                // The album's row first: two uploads at once each get their own places at the end.
                try await db.lockRow(PhotoAlbum.schema, id: albumID)
                var position = try await PhotosController.nextPosition(in: albumID, on: db)
                for (file, upload) in received {
                    let photo = Photo()
                    photo.id = UUID()
                    photo.$group.id = groupID
                    photo.$album.id = albumID
                    photo.$uploader.id = uploader
                    photo.$upload.id = try upload.requireID()
                    photo.status = .processing
                    photo.name = file.name
                    photo.caption = ""
                    photo.takenBy = takenBy
                    photo.takenOn = takenOn
                    photo.position = position
                    try await photo.create(on: db)
                    try await PhotoProcessing.queue(photo.requireID(), app: app, on: db)
                    position += 1
                }
            }
        } catch {
            try? await Uploads.purge(stored.compactMap(\.upload.id), on: app, db: db)
            throw error
        }
        return stored.count
    }
}
