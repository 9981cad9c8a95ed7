import IGroupsCore
import Vapor

/// The members of a group, as one viewer may see them.
struct MemberList: PageView {
    struct Member: Sendable {
        let username: String
        let name: String
        let role: Membership.Role
        let joined: Date
        /// Shown only when its owner shares it with the group (or it is the viewer's own).
        let email: String?
        let phone: String?
    }

    let layout: Layout.Model
    let chrome: GroupChrome
    let members: [Member]
    let search: String
    let pagination: Pagination
    let total: Int
    /// For admins: invitations and requests waiting.
    let pending: (invitations: Int, requests: Int)?

    func content(_ h: inout HTML) {
        let t = layout.t
        let base = "/g/\(chrome.slug)/members"
        chrome.write(t: t, into: &h)
        h.el("div", .class("page-title")) { h in
            h.el("h1", text: layout.title)
            if pending != nil { h.el("a", .class("button button-secondary"), .href(base + "/export.csv"), text: t("members.csv.download")) }
        }
        if let pending {
            h.el("p", .class("muted")) { h in
                h.el("a", .href("/g/\(chrome.slug)/admin/invitations"), text: t.plural("members.pending_invitations", pending.invitations))
                h.text(" · ")
                h.el("a", .href("/g/\(chrome.slug)/admin/members"), text: t.plural("members.pending_requests", pending.requests))
            }
        }
        h.el("form", .class("search"), .method("get"), .action(base), .attr("role", "search")) { h in
            h.el("label", .for("member-search"), text: t("members.search"))
            h.void("input", .id("member-search"), .type("search"), .name("q"), .value(search))
            h.el("button", .type("submit"), .class("button button-secondary"), text: t("groups.directory.search_button"))
        }
        h.el("p", .class("muted"), text: t.plural("group.member_count", total))
        guard !members.isEmpty else {
            Parts.emptyState(title: t("members.no_match.title"), text: t("members.no_match.text", ["search": search]), action: (t("members.show_all"), base), into: &h)
            return
        }
        h.el("ul", .class("rows card")) { h in
            for member in members {
                h.el("li", .class("row")) { h in
                    Parts.avatar(name: member.name, into: &h)
                    h.el("div", .class("row-main")) { h in
                        h.el("a", .href("/u/" + member.username), text: member.name)
                        h.el("span", .class("badge"), text: t("group.role." + member.role.rawValue))
                        h.el("p", .class("muted")) { h in
                            h.text("@" + member.username + " · " + t("members.joined") + " ")
                            Parts.timestamp(member.joined, t: t, into: &h)
                            if let email = member.email {
                                h.text(" · ")
                                h.el("a", .href("mailto:" + email), text: email)
                            }
                            if let phone = member.phone, !phone.isEmpty { h.text(" · " + phone) }
                        }
                    }
                }
            }
        }
        let query = search.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        Parts.pagination(pagination, t: t, url: { "\(base)?q=\(query)&page=\($0)" }, into: &h)
    }
}
