import IGroupsCore
import Vapor

/// Arranging an album without script: each photo moves a place earlier or later or to a numbered place,
/// and the photos ticked move to another album.
struct AlbumArrange: PageView {
    struct Item: Sendable {
        let id: UUID
        /// Its place in the album, counted from 1.
        let number: Int
        let name: String
        let caption: String
        let thumb: PhotoThumb?
    }

    let layout: Layout.Model
    let chrome: GroupChrome
    let paths: PhotoPaths
    let albumID: UUID
    let pagination: Pagination
    let photos: [Item]
    /// The group's other albums, where ticked photos may go.
    let albums: [(id: UUID, title: String)]

    func content(_ h: inout HTML) {
        let t = layout.t
        chrome.write(t: t, into: &h)
        PhotoParts.breadcrumbs([(t("photos.name"), paths.list)], t: t, into: &h)
        h.el("div", .class("page-title")) { h in
            h.el("h1", text: layout.title)
            h.el("a", .class("button button-secondary"), .href(paths.album(albumID, page: pagination.page)), text: t("photos.back_to_album"))
        }
        guard !photos.isEmpty else {
            Parts.emptyState(title: t("photos.album_empty.title"), text: t("photos.album_empty.text"), action: (t("photos.upload"), paths.upload(albumID)), into: &h)
            return
        }
        h.el("p", .class("lead"), text: t("photos.arrange.lead"))
        // One small form per photo for its place; the list's checkboxes belong to the form that moves photos away.
        for photo in photos {
            h.el("form", .id("place-\(photo.id.uuidString)"), .method("post"), .action(paths.position(photo.id))) { h in
                Parts.csrf(layout.csrf, into: &h)
                h.void("input", .type("hidden"), .name("back"), .value("arrange"))
                h.void("input", .type("hidden"), .name("page"), .value(String(pagination.page)))
            }
        }
        h.el("form", .id("move-photos"), .method("post"), .action(paths.arrange(albumID))) { h in
            Parts.csrf(layout.csrf, into: &h)
            h.void("input", .type("hidden"), .name("page"), .value(String(pagination.page)))
            h.el("ol", .class("card list arrange-list")) { h in
                for photo in photos { row(photo, into: &h) }
            }
            if albums.isEmpty {
                h.el("p", .class("muted"), text: t("photos.arrange.no_other_albums"))
            } else {
                h.el("div", .class("actions-row")) { h in
                    Parts.select(name: "target", label: t("photos.arrange.target"), options: albums.map { ($0.id.uuidString, $0.title) }, selected: "", errors: FormErrors(), into: &h)
                    h.el("button", .type("submit"), .class("button button-primary"), text: t("photos.arrange.move_selected"))
                }
            }
        }
        Parts.pagination(pagination, t: t, url: { paths.arrange(albumID) + "?page=\($0)" }, into: &h)
    }

    private func row(_ photo: Item, into h: inout HTML) {
        let t = layout.t
        let form = "place-\(photo.id.uuidString)"
        let label = photo.caption.isEmpty ? photo.name : photo.caption
        h.el("li", .class("arrange-row"), .id("photo-\(photo.id.uuidString)")) { h in
            h.el("span", .class("arrange-number"), text: t.number(photo.number))
            if let thumb = photo.thumb { PhotoParts.image(thumb, alt: "", into: &h) }
            h.el("span", .class("arrange-check")) { h in
                h.void("input", .type("checkbox"), .id("select-\(photo.id.uuidString)"), .name("selected"), .value(photo.id.uuidString))
                h.el("label", .for("select-\(photo.id.uuidString)"), text: label)
            }
            h.el("span", .class("arrange-buttons")) { h in
                h.el("button", .type("submit"), .attr("form", form), .name("direction"), .value("up"), .class("button button-secondary"),
                     .aria("label", t("photos.arrange.earlier_named", ["name": label])), text: "↑")
                h.el("button", .type("submit"), .attr("form", form), .name("direction"), .value("down"), .class("button button-secondary"),
                     .aria("label", t("photos.arrange.later_named", ["name": label])), text: "↓")
                h.el("label", .for("position-\(photo.id.uuidString)"), .class("visually-hidden"), text: t("photos.arrange.place_named", ["name": label]))
                h.void("input", .type("number"), .attr("form", form), .id("position-\(photo.id.uuidString)"), .name("position"), .attr("min", "1"), .value(String(photo.number)), .class("narrow-input"))
                h.el("button", .type("submit"), .attr("form", form), .class("button button-secondary"), text: t("photos.move"))
            }
        }
    }
}
