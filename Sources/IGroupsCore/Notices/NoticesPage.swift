import Vapor

/// My notices, newest first, and whether they come by mail too.
struct NoticesPage: PageView {
    struct Item: Sendable {
        let text: String
        let group: String?
        let url: String
        let at: Date
        let unread: Bool
    }

    let layout: Layout.Model
    let items: [Item]
    let pagination: Pagination
    let mentionMail: Bool

    func content(_ h: inout HTML) {
        let t = layout.t
        Parts.pageTitle(layout.title, into: &h)
        if items.isEmpty {
            Parts.emptyState(title: t("notices.empty.title"), text: t("notices.empty.text"), action: nil, into: &h)
        } else {
            h.el("ul", .class("card list notices")) { h in
                for item in items {
                    h.el("li", .class(item.unread ? "notice-item unread" : "notice-item")) { h in
                        if item.unread { h.el("span", .class("badge"), text: t("notices.new")) }
                        h.el("a", .href(item.url), text: item.text)
                        h.el("p", .class("muted small")) { h in
                            if let group = item.group { h.text(group + " · ") }
                            Parts.timestamp(item.at, t: t, into: &h)
                        }
                    }
                }
            }
            Parts.pagination(pagination, t: t, url: { "/me/notices?page=\($0)" }, into: &h)
        }
        h.el("form", .class("card"), .method("post"), .action("/me/notices/settings")) { h in
            Parts.csrf(layout.csrf, into: &h)
            h.el("h2", text: t("notices.settings"))
            Parts.checkbox(name: "mention_mail", label: t("notices.mention_mail"), checked: mentionMail, errors: FormErrors(), into: &h)
            h.el("button", .type("submit"), .class("button button-secondary"), text: t("notices.save"))
        }
    }
}
