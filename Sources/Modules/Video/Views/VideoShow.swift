import IGroupsCore
import Vapor

/// A video's page: the player (ours, or a provider's loaded only on a click), the description, comments.
struct VideoShow: PageView {
    struct Comment: Sendable {
        let id: UUID
        let bodyHTML: String
        let author: (name: String, username: String)?
        let at: Date
        let mayDelete: Bool
    }

    let layout: Layout.Model
    let chrome: GroupChrome
    let paths: VideoPaths
    let video: Video.Row
    /// A linked video's player was asked for (the play button, without script).
    let playing: Bool
    let comments: [Comment]
    let mayTakePart: Bool
    let mayChange: Bool

    func content(_ h: inout HTML) {
        let t = layout.t
        chrome.write(t: t, into: &h)
        h.el("article", .class("card video-page")) { h in
            h.el("h1", text: video.title)
            meta(into: &h)
            player(into: &h)
            if video.status != .failed, !video.description_html.isEmpty {
                h.el("div", .class("prose")) { $0.sanitized(SanitizedHTML(sanitizedByRenderer: video.description_html)) }
            }
            if mayChange {
                h.el("div", .class("actions-row")) { h in
                    if video.status != .failed { h.el("a", .class("button button-secondary"), .href(paths.edit(video.id)), text: t("video.edit")) }
                    h.el("a", .class("button button-danger"), .href(paths.delete(video.id)), text: t(video.status == .failed ? "video.failed.remove" : "video.delete"))
                }
            }
        }
        if video.status != .failed { commentSection(into: &h) }
        h.el("p") { $0.el("a", .href(paths.list), text: t("video.back")) }
        VideoParts.script(into: &h)
    }

    /// Who added it and when, its length, and where a linked video is.
    private func meta(into h: inout HTML) {
        let t = layout.t
        h.el("p", .class("muted")) { h in
            if let name = video.name, let username = video.username {
                h.el("a", .href("/u/" + username), text: name)
                h.text(" · ")
            }
            Parts.timestamp(video.created_at ?? Date(), t: t, into: &h)
            if let edited = video.edited_at {
                h.text(" · " + t("video.edited") + " ")
                Parts.timestamp(edited, t: t, into: &h)
            }
            if let duration = video.duration { h.text(" · " + t("video.length") + " " + VideoParts.duration(duration)) }
            if let link = video.link { h.text(" · " + t("video.at", ["provider": link.providerName])) }
        }
    }

    private func player(into h: inout HTML) {
        let t = layout.t
        if let link = video.link {
            linkedPlayer(link, into: &h)
            return
        }
        switch video.status {
        case .failed:
            h.el("div", .class("notice notice-danger"), .attr("role", "alert")) { h in
                h.el("p", text: t(video.failure ?? "video.failed.unreadable", ["title": video.title]))
                h.el("p", text: t("video.failed.removed"))
            }
        case .processing:
            // The page looks again every few seconds until the job is done.
            h.el("div", .class("video-frame video-waiting"), .id("player"), .attr("role", "status"), .attr("data-refresh", "5")) { h in
                h.el("p", text: t("video.preparing"))
            }
        case .ready, .waiting:
            guard let blob = video.file_blob else { return }
            let file = paths.file(video.id, blob: blob)
            h.el("div", .class("video-frame"), .id("player")) { h in
                var attributes: [Attr] = [.flag("controls"), .attr("preload", "metadata"), .flag("playsinline")]
                if let poster = video.poster_blob { attributes.append(.attr("poster", SafeURL.check(paths.poster(video.id, blob: poster)))) }
                attributes.append(.src(file))
                if let width = video.width, let height = video.height {
                    attributes += [.attr("width", String(width)), .attr("height", String(height))]
                }
                h.element("video", attributes) { h in
                    h.el("p") { h in
                        h.text(t("video.no_player") + " ")
                        h.el("a", .href(file), .attr("download", ""), text: t("video.download"))
                    }
                }
            }
            if video.status == .waiting { h.el("p", .class("notice notice-info"), text: t("video.waiting")) }
        }
    }

    /// Until the visitor clicks, only our placeholder and a word on what the click does; nothing from the
    /// provider is requested. With script the player is framed in place; without, the link asks for this
    /// page with the player.
    private func linkedPlayer(_ link: VideoLink, into h: inout HTML) {
        let t = layout.t
        let provider = ["provider": link.providerName]
        if playing {
            h.el("div", .class("video-frame video-embedded"), .id("player")) { h in
                h.element("iframe", [
                    .src(link.playerURL), .attr("title", video.title), .attr("allow", "autoplay; fullscreen; picture-in-picture; encrypted-media"),
                    .flag("allowfullscreen"), .attr("referrerpolicy", "strict-origin-when-cross-origin"),
                ]) { _ in }
            }
            return
        }
        h.element("div", [
            .class("video-frame video-consent"), .id("player"), .attr("data-player", link.playerURL), .attr("data-title", video.title),
        ]) { h in
            h.el("span", .class("video-play-mark"), .aria("hidden", "true"), text: "")
            h.el("div", .class("video-consent-text")) { h in
                h.el("p", text: t("video.consent", provider))
                h.el("a", .class("button button-primary video-play"), .href(paths.play(video.id)), text: t("video.play", provider))
                h.el("p") { h in
                    h.el("a", .href(link.pageURL), .attr("rel", "noopener noreferrer"), text: t("video.open_at", provider))
                }
            }
        }
    }

    private func commentSection(into h: inout HTML) {
        let t = layout.t
        h.el("section", .class("card"), .id("comments")) { h in
            h.el("h2", text: t.plural("video.comments", comments.count))
            if comments.isEmpty { h.el("p", .class("muted"), text: t("video.comments_none")) }
            h.el("ol", .class("comments")) { h in
                for comment in comments {
                    h.el("li", .class("comment"), .id("comment-\(comment.id.uuidString)")) { h in write(comment, into: &h) }
                }
            }
            if mayTakePart {
                h.el("form", .class("comment-form"), .method("post"), .action(paths.comments(video.id))) { h in
                    Parts.csrf(layout.csrf, into: &h)
                    h.void("input", .type("hidden"), .name("token"), .value(UUID().uuidString))
                    h.el("label", .for("comment-body"), text: t("video.comment_label"))
                    h.element("textarea", [.id("comment-body"), .name("body"), .attr("rows", "3"), .attr("maxlength", "5000"), .flag("required")]) { _ in }
                    h.el("button", .type("submit"), .class("button button-primary"), text: t("video.comment_submit"))
                }
            }
        }
    }

    private func write(_ comment: Comment, into h: inout HTML) {
        let t = layout.t
        h.el("p", .class("muted")) { h in
            if let author = comment.author {
                h.el("a", .href("/u/" + author.username), text: author.name)
            } else {
                h.text(t("video.deleted_person"))
            }
            h.text(" · ")
            Parts.timestamp(comment.at, t: t, into: &h)
        }
        h.el("div", .class("prose")) { $0.sanitized(SanitizedHTML(sanitizedByRenderer: comment.bodyHTML)) }
        if comment.mayDelete {
            // Asks once more before it goes, without script.
            h.el("details", .class("confirm-inline")) { h in
                h.el("summary", text: t("video.comment_delete"))
                h.el("form", .method("post"), .action(paths.deleteComment(video.id, comment: comment.id))) { h in
                    Parts.csrf(layout.csrf, into: &h)
                    h.el("span", text: t("video.comment_delete.lead") + " ")
                    h.el("button", .type("submit"), .class("button button-danger"), text: t("video.comment_delete.submit"))
                }
            }
        }
    }
}
