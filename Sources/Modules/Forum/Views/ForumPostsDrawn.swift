import Foundation
import IGroupsCore
import Vapor

/// A page of a thread's posts drawn once for every viewer: each post's HTML, with the places marked
/// where one viewer's parts go (the "new" mark, and the links to quote, edit, delete and report).
/// Kept by thread, page, language and group address while the thread's version stays the same.
struct ForumPostsDrawn: Sendable {
    /// A post as read from the database.
    struct Source: Sendable {
        /// The post's id as text, as in its addresses.
        let id: String
        let position: Int
        /// Nil for a deleted post, which keeps its number.
        let bodyHTML: String?
        let deletedBy: ForumPost.Deletion?
        /// The author's id as text; nil once they are erased.
        let authorID: String?
        let author: (name: String, username: String)?
        let at: Date
        let edited: Date?
    }

    /// A drawn post: what decides its viewer's parts, and where its pieces lie in `html`.
    struct Post: Sendable {
        let position: Int
        /// `post-<number>`, the anchor that addresses it.
        let anchor: String
        let authorID: String?
        let at: Date
        let deleted: Bool
        /// The head up to where the "new" mark goes, then the rest of it and the body.
        let head: Range<Int>, rest: Range<Int>
        /// The links, each written only for a viewer who may follow it.
        let quote: Range<Int>, edit: Range<Int>, delete: Range<Int>, report: Range<Int>
    }

    /// Who looks at the posts, and what that changes in them.
    struct Viewer: Sendable {
        /// The viewer's id as text, to know their own posts; nil for a visitor.
        var id: String?
        /// Verified members take part: they edit their own posts, delete and report.
        var takesPart: Bool
        var moderates: Bool
        /// Whether the page offers to reply (and so to quote).
        var mayReply: Bool
        var threadLocked: Bool
        /// For someone whose reading is tracked: the posts after this number written after `since` are new to them.
        var readUpTo: Int?
        var since: Date = .distantPast
    }

    /// The thread's version the posts were drawn from.
    let version: Int
    let html: HTML
    let posts: [Post]
    /// The word on the "new" mark, in the page's language.
    let newWord: String

    /// Roughly what keeping these posts costs, in bytes.
    var weight: Int { html.count + posts.count * 160 }

    /// The words every post repeats, translated once per page.
    struct Words {
        let deletedPerson, edited, deleted, deletedByModerator, quote, edit, delete, report: String
        /// "Link to post {number}" split around the number.
        let linkBefore: String, linkAfter: String

        init(_ t: Localizer) {
            deletedPerson = t("forum.deleted_person")
            edited = t("forum.edited")
            deleted = t("forum.post.deleted")
            deletedByModerator = t("forum.post.deleted_by_moderator")
            quote = t("forum.quote")
            edit = t("forum.post.edit")
            delete = t("forum.post.delete")
            report = t("forum.report")
            let label = t("forum.post_link", ["number": "\u{1}"]).split(separator: "\u{1}", maxSplits: 1, omittingEmptySubsequences: false)
            linkBefore = String(label.first ?? "")
            linkAfter = label.count > 1 ? String(label[1]) : ""
        }
    }

    /// Draws the parts of the posts that are the same for everyone.
    static func draw(_ sources: [Source], version: Int, base: String, here: String, t: Localizer) -> ForumPostsDrawn {
        let words = Words(t)
        var h = HTML(capacity: 1_024 * max(1, sources.count))
        var posts: [Post] = []
        posts.reserveCapacity(sources.count)
        for post in sources {
            let link = base + "/posts/" + post.id
            let number = String(post.position)
            let start = h.count
            var badge = start
            h.el("header", .class("forum-post-head")) { h in
                if let author = post.author, post.bodyHTML != nil {
                    Parts.avatar(name: author.name, into: &h)
                    h.el("a", .href("/u/", author.username), text: author.name)
                } else if post.bodyHTML != nil {
                    h.el("span", text: words.deletedPerson)
                }
                h.el("span", .class("muted")) { h in
                    h.text(" · ")
                    Parts.timestamp(post.at, t: t, into: &h)
                    if let edited = post.edited, post.bodyHTML != nil {
                        h.text(" · ")
                        h.el("a", .href(link, "/history"), text: words.edited)
                        h.text(" ")
                        Parts.timestamp(edited, t: t, into: &h)
                    }
                }
                badge = h.count
                h.el("a", .class("muted forum-post-number"), .href(here + "?page=" + String(ForumController.page(of: post.position)) + "#post-" + number),
                     .aria("label", words.linkBefore + number + words.linkAfter), text: "#" + number)
            }
            if let body = post.bodyHTML {
                h.el("div", .class("prose")) { $0.sanitized(SanitizedHTML(sanitizedByRenderer: body)) }
            } else {
                h.el("p", .class("muted"), text: post.deletedBy == .moderator ? words.deletedByModerator : words.deleted)
            }
            let bodyEnd = h.count
            // The links follow the post, each by itself; a deleted post has none.
            func piece(_ write: (inout HTML) -> Void) -> Range<Int> {
                let from = h.count
                if post.bodyHTML != nil { write(&h) }
                return from..<h.count
            }
            let quote = piece { $0.el("a", .href(here + "/reply?quote=", post.id), text: words.quote) }
            let edit = piece { $0.el("a", .href(link, "/edit"), text: words.edit) }
            let delete = piece { $0.el("a", .href(link, "/delete"), text: words.delete) }
            let report = piece { $0.el("a", .href(link, "/report"), text: words.report) }
            posts.append(Post(
                position: post.position, anchor: "post-" + number, authorID: post.authorID, at: post.at, deleted: post.bodyHTML == nil,
                head: start..<badge, rest: badge..<bodyEnd, quote: quote, edit: edit, delete: delete, report: report))
        }
        return ForumPostsDrawn(version: version, html: h, posts: posts, newWord: t("forum.new"))
    }

    /// Writes the posts as one viewer sees them: what is new to them, and the links they may follow.
    func write(for viewer: Viewer, into h: inout HTML) {
        for post in posts {
            let isNew = viewer.readUpTo.map { post.position > $0 && post.at > viewer.since } ?? false
            h.el("li", .class(isNew ? "card forum-post new" : "card forum-post"), .id(post.anchor)) { h in
                h.append(html, post.head)
                if isNew { h.text(" "); h.el("span", .class("badge badge-unread"), text: newWord) }
                h.append(html, post.rest)
                guard !post.deleted else { return }
                let mine = post.authorID != nil && post.authorID == viewer.id
                h.el("div", .class("actions-row small")) { h in
                    if viewer.mayReply { h.append(html, post.quote) }
                    if mine && viewer.takesPart && (!viewer.threadLocked || viewer.moderates) { h.append(html, post.edit) }
                    if viewer.takesPart && (mine || viewer.moderates) { h.append(html, post.delete) }
                    if viewer.takesPart && !mine { h.append(html, post.report) }
                }
            }
        }
    }
}

/// What a page of drawn posts was drawn for, besides the thread's version: the page, the language of its
/// words and the group's address in its links.
struct ForumPostsKey: Hashable, Sendable {
    let threadID: UUID
    let page: Int
    let language: Language
    let slug: String
}

extension Application {
    private struct ForumPostsStorageKey: StorageKey { typealias Value = KeptByKey<ForumPostsKey, ForumPostsDrawn> }

    /// The pages of posts this process drew, made as the module registers (until then nothing is kept).
    var forumPosts: KeptByKey<ForumPostsKey, ForumPostsDrawn> {
        get { storage[ForumPostsStorageKey.self] ?? KeptByKey(limit: 0) }
        set { storage[ForumPostsStorageKey.self] = newValue }
    }
}
