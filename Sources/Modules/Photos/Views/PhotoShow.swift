import IGroupsCore
import Vapor

/// One photo in its display size: caption, who took it and when, its place in the album with the photos
/// before and after it (arrow keys too, with script), the original to download, likes and comments.
struct PhotoShow: PageView {
    struct Photo: Sendable {
        let id: UUID
        let albumID: UUID
        let albumTitle: String
        let ready: Bool
        let name: String
        let caption: String
        let takenBy: String
        let takenOn: String?
        /// Who uploaded it, for the group's members.
        let uploader: String?
        let uploaded: Date
        let display: PhotoThumb?
        let width: Int?
        let height: Int?
        let originalSize: Int?
    }

    struct Comment: Sendable {
        let id: UUID
        let bodyHTML: String
        /// The writer's name, for the group's members; nil for others and for an erased profile.
        let author: String?
        let at: Date
        let edited: Bool
        let mayEdit: Bool
        let mayDelete: Bool
    }

    let layout: Layout.Model
    let chrome: GroupChrome
    let paths: PhotoPaths
    let photo: Photo
    let place: IGroupsPhotos.Photo.Place?
    let comments: [Comment]
    let likedBy: [String]?
    let likeCount: Int
    let viewerLikes: Bool
    let mayTakePart: Bool
    let mayChange: Bool
    let mayArrange: Bool
    let commentErrors: FormErrors
    let commentBody: String
    let commentToken: String

    func content(_ h: inout HTML) {
        let t = layout.t
        chrome.write(t: t, into: &h)
        PhotoParts.breadcrumbs([(t("photos.name"), paths.list), (photo.albumTitle, paths.album(photo.albumID))], t: t, into: &h)
        h.el("article", .class("card photo-page")) { h in
            h.el("figure", .class("photo-figure")) { h in
                if let display = photo.display {
                    PhotoParts.image(display, alt: photo.caption.isEmpty ? photo.name : photo.caption, lazy: false, into: &h)
                } else {
                    h.el("div", .class("photo-placeholder"), .attr("role", "status")) { h in
                        h.el("progress", .aria("label", t("photos.processing")), text: t("photos.processing"))
                        h.el("p", text: t("photos.processing.one"))
                    }
                }
                if !photo.caption.isEmpty { h.el("figcaption", text: photo.caption) }
            }
            if let place { navigation(place, into: &h) }
            facts(into: &h)
            actions(into: &h)
        }
        if photo.ready {
            likes(into: &h)
            commentSection(into: &h)
        }
        PhotoParts.script(into: &h)
    }

    private func navigation(_ place: IGroupsPhotos.Photo.Place, into h: inout HTML) {
        let t = layout.t
        h.el("nav", .class("photo-nav"), .aria("label", t("photos.nav"))) { h in
            if let previous = place.previous {
                h.el("a", .href(paths.photo(previous)), .attr("rel", "prev"), text: t("photos.previous"))
            } else {
                h.el("span", text: "")
            }
            h.el("span", .class("muted"), text: t("photos.position_of", ["index": t.number(place.index), "total": t.number(place.total)]))
            if let next = place.next {
                h.el("a", .href(paths.photo(next)), .attr("rel", "next"), text: t("photos.next"))
            } else {
                h.el("span", text: "")
            }
        }
    }

    private func facts(into h: inout HTML) {
        let t = layout.t
        h.el("dl", .class("facts")) { h in
            if !photo.takenBy.isEmpty {
                h.el("dt", text: t("photos.field.taken_by"))
                h.el("dd", text: photo.takenBy)
            }
            if let takenOn = photo.takenOn {
                h.el("dt", text: t("photos.field.taken_on"))
                h.el("dd") { h in h.el("time", .attr("datetime", takenOn), text: Self.day(takenOn, t: t)) }
            }
            if let uploader = photo.uploader {
                h.el("dt", text: t("photos.uploaded_by"))
                h.el("dd", text: uploader)
            }
            h.el("dt", text: t("photos.uploaded"))
            h.el("dd") { Parts.timestamp(photo.uploaded, t: t, into: &$0) }
            if let width = photo.width, let height = photo.height {
                h.el("dt", text: t("photos.size"))
                h.el("dd", text: t("photos.pixels", ["width": t.number(width), "height": t.number(height)])
                    + (photo.originalSize.map { " · " + UploadLimits.describe($0) } ?? ""))
            }
        }
    }

    /// A day written out in the reader's language; the text as stored when it is not a day.
    static func day(_ text: String, t: Localizer) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])) else { return text }
        return t.date(date, timeZone: calendar.timeZone)
    }

    private func actions(into h: inout HTML) {
        let t = layout.t
        h.el("div", .class("actions-row")) { h in
            if photo.ready {
                h.el("a", .class("button button-secondary"), .href(paths.original(photo.id)), .attr("download", ""), text: t("photos.download_original"))
            }
            if mayChange {
                h.el("a", .class("button button-secondary"), .href(paths.editPhoto(photo.id)), text: t("photos.edit_photo"))
                h.el("a", .class("button button-danger"), .href(paths.deletePhoto(photo.id)), text: t("photos.delete_photo"))
            }
        }
        guard mayArrange, let place else { return }
        h.el("div", .class("actions-row photo-arrange")) { h in
            h.el("form", .method("post"), .action(paths.cover(photo.id))) { h in
                Parts.csrf(layout.csrf, into: &h)
                h.el("button", .type("submit"), .class("button button-secondary"), text: t("photos.make_cover"))
            }
            if place.previous != nil { positionButton("up", label: t("photos.move_earlier"), into: &h) }
            if place.next != nil { positionButton("down", label: t("photos.move_later"), into: &h) }
            h.el("form", .class("inline-form"), .method("post"), .action(paths.position(photo.id))) { h in
                Parts.csrf(layout.csrf, into: &h)
                h.el("label", .for("field-position"), text: t("photos.move_to"))
                h.void("input", .type("number"), .id("field-position"), .name("position"), .attr("min", "1"), .attr("max", String(place.total)), .value(String(place.index)), .class("narrow-input"))
                h.el("button", .type("submit"), .class("button button-secondary"), text: t("photos.move"))
            }
        }
    }

    private func positionButton(_ direction: String, label: String, into h: inout HTML) {
        h.el("form", .method("post"), .action(paths.position(photo.id))) { h in
            Parts.csrf(layout.csrf, into: &h)
            h.void("input", .type("hidden"), .name("direction"), .value(direction))
            h.el("button", .type("submit"), .class("button button-secondary"), text: label)
        }
    }

    private func likes(into h: inout HTML) {
        let t = layout.t
        h.el("div", .class("actions-row photo-likes"), .id("likes")) { h in
            if mayTakePart {
                h.el("form", .method("post"), .action(paths.like(photo.id))) { h in
                    Parts.csrf(layout.csrf, into: &h)
                    h.el("button", .type("submit"), .class("button button-secondary"), .aria("pressed", viewerLikes ? "true" : "false"), text: t(viewerLikes ? "photos.unlike" : "photos.like"))
                }
            }
            if let likedBy, !likedBy.isEmpty {
                h.el("details", .class("liked-by")) { h in
                    h.el("summary", text: t.plural("photos.likes", likedBy.count))
                    h.el("p", text: likedBy.joined(separator: ", "))
                }
            } else {
                h.el("span", .class("muted"), text: t.plural("photos.likes", likeCount))
            }
        }
    }

    private func commentSection(into h: inout HTML) {
        let t = layout.t
        h.el("section", .class("card"), .id("comments")) { h in
            h.el("h2", text: t.plural("photos.comments", comments.count))
            if comments.isEmpty { h.el("p", .class("muted"), text: t("photos.comments_none")) }
            h.el("ol", .class("comments")) { h in
                for comment in comments {
                    h.el("li", .class("comment"), .id("comment-\(comment.id.uuidString)")) { h in
                        h.el("p", .class("muted")) { h in
                            h.text((comment.author ?? t("photos.someone")) + " · ")
                            Parts.timestamp(comment.at, t: t, into: &h)
                            if comment.edited { h.text(" · " + t("photos.edited")) }
                        }
                        h.el("div", .class("prose")) { $0.sanitized(SanitizedHTML(sanitizedByRenderer: comment.bodyHTML)) }
                        if comment.mayEdit || comment.mayDelete {
                            h.el("p", .class("actions-row small")) { h in
                                if comment.mayEdit { h.el("a", .href(paths.editComment(photo.id, comment.id)), text: t("photos.edit_comment")) }
                                if comment.mayDelete { h.el("a", .href(paths.deleteComment(photo.id, comment.id)), text: t("photos.delete_comment")) }
                            }
                        }
                    }
                }
            }
            if mayTakePart {
                Parts.errorSummary(commentErrors, t: t, into: &h)
                h.el("form", .class("comment-form"), .method("post"), .action(paths.comments(photo.id))) { h in
                    Parts.csrf(layout.csrf, into: &h)
                    h.void("input", .type("hidden"), .name("token"), .value(commentToken))
                    Parts.field(FormField(name: "body", label: t("photos.comment_label"), type: "textarea", value: commentBody, required: true, maxLength: PhotoCommentForm.maxBody, rows: 3), errors: commentErrors, into: &h)
                    h.el("button", .type("submit"), .class("button button-primary"), text: t("photos.comment_submit"))
                }
            }
        }
    }
}
