import IGroupsCore
import Vapor

/// Every revision of a page.
struct PageHistory: PageView {
    struct Row: Sendable {
        let id: UUID
        let title: String
        let author: String?
        let date: Date
    }

    let layout: Layout.Model
    let chrome: GroupChrome
    let slug: String
    let rows: [Row]

    func content(_ h: inout HTML) {
        let t = layout.t
        chrome.write(t: t, into: &h)
        h.el("section", .class("card")) { h in
            h.el("h1", text: layout.title)
            h.el("ol", .class("rows")) { h in
                for row in rows {
                    h.el("li", .class("row")) { h in
                        h.el("div", .class("row-main")) { h in
                            h.el("a", .href("/g/\(chrome.slug)/pages/\(slug)/history/\(row.id.uuidString)")) { h in
                                Parts.timestamp(row.date, t: t, into: &h)
                            }
                            h.el("p", .class("muted"), text: row.title + " · " + (row.author ?? t("pages.history.former_member")))
                        }
                    }
                }
            }
            h.el("p") { $0.el("a", .href("/g/\(chrome.slug)/pages/\(slug)"), text: t("pages.back")) }
        }
    }
}

/// One revision and how it differs from the page now.
struct PageRevisionShow: PageView {
    let layout: Layout.Model
    let chrome: GroupChrome
    let slug: String
    let revisionID: UUID
    let date: Date
    let diff: [LineDiff.Line]
    let isCurrent: Bool
    let mayWrite: Bool

    func content(_ h: inout HTML) {
        let t = layout.t
        chrome.write(t: t, into: &h)
        h.el("section", .class("card")) { h in
            h.el("h1", text: layout.title)
            h.el("p", .class("muted")) { h in
                h.text(t("pages.revision.saved") + " ")
                Parts.timestamp(date, t: t, into: &h)
            }
            if isCurrent {
                h.el("p", .class("notice notice-info"), text: t("pages.revision.is_current"))
            } else {
                h.el("p", text: t("pages.revision.diff_lead"))
                Parts.diff(diff, into: &h)
                if mayWrite {
                    h.el("form", .method("post"), .action("/g/\(chrome.slug)/pages/\(slug)/history/\(revisionID.uuidString)/restore")) { h in
                        Parts.csrf(layout.csrf, into: &h)
                        h.el("button", .type("submit"), .class("button button-primary"), text: t("pages.revision.restore"))
                    }
                }
            }
            h.el("p") { $0.el("a", .href("/g/\(chrome.slug)/pages/\(slug)/history"), text: t("pages.history.back")) }
        }
    }
}
