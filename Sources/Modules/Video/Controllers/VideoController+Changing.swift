import Fluent
import IGroupsCore
import Vapor

extension VideoController {
    // MARK: - Changing and deleting

    func editPage(_ req: Request, video: Video, form: VideoForm, errors: FormErrors, status: HTTPResponseStatus = .ok) throws -> Response {
        VideoEdit(
            layout: req.layout(title: req.t("video.edit.title")), chrome: req.moduleContext.chrome("video", t: req.t), paths: Self.paths(req),
            videoID: try video.requireID(), form: form, errors: errors
        ).response(status: status)
    }

    @Sendable func showEdit(req: Request) async throws -> Response {
        let video = try await Self.video(req)
        try Self.requireChanger(req, video)
        guard video.status != .failed else { throw Abort(.notFound) }
        return try editPage(req, video: video, form: VideoForm(title: video.title, description: video.description), errors: FormErrors())
    }

    /// Saves a new title and description; the page then says the video was edited.
    @Sendable func update(req: Request) async throws -> Response {
        let video = try await Self.video(req)
        try Self.requireChanger(req, video)
        guard video.status != .failed else { throw Abort(.notFound) }
        let form = try req.content.decode(VideoForm.self)
        var errors = FormErrors()
        let values = form.check(t: req.t, errors: &errors)
        guard errors.isEmpty else { return try editPage(req, video: video, form: form, errors: errors, status: .unprocessableEntity) }
        if video.title != values.title || video.description != values.description { video.editedAt = Date() }
        video.apply(values)
        try await req.db.transaction { db in
            try await video.save(on: db)
            if let document = try video.searchDocument() { try await SearchIndex.put(document, on: db) }
        }
        return .seeOther(Self.paths(req).video(try video.requireID()) + "?notice=video_saved")
    }

    @Sendable func showDelete(req: Request) async throws -> Response {
        let video = try await Self.video(req)
        try Self.requireChanger(req, video)
        let paths = Self.paths(req)
        let id = try video.requireID()
        return ModuleConfirmPage(
            layout: req.layout(title: req.t("video.delete.title", ["title": video.title])), chrome: req.moduleContext.chrome("video", t: req.t),
            lead: req.t(video.source == .upload && video.status != .failed ? "video.delete.lead_upload" : "video.delete.lead"),
            action: paths.delete(id), submit: req.t("video.delete"), cancel: video.status == .failed ? paths.list : paths.video(id)
        ).response()
    }

    /// Deletes a video with its comments, takes it out of the search, and deletes its file and poster
    /// from the store unless another upload has the same bytes.
    @Sendable func delete(req: Request) async throws -> Response {
        let video = try await Self.video(req)
        try Self.requireChanger(req, video)
        let id = try video.requireID()
        let uploadID = video.$upload.id
        try await req.db.transaction { db in
            try await SearchIndex.remove(module: "video", item: id, on: db)
            try await video.delete(on: db)
        }
        if let uploadID { try await Uploads.delete([uploadID], on: req.application, db: req.db) }
        req.logger.info("video deleted", metadata: ["group": .string(video.$group.id.uuidString), "video": .string(id.uuidString)])
        return .seeOther(Self.paths(req).list + "?notice=video_deleted")
    }

    // MARK: - Comments

    struct CommentForm: Content {
        static let maxBody = 5_000

        var body: String?
        /// The new comment's id, made with the form: the same form sent twice makes one comment.
        var token: String?
    }

    /// Adds a comment; members with a verified address.
    @Sendable func comment(req: Request) async throws -> Response {
        let context = try Self.requireParticipant(req)
        let video = try await Self.video(req)
        guard video.status != .failed else { throw Abort(.notFound) }
        let videoID = try video.requireID()
        let form = try req.content.decode(CommentForm.self)
        let body = (form.body ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !body.isEmpty, body.count <= CommentForm.maxBody else {
            throw Abort(.unprocessableEntity, reason: body.isEmpty ? "video.error.comment_empty" : "video.error.comment_long")
        }
        let token = form.token.flatMap(UUID.init(uuidString:))
        if let token, try await VideoComment.find(token, on: req.db) != nil {
            return .seeOther(Self.paths(req).video(videoID) + "#comments")
        }
        let comment = VideoComment()
        comment.id = token ?? UUID()
        comment.$video.id = videoID
        comment.$author.id = context.group.viewer?.id
        comment.body = body
        comment.bodyHTML = Markdown.render(body)
        do {
            try await comment.create(on: req.db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // The same form, sent twice at once: the other request saved it.
        }
        return .seeOther(Self.paths(req).video(videoID) + "#comment-\(try comment.requireID().uuidString)")
    }

    /// Deletes a comment: whoever wrote it, the group's moderators and admins.
    @Sendable func deleteComment(req: Request) async throws -> Response {
        let context = try Self.requireParticipant(req)
        let video = try await Self.video(req)
        let videoID = try video.requireID()
        guard let id = req.parameters.get("comment", as: UUID.self),
              let comment = try await VideoComment.query(on: req.db).filter(\.$id == id).filter(\.$video.$id == videoID).first()
        else { throw Abort(.notFound) }
        let moderates = (context.group.role ?? .member) >= .moderator
        guard moderates || (comment.$author.id != nil && comment.$author.id == context.group.viewer?.id) else {
            throw Abort(.forbidden, reason: "video.error.may_not_change_comment")
        }
        try await comment.delete(on: req.db)
        return .seeOther(Self.paths(req).video(videoID) + "?notice=video_comment_deleted#comments")
    }
}
