import Vapor

/// `/me/privacy`: my download, deleting my profile, and the policy versions I accepted.
struct PrivacyPage: PageView {
    struct Export: Sendable {
        let id: UUID
        let status: DataExport.Status
        let progress: Int
        let size: Int?
        let created: Date
        let expires: Date?

        init(_ export: DataExport) {
            id = export.id ?? UUID()
            status = export.status
            progress = export.progress
            size = export.size
            created = export.createdAt ?? Date()
            expires = export.expiresAt
        }
    }

    let layout: Layout.Model
    let acceptances: [(version: String, at: Date)]
    let exports: [Export]

    func content(_ h: inout HTML) {
        let t = layout.t
        Parts.pageTitle(layout.title, into: &h)
        h.el("p", text: t("privacy.me.lead"))
        h.el("section", .class("card"), .id("download")) { h in
            h.el("h2", text: t("privacy.export.title"))
            h.el("p", text: t("privacy.export.lead"))
            let pending = exports.first { $0.status == .queued || $0.status == .running }
            for export in exports { write(export, into: &h) }
            if pending == nil {
                h.el("form", .method("post"), .action("/me/privacy/export")) { h in
                    Parts.csrf(layout.csrf, into: &h)
                    h.el("button", .type("submit"), .class("button button-primary"), text: t(exports.isEmpty ? "privacy.export.start" : "privacy.export.again"))
                }
            }
        }
        h.el("section", .class("card")) { h in
            h.el("h2", text: t("privacy.policy.title"))
            h.el("p") { h in
                h.text(t("privacy.policy.lead") + " ")
                h.el("a", .href("/privacy"), text: t("privacy.policy.read"))
            }
            h.el("ul", .class("rows")) { h in
                for acceptance in acceptances {
                    h.el("li", .class("row")) { h in
                        h.el("div", .class("row-main")) { h in
                            h.text(t("privacy.policy.version", ["version": acceptance.version]) + " · " + t("privacy.policy.accepted") + " ")
                            Parts.timestamp(acceptance.at, t: t, into: &h)
                        }
                    }
                }
            }
        }
        h.el("section", .class("card danger-zone")) { h in
            h.el("h2", text: t("privacy.delete.title"))
            h.el("p", text: t("privacy.delete.lead"))
            h.el("a", .class("button button-danger"), .href("/me/privacy/delete"), text: t("privacy.delete.title"))
        }
    }

    private func write(_ export: Export, into h: inout HTML) {
        let t = layout.t
        switch export.status {
        case .queued, .running:
            // app.js reloads the page while it waits; without JavaScript the link does.
            h.el("div", .class("notice notice-info"), .attr("role", "status"), .attr("data-refresh", "3")) { h in
                h.el("p", text: t("privacy.export.pending", ["percent": String(export.progress)]))
                h.el("progress", .attr("max", "100"), .attr("value", String(export.progress)), text: "\(export.progress) %")
                h.el("p") { $0.el("a", .href("/me/privacy#download"), text: t("privacy.export.refresh")) }
            }
        case .ready:
            h.el("div", .class("notice notice-success")) { h in
                h.el("p") { h in
                    h.text(t("privacy.export.ready", ["size": Self.megabytes(export.size ?? 0, t: t)]) + " ")
                    if let expires = export.expires {
                        h.text(t("privacy.export.until") + " ")
                        Parts.timestamp(expires, t: t, into: &h)
                        h.text(".")
                    }
                }
                h.el("a", .class("button button-primary"), .href("/me/privacy/export/\(export.id.uuidString)"), text: t("privacy.export.download"))
            }
        case .failed:
            h.el("div", .class("notice notice-danger"), .attr("role", "alert"), text: t("privacy.export.failed"))
        }
    }

    static func megabytes(_ bytes: Int, t: Localizer) -> String {
        t("privacy.export.size", ["size": t.decimal(Double(bytes) / 1_048_576, digits: 1)])
    }
}

/// Confirms it is really me before the download starts.
struct DownloadExportPage: PageView {
    let layout: Layout.Model
    let id: UUID
    let errors: FormErrors

    func content(_ h: inout HTML) {
        let t = layout.t
        Parts.formCard(layout, errors: errors, action: "/me/privacy/export/\(id.uuidString)", submit: t("privacy.export.download"), lead: t("privacy.export.download_lead"), into: &h) { h in
            Parts.field(FormField(name: "password", label: t("security.password.current"), type: "password", autocomplete: "current-password", required: true), errors: errors, into: &h)
        }
    }
}

/// Deleting my profile: first the groups I own, then my password.
struct DeleteProfilePage: PageView {
    let layout: Layout.Model
    let owned: [(slug: String, name: String)]
    let errors: FormErrors

    func content(_ h: inout HTML) {
        let t = layout.t
        guard owned.isEmpty else {
            h.el("section", .class("card narrow")) { h in
                h.el("h1", text: layout.title)
                h.el("p", text: t("privacy.delete.owned_lead"))
                h.el("ul", .class("rows")) { h in
                    for group in owned {
                        h.el("li", .class("row")) { h in
                            h.el("div", .class("row-main")) { $0.el("a", .href("/g/" + group.slug), text: group.name) }
                            h.el("a", .class("button button-secondary"), .href("/g/\(group.slug)/admin/members"), text: t("privacy.delete.hand_over"))
                            h.el("a", .class("button button-danger"), .href("/g/\(group.slug)/admin/delete"), text: t("group.delete.title"))
                        }
                    }
                }
                h.el("p") { $0.el("a", .href("/me/privacy"), text: t("privacy.back")) }
            }
            return
        }
        Parts.formCard(layout, errors: errors, action: "/me/privacy/delete", submit: t("privacy.delete.submit"), lead: t("privacy.delete.what"), into: &h) { h in
            h.el("ul") { h in
                for key in ["privacy.delete.item.profile", "privacy.delete.item.memberships", "privacy.delete.item.content", "privacy.delete.item.mail"] {
                    h.el("li", text: t(key))
                }
            }
            h.el("p") { h in
                h.text(t("privacy.delete.export_first") + " ")
                h.el("a", .href("/me/privacy#download"), text: t("privacy.export.title"))
            }
            Parts.field(FormField(name: "password", label: t("security.password.current"), type: "password", autocomplete: "current-password", required: true), errors: errors, into: &h)
            Parts.checkbox(name: "confirm", label: t("privacy.delete.confirm"), checked: false, errors: errors, into: &h)
        } after: { h in
            h.el("p") { $0.el("a", .href("/me/privacy"), text: t("privacy.back")) }
        }
    }
}
