import Fluent
import IGroupsCore
import SQLKit
import Vapor

/// `/g/:group/video`: the group's videos, a video's page with its player and comments, uploading and
/// linking videos, and changing and deleting them.
struct VideoController: RouteCollection {
    static let perPage = 12

    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: list)
        routes.get("new", use: showUpload)
        routes.on(.POST, "new", body: .stream, use: upload)
        routes.get("link", use: showLink)
        routes.post("link", use: createLink)
        routes.get(":video", use: show)
        routes.get(":video", "file", use: file)
        routes.get(":video", "poster", use: poster)
        routes.get(":video", "edit", use: showEdit)
        routes.post(":video", "edit", use: update)
        routes.get(":video", "delete", use: showDelete)
        routes.post(":video", "delete", use: delete)
        routes.post(":video", "comments", use: comment)
        routes.post(":video", "comments", ":comment", "delete", use: deleteComment)
    }

    // MARK: - Who may do what

    /// Whoever added a video (while a member), the group's moderators and admins change and delete it.
    static func mayChange(authorID: UUID?, context: ModuleContext) -> Bool {
        guard let viewer = context.group.viewer, viewer.isVerified, let role = context.group.role else { return false }
        return role >= .moderator || (authorID != nil && authorID == viewer.id)
    }

    /// Members with a verified address comment.
    static func mayTakePart(_ context: ModuleContext) -> Bool {
        context.group.isMember && context.group.viewer?.isVerified == true
    }

    static func requireAdder(_ req: Request) throws -> ModuleContext {
        _ = try req.requireViewer()
        guard req.moduleContext.mayWrite else { throw Abort(.forbidden, reason: "video.error.may_not_add") }
        return req.moduleContext
    }

    static func requireChanger(_ req: Request, _ video: Video) throws {
        _ = try req.requireViewer()
        guard mayChange(authorID: video.$author.id, context: req.moduleContext) else { throw Abort(.forbidden, reason: "video.error.may_not_change") }
    }

    static func requireParticipant(_ req: Request) throws -> ModuleContext {
        _ = try req.requireViewer()
        guard mayTakePart(req.moduleContext) else { throw Abort(.forbidden, reason: "video.error.members_only") }
        return req.moduleContext
    }

    /// The video the address names, in this group; one that could not be used exists only for those who may delete it.
    static func video(_ req: Request) async throws -> Video {
        guard let id = req.parameters.get("video", as: UUID.self),
              let video = try await Video.query(on: req.db).filter(\.$id == id).filter(\.$group.$id == req.moduleContext.group.group.requireID()).first(),
              video.status != .failed || mayChange(authorID: video.$author.id, context: req.moduleContext)
        else { throw Abort(.notFound) }
        return video
    }

    static func paths(_ req: Request) -> VideoPaths {
        VideoPaths(slug: req.moduleContext.group.group.slug)
    }

    static func groupID(_ req: Request) throws -> UUID {
        try req.moduleContext.group.group.requireID()
    }

    // MARK: - Reading

    /// The group's videos, newest first, twelve a page; above them, for the person who uploaded them, the
    /// files that could not be used.
    @Sendable func list(req: Request) async throws -> Response {
        let context = req.moduleContext
        let groupID = try Self.groupID(req)
        let (pagination, rows) = try await Video.page(groupID: groupID, page: Pagination.requestedPage(req), perPage: Self.perPage, on: req.db)
        let comments = try await VideoComment.counts(videos: rows.map(\.id), on: req.db)
        var failures: [Video.Row] = []
        if let viewerID = context.group.viewer?.id, context.group.isMember {
            failures = try await Video.failures(groupID: groupID, authorID: viewerID, on: req.db)
        }
        return VideoList(
            layout: req.layout(title: req.t("video.name")), chrome: context.chrome("video", t: req.t), paths: Self.paths(req),
            videos: rows.map { VideoList.Item(row: $0, comments: comments[$0.id] ?? 0) }, failures: failures.map { ($0.id, $0.title) },
            pagination: pagination, mayAdd: context.mayWrite
        ).response()
    }

    /// A video with its player, description and comments. A linked video's player is framed only after the
    /// visitor clicks (with script in place; without, `?play=1` shows it): this page alone may frame that provider.
    @Sendable func show(req: Request) async throws -> Response {
        let context = req.moduleContext
        let video = try await Self.video(req)
        let videoID = try video.requireID()
        guard let row = try await Video.row(videoID, groupID: Self.groupID(req), on: req.db) else { throw Abort(.notFound) }
        let viewerID = context.group.viewer?.id
        let mayTakePart = Self.mayTakePart(context)
        let moderates = (context.group.role ?? .member) >= .moderator
        let comments = try await VideoComment.rows(videoID: videoID, on: req.db).map { comment in
            VideoShow.Comment(
                id: comment.id, bodyHTML: comment.body_html, author: comment.name.map { ($0, comment.username ?? "") }, at: comment.created_at ?? Date(),
                mayDelete: mayTakePart && (moderates || (comment.author_id != nil && comment.author_id == viewerID)))
        }
        let response = VideoShow(
            layout: req.layout(title: row.title), chrome: context.chrome("video", t: req.t), paths: Self.paths(req), video: row,
            playing: req.query[String.self, at: "play"] == "1", comments: comments, mayTakePart: mayTakePart,
            mayChange: Self.mayChange(authorID: row.author_id, context: context)
        ).response()
        if let link = row.link { response.frameSources = [link.frameSource] }
        return response
    }

    /// The uploaded file, with ranges for the player; kept by the browser while its address names its bytes.
    @Sendable func file(req: Request) async throws -> Response {
        let video = try await Self.video(req)
        guard video.status != .failed, let uploadID = video.$upload.id, let upload = try await Upload.find(uploadID, on: req.db) else { throw Abort(.notFound) }
        let current = req.query[String.self, at: "v"] == String(upload.blob.prefix(16))
        return try await req.download(upload, caching: current ? .immutable : .revalidate)
    }

    /// The poster the server made of the file.
    @Sendable func poster(req: Request) async throws -> Response {
        let video = try await Self.video(req)
        guard video.status != .failed, let posterID = video.$poster.id, let poster = try await Upload.find(posterID, on: req.db) else { throw Abort(.notFound) }
        let current = req.query[String.self, at: "v"] == String(poster.blob.prefix(16))
        return try await req.download(poster, name: "poster.jpg", caching: current ? .immutable : .revalidate)
    }
}
