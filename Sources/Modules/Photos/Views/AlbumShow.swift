import IGroupsCore
import Vapor

/// An album: its description and its photos as a grid of thumbnails, one page at a time. With script,
/// a thumbnail opens the lightbox (arrow keys, swipe, slideshow); without, the photo's own page.
struct AlbumShow: PageView {
    struct Album: Sendable {
        let id: UUID
        let title: String
        let description: String
        /// Who made it, for the group's members.
        let creator: String?
    }

    struct Tile: Sendable {
        let id: UUID
        let ready: Bool
        let caption: String
        let name: String
        let thumb: PhotoThumb?
        let displayURL: String?
    }

    let layout: Layout.Model
    let chrome: GroupChrome
    let paths: PhotoPaths
    let album: Album
    let tiles: [Tile]
    let pagination: Pagination
    /// What the viewer uploaded that could not be processed, one message each.
    let failures: [String]
    let mayUpload: Bool
    let mayChange: Bool

    func content(_ h: inout HTML) {
        let t = layout.t
        chrome.write(t: t, into: &h)
        PhotoParts.breadcrumbs([(t("photos.name"), paths.list)], t: t, into: &h)
        h.el("div", .class("page-title")) { h in
            h.el("h1", text: album.title)
            if mayUpload { h.el("a", .class("button button-primary"), .href(paths.upload(album.id)), text: t("photos.upload")) }
        }
        if !album.description.isEmpty {
            for paragraph in album.description.components(separatedBy: "\n\n") { h.el("p", .class("lead album-description"), text: paragraph) }
        }
        if let creator = album.creator { h.el("p", .class("muted small"), text: t("photos.album_by", ["name": creator])) }
        if !failures.isEmpty {
            h.el("div", .class("notice notice-danger"), .attr("role", "alert")) { h in
                h.el("p", text: t("photos.failed.lead"))
                h.el("ul") { h in for failure in failures { h.el("li", text: failure) } }
            }
        }
        let processing = tiles.filter { !$0.ready }
        if !processing.isEmpty {
            h.el("div", .class("notice notice-info photo-waiting"), .attr("role", "status")) { h in
                h.el("p", text: t.plural("photos.processing.count", processing.count))
                h.el("progress", .class("photo-progress"), .aria("label", t("photos.processing")), text: t("photos.processing"))
                h.el("p", .class("small")) { h in
                    h.text(t("photos.processing.refresh") + " ")
                    h.el("a", .href(paths.album(album.id, page: pagination.page)), text: t("photos.processing.refresh_link"))
                }
            }
        }
        actions(into: &h)
        guard !tiles.isEmpty else {
            Parts.emptyState(title: t("photos.album_empty.title"), text: t("photos.album_empty.text"), action: mayUpload ? (t("photos.upload"), paths.upload(album.id)) : nil, into: &h)
            return
        }
        // The lightbox's words come with the grid, in the reader's language.
        h.element("ul", [
            .class("photo-grid"), .aria("label", t("photos.grid", ["title": album.title])), .attr("data-status-url", paths.status(album.id)),
            .attr("data-label", t("photos.lightbox.label")), .attr("data-close", t("photos.lightbox.close")),
            .attr("data-previous", t("photos.previous")), .attr("data-next", t("photos.next")),
            .attr("data-play", t("photos.lightbox.play")), .attr("data-pause", t("photos.lightbox.pause")),
            .attr("data-open", t("photos.lightbox.open")), .attr("data-position", t("photos.position_of")),
        ]) { h in
            for tile in tiles { write(tile, into: &h) }
        }
        Parts.pagination(pagination, t: t, url: { paths.album(album.id, page: $0) }, into: &h)
        PhotoParts.script(into: &h)
    }

    private func actions(into h: inout HTML) {
        let t = layout.t
        h.el("div", .class("actions-row album-actions")) { h in
            if tiles.contains(where: \.ready) {
                // Shown by the script, which plays it.
                h.el("button", .type("button"), .class("button button-secondary"), .attr("data-slideshow", ""), .flag("hidden"), text: t("photos.slideshow"))
                h.el("a", .class("button button-secondary"), .href(paths.download(album.id)), .attr("download", ""), text: t("photos.download_album"))
            }
            if mayChange {
                h.el("a", .class("button button-secondary"), .href(paths.arrange(album.id)), text: t("photos.arrange"))
                h.el("a", .class("button button-secondary"), .href(paths.editAlbum(album.id)), text: t("photos.edit_album"))
                h.el("a", .class("button button-danger"), .href(paths.deleteAlbum(album.id)), text: t("photos.delete_album"))
            }
        }
    }

    private func write(_ tile: Tile, into h: inout HTML) {
        let t = layout.t
        let alt = tile.caption.isEmpty ? tile.name : tile.caption
        if tile.ready, let thumb = tile.thumb {
            h.el("li", .class("photo-tile")) { h in
                h.element("a", [.href(paths.photo(tile.id)), .class("photo-link"), .attr("data-display", tile.displayURL ?? thumb.url), .attr("data-caption", tile.caption)]) { h in
                    PhotoParts.image(thumb, alt: alt, into: &h)
                }
            }
        } else {
            h.el("li", .class("photo-tile photo-processing"), .attr("data-processing", tile.id.uuidString)) { h in
                h.el("a", .href(paths.photo(tile.id)), .class("photo-placeholder")) { h in
                    h.el("progress", .aria("label", t("photos.processing")), text: t("photos.processing"))
                    h.el("span", .class("small"), text: t("photos.processing"))
                    h.el("span", .class("small muted photo-name"), text: tile.name)
                }
            }
        }
    }
}
