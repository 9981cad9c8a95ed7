import IGroupsCore
import Vapor

/// The group's videos, newest first: poster, length, title, who and when.
struct VideoList: PageView {
    struct Item: Sendable {
        let id: UUID
        let title: String
        let author: (name: String, username: String)?
        let created: Date
        let duration: Double?
        let posterBlob: String?
        let posterSize: (width: Int, height: Int)?
        /// The provider of a linked video.
        let provider: String?
        let preparing: Bool
        let comments: Int
        var posterURL: String?

        init(row: Video.Row, comments: Int) {
            id = row.id
            title = row.title
            author = row.name.map { ($0, row.username ?? "") }
            created = row.created_at ?? Date()
            duration = row.duration
            posterBlob = row.poster_blob
            posterSize = row.poster_width.flatMap { width in row.poster_height.map { (width: width, height: $0) } }
            provider = row.link?.providerName
            preparing = row.status == .processing
            self.comments = comments
        }
    }

    let layout: Layout.Model
    let chrome: GroupChrome
    let paths: VideoPaths
    let videos: [Item]
    /// The viewer's own uploads that could not be used.
    let failures: [(id: UUID, title: String)]
    let pagination: Pagination
    let mayAdd: Bool

    func content(_ h: inout HTML) {
        let t = layout.t
        chrome.write(t: t, into: &h)
        h.el("div", .class("page-title")) { h in
            h.el("h1", text: layout.title)
            if mayAdd {
                h.el("div", .class("actions-row")) { h in
                    h.el("a", .class("button button-secondary"), .href(paths.link), text: t("video.link"))
                    h.el("a", .class("button button-primary"), .href(paths.upload), text: t("video.upload"))
                }
            }
        }
        if !failures.isEmpty {
            h.el("div", .class("notice notice-danger"), .attr("role", "alert")) { h in
                h.el("p", text: t("video.failures"))
                h.el("ul") { h in
                    for failure in failures {
                        h.el("li") { h in
                            h.el("a", .href(paths.video(failure.id)), text: failure.title)
                        }
                    }
                }
            }
        }
        guard !videos.isEmpty else {
            Parts.emptyState(title: t("video.empty.title"), text: t("video.empty.text"), action: mayAdd ? (t("video.upload"), paths.upload) : nil, into: &h)
            return
        }
        h.el("ul", .class("video-grid")) { h in
            for video in videos { write(video, into: &h) }
        }
        Parts.pagination(pagination, t: t, url: { "\(paths.list)?page=\($0)" }, into: &h)
    }

    private func write(_ video: Item, into h: inout HTML) {
        let t = layout.t
        let href = paths.video(video.id)
        var item = video
        item.posterURL = video.posterBlob.map { paths.poster(video.id, blob: $0) }
        h.el("li", .class("card video-card")) { h in
            VideoParts.thumbnail(item, href: href, t: t, into: &h)
            h.el("h2") { $0.el("a", .href(href), text: video.title) }
            h.el("p", .class("muted")) { h in
                if video.preparing { h.el("span", .class("badge"), text: t("video.preparing_badge")) }
                if let author = video.author {
                    h.el("a", .href("/u/" + author.username), text: author.name)
                    h.text(" · ")
                }
                Parts.timestamp(video.created, t: t, into: &h)
                if video.comments > 0 { h.text(" · " + t.plural("video.comments", video.comments)) }
            }
        }
    }
}
