import Vapor

/// The form to report a profile as belonging to someone under 16.
struct AgeReportPage: PageView {
    let layout: Layout.Model
    let username: String
    let name: String
    /// Visitors give an address to hear the outcome; signed-in people are told at theirs.
    let askEmail: Bool
    let form: AgeReportController.Form
    let errors: FormErrors

    func content(_ h: inout HTML) {
        let t = layout.t
        Parts.formCard(layout, errors: errors, action: "/u/\(username)/report-age", submit: t("age_report.submit"), lead: t("age_report.lead", ["name": name]), into: &h) { h in
            Parts.field(FormField(name: "reason", label: t("age_report.reason"), type: "textarea", value: form.reason ?? "", hint: t("age_report.reason_hint"), required: true, maxLength: 2000, rows: 4), errors: errors, into: &h)
            if askEmail {
                Parts.field(FormField(name: "email", label: t("age_report.email"), type: "email", value: form.email ?? "", hint: t("age_report.email_hint"), autocomplete: "email", required: true), errors: errors, into: &h)
            }
        } after: { h in
            h.el("p") { $0.el("a", .href("/u/" + username), text: t("age_report.back")) }
        }
    }
}

/// `/admin/reports`: open reports of profiles under 16, oldest first.
struct AgeReportQueuePage: PageView {
    struct Row: Sendable {
        let id: UUID
        let username: String
        let name: String
        let birthdate: String
        let reason: String
        let reporter: String
        let at: Date
    }

    let layout: Layout.Model
    let rows: [Row]

    func content(_ h: inout HTML) {
        let t = layout.t
        Parts.pageTitle(layout.title, into: &h)
        h.el("p") { h in
            h.text(t("age_report.queue.lead") + " ")
            h.el("a", .href("/admin"), text: t("operator.back"))
        }
        guard !rows.isEmpty else {
            Parts.emptyState(title: t("age_report.queue.empty.title"), text: t("age_report.queue.empty.text"), action: nil, into: &h)
            return
        }
        h.el("ul", .class("rows card")) { h in
            for row in rows {
                h.el("li", .class("row")) { h in
                    h.el("div", .class("row-main")) { h in
                        h.el("a", .href("/u/" + row.username), text: row.name)
                        h.el("p", .class("muted")) { h in
                            h.text("@" + row.username + " · " + t("age_report.queue.birthdate", ["date": row.birthdate]) + " · " + t("age_report.queue.reported_by", ["email": row.reporter]) + " ")
                            Parts.timestamp(row.at, t: t, into: &h)
                        }
                        h.el("p", text: row.reason)
                    }
                    h.el("form", .class("inline-form"), .method("post"), .action("/admin/reports/\(row.id.uuidString)/confirm")) { h in
                        Parts.csrf(layout.csrf, into: &h)
                        h.el("label") { h in
                            h.void("input", .type("checkbox"), .name("sure"), .value("on"), .flag("required"))
                            h.text(" " + t("age_report.queue.sure"))
                        }
                        h.el("button", .type("submit"), .class("button button-danger"), text: t("age_report.queue.confirm"))
                    }
                    h.el("form", .method("post"), .action("/admin/reports/\(row.id.uuidString)/dismiss")) { h in
                        Parts.csrf(layout.csrf, into: &h)
                        h.el("button", .type("submit"), .class("button button-secondary"), text: t("age_report.queue.dismiss"))
                    }
                }
            }
        }
    }
}
