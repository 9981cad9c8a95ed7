import Fluent
import IGroupsCore
import SQLKit
import Vapor

extension PhotosController {
    // MARK: - Reading

    @Sendable func photo(req: Request) async throws -> Response {
        guard let id = req.parameters.get("photo", as: UUID.self) else { throw Abort(.notFound) }
        return try await photoPage(req, id: id)
    }

    /// A photo in its display size with its caption, who took it and when, its place in the album, who
    /// liked it and its comments; with `commentErrors`, a refused comment shown again as typed.
    func photoPage(_ req: Request, id: UUID, commentErrors: FormErrors = FormErrors(), comment: String = "", status: HTTPResponseStatus = .ok) async throws -> Response {
        let context = req.moduleContext
        let viewerID = context.group.viewer?.id
        guard let row = try await Photo.row(id, groupID: try Self.groupID(req), on: req.db),
              row.status == Photo.Status.ready.rawValue || (row.uploader_id != nil && row.uploader_id == viewerID)
        else { throw Abort(.notFound) }
        let ready = row.status == Photo.Status.ready.rawValue
        let place = ready ? try await Photo.place(of: id, albumID: row.album_id, position: row.position, on: req.db) : nil
        let comments = try await Photo.comments(of: id, on: req.db)
        let likes = try await Photo.likes(of: id, on: req.db)
        let paths = Self.paths(req)
        let insider = context.group.isMember || context.group.isOperator
        let mayTakePart = Self.mayTakePart(context)
        let mayModerate = Self.mayModerate(context)
        let model = PhotoShow(
            layout: req.layout(title: row.caption.isEmpty ? row.name : Excerpt.of(row.caption, limit: 80)), chrome: context.chrome("photos", t: req.t), paths: paths,
            photo: PhotoShow.Photo(
                id: id, albumID: row.album_id, albumTitle: row.album_title, ready: ready, name: row.name, caption: row.caption,
                takenBy: row.taken_by, takenOn: row.taken_on, uploader: insider ? row.uploader_name : nil, uploaded: row.created_at ?? Date(),
                display: row.display_blob.map { PhotoThumb(url: paths.display(id, blob: $0), width: row.display_width, height: row.display_height) },
                width: row.width, height: row.height, originalSize: row.original_size),
            place: place,
            comments: comments.map { c in
                PhotoShow.Comment(
                    id: c.id, bodyHTML: c.body_html, author: insider ? c.name : nil, at: c.created_at ?? Date(), edited: c.edited_at != nil,
                    mayEdit: mayTakePart && c.author_id != nil && c.author_id == viewerID,
                    mayDelete: mayTakePart && (mayModerate || (c.author_id != nil && c.author_id == viewerID)))
            },
            likedBy: insider ? likes.map(\.name) : nil, likeCount: likes.count, viewerLikes: likes.contains { $0.userID == viewerID },
            mayTakePart: mayTakePart && ready, mayChange: Self.mayChangePhoto(uploaderID: row.uploader_id, context),
            mayArrange: ready && Self.mayChangeAlbum(creatorID: row.album_creator_id, context),
            commentErrors: commentErrors, commentBody: comment, commentToken: UUID().uuidString
        )
        return model.response(status: status)
    }

    // MARK: - Changing a photo

    func photoFormPage(_ req: Request, photo: Photo, form: PhotoForm, errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let albums = try await PhotoAlbum.choices(groupID: Self.groupID(req), on: req.db)
        return PhotoEdit(
            layout: req.layout(title: req.t("photos.edit_photo")), chrome: req.moduleContext.chrome("photos", t: req.t), paths: Self.paths(req),
            photoID: try photo.requireID(), form: form, albums: albums, errors: errors
        ).response(status: status)
    }

    @Sendable func showEditPhoto(req: Request) async throws -> Response {
        let photo = try await Self.photo(req)
        try Self.requirePhotoChanger(req, photo)
        let form = PhotoForm(caption: photo.caption, takenBy: photo.takenBy, takenOn: photo.takenOn ?? "", album: photo.$album.id.uuidString)
        return try await photoFormPage(req, photo: photo, form: form, errors: FormErrors())
    }

    /// Saves the caption, who took the photo and when; another album moves it to that album's end.
    @Sendable func updatePhoto(req: Request) async throws -> Response {
        let photo = try await Self.photo(req)
        try Self.requirePhotoChanger(req, photo)
        let form = try req.content.decode(PhotoForm.self)
        let (values, formErrors) = form.validate(t: req.t)
        var errors = formErrors
        var target: PhotoAlbum?
        if let raw = form.album, let id = UUID(uuidString: raw), id != photo.$album.id {
            target = try await PhotoAlbum.query(on: req.db).filter(\.$id == id).filter(\.$group.$id == Self.groupID(req)).first()
            if target == nil { errors.add("album", req.t("photos.error.album_gone")) }
        }
        guard errors.isEmpty else { return try await photoFormPage(req, photo: photo, form: form, errors: errors, status: .unprocessableEntity) }
        let photoID = try photo.requireID()
        if let target {
            try await Self.move([photoID], to: target, on: req.db)
        }
        try await req.db.transaction { db in
            // Saved after the move, which gave the row its new album and place.
            guard let current = try await Photo.find(photoID, on: db) else { return }
            current.caption = values.caption
            current.takenBy = values.takenBy
            current.takenOn = values.takenOn
            try await current.save(on: db)
            if let document = try current.searchDocument() {
                try await SearchIndex.put(document, on: db)
            } else {
                try await SearchIndex.remove(module: "photos", item: photoID, on: db)
            }
        }
        return .seeOther(Self.paths(req).photo(photoID) + "?notice=photos_photo_saved")
    }

    @Sendable func showDeletePhoto(req: Request) async throws -> Response {
        let photo = try await Self.photo(req)
        try Self.requirePhotoChanger(req, photo)
        let paths = Self.paths(req)
        let id = try photo.requireID()
        return ModuleConfirmPage(
            layout: req.layout(title: req.t("photos.delete_photo.title", ["name": photo.name])), chrome: req.moduleContext.chrome("photos", t: req.t),
            lead: req.t("photos.delete_photo.lead"), action: paths.deletePhoto(id), submit: req.t("photos.delete_photo"), cancel: paths.photo(id)
        ).response()
    }

    /// Deletes a photo with its comments, likes and files.
    @Sendable func deletePhoto(req: Request) async throws -> Response {
        let photo = try await Self.photo(req)
        try Self.requirePhotoChanger(req, photo)
        let id = try photo.requireID()
        try await req.db.transaction { db in
            try await SearchIndex.remove(module: "photos", item: id, on: db)
            try await photo.delete(on: db)
        }
        // The picture as received, if it is still being processed, goes at once with its bytes.
        if photo.status == .processing {
            try await Uploads.purge([photo.$upload.id], on: req.application, db: req.db)
        } else {
            try await Uploads.delete([photo.$upload.id], on: req.application, db: req.db)
        }
        return .seeOther(Self.paths(req).album(photo.$album.id) + "?notice=photos_photo_deleted")
    }
}
