import IGroupsCore
import Vapor

/// The forum's boards, with what is in each and what is new for me.
struct ForumIndexPage: PageView {
    struct Board: Sendable {
        let id: UUID
        let name: String
        let description: String
        let adminsOnly: Bool
        let threads: Int
        let posts: Int
        let lastPostAt: Date?
        let unread: Int
    }

    let layout: Layout.Model
    let chrome: GroupChrome
    let boards: [Board]
    let administers: Bool
    let tracksReading: Bool
    /// For moderators: how many reports wait.
    let openReports: Int?

    func content(_ h: inout HTML) {
        let t = layout.t
        let base = "/g/\(chrome.slug)/forum"
        chrome.write(t: t, into: &h)
        h.el("div", .class("page-title")) { h in
            h.el("h1", text: layout.title)
            if administers { h.el("a", .class("button button-primary"), .href(base + "/boards/new"), text: t("forum.board.new")) }
        }
        if let openReports {
            h.el("p") { h in
                h.el("a", .href(base + "/reports"), text: t("forum.reports.title"))
                if openReports > 0 { h.text(" "); h.el("span", .class("badge badge-unread"), text: t.plural("forum.reports.open", openReports)) }
            }
        }
        guard !boards.isEmpty else {
            Parts.emptyState(title: t("forum.empty.title"), text: t(administers ? "forum.empty.admin" : "forum.empty.text"), action: administers ? (t("forum.board.new"), base + "/boards/new") : nil, into: &h)
            return
        }
        h.el("ul", .class("card list forum-boards")) { h in
            for (index, board) in boards.enumerated() {
                h.el("li", .class("forum-board")) { h in
                    h.el("h2") { h in
                        h.el("a", .href("\(base)/boards/\(board.id.uuidString)"), text: board.name)
                        if board.unread > 0 { h.text(" "); h.el("span", .class("badge badge-unread"), text: t.plural("forum.unread_threads", board.unread)) }
                        if board.adminsOnly { h.text(" "); h.el("span", .class("badge"), text: t("forum.board.admins_only_badge")) }
                    }
                    if !board.description.isEmpty { h.el("p", text: board.description) }
                    h.el("p", .class("muted small")) { h in
                        h.text(t.plural("forum.threads", board.threads) + " · " + t.plural("forum.posts", board.posts))
                        if let last = board.lastPostAt {
                            h.text(" · " + t("forum.last_activity") + " ")
                            Parts.timestamp(last, t: t, into: &h)
                        }
                    }
                    if administers {
                        h.el("div", .class("actions-row")) { h in
                            h.el("a", .class("button button-secondary"), .href("\(base)/boards/\(board.id.uuidString)/edit"), text: t("forum.board.edit"))
                            for (direction, enabled) in [("up", index > 0), ("down", index < boards.count - 1)] where enabled {
                                h.el("form", .method("post"), .action("\(base)/boards/\(board.id.uuidString)/move")) { h in
                                    Parts.csrf(layout.csrf, into: &h)
                                    h.void("input", .type("hidden"), .name("direction"), .value(direction))
                                    h.el("button", .type("submit"), .class("button button-secondary"), .aria("label", t("forum.board.move_\(direction)_label", ["name": board.name])), text: t("forum.board.move_\(direction)"))
                                }
                            }
                        }
                    }
                }
            }
        }
        if tracksReading {
            h.el("form", .method("post"), .action(base + "/read")) { h in
                Parts.csrf(layout.csrf, into: &h)
                h.el("button", .type("submit"), .class("button button-secondary"), text: t("forum.mark_all_read"))
            }
        }
    }
}

/// A board's threads, pinned first, then by newest activity.
struct ForumBoardPage: PageView {
    struct Board: Sendable {
        let id: UUID
        let name: String
        let description: String
        let adminsOnly: Bool
    }

    struct Thread: Sendable {
        let id: UUID
        let title: String
        let pinned: Bool
        let locked: Bool
        let posts: Int
        let lastPostAt: Date
        let author: (name: String, username: String)?
        let lastAuthor: (name: String, username: String)?
        let unread: Bool
        /// Never opened: the whole thread is new.
        let startedUnread: Bool
    }

    let layout: Layout.Model
    let chrome: GroupChrome
    let board: Board
    let threads: [Thread]
    let pagination: Pagination
    let mayStart: Bool
    let administers: Bool

    func content(_ h: inout HTML) {
        let t = layout.t
        let base = "/g/\(chrome.slug)/forum"
        let here = "\(base)/boards/\(board.id.uuidString)"
        chrome.write(t: t, into: &h)
        h.el("nav", .class("breadcrumbs"), .aria("label", t("forum.breadcrumbs"))) { h in
            h.el("a", .href(base), text: t("forum.name"))
        }
        h.el("div", .class("page-title")) { h in
            h.el("h1", text: board.name)
            if mayStart { h.el("a", .class("button button-primary"), .href(here + "/new"), text: t("forum.thread.new")) }
        }
        if !board.description.isEmpty { h.el("p", .class("lead"), text: board.description) }
        if board.adminsOnly { h.el("p", .class("muted"), text: t("forum.board.admins_only_note")) }
        if threads.isEmpty {
            Parts.emptyState(title: t("forum.board.empty.title"), text: t("forum.board.empty.text"), action: mayStart ? (t("forum.thread.new"), here + "/new") : nil, into: &h)
        } else {
            h.el("ul", .class("card list forum-threads")) { h in
                for thread in threads {
                    h.el("li", .class(thread.unread ? "forum-thread unread" : "forum-thread")) { h in
                        h.el("h2", .class("forum-thread-title")) { h in
                            if thread.pinned { h.el("span", .class("badge"), text: t("forum.pinned")); h.text(" ") }
                            if thread.locked { h.el("span", .class("badge"), text: t("forum.locked")); h.text(" ") }
                            h.el("a", .href("\(base)/threads/\(thread.id.uuidString)"), text: thread.title)
                            if thread.unread {
                                h.text(" ")
                                h.el("a", .class("badge badge-unread"), .href("\(base)/threads/\(thread.id.uuidString)/unread"), text: t(thread.startedUnread ? "forum.new_thread" : "forum.new_replies"))
                            }
                        }
                        h.el("p", .class("muted small")) { h in
                            if let author = thread.author { h.text(t("forum.started_by", ["name": author.name]) + " · ") }
                            h.text(t.plural("forum.replies", max(0, thread.posts - 1)) + " · " + t("forum.last_post") + " ")
                            Parts.timestamp(thread.lastPostAt, t: t, into: &h)
                            if let last = thread.lastAuthor { h.text(" " + t("forum.by", ["name": last.name])) }
                        }
                    }
                }
            }
            Parts.pagination(pagination, t: t, url: { "\(here)?page=\($0)" }, into: &h)
        }
        if administers {
            h.el("div", .class("actions-row")) { h in
                h.el("a", .class("button button-secondary"), .href(here + "/edit"), text: t("forum.board.edit"))
                h.el("a", .class("button button-danger"), .href(here + "/delete"), text: t("forum.board.delete"))
            }
        }
    }
}

/// Starting a thread.
struct ForumThreadFormPage: PageView {
    let layout: Layout.Model
    let chrome: GroupChrome
    let boardID: UUID
    let boardName: String
    let form: ForumController.ThreadForm
    let errors: FormErrors

    func content(_ h: inout HTML) {
        let t = layout.t
        let board = "/g/\(chrome.slug)/forum/boards/\(boardID.uuidString)"
        chrome.write(t: t, into: &h)
        Parts.formCard(layout, errors: errors, action: board + "/new", submit: t("forum.thread.submit"), lead: t("forum.thread.lead", ["board": boardName]), into: &h) { h in
            if let token = form.token { h.void("input", .type("hidden"), .name("token"), .value(token)) }
            Parts.field(FormField(name: "title", label: t("forum.field.title"), value: form.title ?? "", required: true, maxLength: ForumController.maxTitle), errors: errors, into: &h)
            Parts.field(FormField(name: "body", label: t("forum.field.body"), type: "textarea", value: form.body ?? "", hint: t("forum.reply.hint"), required: true, rows: 12), errors: errors, into: &h)
        } after: { h in
            h.el("p") { $0.el("a", .href(board), text: t("group.delete.cancel")) }
        }
    }
}

/// The reply form on its own page: with a quote, or back with an error and the text kept.
struct ForumReplyPage: PageView {
    let layout: Layout.Model
    let chrome: GroupChrome
    let threadID: UUID
    let threadTitle: String
    let form: ForumController.ReplyForm
    let error: String?
    /// False when the thread cannot take the reply now (locked): the text is shown to copy.
    let mayPost: Bool

    func content(_ h: inout HTML) {
        let t = layout.t
        let here = "/g/\(chrome.slug)/forum/threads/\(threadID.uuidString)"
        chrome.write(t: t, into: &h)
        var errors = FormErrors()
        if let error { errors.add("body", error) }
        if mayPost {
            Parts.formCard(layout, errors: errors, action: here + "/reply", submit: t("forum.reply.submit"), into: &h) { h in
                if let token = form.token { h.void("input", .type("hidden"), .name("token"), .value(token)) }
                Parts.field(FormField(name: "body", label: t("forum.reply.label"), type: "textarea", value: form.body ?? "", hint: t("forum.reply.hint"), required: true, rows: 12), errors: errors, into: &h)
            } after: { h in
                h.el("p") { $0.el("a", .href(here), text: t("forum.back_to_thread")) }
            }
        } else {
            h.el("section", .class("card narrow")) { h in
                h.el("h1", text: layout.title)
                h.el("p", .class("notice notice-danger"), .attr("role", "alert"), text: error ?? "")
                ForumParts.keptText(form.body ?? "", t: t, into: &h)
                h.el("p") { $0.el("a", .href(here), text: t("forum.back_to_thread")) }
            }
        }
    }
}

/// A reply to a thread that was deleted meanwhile: the text is given back.
struct ForumGonePage: PageView {
    let layout: Layout.Model
    let chrome: GroupChrome
    let text: String

    func content(_ h: inout HTML) {
        let t = layout.t
        chrome.write(t: t, into: &h)
        h.el("section", .class("card narrow")) { h in
            h.el("h1", text: layout.title)
            h.el("p", .class("notice notice-danger"), .attr("role", "alert"), text: t("forum.gone.lead"))
            ForumParts.keptText(text, t: t, into: &h)
            h.el("p") { $0.el("a", .href("/g/\(chrome.slug)/forum"), text: t("forum.back_to_forum")) }
        }
    }
}

enum ForumParts {
    /// Text that could not be posted, to copy.
    static func keptText(_ text: String, t: Localizer, into h: inout HTML) {
        guard !text.isEmpty else { return }
        h.el("label", .for("kept-text"), text: t("forum.kept_text"))
        h.element("textarea", [.id("kept-text"), .attr("rows", "8"), .flag("readonly")]) { $0.text(text) }
    }
}

/// Changing a post (and, for the first post, the thread's title).
struct ForumEditPage: PageView {
    let layout: Layout.Model
    let chrome: GroupChrome
    let postID: UUID
    let threadID: UUID
    let threadTitle: String
    let title: String?
    let body: String
    let errors: FormErrors

    func content(_ h: inout HTML) {
        let t = layout.t
        let base = "/g/\(chrome.slug)/forum"
        chrome.write(t: t, into: &h)
        Parts.formCard(layout, errors: errors, action: "\(base)/posts/\(postID.uuidString)/edit", submit: t("forum.post.save"), lead: t("forum.post.edit_lead"), into: &h) { h in
            if let title { Parts.field(FormField(name: "title", label: t("forum.field.title"), value: title, required: true, maxLength: ForumController.maxTitle), errors: errors, into: &h) }
            Parts.field(FormField(name: "body", label: t("forum.field.body"), type: "textarea", value: body, hint: t("forum.reply.hint"), required: true, rows: 12), errors: errors, into: &h)
        } after: { h in
            h.el("p") { $0.el("a", .href("\(base)/posts/\(postID.uuidString)"), text: t("group.delete.cancel")) }
        }
    }
}

/// A post's versions, newest first, each with what changed.
struct ForumHistoryPage: PageView {
    struct Version: Sendable {
        let at: Date
        /// What changed from the version before; nil for the first.
        let diff: [LineDiff.Line]?
        let body: String
    }

    let layout: Layout.Model
    let chrome: GroupChrome
    let back: String
    let threadTitle: String
    let versions: [Version]

    func content(_ h: inout HTML) {
        let t = layout.t
        chrome.write(t: t, into: &h)
        h.el("section", .class("card")) { h in
            h.el("h1", text: layout.title)
            h.el("p", .class("muted"), text: threadTitle)
            h.el("ol", .class("forum-history")) { h in
                for (index, version) in versions.enumerated() {
                    h.el("li") { h in
                        h.el("h2") { h in
                            h.text(t(index == 0 ? "forum.history.current" : (version.diff == nil ? "forum.history.original" : "forum.history.version")) + " · ")
                            Parts.timestamp(version.at, t: t, into: &h)
                        }
                        if let diff = version.diff {
                            Parts.diff(diff, into: &h)
                        } else {
                            h.el("pre", .class("diff"), text: version.body)
                        }
                    }
                }
            }
            h.el("p") { $0.el("a", .href(back), text: t("forum.back_to_thread")) }
        }
    }
}

/// Moving a thread to another board.
struct ForumMovePage: PageView {
    let layout: Layout.Model
    let chrome: GroupChrome
    let threadID: UUID
    let current: UUID
    let boards: [(UUID, String)]
    let errors: FormErrors

    func content(_ h: inout HTML) {
        let t = layout.t
        let here = "/g/\(chrome.slug)/forum/threads/\(threadID.uuidString)"
        chrome.write(t: t, into: &h)
        Parts.formCard(layout, errors: errors, action: here + "/move", submit: t("forum.move"), into: &h) { h in
            Parts.select(name: "board", label: t("forum.move.board"), options: boards.map { ($0.0.uuidString, $0.1) }, selected: current.uuidString, errors: errors, into: &h)
        } after: { h in
            h.el("p") { $0.el("a", .href(here), text: t("group.delete.cancel")) }
        }
    }
}

/// Reporting a post to the moderators.
struct ForumReportFormPage: PageView {
    let layout: Layout.Model
    let chrome: GroupChrome
    let action: String
    let back: String
    let excerpt: String
    let reason: String
    let errors: FormErrors

    func content(_ h: inout HTML) {
        let t = layout.t
        chrome.write(t: t, into: &h)
        Parts.formCard(layout, errors: errors, action: action, submit: t("forum.report.submit"), lead: t("forum.report.lead"), into: &h) { h in
            h.el("blockquote", .class("muted"), text: excerpt)
            Parts.field(FormField(name: "reason", label: t("forum.report.reason"), type: "textarea", value: reason, required: true, maxLength: 1_000, rows: 4), errors: errors, into: &h)
        } after: { h in
            h.el("p") { $0.el("a", .href(back), text: t("group.delete.cancel")) }
        }
    }
}

/// The moderators' list of reports.
struct ForumReportsPage: PageView {
    struct Report: Sendable {
        let id: UUID
        let reason: String
        let at: Date
        let closedAt: Date?
        let threadTitle: String
        let url: String
        /// Nil when the post was deleted since.
        let excerpt: String?
        let reporter: String?
        let author: String?
    }

    let layout: Layout.Model
    let chrome: GroupChrome
    let open: [Report]
    let closed: [Report]

    func content(_ h: inout HTML) {
        let t = layout.t
        let base = "/g/\(chrome.slug)/forum"
        chrome.write(t: t, into: &h)
        Parts.pageTitle(layout.title, into: &h)
        if open.isEmpty {
            Parts.emptyState(title: t("forum.reports.none.title"), text: t("forum.reports.none.text"), action: nil, into: &h)
        } else {
            h.el("ul", .class("card list forum-reports")) { h in
                for report in open { write(report, base: base, into: &h) }
            }
        }
        if !closed.isEmpty {
            h.el("h2", text: t("forum.reports.closed"))
            h.el("ul", .class("card list forum-reports")) { h in
                for report in closed { write(report, base: base, into: &h) }
            }
        }
    }

    private func write(_ report: Report, base: String, into h: inout HTML) {
        let t = layout.t
        h.el("li") { h in
            h.el("p") { h in
                h.el("a", .href(report.url), text: report.threadTitle)
                h.el("span", .class("muted")) { h in
                    h.text(" · " + t("forum.reports.by", ["name": report.reporter ?? t("forum.deleted_person")]) + " · ")
                    Parts.timestamp(report.at, t: t, into: &h)
                }
            }
            h.el("p", text: t("forum.reports.reason", ["reason": report.reason]))
            if let excerpt = report.excerpt {
                h.el("blockquote", .class("muted"), text: (report.author.map { $0 + ": " } ?? "") + excerpt)
            } else {
                h.el("p", .class("muted"), text: t("forum.post.deleted"))
            }
            if let closedAt = report.closedAt {
                h.el("p", .class("muted small")) { h in
                    h.text(t("forum.reports.closed_at") + " ")
                    Parts.timestamp(closedAt, t: t, into: &h)
                }
            } else {
                h.el("form", .method("post"), .action("\(base)/reports/\(report.id.uuidString)/close")) { h in
                    Parts.csrf(layout.csrf, into: &h)
                    h.el("button", .type("submit"), .class("button button-secondary"), text: t("forum.reports.close"))
                }
            }
        }
    }
}

/// Creating or changing a board.
struct ForumBoardFormPage: PageView {
    let layout: Layout.Model
    let chrome: GroupChrome
    let form: ForumController.BoardForm
    let action: String
    let errors: FormErrors

    func content(_ h: inout HTML) {
        let t = layout.t
        chrome.write(t: t, into: &h)
        Parts.formCard(layout, errors: errors, action: action, submit: t("forum.board.save"), into: &h) { h in
            Parts.field(FormField(name: "name", label: t("forum.board.name"), value: form.name ?? "", required: true, maxLength: 100), errors: errors, into: &h)
            Parts.field(FormField(name: "description", label: t("forum.board.description"), type: "textarea", value: form.description ?? "", maxLength: 500, rows: 3), errors: errors, into: &h)
            Parts.checkbox(name: "admins_only", label: t("forum.board.admins_only"), checked: form.adminsOnly == "on", errors: errors, into: &h)
        } after: { h in
            h.el("p") { $0.el("a", .href("/g/\(chrome.slug)/forum"), text: t("group.delete.cancel")) }
        }
    }
}
