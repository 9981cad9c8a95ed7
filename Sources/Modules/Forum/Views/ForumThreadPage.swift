import IGroupsCore
import Vapor

/// 25 posts of a thread, the reply form and the moderators' tools. The posts come drawn for every
/// viewer (`ForumPostsDrawn`, kept while the thread stays the same); what this viewer sees differently
/// is added as they are written.
struct ForumThreadPage: PageView {
    struct Thread: Sendable {
        let id: UUID
        let title: String
        /// The board's id as text, as in its address.
        let boardID: String
        let boardName: String
        let pinned: Bool
        let locked: Bool
    }

    let layout: Layout.Model
    let chrome: GroupChrome
    let thread: Thread
    let posts: ForumPostsDrawn
    let viewer: ForumPostsDrawn.Viewer
    let pagination: Pagination
    let mayReply: Bool
    let moderates: Bool
    /// Nil for someone who does not take part.
    let watching: Bool?
    let replyToken: String?

    func content(_ h: inout HTML) {
        let t = layout.t
        let base = "/g/\(chrome.slug)/forum"
        let here = "\(base)/threads/\(thread.id.uuidString)"
        chrome.write(t: t, into: &h)
        h.el("nav", .class("breadcrumbs"), .aria("label", t("forum.breadcrumbs"))) { h in
            h.el("a", .href(base), text: t("forum.name"))
            h.text(" › ")
            h.el("a", .href(base + "/boards/", thread.boardID), text: thread.boardName)
        }
        h.el("div", .class("page-title")) { h in
            h.el("h1", text: thread.title)
            if let watching {
                h.el("form", .method("post"), .action(here + "/watch")) { h in
                    Parts.csrf(layout.csrf, into: &h)
                    h.el("button", .type("submit"), .class("button button-secondary"), .aria("pressed", watching ? "true" : "false"), text: t(watching ? "forum.unwatch" : "forum.watch"))
                }
            }
        }
        h.el("p", .class("muted")) { h in
            if thread.pinned { h.el("span", .class("badge"), text: t("forum.pinned")); h.text(" ") }
            if thread.locked { h.el("span", .class("badge"), text: t("forum.locked")); h.text(" " + t("forum.locked_note")) }
        }
        if moderates {
            h.el("div", .class("actions-row moderation")) { h in
                for (action, label) in [("pin", thread.pinned ? "forum.unpin" : "forum.pin"), ("lock", thread.locked ? "forum.unlock" : "forum.lock")] {
                    h.el("form", .method("post"), .action("\(here)/\(action)")) { h in
                        Parts.csrf(layout.csrf, into: &h)
                        h.el("button", .type("submit"), .class("button button-secondary"), text: t(label))
                    }
                }
                h.el("a", .class("button button-secondary"), .href(here + "/move"), text: t("forum.move"))
                h.el("a", .class("button button-danger"), .href(here + "/delete"), text: t("forum.thread.delete"))
            }
        }
        Parts.pagination(pagination, t: t, url: { "\(here)?page=\($0)" }, into: &h)
        h.el("ol", .class("forum-posts"), .attr("start", String(pagination.offset + 1))) { h in
            posts.write(for: viewer, into: &h)
        }
        Parts.pagination(pagination, t: t, url: { "\(here)?page=\($0)" }, into: &h)
        if mayReply, let replyToken, pagination.page == pagination.pageCount {
            h.el("form", .class("card comment-form"), .id("reply"), .method("post"), .action(here + "/reply")) { h in
                Parts.csrf(layout.csrf, into: &h)
                h.void("input", .type("hidden"), .name("token"), .value(replyToken))
                h.el("label", .for("reply-body"), text: t("forum.reply.label"))
                h.element("textarea", [.id("reply-body"), .name("body"), .attr("rows", "6"), .attr("maxlength", "100000"), .flag("required"), .aria("describedby", "reply-hint")]) { _ in }
                h.el("p", .class("hint"), .id("reply-hint"), text: t("forum.reply.hint"))
                h.el("button", .type("submit"), .class("button button-primary"), text: t("forum.reply.submit"))
            }
        } else if mayReply {
            h.el("p") { $0.el("a", .class("button button-primary"), .href(here + "/reply"), text: t("forum.reply.submit")) }
        } else if thread.locked {
            h.el("p", .class("notice notice-info"), text: t("forum.locked_note"))
        }
    }
}
