import IGroupsCore
import Vapor

/// A stored picture's address and size, for an `img` that keeps its place while it loads.
struct PhotoThumb: Sendable {
    let url: String
    let width: Int?
    let height: Int?
}

/// Small parts the photo pages share.
enum PhotoParts {
    /// A thumbnail, sized and loaded only when it comes near the screen.
    static func image(_ thumb: PhotoThumb, alt: String, lazy: Bool = true, into h: inout HTML) {
        h.voidElement("img", [
            .src(thumb.url), .attr("alt", alt),
            thumb.width.map { .attr("width", String($0)) } ?? .flag("", false),
            thumb.height.map { .attr("height", String($0)) } ?? .flag("", false),
            lazy ? .attr("loading", "lazy") : .flag("", false),
            .attr("decoding", "async"),
        ])
    }

    /// The breadcrumbs above a page of the module.
    static func breadcrumbs(_ links: [(String, String)], t: Localizer, into h: inout HTML) {
        h.el("nav", .class("breadcrumbs"), .aria("label", t("photos.breadcrumbs"))) { h in
            for (index, link) in links.enumerated() {
                if index > 0 { h.text(" › ") }
                h.el("a", .href(link.1), text: link.0)
            }
        }
    }

    /// The page's script: the lightbox, the slideshow, upload progress and waiting for processing.
    static func script(into h: inout HTML) {
        h.el("script", .src("/js/photos.js"), .flag("defer")) { _ in }
    }
}

/// A group's albums, newest first, each with its cover and number of photos.
struct AlbumList: PageView {
    struct Album: Sendable {
        let id: UUID
        let title: String
        let photos: Int
        let cover: PhotoThumb?
    }

    let layout: Layout.Model
    let chrome: GroupChrome
    let paths: PhotoPaths
    let albums: [Album]
    let pagination: Pagination
    let mayCreate: Bool

    func content(_ h: inout HTML) {
        let t = layout.t
        chrome.write(t: t, into: &h)
        h.el("div", .class("page-title")) { h in
            h.el("h1", text: layout.title)
            if mayCreate { h.el("a", .class("button button-primary"), .href(paths.newAlbum), text: t("photos.new_album")) }
        }
        guard !albums.isEmpty else {
            Parts.emptyState(title: t("photos.empty.title"), text: t("photos.empty.text"), action: mayCreate ? (t("photos.new_album"), paths.newAlbum) : nil, into: &h)
            return
        }
        h.el("ul", .class("album-grid")) { h in
            for album in albums {
                h.el("li", .class("album-card card")) { h in
                    h.el("a", .href(paths.album(album.id))) { h in
                        if let cover = album.cover {
                            PhotoParts.image(cover, alt: "", into: &h)
                        } else {
                            h.el("span", .class("album-cover-empty"), .aria("hidden", "true"), text: "")
                        }
                        h.el("span", .class("album-title"), text: album.title)
                    }
                    h.el("p", .class("muted small"), text: t.plural("photos.count", album.photos))
                }
            }
        }
        Parts.pagination(pagination, t: t, url: { "\(paths.list)?page=\($0)" }, into: &h)
    }
}
