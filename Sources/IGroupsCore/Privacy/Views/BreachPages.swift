import Vapor

/// `/admin/breaches`: the breaches recorded, and the form to record one.
struct BreachListPage: PageView {
    struct Row: Sendable {
        let id: UUID
        let title: String
        let occurredOn: String
        let notified: Int
    }

    let layout: Layout.Model
    let rows: [Row]
    let form: BreachController.Form
    let errors: FormErrors

    func content(_ h: inout HTML) {
        let t = layout.t
        Parts.pageTitle(layout.title, into: &h)
        h.el("p") { h in
            h.text(t("breach.lead") + " ")
            h.el("a", .href("/admin"), text: t("operator.back"))
        }
        h.el("section", .class("card")) { h in
            h.el("h2", text: t("breach.recorded"))
            if rows.isEmpty { h.el("p", .class("muted"), text: t("breach.none")) }
            h.el("ul", .class("rows")) { h in
                for row in rows {
                    h.el("li", .class("row")) { h in
                        h.el("div", .class("row-main")) { h in
                            h.el("a", .href("/admin/breaches/\(row.id.uuidString)"), text: row.title)
                            h.el("p", .class("muted"), text: row.occurredOn + " · " + t.plural("breach.notified", row.notified))
                        }
                    }
                }
            }
        }
        Parts.formCard(layout, errors: errors, action: "/admin/breaches", submit: t("breach.record"), heading: t("breach.record_title"), lead: t("breach.record_lead"), into: &h) { h in
            Parts.field(FormField(name: "title", label: t("breach.field.title"), value: form.title ?? "", required: true, maxLength: 200), errors: errors, into: &h)
            Parts.field(FormField(name: "occurred_on", label: t("breach.field.occurred_on"), type: "date", value: form.occurredOn ?? "", required: true), errors: errors, into: &h)
            Parts.field(FormField(name: "data_affected", label: t("breach.field.data_affected"), type: "textarea", value: form.dataAffected ?? "", required: true, maxLength: 5000, rows: 3), errors: errors, into: &h)
            Parts.field(FormField(name: "measures", label: t("breach.field.measures"), type: "textarea", value: form.measures ?? "", required: true, maxLength: 5000, rows: 3), errors: errors, into: &h)
        }
    }
}

/// One breach: what the notice will say, how many were told, and the form to tell more people.
struct BreachDetailPage: PageView {
    let layout: Layout.Model
    let breach: Breach
    let notified: Int
    let form: BreachController.NotifyForm
    let errors: FormErrors

    func content(_ h: inout HTML) {
        let t = layout.t
        Parts.pageTitle(layout.title, into: &h)
        h.el("p") { $0.el("a", .href("/admin/breaches"), text: t("breach.back")) }
        h.el("section", .class("card")) { h in
            h.el("dl", .class("facts")) { h in
                h.el("dt", text: t("breach.field.occurred_on"))
                h.el("dd", text: breach.occurredOn)
                h.el("dt", text: t("breach.field.data_affected"))
                h.el("dd", text: breach.dataAffected)
                h.el("dt", text: t("breach.field.measures"))
                h.el("dd", text: breach.measures)
                h.el("dt", text: t("breach.notified_title"))
                h.el("dd", text: t.plural("breach.notified", notified))
            }
        }
        Parts.formCard(layout, errors: errors, action: "/admin/breaches/\(breach.id?.uuidString ?? "")/notify", submit: t("breach.notify"), heading: t("breach.notify_title"), lead: t("breach.notify_lead"), into: &h) { h in
            Parts.select(name: "audience", label: t("breach.audience"), options: ["all", "group", "list"].map { ($0, t("breach.audience.\($0)")) }, selected: form.audience ?? "all", errors: errors, into: &h)
            Parts.field(FormField(name: "group", label: t("breach.field.group"), value: form.group ?? "", hint: t("breach.field.group_hint")), errors: errors, into: &h)
            Parts.field(FormField(name: "people", label: t("breach.field.people"), type: "textarea", value: form.people ?? "", hint: t("breach.field.people_hint"), rows: 4), errors: errors, into: &h)
        }
    }
}
