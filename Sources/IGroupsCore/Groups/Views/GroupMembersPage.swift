import Vapor

/// The members of a group for its admins, with what they may change.
struct GroupMembersPage: PageView {
    struct Row: Sendable {
        let userID: UUID
        let username: String
        let name: String
        let role: Membership.Role
        let joined: Date
    }

    let layout: Layout.Model
    let slug: String
    let rows: [Row]
    /// Pending join requests; `joined` is when they asked.
    let requests: [Row]
    let viewerRole: Membership.Role
    let viewerID: UUID?

    func content(_ h: inout HTML) {
        let t = layout.t
        h.el("div", .class("page-title")) { h in
            h.el("h1", text: layout.title)
            h.el("a", .class("button button-secondary"), .href("/g/\(slug)/admin"), text: t("group.settings.title"))
        }
        if !requests.isEmpty {
            h.el("section", .class("card")) { h in
                h.el("h2", text: t("group.requests.title"))
                h.el("ul", .class("rows")) { h in
                    for request in requests {
                        h.el("li", .class("row")) { h in
                            h.el("div", .class("row-main")) { h in
                                h.el("a", .href("/u/" + request.username), text: request.name)
                                h.el("p", .class("muted")) { h in
                                    h.text(t("group.requests.asked") + " ")
                                    Parts.timestamp(request.joined, t: t, into: &h)
                                }
                            }
                            h.el("div") { h in
                                for (action, style) in [("approve", "button-primary"), ("decline", "button-secondary")] {
                                    h.el("form", .class("inline-form"), .method("post"), .action("/g/\(slug)/admin/requests/\(request.userID.uuidString)/\(action)")) { h in
                                        Parts.csrf(layout.csrf, into: &h)
                                        h.el("button", .type("submit"), .class("button " + style), text: t("group.requests.\(action)"))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        h.el("table", .class("table card")) { h in
            h.el("thead") { h in
                h.el("tr") { h in
                    for key in ["name", "role", "joined", "actions"] { h.el("th", .attr("scope", "col"), text: t("group.members.column.\(key)")) }
                }
            }
            h.el("tbody") { h in
                for row in rows { write(row, into: &h) }
            }
        }
    }

    private func write(_ row: Row, into h: inout HTML) {
        let t = layout.t
        let base = "/g/\(slug)/admin/members/\(row.userID.uuidString)"
        let editable = row.role != .owner && row.userID != viewerID
        h.el("tr") { h in
            h.el("td") { h in
                h.el("a", .href("/u/" + row.username), text: row.name)
            }
            h.el("td") { h in
                guard editable else { h.text(t("group.role." + row.role.rawValue)); return }
                h.el("form", .class("inline-form"), .method("post"), .action(base + "/role")) { h in
                    Parts.csrf(layout.csrf, into: &h)
                    h.el("label", .class("visually-hidden"), .for("role-\(row.userID)"), text: t("group.members.role_of", ["name": row.name]))
                    h.el("select", .id("role-\(row.userID)"), .name("role")) { h in
                        for role in [Membership.Role.member, .moderator, .admin] {
                            h.el("option", .value(role.rawValue), .flag("selected", role == row.role), text: t("group.role." + role.rawValue))
                        }
                    }
                    h.el("button", .type("submit"), .class("button button-secondary"), text: t("group.members.change_role"))
                }
            }
            h.el("td") { Parts.timestamp(row.joined, t: t, into: &$0) }
            h.el("td") { h in
                guard editable else { return }
                for (action, style) in [("remove", "button-secondary"), ("ban", "button-danger")] {
                    h.el("form", .class("inline-form"), .method("post"), .action(base + "/" + action)) { h in
                        Parts.csrf(layout.csrf, into: &h)
                        h.el("button", .type("submit"), .class("button " + style), text: t("group.members.\(action)"))
                    }
                }
                if viewerRole == .owner {
                    h.el("form", .class("inline-form"), .method("post"), .action(base + "/transfer")) { h in
                        Parts.csrf(layout.csrf, into: &h)
                        h.el("button", .type("submit"), .class("button button-secondary"), text: t("group.members.transfer"))
                    }
                }
            }
        }
    }
}
