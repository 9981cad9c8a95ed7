import Fluent
import IGroupsCore
import SQLKit
import Vapor

extension PhotosController {
    /// Likes a photo, or takes the like back.
    @Sendable func like(req: Request) async throws -> Response {
        let context = try Self.requireParticipant(req)
        let photo = try await Self.photo(req)
        guard photo.status == .ready else { throw Abort(.notFound) }
        let viewerID = try context.group.viewer!.requireID()
        let photoID = try photo.requireID()
        if let existing = try await PhotoLike.query(on: req.db).filter(\.$photo.$id == photoID).filter(\.$user.$id == viewerID).first() {
            try await existing.delete(on: req.db)
        } else {
            do {
                try await PhotoLike(photoID: photoID, userID: viewerID).create(on: req.db)
            } catch let error as any DatabaseError where error.isConstraintFailure {
                // Two clicks at once: one like is there, which is what was asked.
            }
        }
        return .seeOther(Self.paths(req).photo(photoID) + "#likes")
    }

    /// Adds a comment; the same form sent twice makes one comment.
    @Sendable func comment(req: Request) async throws -> Response {
        let context = try Self.requireParticipant(req)
        let photo = try await Self.photo(req)
        guard photo.status == .ready else { throw Abort(.notFound) }
        let photoID = try photo.requireID()
        let viewerID = try context.group.viewer!.requireID()
        let form = try req.content.decode(PhotoCommentForm.self)
        let (body, errors) = form.validate(t: req.t)
        guard errors.isEmpty else {
            return try await photoPage(req, id: photoID, commentErrors: errors, comment: form.body ?? "", status: .unprocessableEntity)
        }
        let token = form.token.flatMap(UUID.init(uuidString:))
        let since = Date().addingTimeInterval(-Self.doubleSubmitWindow)
        var twin = try await PhotoComment.query(on: req.db).filter(\.$photo.$id == photoID).filter(\.$author.$id == viewerID)
            .filter(\.$body == body).filter(\.$createdAt > since).first()
        if twin == nil, let token { twin = try await PhotoComment.find(token, on: req.db) }
        if twin == nil {
            let comment = PhotoComment()
            comment.id = token ?? UUID()
            comment.$photo.id = photoID
            comment.$author.id = viewerID
            comment.body = body
            comment.bodyHTML = Markdown.render(body)
            do {
                try await comment.create(on: req.db)
            } catch let error as any DatabaseError where error.isConstraintFailure {
                // The same form, sent twice at once: the other request saved it.
            }
        }
        return .seeOther(Self.paths(req).photo(photoID) + "#comments")
    }

    /// The comment the address names, on this photo.
    static func comment(_ req: Request, on photo: Photo) async throws -> PhotoComment {
        guard let id = req.parameters.get("comment", as: UUID.self),
              let comment = try await PhotoComment.query(on: req.db).filter(\.$id == id).filter(\.$photo.$id == photo.requireID()).first()
        else { throw Abort(.notFound) }
        return comment
    }

    /// Only the person who wrote a comment changes it.
    static func requireCommentAuthor(_ req: Request, _ comment: PhotoComment) throws {
        let context = try requireParticipant(req)
        guard comment.$author.id != nil, comment.$author.id == context.group.viewer?.id else { throw Abort(.forbidden, reason: "photos.error.may_not_change_comment") }
    }

    /// The person who wrote a comment, moderators and admins delete it.
    static func requireCommentRemover(_ req: Request, _ comment: PhotoComment) throws {
        let context = try requireParticipant(req)
        guard mayModerate(context) || (comment.$author.id != nil && comment.$author.id == context.group.viewer?.id) else {
            throw Abort(.forbidden, reason: "photos.error.may_not_change_comment")
        }
    }

    func commentFormPage(_ req: Request, photoID: UUID, commentID: UUID, body: String, errors: FormErrors, status: HTTPResponseStatus = .ok) -> Response {
        let paths = Self.paths(req)
        return CommentEdit(
            layout: req.layout(title: req.t("photos.edit_comment")), chrome: req.moduleContext.chrome("photos", t: req.t),
            action: paths.editComment(photoID, commentID), cancel: paths.photo(photoID) + "#comment-\(commentID.uuidString)", body: body, errors: errors
        ).response(status: status)
    }

    @Sendable func showEditComment(req: Request) async throws -> Response {
        let photo = try await Self.photo(req)
        let comment = try await Self.comment(req, on: photo)
        try Self.requireCommentAuthor(req, comment)
        return commentFormPage(req, photoID: try photo.requireID(), commentID: try comment.requireID(), body: comment.body, errors: FormErrors())
    }

    @Sendable func updateComment(req: Request) async throws -> Response {
        let photo = try await Self.photo(req)
        let comment = try await Self.comment(req, on: photo)
        try Self.requireCommentAuthor(req, comment)
        let form = try req.content.decode(PhotoCommentForm.self)
        let (body, errors) = form.validate(t: req.t)
        let photoID = try photo.requireID(), commentID = try comment.requireID()
        guard errors.isEmpty else { return commentFormPage(req, photoID: photoID, commentID: commentID, body: form.body ?? "", errors: errors, status: .unprocessableEntity) }
        if body != comment.body {
            comment.body = body
            comment.bodyHTML = Markdown.render(body)
            comment.editedAt = Date()
            try await comment.save(on: req.db)
        }
        return .seeOther(Self.paths(req).photo(photoID) + "#comment-\(commentID.uuidString)")
    }

    @Sendable func showDeleteComment(req: Request) async throws -> Response {
        let photo = try await Self.photo(req)
        let comment = try await Self.comment(req, on: photo)
        try Self.requireCommentRemover(req, comment)
        let paths = Self.paths(req)
        let photoID = try photo.requireID(), commentID = try comment.requireID()
        return ModuleConfirmPage(
            layout: req.layout(title: req.t("photos.delete_comment.title")), chrome: req.moduleContext.chrome("photos", t: req.t),
            lead: req.t("photos.delete_comment.lead"), action: paths.deleteComment(photoID, commentID), submit: req.t("photos.delete_comment"),
            cancel: paths.photo(photoID) + "#comment-\(commentID.uuidString)"
        ).response()
    }

    @Sendable func deleteComment(req: Request) async throws -> Response {
        let photo = try await Self.photo(req)
        let comment = try await Self.comment(req, on: photo)
        try Self.requireCommentRemover(req, comment)
        try await comment.delete(on: req.db)
        return .seeOther(Self.paths(req).photo(try photo.requireID()) + "?notice=photos_comment_deleted#comments")
    }
}
