import Fluent
import IGroupsCore
import Vapor

extension VideoController {
    // MARK: - Uploading

    func uploadPage(_ req: Request, form: VideoForm, errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let limits = try await Uploads.limits(for: Self.groupID(req), on: req.application, db: req.db)
        return VideoUpload(
            layout: req.layout(title: req.t("video.upload.title")), chrome: req.moduleContext.chrome("video", t: req.t), paths: Self.paths(req),
            form: form, errors: errors, maxFileBytes: limits.maxFileBytes, spaceLeft: limits.maxTotalBytes,
            toolsAvailable: req.application.mediaAvailability.video
        ).response(status: status)
    }

    @Sendable func showUpload(req: Request) async throws -> Response {
        _ = try Self.requireAdder(req)
        return try await uploadPage(req, form: VideoForm(), errors: FormErrors())
    }

    /// A refused upload answers 413 when it was too large for a file or for the group, 422 otherwise.
    static func status(of error: UploadError) -> HTTPResponseStatus {
        switch error {
        case .fileTooLarge, .overQuota: .payloadTooLarge
        default: .unprocessableEntity
        }
    }

    /// Takes an uploaded video, read as a stream to disk: an MP4, WebM or MOV file by its bytes, within
    /// the size per file and the group's storage. The poster and length are made by a job; the video's page
    /// says it is being prepared until then. Over a limit, or with another kind of file, nothing is kept.
    @Sendable func upload(req: Request) async throws -> Response {
        _ = try Self.requireAdder(req)
        let groupID = try Self.groupID(req)
        var errors = FormErrors()
        let received: ReceivedForm
        do {
            received = try await req.receiveUpload(limits: try await Uploads.limits(for: groupID, on: req.application, db: req.db))
        } catch let error as UploadError {
            errors.add("video", error.message(req))
            return try await uploadPage(req, form: VideoForm(), errors: errors, status: Self.status(of: error))
        }
        defer { received.discard() }
        let form = VideoForm(title: received.field("title"), description: received.field("description"))
        let file = received.files.first { $0.field == "video" }
        if let file, !file.type.isVideo { errors.add("video", req.t("media.error.not_video", ["name": file.name])) }
        if file == nil { errors.add("video", req.t("video.error.no_file")) }
        let values = form.check(t: req.t, fallbackTitle: file?.name, errors: &errors)
        guard let file, errors.isEmpty else { return try await uploadPage(req, form: form, errors: errors, status: .unprocessableEntity) }
        do {
            let video = try await Self.store(file, values: values, groupID: groupID, req: req)
            return .seeOther(Self.paths(req).video(try video.requireID()) + "?notice=video_uploaded")
        } catch let error as UploadError {
            // Another upload took the group's last room meanwhile.
            errors.add("video", error.message(req))
            return try await uploadPage(req, form: form, errors: errors, status: Self.status(of: error))
        }
    }

    /// Stores the file as an upload and the video that plays it, and queues its preparation; if the
    /// video cannot be saved, the upload goes too.
    static func store(_ file: ReceivedFile, values: VideoForm.Values, groupID: UUID, req: Request) async throws -> Video {
        let app = req.application
        let viewerID = try req.requireViewer().requireID()
        let upload = try await Uploads.store(file, group: groupID, user: viewerID, on: app, db: req.db)
        let uploadID = try upload.requireID()
        let video = Video()
        video.id = UUID()
        video.$group.id = groupID
        video.$author.id = viewerID
        video.apply(values)
        video.source = .upload
        video.$upload.id = uploadID
        video.status = app.mediaAvailability.video ? .processing : .waiting
        do {
            try await req.db.transaction { db in
                try await video.create(on: db)
                if let document = try video.searchDocument() { try await SearchIndex.put(document, on: db) }
                if video.status == .processing { try await VideoProcessing.queue(video.requireID(), app: app, on: db) }
            }
        } catch {
            try? await Uploads.delete([uploadID], on: app, db: req.db)
            throw error
        }
        req.logger.info("video uploaded", metadata: [
            "group": .string(groupID.uuidString), "user": .string(viewerID.uuidString), "bytes": .stringConvertible(file.size),
        ])
        return video
    }

    // MARK: - Linking

    func linkPage(_ req: Request, form: VideoForm, errors: FormErrors, status: HTTPResponseStatus = .ok) -> Response {
        VideoLinkPage(
            layout: req.layout(title: req.t("video.link.title")), chrome: req.moduleContext.chrome("video", t: req.t), paths: Self.paths(req),
            form: form, errors: errors
        ).response(status: status)
    }

    @Sendable func showLink(req: Request) async throws -> Response {
        _ = try Self.requireAdder(req)
        return linkPage(req, form: VideoForm(), errors: FormErrors())
    }

    /// Links a YouTube or Vimeo video by its address; any other address is refused with a message.
    @Sendable func createLink(req: Request) async throws -> Response {
        _ = try Self.requireAdder(req)
        let viewerID = try req.requireViewer().requireID()
        let form = try req.content.decode(VideoForm.self)
        var errors = FormErrors()
        let link = form.checkLink(t: req.t, errors: &errors)
        let values = form.check(t: req.t, errors: &errors)
        guard let link, errors.isEmpty else { return linkPage(req, form: form, errors: errors, status: .unprocessableEntity) }
        let video = Video()
        video.id = UUID()
        video.$group.id = try Self.groupID(req)
        video.$author.id = viewerID
        video.apply(values)
        video.source = link.source
        video.externalID = link.id
        video.status = .ready
        try await req.db.transaction { db in
            try await video.create(on: db)
            if let document = try video.searchDocument() { try await SearchIndex.put(document, on: db) }
        }
        return .seeOther(Self.paths(req).video(try video.requireID()) + "?notice=video_linked")
    }
}
