import IGroupsCore
import Vapor

/// The news of a group: pinned posts first, then the newest, ten a page.
struct NewsList: PageView {
    struct Post: Sendable {
        let id: UUID
        let title: String
        let bodyHTML: String
        let pinned: Bool
        let edited: Date?
        let created: Date
        let author: (name: String, username: String)?
        let comments: Int
        let likes: Int
        let imageURL: String?

        init(row: NewsController.PostRow, comments: Int, likes: Int, imageURL: String?) {
            id = row.id
            title = row.title
            bodyHTML = row.body_html
            pinned = row.pinned
            edited = row.edited_at
            created = row.created_at ?? Date()
            author = row.name.map { ($0, row.username ?? "") }
            self.comments = comments
            self.likes = likes
            self.imageURL = imageURL
        }
    }

    let layout: Layout.Model
    let chrome: GroupChrome
    let posts: [Post]
    let pagination: Pagination
    let mayWrite: Bool
    /// For members: nil when not a member, .some(nil) when not subscribed.
    let subscription: NewsSubscription.Mode??
    let feed: String?

    func content(_ h: inout HTML) {
        let t = layout.t
        let base = "/g/\(chrome.slug)/news"
        chrome.write(t: t, into: &h)
        h.el("div", .class("page-title")) { h in
            h.el("h1", text: layout.title)
            if mayWrite { h.el("a", .class("button button-primary"), .href(base + "/new"), text: t("news.new")) }
        }
        if case .some(let mode) = subscription {
            h.el("form", .class("inline-form"), .method("post"), .action(base + "/subscription")) { h in
                Parts.csrf(layout.csrf, into: &h)
                let options = [("none", t("news.subscription.none"))] + NewsSubscription.Mode.allCases.map { ($0.rawValue, t("news.subscription.\($0.rawValue)")) }
                Parts.select(name: "mode", label: t("news.subscription.label"), options: options, selected: mode?.rawValue ?? "none", errors: FormErrors(), into: &h)
                h.el("button", .type("submit"), .class("button button-secondary"), text: t("news.subscription.save"))
            }
        }
        guard !posts.isEmpty else {
            Parts.emptyState(title: t("news.empty.title"), text: t("news.empty.text"), action: mayWrite ? (t("news.new"), base + "/new") : nil, into: &h)
            return
        }
        for post in posts {
            h.el("article", .class("card news-post")) { h in
                NewsParts.header(post, base: base, link: true, t: t, into: &h)
                if let image = post.imageURL { h.void("img", .src(image), .attr("alt", ""), .class("news-image"), .attr("loading", "lazy")) }
                h.el("div", .class("prose")) { $0.sanitized(SanitizedHTML(sanitizedByRenderer: post.bodyHTML)) }
                h.el("p", .class("muted")) { h in
                    h.el("a", .href("\(base)/\(post.id.uuidString)#comments"), text: t.plural("news.comments", post.comments))
                    h.text(" · " + t.plural("news.likes", post.likes))
                }
            }
        }
        Parts.pagination(pagination, t: t, url: { "\(base)?page=\($0)" }, into: &h)
        if let feed { h.el("p", .class("muted small")) { $0.el("a", .href(feed), .attr("type", "application/atom+xml"), text: t("news.feed")) } }
    }
}

enum NewsParts {
    /// Title, pin, author, time and "edited".
    static func header(_ post: NewsList.Post, base: String, link: Bool, t: Localizer, into h: inout HTML) {
        h.el("header") { h in
            if link {
                h.el("h2") { $0.el("a", .href("\(base)/\(post.id.uuidString)"), text: post.title) }
            } else {
                h.el("h1", text: post.title)
            }
            h.el("p", .class("muted")) { h in
                if post.pinned { h.el("span", .class("badge"), text: t("news.pinned")) }
                if let author = post.author {
                    h.el("a", .href("/u/" + author.username), text: author.name)
                    h.text(" · ")
                }
                Parts.timestamp(post.created, t: t, into: &h)
                if let edited = post.edited {
                    h.text(" · " + t("news.edited") + " ")
                    Parts.timestamp(edited, t: t, into: &h)
                }
            }
        }
    }
}

/// One post with its comments, replies and likes.
struct NewsPostPage: PageView {
    struct Comment: Sendable {
        let id: UUID
        let parentID: UUID?
        /// Nil for a deleted comment, which stays as a marker for its replies.
        let bodyHTML: String?
        let author: (name: String, username: String)?
        let at: Date
        let mayDelete: Bool
    }

    let layout: Layout.Model
    let chrome: GroupChrome
    let post: NewsList.Post
    let comments: [Comment]
    let replies: [UUID: [Comment]]
    /// Nil for someone outside the group: they see the count only.
    let likedBy: [String]?
    let likeCount: Int
    let viewerLikes: Bool
    let mayTakePart: Bool
    let mayChange: Bool
    let mayPin: Bool

    func content(_ h: inout HTML) {
        let t = layout.t
        let base = "/g/\(chrome.slug)/news"
        let here = "\(base)/\(post.id.uuidString)"
        chrome.write(t: t, into: &h)
        h.el("article", .class("card news-post")) { h in
            if post.title.isEmpty {
                h.el("h1", text: t("news.deleted_post"))
            } else {
                NewsParts.header(post, base: base, link: false, t: t, into: &h)
                if let image = post.imageURL { h.void("img", .src(image), .attr("alt", ""), .class("news-image")) }
                h.el("div", .class("prose")) { $0.sanitized(SanitizedHTML(sanitizedByRenderer: post.bodyHTML)) }
            }
            h.el("div", .class("actions-row"), .id("likes")) { h in
                if mayTakePart && !post.title.isEmpty {
                    h.el("form", .method("post"), .action(here + "/like")) { h in
                        Parts.csrf(layout.csrf, into: &h)
                        h.el("button", .type("submit"), .class("button button-secondary"), .aria("pressed", viewerLikes ? "true" : "false"), text: t(viewerLikes ? "news.unlike" : "news.like"))
                    }
                }
                if let likedBy, !likedBy.isEmpty {
                    h.el("details", .class("liked-by")) { h in
                        h.el("summary", text: t.plural("news.likes", likedBy.count))
                        h.el("p", text: likedBy.joined(separator: ", "))
                    }
                } else {
                    h.el("span", .class("muted"), text: t.plural("news.likes", likeCount))
                }
                if mayPin {
                    h.el("form", .method("post"), .action(here + "/pin")) { h in
                        Parts.csrf(layout.csrf, into: &h)
                        h.el("button", .type("submit"), .class("button button-secondary"), text: t(post.pinned ? "news.unpin" : "news.pin"))
                    }
                }
                if mayChange {
                    h.el("a", .class("button button-secondary"), .href(here + "/edit"), text: t("news.edit"))
                    h.el("a", .class("button button-danger"), .href(here + "/delete"), text: t("news.delete"))
                }
            }
        }
        h.el("section", .class("card"), .id("comments")) { h in
            h.el("h2", text: t.plural("news.comments", comments.count + replies.values.reduce(0) { $0 + $1.count }))
            if comments.isEmpty { h.el("p", .class("muted"), text: t("news.comments_none")) }
            h.el("ol", .class("comments")) { h in
                for comment in comments {
                    h.el("li", .class("comment"), .id("comment-\(comment.id.uuidString)")) { h in
                        write(comment, here: here, into: &h)
                        let answers = replies[comment.id] ?? []
                        if !answers.isEmpty {
                            h.el("ol", .class("replies")) { h in
                                for reply in answers {
                                    h.el("li", .class("comment"), .id("comment-\(reply.id.uuidString)")) { write(reply, here: here, into: &$0) }
                                }
                            }
                        }
                        if mayTakePart && !post.title.isEmpty {
                            h.el("details", .class("reply-form")) { h in
                                h.el("summary", text: t("news.reply"))
                                commentForm(here: here, parent: comment.id, into: &h)
                            }
                        }
                    }
                }
            }
            if mayTakePart && !post.title.isEmpty { commentForm(here: here, parent: nil, into: &h) }
        }
        h.el("p") { $0.el("a", .href(base), text: t("news.back")) }
    }

    private func write(_ comment: Comment, here: String, into h: inout HTML) {
        let t = layout.t
        h.el("p", .class("muted")) { h in
            if let author = comment.author {
                h.el("a", .href("/u/" + author.username), text: author.name)
            } else {
                h.text(t("news.deleted_person"))
            }
            h.text(" · ")
            Parts.timestamp(comment.at, t: t, into: &h)
        }
        if let body = comment.bodyHTML {
            h.el("div", .class("prose")) { $0.sanitized(SanitizedHTML(sanitizedByRenderer: body)) }
        } else {
            h.el("p", .class("muted"), text: t("news.comment_deleted"))
        }
        if comment.mayDelete {
            h.el("form", .method("post"), .action("\(here)/comments/\(comment.id.uuidString)/delete")) { h in
                Parts.csrf(layout.csrf, into: &h)
                h.el("button", .type("submit"), .class("link-button"), text: t("news.comment_delete"))
            }
        }
    }

    private func commentForm(here: String, parent: UUID?, into h: inout HTML) {
        let t = layout.t
        h.el("form", .class("comment-form"), .method("post"), .action(here + "/comments")) { h in
            Parts.csrf(layout.csrf, into: &h)
            if let parent { h.void("input", .type("hidden"), .name("parent"), .value(parent.uuidString)) }
            h.void("input", .type("hidden"), .name("token"), .value(UUID().uuidString))
            let id = "comment-body-\(parent?.uuidString ?? "new")"
            h.el("label", .for(id), text: t(parent == nil ? "news.comment_label" : "news.reply_label"))
            h.element("textarea", [.id(id), .name("body"), .attr("rows", "3"), .attr("maxlength", "10000"), .flag("required")]) { _ in }
            h.el("button", .type("submit"), .class("button button-primary"), text: t(parent == nil ? "news.comment_submit" : "news.reply_submit"))
        }
    }
}

/// Writing or changing a post, with an optional picture.
struct NewsEdit: PageView {
    let layout: Layout.Model
    let chrome: GroupChrome
    let form: NewsController.Form
    let action: String
    let hasImage: Bool
    let errors: FormErrors

    func content(_ h: inout HTML) {
        let t = layout.t
        chrome.write(t: t, into: &h)
        Parts.formCard(layout, errors: errors, action: "/g/\(chrome.slug)/news/\(action)", submit: t("news.publish"), uploads: true, into: &h) { h in
            if let token = form.token { h.void("input", .type("hidden"), .name("token"), .value(token)) }
            Parts.field(FormField(name: "title", label: t("news.field.title"), value: form.title ?? "", required: true, maxLength: 200), errors: errors, into: &h)
            Parts.field(FormField(name: "body", label: t("news.field.body"), type: "textarea", value: form.body ?? "", hint: t("profile.description_hint"), required: true, rows: 12), errors: errors, into: &h)
            Parts.field(FormField(name: "image", label: t("news.field.image"), type: "file", hint: t("news.field.image_hint"), accept: "image/jpeg,image/png,image/gif,image/webp"), errors: errors, into: &h)
            if hasImage { Parts.checkbox(name: "remove_image", label: t("news.field.remove_image"), checked: form.removeImage != nil, errors: errors, into: &h) }
        } after: { h in
            h.el("p") { $0.el("a", .href("/g/\(chrome.slug)/news"), text: t("group.delete.cancel")) }
        }
    }
}
