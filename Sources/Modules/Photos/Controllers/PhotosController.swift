import Fluent
import IGroupsCore
import SQLKit
import Vapor

/// `/g/:group/photos`: albums, their photos, uploading, arranging, comments and likes, and the files.
struct PhotosController: RouteCollection {
    static let albumsPerPage = 24
    static let photosPerPage = 60
    /// A second album with the same title by the same person within this time is the same form sent twice.
    static let doubleSubmitWindow: TimeInterval = 60
    /// The pictures libvips reads and we take, told by their bytes.
    static let acceptedTypes: Set<FileType> = [.jpeg, .png, .webp, .heic]

    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: albums)
        routes.get("new", use: showNewAlbum)
        routes.post("new", use: createAlbum)
        routes.get(":album", use: album)
        routes.get(":album", "edit", use: showEditAlbum)
        routes.post(":album", "edit", use: updateAlbum)
        routes.get(":album", "delete", use: showDeleteAlbum)
        routes.post(":album", "delete", use: deleteAlbum)
        routes.get(":album", "upload", use: showUpload)
        // Read as a stream: the files go to disk as they arrive, never whole into memory.
        routes.on(.POST, ":album", "upload", body: .stream, use: upload)
        routes.get(":album", "status", use: status)
        routes.get(":album", "arrange", use: showArrange)
        routes.post(":album", "arrange", use: arrange)
        routes.get(":album", "download", use: downloadAlbum)
        routes.get("p", ":photo", use: photo)
        routes.get("p", ":photo", "thumb", use: thumb)
        routes.get("p", ":photo", "display", use: display)
        routes.get("p", ":photo", "original", use: original)
        routes.get("p", ":photo", "edit", use: showEditPhoto)
        routes.post("p", ":photo", "edit", use: updatePhoto)
        routes.get("p", ":photo", "delete", use: showDeletePhoto)
        routes.post("p", ":photo", "delete", use: deletePhoto)
        routes.post("p", ":photo", "position", use: position)
        routes.post("p", ":photo", "cover", use: cover)
        routes.post("p", ":photo", "like", use: like)
        routes.post("p", ":photo", "comments", use: comment)
        routes.get("p", ":photo", "comments", ":comment", "edit", use: showEditComment)
        routes.post("p", ":photo", "comments", ":comment", "edit", use: updateComment)
        routes.get("p", ":photo", "comments", ":comment", "delete", use: showDeleteComment)
        routes.post("p", ":photo", "comments", ":comment", "delete", use: deleteComment)
    }

    // MARK: - Who may do what

    /// A member of the group with a verified address: comments and likes.
    static func mayTakePart(_ context: ModuleContext) -> Bool {
        context.group.isMember && context.group.viewer?.isVerified == true
    }

    /// Makes albums and uploads photos: admins, and members unless the group has said otherwise.
    static func mayUpload(_ context: ModuleContext) -> Bool {
        context.mayWrite
    }

    /// The album's creator (while a member) and the group's admins change, arrange and delete an album.
    static func mayChangeAlbum(creatorID: UUID?, _ context: ModuleContext) -> Bool {
        guard mayTakePart(context), let role = context.group.role else { return false }
        return role >= .admin || (creatorID != nil && creatorID == context.group.viewer?.id)
    }

    /// The uploader (while a member), the group's moderators and admins change and delete a photo.
    static func mayChangePhoto(uploaderID: UUID?, _ context: ModuleContext) -> Bool {
        guard mayTakePart(context), let role = context.group.role else { return false }
        return role >= .moderator || (uploaderID != nil && uploaderID == context.group.viewer?.id)
    }

    /// Moderators and admins delete anyone's comment.
    static func mayModerate(_ context: ModuleContext) -> Bool {
        guard mayTakePart(context), let role = context.group.role else { return false }
        return role >= .moderator
    }

    static func requireUploader(_ req: Request) throws -> ModuleContext {
        _ = try req.requireViewer()
        guard mayUpload(req.moduleContext) else { throw Abort(.forbidden, reason: "photos.error.may_not_upload") }
        return req.moduleContext
    }

    static func requireParticipant(_ req: Request) throws -> ModuleContext {
        _ = try req.requireViewer()
        guard mayTakePart(req.moduleContext) else { throw Abort(.forbidden, reason: "photos.error.members_only") }
        return req.moduleContext
    }

    static func requireAlbumChanger(_ req: Request, _ album: PhotoAlbum) throws {
        _ = try req.requireViewer()
        guard mayChangeAlbum(creatorID: album.$creator.id, req.moduleContext) else { throw Abort(.forbidden, reason: "photos.error.may_not_change_album") }
    }

    static func requirePhotoChanger(_ req: Request, _ photo: Photo) throws {
        _ = try req.requireViewer()
        guard mayChangePhoto(uploaderID: photo.$uploader.id, req.moduleContext) else { throw Abort(.forbidden, reason: "photos.error.may_not_change_photo") }
    }

    // MARK: - Finding things

    static func paths(_ req: Request) -> PhotoPaths {
        PhotoPaths(slug: req.moduleContext.group.group.slug)
    }

    static func groupID(_ req: Request) throws -> UUID {
        try req.moduleContext.group.group.requireID()
    }

    /// The album the address names, in this group.
    static func album(_ req: Request) async throws -> PhotoAlbum {
        guard let id = req.parameters.get("album", as: UUID.self),
              let album = try await PhotoAlbum.query(on: req.db).filter(\.$id == id).filter(\.$group.$id == groupID(req)).first()
        else { throw Abort(.notFound) }
        return album
    }

    /// The photo the address names, in this group; one still being processed exists for its uploader only.
    static func photo(_ req: Request) async throws -> Photo {
        guard let id = req.parameters.get("photo", as: UUID.self),
              let photo = try await Photo.query(on: req.db).filter(\.$id == id).filter(\.$group.$id == groupID(req)).first(),
              photo.status == .ready || (photo.$uploader.id != nil && photo.$uploader.id == req.moduleContext.group.viewer?.id)
        else { throw Abort(.notFound) }
        return photo
    }

    /// The next free place at the end of an album; call it holding the album's row lock.
    static func nextPosition(in albumID: UUID, on db: any Database) async throws -> Int {
        struct Row: Decodable { let last: Int? }
        let row = try await db.sql.raw("SELECT MAX(position) AS last FROM photos WHERE album_id = \(bind: albumID)").first(decoding: Row.self)
        return (row?.last ?? -1) + 1
    }
}
