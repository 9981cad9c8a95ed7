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

    struct ConsentRow: Sendable {
        let purpose: ConsentRecord.Purpose
        let given: Bool
        let at: Date
        let version: String
    }

    struct ObjectionRow: Sendable {
        let purpose: Objection.Purpose
        let reason: String
        let at: Date
        let handled: Date?
    }

    let layout: Layout.Model
    let acceptances: [(version: String, at: Date)]
    let exports: [Export]
    /// Newest first.
    let consents: [ConsentRow]
    let objections: [ObjectionRow]
    let countsVisits: Bool
    let objectionErrors: FormErrors
    let reason: String

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
        writeConsents(into: &h)
        writeObjections(into: &h)
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

    private func writeConsents(into h: inout HTML) {
        let t = layout.t
        h.el("section", .class("card"), .id("consents")) { h in
            h.el("h2", text: t("privacy.consents.title"))
            h.el("p", text: t("privacy.consents.lead"))
            for purpose in ConsentRecord.Purpose.allCases {
                let latest = consents.first { $0.purpose == purpose }
                let given = latest?.given ?? false
                h.el("div", .class("row")) { h in
                    h.el("div", .class("row-main")) { h in
                        h.el("strong", text: t("privacy.consent.\(purpose.rawValue)"))
                        h.el("p", .class("muted")) { h in
                            if let latest {
                                h.text(t(given ? "privacy.consents.given_since" : "privacy.consents.withdrawn_since") + " ")
                                Parts.timestamp(latest.at, t: t, into: &h)
                            } else {
                                h.text(t("privacy.consents.never"))
                            }
                        }
                    }
                    h.el("form", .method("post"), .action("/me/privacy/consents/\(purpose.rawValue)")) { h in
                        Parts.csrf(layout.csrf, into: &h)
                        h.void("input", .type("hidden"), .name("given"), .value(given ? "no" : "yes"))
                        h.el("button", .type("submit"), .class(given ? "button button-secondary" : "button button-primary"), text: t(given ? "privacy.consents.withdraw" : "privacy.consents.give"))
                    }
                }
            }
            if !consents.isEmpty {
                h.el("details") { h in
                    h.el("summary", text: t("privacy.consents.history"))
                    h.el("ul") { h in
                        for row in consents {
                            h.el("li") { h in
                                h.text(t("privacy.consent.\(row.purpose.rawValue)") + ": " + t(row.given ? "privacy.consents.gave" : "privacy.consents.withdrew") + " ")
                                Parts.timestamp(row.at, t: t, into: &h)
                                h.text(" · " + t("privacy.policy.version", ["version": row.version]))
                            }
                        }
                    }
                }
            }
        }
    }

    private func writeObjections(into h: inout HTML) {
        let t = layout.t
        h.el("section", .class("card"), .id("objections")) { h in
            h.el("h2", text: t("privacy.objection.title"))
            h.el("p", text: t(countsVisits ? "privacy.objection.lead" : "privacy.objection.not_counted"))
            if !objections.isEmpty {
                h.el("ul", .class("rows")) { h in
                    for row in objections {
                        h.el("li", .class("row")) { h in
                            h.el("div", .class("row-main")) { h in
                                h.el("strong", text: t("privacy.objection.purpose.\(row.purpose.rawValue)"))
                                if !row.reason.isEmpty { h.el("p", text: row.reason) }
                                h.el("p", .class("muted")) { h in
                                    Parts.timestamp(row.at, t: t, into: &h)
                                    h.text(" · ")
                                    if let handled = row.handled {
                                        h.text(t("privacy.objection.handled") + " ")
                                        Parts.timestamp(handled, t: t, into: &h)
                                    } else {
                                        h.text(t("privacy.objection.open"))
                                    }
                                }
                            }
                        }
                    }
                }
            }
            Parts.errorSummary(objectionErrors, t: t, into: &h)
            h.el("form", .method("post"), .action("/me/privacy/objections"), .flag("novalidate")) { h in
                Parts.csrf(layout.csrf, into: &h)
                Parts.select(name: "purpose", label: t("privacy.objection.purpose"), options: Objection.Purpose.allCases.map { ($0.rawValue, t("privacy.objection.purpose.\($0.rawValue)")) }, selected: "", errors: objectionErrors, into: &h)
                Parts.field(FormField(name: "reason", label: t("privacy.objection.reason"), type: "textarea", value: reason, hint: t("privacy.objection.reason_hint"), maxLength: 2000, rows: 3), errors: objectionErrors, into: &h)
                h.el("button", .type("submit"), .class("button button-secondary"), text: t("privacy.objection.submit"))
            }
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
            h.el("p", .class("muted"), text: t("privacy.delete.kept_invoices"))
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
