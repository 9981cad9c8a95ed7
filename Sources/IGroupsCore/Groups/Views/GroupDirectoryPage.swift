import Vapor

/// `/groups`: the listed groups with a search box.
struct GroupDirectoryPage: PageView {
    struct Row: Sendable {
        let slug: String
        let name: String
        let visibility: Group.Visibility
        let logo: String?
    }

    let layout: Layout.Model
    let search: String
    let rows: [Row]
    let pagination: Pagination
    let mayCreate: Bool

    func content(_ h: inout HTML) {
        let t = layout.t
        h.el("div", .class("page-title")) { h in
            h.el("h1", text: layout.title)
            if mayCreate { h.el("a", .class("button button-primary"), .href("/groups/new"), text: t("groups.new.title")) }
        }
        h.el("form", .class("search"), .method("get"), .action("/groups"), .attr("role", "search")) { h in
            h.el("label", .for("group-search"), text: t("groups.directory.search"))
            h.void("input", .id("group-search"), .type("search"), .name("q"), .value(search))
            h.el("button", .type("submit"), .class("button button-secondary"), text: t("groups.directory.search_button"))
        }
        guard !rows.isEmpty else {
            if search.isEmpty {
                Parts.emptyState(title: t("groups.directory.empty.title"), text: t("groups.directory.empty.text"), action: mayCreate ? (t("groups.new.title"), "/groups/new") : nil, into: &h)
            } else {
                Parts.emptyState(title: t("groups.directory.no_match.title"), text: t("groups.directory.no_match.text", ["search": search]), action: (t("groups.directory.show_all"), "/groups"), into: &h)
            }
            return
        }
        h.el("ul", .class("rows card")) { h in
            for row in rows {
                h.el("li", .class("row")) { h in
                    Parts.groupLogo(row.logo, name: row.name, into: &h)
                    h.el("div", .class("row-main")) { h in
                        h.el("a", .href("/g/" + row.slug), text: row.name)
                        h.el("span", .class("badge"), text: t("group.visibility." + row.visibility.rawValue))
                    }
                }
            }
        }
        let query = search.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        Parts.pagination(pagination, t: t, url: { "/groups?q=\(query)&page=\($0)" }, into: &h)
    }
}

/// The form that creates a group.
struct GroupNewPage: PageView {
    let layout: Layout.Model
    let form: GroupsController.Form
    let errors: FormErrors

    func content(_ h: inout HTML) {
        let t = layout.t
        Parts.formCard(layout, errors: errors, action: "/groups/new", submit: t("groups.new.submit"), lead: t("groups.new.lead"), uploads: true, into: &h) { h in
            GroupFormFields.write(form, errors: errors, t: t, into: &h)
        }
    }
}

/// A group's front page.
struct GroupPage: PageView {
    let layout: Layout.Model
    let chrome: GroupChrome
    let latest: [(module: String, items: [ModuleItem])]
    let slug: String
    let name: String
    let logo: String?
    let description: SanitizedHTML?
    let visibility: Group.Visibility
    let joinPolicy: Group.JoinPolicy
    let role: Membership.Role?
    let memberCount: Int
    let signedIn: Bool
    let requestPending: Bool

    func content(_ h: inout HTML) {
        let t = layout.t
        h.el("header", .class("group-header")) { h in
            Parts.groupLogo(logo, name: name, size: "large", into: &h)
            h.el("div") { h in
                h.el("h1", text: name)
                h.el("p", .class("muted")) { h in
                    h.text(t("group.visibility." + visibility.rawValue) + " · " + t.plural("group.member_count", memberCount))
                    if let role { h.el("span", .class("badge"), text: t("group.role." + role.rawValue)) }
                }
            }
            if let role, role >= .admin {
                h.el("a", .class("button button-secondary"), .href("/g/\(slug)/admin"), text: t("group.settings.title"))
            }
        }
        if role != nil || visibility == .public { chrome.write(t: t, into: &h) }
        if let description, !description.html.isEmpty {
            h.el("section", .class("card prose")) { $0.sanitized(description) }
        }
        for section in latest {
            h.el("section", .class("card")) { h in
                h.el("h2", text: section.module)
                h.el("ul", .class("rows")) { h in
                    for item in section.items {
                        h.el("li", .class("row")) { h in
                            h.el("a", .href(item.url), text: item.title)
                            Parts.timestamp(item.date, t: t, into: &h)
                        }
                    }
                }
            }
        }
        h.el("section", .class("card")) { h in
            if let role {
                h.el("p", text: t("group.you_are", ["role": t("group.role." + role.rawValue)]))
                if role != .owner {
                    h.el("form", .method("post"), .action("/g/\(slug)/leave")) { h in
                        Parts.csrf(layout.csrf, into: &h)
                        h.el("button", .type("submit"), .class("button button-danger"), text: t("group.leave"))
                    }
                }
            } else if joinPolicy == .open, signedIn {
                h.el("p", text: t("group.join.open"))
                h.el("form", .method("post"), .action("/g/\(slug)/join")) { h in
                    Parts.csrf(layout.csrf, into: &h)
                    h.el("button", .type("submit"), .class("button button-primary"), text: t("group.join"))
                }
            } else if joinPolicy == .request, requestPending {
                h.el("p", text: t("group.request.pending"))
                h.el("form", .method("post"), .action("/g/\(slug)/request/withdraw")) { h in
                    Parts.csrf(layout.csrf, into: &h)
                    h.el("button", .type("submit"), .class("button button-secondary"), text: t("group.request.withdraw"))
                }
            } else if joinPolicy == .request, signedIn {
                h.el("p", text: t("group.join.request"))
                h.el("form", .method("post"), .action("/g/\(slug)/request")) { h in
                    Parts.csrf(layout.csrf, into: &h)
                    h.el("button", .type("submit"), .class("button button-primary"), text: t("group.request.send"))
                }
            } else if joinPolicy != .invitation {
                h.el("p") { h in
                    h.text(t("group.join.log_in") + " ")
                    h.el("a", .href("/login?next=/g/" + slug), text: t("layout.login"))
                }
            } else {
                h.el("p", text: t("group.join." + joinPolicy.rawValue))
            }
        }
    }
}
