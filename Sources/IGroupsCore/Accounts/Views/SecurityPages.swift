import Vapor

/// My sessions, with a way to end each.
struct SecurityPage: PageView {
    struct Row: Sendable {
        let id: UUID
        let device: String
        let lastSeen: Date
        let started: Date
        let isCurrent: Bool
    }

    struct Event: Sendable {
        let kind: AuditEvent.Kind
        let detail: String
        let device: String
        let at: Date
        /// Caused by a group admin or the operator rather than by me.
        let byOther: Bool
    }

    let layout: Layout.Model
    let sessions: [Row]
    let events: [Event]

    func content(_ h: inout HTML) {
        let t = layout.t
        Parts.pageTitle(layout.title, into: &h)
        h.el("section", .class("card")) { h in
            h.el("h2", text: t("security.password.title"))
            h.el("p", text: t("security.password.lead"))
            h.el("p") { h in
                h.el("a", .class("button button-secondary"), .href("/me/security/password"), text: t("security.password.change"))
                h.text(" ")
                h.el("a", .class("button button-secondary"), .href("/me/email"), text: t("profile.change_email"))
            }
        }
        h.el("section", .class("card")) { h in
            h.el("h2", text: t("security.sessions.title"))
            h.el("p", text: t("security.sessions.lead"))
            h.el("ul", .class("rows")) { h in
                for row in sessions {
                    h.el("li", .class("row")) { h in
                        h.el("div", .class("row-main")) { h in
                            h.el("strong", text: row.device)
                            if row.isCurrent { h.el("span", .class("badge"), text: t("security.sessions.this_device")) }
                            h.el("p", .class("muted")) { h in
                                h.text(t("security.sessions.last_seen") + " ")
                                Parts.timestamp(row.lastSeen, t: t, into: &h)
                                h.text(" · " + t("security.sessions.started") + " ")
                                Parts.timestamp(row.started, t: t, into: &h)
                            }
                        }
                        h.el("form", .method("post"), .action("/me/security/sessions/\(row.id.uuidString)/end")) { h in
                            Parts.csrf(layout.csrf, into: &h)
                            h.el("button", .type("submit"), .class("button button-danger"), text: row.isCurrent ? t("layout.logout") : t("security.sessions.end"))
                        }
                    }
                }
            }
            if sessions.count > 1 {
                h.el("form", .method("post"), .action("/me/security/sessions/end-others")) { h in
                    Parts.csrf(layout.csrf, into: &h)
                    h.el("button", .type("submit"), .class("button button-danger"), text: t("security.sessions.end_others"))
                }
            }
        }
        h.el("section", .class("card"), .id("events")) { h in
            h.el("h2", text: t("security.events.title"))
            h.el("p", text: t("security.events.lead"))
            guard !events.isEmpty else {
                h.el("p", .class("muted"), text: t("security.events.none"))
                return
            }
            h.el("ul", .class("rows")) { h in
                for event in events {
                    h.el("li", .class("row")) { h in
                        h.el("div", .class("row-main")) { h in
                            h.el("strong", text: t("audit.\(event.kind.rawValue)"))
                            if !event.detail.isEmpty { h.text(" · " + event.detail) }
                            if event.byOther { h.el("span", .class("badge"), text: t("security.events.by_other")) }
                            h.el("p", .class("muted")) { h in
                                Parts.timestamp(event.at, t: t, into: &h)
                                if !event.device.isEmpty { h.text(" · " + event.device) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Change my password.
struct ChangePasswordPage: PageView {
    let layout: Layout.Model
    let errors: FormErrors

    func content(_ h: inout HTML) {
        let t = layout.t
        Parts.formCard(layout, errors: errors, action: "/me/security/password", submit: t("security.password.change"), lead: t("security.password.ends_others"), into: &h) { h in
            Parts.field(FormField(name: "current", label: t("security.password.current"), type: "password", autocomplete: "current-password", required: true), errors: errors, into: &h)
            Parts.field(FormField(name: "password", label: t("password.new"), type: "password", hint: t("account.password_hint"), autocomplete: "new-password", required: true), errors: errors, into: &h)
        }
    }
}

/// Change my email address.
struct ChangeEmailPage: PageView {
    let layout: Layout.Model
    let current: String
    let email: String
    let errors: FormErrors

    func content(_ h: inout HTML) {
        let t = layout.t
        Parts.formCard(layout, errors: errors, action: "/me/email", submit: t("email.change.submit"), lead: t("email.change.lead", ["email": current]), into: &h) { h in
            Parts.field(FormField(name: "email", label: t("email.change.new"), type: "email", value: email, autocomplete: "email", required: true), errors: errors, into: &h)
            Parts.field(FormField(name: "password", label: t("security.password.current"), type: "password", autocomplete: "current-password", required: true), errors: errors, into: &h)
        }
    }
}
