import Vapor

/// The admins' page of invitations: by mail, by link, and those still pending.
struct GroupInvitationsPage: PageView {
    struct Row: Sendable {
        let id: UUID
        let email: String?
        let created: Date
        let expires: Date?
    }

    let layout: Layout.Model
    let slug: String
    let rows: [Row]
    let email: String
    let errors: FormErrors
    /// A link made just now, shown this once.
    let newLink: String?

    func content(_ h: inout HTML) {
        let t = layout.t
        let base = "/g/\(slug)/admin/invitations"
        h.el("div", .class("page-title")) { h in
            h.el("h1", text: layout.title)
            h.el("a", .class("button button-secondary"), .href("/g/\(slug)/admin/members"), text: t("group.members.title"))
        }
        h.el("section", .class("card")) { h in
            h.el("h2", text: t("group.invitations.by_mail"))
            Parts.errorSummary(errors, t: t, into: &h)
            h.el("form", .method("post"), .action(base)) { h in
                Parts.csrf(layout.csrf, into: &h)
                Parts.field(FormField(name: "email", label: t("account.email"), type: "email", value: email, hint: t("group.invitations.by_mail_hint"), required: true), errors: errors, into: &h)
                h.el("button", .type("submit"), .class("button button-primary"), text: t("group.invitations.send"))
            }
        }
        h.el("section", .class("card")) { h in
            h.el("h2", text: t("group.invitations.by_link"))
            if let newLink {
                h.el("p", .class("notice notice-success"), .attr("role", "status"), text: t("group.invitations.link_made"))
                h.el("p") { $0.el("code", .class("copyable"), text: newLink) }
            } else {
                h.el("p", text: t("group.invitations.by_link_lead"))
            }
            h.el("form", .method("post"), .action(base + "/link")) { h in
                Parts.csrf(layout.csrf, into: &h)
                h.el("button", .type("submit"), .class("button button-secondary"), text: t("group.invitations.make_link"))
            }
        }
        h.el("section", .class("card")) { h in
            h.el("h2", text: t("group.invitations.pending"))
            guard !rows.isEmpty else {
                h.el("p", .class("muted"), text: t("group.invitations.none"))
                return
            }
            h.el("ul", .class("rows")) { h in
                for row in rows {
                    h.el("li", .class("row")) { h in
                        h.el("div", .class("row-main")) { h in
                            h.el("strong", text: row.email ?? t("group.invitations.shareable"))
                            h.el("p", .class("muted")) { h in
                                h.text(t("group.invitations.sent") + " ")
                                Parts.timestamp(row.created, t: t, into: &h)
                                if let expires = row.expires {
                                    h.text(" · " + t("group.invitations.expires") + " ")
                                    Parts.timestamp(expires, t: t, into: &h)
                                }
                            }
                        }
                        h.el("form", .method("post"), .action(base + "/\(row.id.uuidString)/revoke")) { h in
                            Parts.csrf(layout.csrf, into: &h)
                            h.el("button", .type("submit"), .class("button button-danger"), text: t("group.invitations.revoke"))
                        }
                    }
                }
            }
        }
    }
}

/// What an invited person sees when they open the link.
struct InvitationPage: PageView {
    let layout: Layout.Model
    let path: String
    let name: String
    let descriptionHTML: SanitizedHTML
    let signedIn: Bool
    let email: String?

    func content(_ h: inout HTML) {
        let t = layout.t
        h.el("section", .class("card narrow")) { h in
            h.el("h1", text: layout.title)
            if !descriptionHTML.html.isEmpty { h.el("div", .class("prose")) { $0.sanitized(descriptionHTML) } }
            if signedIn {
                h.el("form", .method("post"), .action(path)) { h in
                    Parts.csrf(layout.csrf, into: &h)
                    h.el("button", .type("submit"), .class("button button-primary"), text: t("group.join"))
                }
            } else {
                h.el("p", text: email == nil ? t("group.invitations.need_account") : t("group.invitations.need_account_email", ["email": email ?? ""]))
                h.el("p", .class("actions")) { h in
                    h.el("a", .class("button button-primary"), .href("/signup?next=" + path), text: t("layout.signup"))
                    h.el("a", .class("button button-secondary"), .href("/login?next=" + path), text: t("layout.login"))
                }
            }
        }
    }
}
