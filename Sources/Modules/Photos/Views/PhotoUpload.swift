import IGroupsCore
import Vapor

/// Uploading photos to an album, several at once; `/js/app.js` shows how far the upload has come (the
/// form works without it). After a try, what was taken and each file that was not, by its name.
struct PhotoUpload: PageView {
    let layout: Layout.Model
    let chrome: GroupChrome
    let paths: PhotoPaths
    let albumID: UUID
    let outcome: PhotosController.UploadOutcome
    /// The largest file, and the group's storage left, in bytes.
    let maxFile: Int
    let spaceLeft: Int
    /// Whether this server can process pictures now.
    let available: Bool

    func content(_ h: inout HTML) {
        let t = layout.t
        let errors = outcome.errors
        chrome.write(t: t, into: &h)
        h.el("section", .class("card narrow")) { h in
            h.el("h1", text: layout.title)
            h.el("p", text: t("photos.upload.lead", ["max": UploadLimits.describe(maxFile), "left": UploadLimits.describe(spaceLeft)]))
            if !available { h.el("p", .class("notice notice-danger"), .attr("role", "alert"), text: t(MediaTools.MediaError.unavailable.messageKey)) }
            if outcome.taken > 0 {
                h.el("div", .class("notice notice-success"), .attr("role", "status")) { h in
                    h.text(t.plural("photos.upload.taken", outcome.taken) + " ")
                    h.el("a", .href(paths.album(albumID)), text: t("photos.upload.see_album"))
                }
            }
            if !outcome.refused.isEmpty {
                h.el("div", .class("error-summary"), .attr("role", "alert"), .attr("tabindex", "-1")) { h in
                    h.el("h2", text: t("photos.upload.refused"))
                    h.el("ul") { h in for message in outcome.refused { h.el("li", text: message) } }
                    h.el("p", text: outcome.taken > 0 ? t.plural("photos.upload.others_taken", outcome.taken) : t("photos.upload.none_taken"))
                }
            }
            Parts.errorSummary(errors, t: t, into: &h)
            Parts.uploadForm(
                action: paths.upload(albumID), csrf: layout.csrf, maxFile: maxFile, spaceLeft: spaceLeft, submit: t("photos.upload.submit"), submitDisabled: !available, t: t,
                into: &h
            ) { h in
                Parts.csrf(layout.csrf, into: &h)
                let error = errors["photos"]
                h.el("div", .class(error == nil ? "field" : "field field-invalid")) { h in
                    h.el("label", .for("field-photos"), text: t("photos.upload.field"))
                    h.el("p", .class("hint"), .id("field-photos-hint"), text: t("photos.upload.hint"))
                    if let error { h.el("p", .class("field-error"), .id("field-photos-error"), text: error) }
                    h.void(
                        "input", .type("file"), .id("field-photos"), .name("photos"), .flag("multiple"), .attr("accept", "image/*"), .flag("required"),
                        .aria("invalid", error == nil ? "false" : "true"), .aria("describedby", error == nil ? "field-photos-hint" : "field-photos-hint field-photos-error"))
                }
                Parts.field(FormField(name: "taken_by", label: t("photos.field.taken_by"), value: outcome.takenBy, hint: t("photos.field.taken_by_hint"), maxLength: PhotoForm.maxTakenBy), errors: errors, into: &h)
                Parts.field(FormField(name: "taken_on", label: t("photos.field.taken_on"), type: "date", value: outcome.takenOn, hint: t("photos.field.taken_on_hint")), errors: errors, into: &h)
            }
            h.el("p") { $0.el("a", .href(paths.album(albumID)), text: t("photos.back_to_album")) }
        }
    }
}

/// Making an album, or changing its title and description.
struct AlbumEdit: PageView {
    let layout: Layout.Model
    let chrome: GroupChrome
    let form: AlbumForm
    let action: String
    let submit: String
    let cancel: String
    let errors: FormErrors

    func content(_ h: inout HTML) {
        let t = layout.t
        chrome.write(t: t, into: &h)
        Parts.formCard(layout, errors: errors, action: action, submit: submit, into: &h) { h in
            if let token = form.token { h.void("input", .type("hidden"), .name("token"), .value(token)) }
            Parts.field(FormField(name: "title", label: t("photos.field.title"), value: form.title ?? "", required: true, maxLength: AlbumForm.maxTitle), errors: errors, into: &h)
            Parts.field(FormField(name: "description", label: t("photos.field.description"), type: "textarea", value: form.description ?? "", hint: t("photos.field.description_hint"), maxLength: AlbumForm.maxDescription, rows: 4), errors: errors, into: &h)
        } after: { h in
            h.el("p") { $0.el("a", .href(cancel), text: t("group.delete.cancel")) }
        }
    }
}

/// Changing a comment.
struct CommentEdit: PageView {
    let layout: Layout.Model
    let chrome: GroupChrome
    let action: String
    let cancel: String
    let body: String
    let errors: FormErrors

    func content(_ h: inout HTML) {
        let t = layout.t
        chrome.write(t: t, into: &h)
        Parts.formCard(layout, errors: errors, action: action, submit: t("photos.save"), into: &h) { h in
            Parts.field(FormField(name: "body", label: t("photos.comment_label"), type: "textarea", value: body, hint: t("profile.description_hint"), required: true, maxLength: PhotoCommentForm.maxBody, rows: 5), errors: errors, into: &h)
        } after: { h in
            h.el("p") { $0.el("a", .href(cancel), text: t("group.delete.cancel")) }
        }
    }
}

/// Changing a photo's caption, who took it and when, and the album it is in.
struct PhotoEdit: PageView {
    let layout: Layout.Model
    let chrome: GroupChrome
    let paths: PhotoPaths
    let photoID: UUID
    let form: PhotoForm
    let albums: [(id: UUID, title: String)]
    let errors: FormErrors

    func content(_ h: inout HTML) {
        let t = layout.t
        chrome.write(t: t, into: &h)
        Parts.formCard(layout, errors: errors, action: paths.editPhoto(photoID), submit: t("photos.save"), into: &h) { h in
            Parts.field(FormField(name: "caption", label: t("photos.field.caption"), type: "textarea", value: form.caption ?? "", maxLength: PhotoForm.maxCaption, rows: 3), errors: errors, into: &h)
            Parts.field(FormField(name: "taken_by", label: t("photos.field.taken_by"), value: form.takenBy ?? "", maxLength: PhotoForm.maxTakenBy), errors: errors, into: &h)
            Parts.field(FormField(name: "taken_on", label: t("photos.field.taken_on"), type: "date", value: form.takenOn ?? "", hint: t("photos.field.taken_on_hint")), errors: errors, into: &h)
            Parts.select(name: "album", label: t("photos.field.album"), options: albums.map { ($0.id.uuidString, $0.title) }, selected: form.album ?? "", errors: errors, into: &h)
            h.el("p", .class("hint"), text: t("photos.field.album_hint"))
        } after: { h in
            h.el("p") { $0.el("a", .href(paths.photo(photoID)), text: t("group.delete.cancel")) }
        }
    }
}
