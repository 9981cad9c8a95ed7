import Fluent
import Vapor

/// A person's picture: uploaded at `/me/avatar`, made 512 pixels at most, upright and without any
/// metadata (libvips in a child process), and shown at `/u/:username/avatar` to those its owner chose.
package struct AvatarController: RouteCollection {
    package init() {}

    /// The largest picture taken; it is made small at once, so it need not be large.
    static let maxBytes = 20 << 20
    /// The box the stored picture fits in: four times the largest size it is shown at.
    static let box = 512

    package func boot(routes: any RoutesBuilder) throws {
        routes.get("me", "avatar", use: show)
        routes.on(.POST, "me", "avatar", body: .stream, use: save)
        routes.get("me", "avatar", "delete", use: confirmDelete)
        routes.post("me", "avatar", "delete", use: delete)
        routes.get("u", ":username", "avatar", use: picture)
    }

    @Sendable func show(req: Request) async throws -> Response {
        let user = try req.requireViewer()
        return try await page(req, user: user, errors: FormErrors(), status: .ok)
    }

    func page(_ req: Request, user: User, errors: FormErrors, status: HTTPStatus) async throws -> Response {
        var upload: Upload?
        if let id = user.avatarID { upload = try await Upload.find(id, on: req.db) }
        return AvatarPage(
            layout: req.layout(title: req.t("avatar.title")), username: user.username, name: user.name,
            pictureURL: upload.map { "/u/\(user.username)/avatar?v=\($0.blob.prefix(16))" }, visibility: user.avatarVisibility,
            maxBytes: Self.maxBytes, available: req.application.mediaAvailability.images, errors: errors
        ).response(status: status)
    }

    /// Takes a new picture and who may see it; the old picture goes once the new one is stored.
    @Sendable func save(req: Request) async throws -> Response {
        let user = try req.requireViewer()
        let t = req.t
        var errors = FormErrors()
        let form: ReceivedForm
        do {
            form = try await req.receiveUpload(limits: UploadLimits(maxFileBytes: Self.maxBytes, maxTotalBytes: Self.maxBytes))
        } catch let error as UploadError {
            errors.add("avatar", error.message(req))
            return try await page(req, user: user, errors: errors, status: .unprocessableEntity)
        }
        defer { form.discard() }
        guard let visibility = Visibility(rawValue: form.field("avatar_visibility") ?? "") else {
            errors.add("avatar_visibility", t("profile.error.visibility"))
            return try await page(req, user: user, errors: errors, status: .unprocessableEntity)
        }
        let previous = user.avatarID
        if let file = form.files.first(where: { $0.field == "avatar" }) {
            do {
                user.avatarID = try await Self.store(file, for: user, app: req.application, db: req.db).requireID()
            } catch let error as MediaTools.MediaError {
                if error == .unavailable { req.logger.error("avatar not processed: libvips is missing") }
                errors.add("avatar", t(error.messageKey, ["name": file.name]))
                return try await page(req, user: user, errors: errors, status: .unprocessableEntity)
            }
        }
        user.avatarVisibility = visibility
        try await user.save(on: req.db)
        if let previous, previous != user.avatarID { try await Uploads.delete([previous], on: req.application, db: req.db) }
        return .seeOther("/me/avatar?notice=avatar_saved")
    }

    /// Makes the stored picture from an upload: only pictures, never more than 100 million pixels, shrunk,
    /// turned upright and stripped of every kind of metadata; the upload itself is never kept.
    static func store(_ file: ReceivedFile, for user: User, app: Application, db: any Database) async throws -> Upload {
        guard app.mediaAvailability.images else { throw MediaTools.MediaError.unavailable }
        guard file.type.isImage else { throw MediaTools.MediaError.notAnImage }
        _ = try await app.media.imageInfo(file.path)
        let output = file.path + ".avatar.jpg"
        defer { try? FileManager.default.removeItem(atPath: output) }
        let size = try await app.media.resize(file.path, box: box, output: output, format: .jpeg)
        var made = try await app.threadPool.runIfActive { try Uploads.receivedFile(at: output, name: "avatar.jpg") }
        made.field = file.field
        return try await Uploads.store(made, group: nil, user: user.requireID(), variant: nil, width: size.width, height: size.height, on: app, db: db)
    }

    @Sendable func confirmDelete(req: Request) async throws -> Response {
        let user = try req.requireViewer()
        guard user.avatarID != nil else { return .seeOther("/me/avatar") }
        return AvatarDeletePage(layout: req.layout(title: req.t("avatar.delete.title"))).response()
    }

    @Sendable func delete(req: Request) async throws -> Response {
        let user = try req.requireViewer()
        guard let previous = user.avatarID else { return .seeOther("/me/avatar") }
        user.avatarID = nil
        try await user.save(on: req.db)
        try await Uploads.delete([previous], on: req.application, db: req.db)
        return .seeOther("/me/avatar?notice=avatar_deleted")
    }

    /// The picture, to those its owner shows it to; 404 otherwise, so nobody learns there is one.
    @Sendable func picture(req: Request) async throws -> Response {
        let key = (req.parameters.get("username") ?? "").lowercased()
        guard let owner = try await User.query(on: req.db).filter(\.$usernameKey == key).first(), let id = owner.avatarID,
              try await ProfileAudience.of(viewer: req.viewer, owner: owner, on: req).may(see: owner.avatarVisibility),
              let upload = try await Upload.find(id, on: req.db)
        else { throw Abort(.notFound) }
        let current = req.query[String.self, at: "v"] == String(upload.blob.prefix(16))
        return try await req.download(upload, name: "\(owner.username).jpg", caching: current ? .immutable : .revalidate)
    }
}

/// `/me/avatar`: the picture, who sees it, a new one, or none.
struct AvatarPage: PageView {
    let layout: Layout.Model
    let username: String
    let name: String
    let pictureURL: String?
    let visibility: Visibility
    let maxBytes: Int
    let available: Bool
    let errors: FormErrors

    func content(_ h: inout HTML) {
        let t = layout.t
        Parts.pageTitle(layout.title, into: &h)
        Parts.errorSummary(errors, t: t, into: &h)
        h.el("section", .class("card narrow")) { h in
            h.el("div", .class("profile-header")) { h in
                if let pictureURL {
                    h.void("img", .src(pictureURL), .attr("alt", t("avatar.current", ["name": name])), .class("avatar-picture avatar-large"), .attr("width", "72"), .attr("height", "72"))
                } else {
                    Parts.avatar(name: name, size: "large", into: &h)
                    h.el("p", .class("muted"), text: t("avatar.none"))
                }
            }
            if !available { h.el("p", .class("notice notice-warning"), text: t("media.error.unavailable")) }
            h.el("form", .method("post"), .action("/me/avatar?_csrf=\(layout.csrf)"), .attr("enctype", "multipart/form-data")) { h in
                Parts.field(
                    FormField(name: "avatar", label: t("avatar.choose"), type: "file", value: "", hint: t("avatar.hint", ["max": UploadLimits.describe(maxBytes)]), accept: "image/jpeg,image/png,image/webp,image/heic"),
                    errors: errors, into: &h)
                Parts.select(
                    name: "avatar_visibility", label: t("profile.visible_to"),
                    options: Visibility.allCases.map { ($0.rawValue, t("visibility." + $0.rawValue)) }, selected: visibility.rawValue, errors: errors, into: &h)
                h.el("button", .type("submit"), .class("button button-primary"), text: t("avatar.save"))
            }
            h.el("p") { h in
                if pictureURL != nil {
                    h.el("a", .href("/me/avatar/delete"), text: t("avatar.delete"))
                    h.text(" · ")
                }
                h.el("a", .href("/me"), text: t("avatar.back"))
            }
        }
    }
}

/// Asks before the picture is deleted.
struct AvatarDeletePage: PageView {
    let layout: Layout.Model

    func content(_ h: inout HTML) {
        let t = layout.t
        h.el("section", .class("card narrow")) { h in
            h.el("h1", text: layout.title)
            h.el("p", text: t("avatar.delete.lead"))
            h.el("form", .method("post"), .action("/me/avatar/delete")) { h in
                Parts.csrf(layout.csrf, into: &h)
                h.el("button", .type("submit"), .class("button button-danger"), text: t("avatar.delete.submit"))
            }
            h.el("p") { $0.el("a", .href("/me/avatar"), text: t("avatar.back")) }
        }
    }
}
