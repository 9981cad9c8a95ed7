import IGroupsCore
import Vapor

/// The pages of a group.
struct PageList: PageView {
    struct Row: Sendable {
        let slug: String
        let title: String
        let updated: Date
        let isPublic: Bool
    }

    let layout: Layout.Model
    let chrome: GroupChrome
    let rows: [Row]
    let mayWrite: Bool

    func content(_ h: inout HTML) {
        let t = layout.t
        chrome.write(t: t, into: &h)
        h.el("div", .class("page-title")) { h in
            h.el("h1", text: layout.title)
            if mayWrite { h.el("a", .class("button button-primary"), .href("/g/\(chrome.slug)/pages/new"), text: t("pages.new")) }
        }
        guard !rows.isEmpty else {
            Parts.emptyState(title: t("pages.empty.title"), text: t("pages.empty.text"), action: mayWrite ? (t("pages.new"), "/g/\(chrome.slug)/pages/new") : nil, into: &h)
            return
        }
        h.el("ul", .class("rows card")) { h in
            for row in rows {
                h.el("li", .class("row")) { h in
                    h.el("div", .class("row-main")) { h in
                        h.el("a", .href("/g/\(chrome.slug)/pages/\(row.slug)"), text: row.title)
                        if row.isPublic { h.el("span", .class("badge"), text: t("pages.visibility.public")) }
                        h.el("p", .class("muted")) { h in
                            h.text(t("pages.updated") + " ")
                            Parts.timestamp(row.updated, t: t, into: &h)
                        }
                    }
                }
            }
        }
    }
}

/// One page.
struct PageShow: PageView {
    let layout: Layout.Model
    let chrome: GroupChrome
    let slug: String
    let title: String
    let body: SanitizedHTML
    let updated: Date
    let mayWrite: Bool

    func content(_ h: inout HTML) {
        let t = layout.t
        let base = "/g/\(chrome.slug)/pages/\(slug)"
        chrome.write(t: t, into: &h)
        h.el("article", .class("card")) { h in
            h.el("div", .class("page-title")) { h in
                h.el("h1", text: title)
                if mayWrite { h.el("a", .class("button button-secondary"), .href(base + "/edit"), text: t("pages.edit_button")) }
            }
            h.el("div", .class("prose")) { $0.sanitized(body) }
            h.el("p", .class("muted")) { h in
                h.text(t("pages.updated") + " ")
                Parts.timestamp(updated, t: t, into: &h)
                h.text(" · ")
                h.el("a", .href(base + "/history"), text: t("pages.history.link"))
                if mayWrite {
                    h.text(" · ")
                    h.el("a", .href(base + "/delete"), text: t("pages.delete.link"))
                }
            }
        }
    }
}
