import Foundation
import Vapor

/// `/g/:group/admin/plan`: the plan the group has, its storage, the plans it can order, and its invoices.
struct PlanPage: PageView {
    static let ordersShown = 50

    let layout: Layout.Model
    let slug: String
    /// The paid order whose period runs now, if any.
    let running: Order?
    /// The end of the last period paid for.
    let paidUntil: Date?
    let used: Int
    /// The storage every group has.
    let defaultStorage: Int
    let plans: [Plan]
    let orders: [Order]
    /// False while the site takes no payments (no bank account configured).
    let mayOrder: Bool
    let form: PlanController.Form
    let errors: FormErrors

    func content(_ h: inout HTML) {
        let t = layout.t
        let base = "/g/\(slug)/admin/plan"
        // As `Billing.storageBytes` finds it: the running plan's storage, or the default when that is more.
        let storage = max(defaultStorage, (running?.storageMB ?? 0) << 20)
        Parts.pageTitle(layout.title, into: &h)
        h.el("p") { $0.el("a", .href("/g/\(slug)/admin"), text: t("billing.back_to_settings")) }
        h.el("section", .class("card"), .id("current-plan")) { h in
            h.el("h2", text: t("billing.plan.current"))
            h.el("dl", .class("facts")) { h in
                h.el("dt", text: t("billing.plan.name"))
                h.el("dd", text: running?.planName ?? t("billing.plan.free"))
                if let paidUntil {
                    h.el("dt", text: t("billing.plan.paid_until"))
                    h.el("dd", text: t.date(paidUntil))
                }
                h.el("dt", text: t("billing.plan.storage"))
                h.el("dd") { h in
                    h.text(t("files.storage", ["used": UploadLimits.describe(used), "quota": UploadLimits.describe(storage)]))
                }
            }
            h.el("div", .class("storage")) { h in
                h.el("progress", .attr("max", String(max(storage, 1))), .value(String(min(used, storage))), .aria("label", t("billing.plan.storage"))) { _ in }
            }
        }
        let pending = orders.first { $0.status == .pending }
        if let pending {
            // An order sent while another waits (from a second tab) is answered here, as the form is not shown.
            Parts.errorSummary(errors, t: t, into: &h)
            h.el("section", .class("card"), .id("field-open_invoice"), .attr("tabindex", "-1")) { h in
                h.el("h2", text: t("billing.order.open_title"))
                h.el("p", text: t("billing.order.open_text", ["number": String(pending.number), "amount": Billing.money(pending.amountMinor, pending.currency, t: t), "due": t.date(pending.dueAt)]))
                h.el("a", .class("button button-primary"), .href(base + "/orders/\(pending.id?.uuidString ?? "")"), text: t("billing.order.show_invoice"))
            }
        }
        if !mayOrder {
            h.el("section", .class("card")) { $0.el("p", .class("muted"), text: t("billing.order.not_offered")) }
        } else if plans.isEmpty {
            h.el("section", .class("card")) { $0.el("p", .class("muted"), text: t("billing.plans.none_offered")) }
        } else if pending == nil {
            orderForm(base: base, into: &h)
        }
        history(base: base, into: &h)
    }

    private func orderForm(base: String, into h: inout HTML) {
        let t = layout.t
        h.el("section", .class("card"), .id("order")) { h in
            h.el("h2", text: t("billing.order.title"))
            h.el("p", text: t("billing.order.lead"))
            Parts.errorSummary(errors, t: t, into: &h)
            h.el("form", .method("post"), .action(base), .flag("novalidate")) { h in
                Parts.csrf(layout.csrf, into: &h)
                let error = errors["plan"]
                h.element("fieldset", [
                    .id("field-plan"), .class(error == nil ? "field" : "field field-invalid"),
                    error == nil ? .flag("", false) : .aria("describedby", "field-plan-error"),
                ]) { h in
                    h.el("legend", text: t("billing.order.choose"))
                    if let error { h.el("p", .class("field-error"), .id("field-plan-error"), text: error) }
                    for plan in plans {
                        let id = "plan-" + (plan.id?.uuidString ?? "")
                        h.el("div", .class("field-check")) { h in
                            h.void("input", .type("radio"), .id(id), .name("plan"), .value(plan.id?.uuidString ?? ""), .flag("checked", form.plan == plan.id?.uuidString))
                            h.el("label", .for(id), text: t("billing.plan.offer", [
                                "name": plan.name(t.language), "storage": UploadLimits.describe(plan.storageMB << 20),
                                "months": t.plural("billing.months", plan.months), "price": Billing.money(plan.priceMinor, plan.currency, t: t),
                            ]))
                        }
                    }
                }
                Parts.field(FormField(name: "buyer_name", label: t("billing.field.buyer_name"), value: form.buyerName ?? "", hint: t("billing.field.buyer_name_hint"), autocomplete: "organization", required: true, maxLength: 200), errors: errors, into: &h)
                Parts.field(FormField(name: "buyer_address", label: t("billing.field.buyer_address"), type: "textarea", value: form.buyerAddress ?? "", autocomplete: "street-address", required: true, maxLength: 1000, rows: 3), errors: errors, into: &h)
                Parts.field(FormField(name: "buyer_email", label: t("billing.field.buyer_email"), type: "email", value: form.buyerEmail ?? "", autocomplete: "email", required: true), errors: errors, into: &h)
                h.el("p", .class("muted"), text: t("billing.order.kept"))
                h.el("button", .type("submit"), .class("button button-primary"), text: t("billing.order.submit"))
            }
        }
    }

    private func history(base: String, into h: inout HTML) {
        let t = layout.t
        h.el("section", .class("card"), .id("invoices")) { h in
            h.el("h2", text: t("billing.orders.history"))
            guard !orders.isEmpty else {
                h.el("p", .class("muted"), text: t("billing.orders.none"))
                return
            }
            OrdersTable.write(orders, link: { base + "/orders/\($0)" }, showGroup: false, t: t, into: &h)
        }
    }
}

/// The orders as a table: number, date, plan, amount, state.
enum OrdersTable {
    static func write(_ orders: [Order], link: (String) -> String, showGroup: Bool, t: Localizer, into h: inout HTML) {
        h.el("table", .class("table orders")) { h in
            h.el("thead") { h in
                h.el("tr") { h in
                    h.el("th", .attr("scope", "col"), text: t("billing.invoice.number"))
                    h.el("th", .attr("scope", "col"), text: t("billing.invoice.date"))
                    if showGroup { h.el("th", .attr("scope", "col"), text: t("billing.invoice.group")) }
                    h.el("th", .attr("scope", "col"), text: t("billing.plan.name"))
                    h.el("th", .attr("scope", "col"), text: t("billing.invoice.total"))
                    h.el("th", .attr("scope", "col"), text: t("billing.invoice.status"))
                }
            }
            h.el("tbody") { h in
                for order in orders {
                    h.el("tr") { h in
                        h.el("td") { $0.el("a", .href(link(order.id?.uuidString ?? "")), text: String(order.number)) }
                        h.el("td", text: t.date(order.issuedAt))
                        if showGroup { h.el("td", text: order.groupName) }
                        h.el("td", text: order.planName)
                        h.el("td", text: Billing.money(order.amountMinor, order.currency, t: t))
                        h.el("td", text: OrderStatus.text(order, t: t))
                    }
                }
            }
        }
    }
}

enum OrderStatus {
    /// "Paid 3 March 2027", "Due 17 March 2027", "Overdue since 17 March 2027", "Cancelled".
    static func text(_ order: Order, t: Localizer, now: Date = Date()) -> String {
        switch order.status {
        case .pending: t(order.dueAt < now ? "billing.status.overdue" : "billing.status.pending", ["due": t.date(order.dueAt)])
        case .paid: t("billing.status.paid", ["date": order.paidAt.map { t.date($0) } ?? ""])
        case .cancelled: t("billing.status.cancelled")
        }
    }
}

/// An invoice as the buyer and the operator see it, printable, with the actions the viewer may take.
struct InvoicePage: PageView {
    let layout: Layout.Model
    let order: Order
    let seller: Settings
    let back: String
    let actions: [Action]

    /// What the viewer can do with the invoice: a form that posts at once, or a link to a page that asks first.
    struct Action: Sendable {
        let label: String
        let url: String
        let posts: Bool
        let primary: Bool
    }

    func content(_ h: inout HTML) {
        let t = layout.t
        let money = { Billing.money($0, order.currency, t: t) }
        h.el("p", .class("no-print")) { $0.el("a", .href(back), text: t("billing.back")) }
        h.el("article", .class("card invoice"), .id("invoice")) { h in
            h.el("h1", text: layout.title)
            h.el("p", .class("badge"), text: OrderStatus.text(order, t: t))
            h.el("div", .class("invoice-parties")) { h in
                h.el("div") { h in
                    h.el("h2", text: t("billing.invoice.seller"))
                    h.el("p", .class("address"), text: seller.controller.name + (seller.controller.address.isEmpty ? "" : "\n" + seller.controller.address))
                    if !seller.billing.vatNumber.isEmpty { h.el("p", text: t("billing.invoice.vat_number", ["number": seller.billing.vatNumber])) }
                    h.el("p", text: seller.controller.email)
                }
                h.el("div") { h in
                    h.el("h2", text: t("billing.invoice.buyer"))
                    h.el("p", .class("address"), text: order.buyerName + "\n" + order.buyerAddress)
                    if let email = order.buyerEmail, !email.isEmpty { h.el("p", text: email) }
                }
            }
            h.el("dl", .class("facts")) { h in
                h.el("dt", text: t("billing.invoice.number"))
                h.el("dd", text: String(order.number))
                h.el("dt", text: t("billing.invoice.date"))
                h.el("dd", text: t.date(order.issuedAt))
                h.el("dt", text: t("billing.invoice.due"))
                h.el("dd", text: t.date(order.dueAt))
                h.el("dt", text: t("billing.invoice.group"))
                h.el("dd", text: order.groupName)
                if let start = order.periodStart, let end = order.periodEnd {
                    h.el("dt", text: t("billing.invoice.period"))
                    h.el("dd", text: t.date(start) + " – " + t.date(end))
                }
            }
            h.el("table", .class("table invoice-lines")) { h in
                h.el("thead") { h in
                    h.el("tr") { h in
                        h.el("th", .attr("scope", "col"), text: t("billing.invoice.item"))
                        h.el("th", .attr("scope", "col"), .class("amount"), text: t("billing.invoice.amount"))
                    }
                }
                h.el("tbody") { h in
                    h.el("tr") { h in
                        h.el("td", text: t("billing.invoice.line", ["plan": order.planName, "storage": UploadLimits.describe(order.storageMB << 20), "months": t.plural("billing.months", order.months)]))
                        h.el("td", .class("amount"), text: money(order.amountMinor - order.vatMinor))
                    }
                    h.el("tr") { h in
                        h.el("td", text: t("billing.invoice.vat", ["percent": String(order.vatPercent)]))
                        h.el("td", .class("amount"), text: money(order.vatMinor))
                    }
                    h.el("tr", .class("total")) { h in
                        h.el("th", .attr("scope", "row"), text: t("billing.invoice.total"))
                        h.el("td", .class("amount"), text: money(order.amountMinor))
                    }
                }
            }
            if order.status == .pending {
                h.el("p", .id("how-to-pay"), text: t("billing.invoice.pay", ["account": seller.billing.bankAccount, "number": String(order.number), "due": t.date(order.dueAt)]))
            }
        }
        if !actions.isEmpty {
            h.el("div", .class("actions no-print")) { h in
                for action in actions {
                    let style = action.primary ? "button button-primary" : "button button-secondary"
                    guard action.posts else {
                        h.el("a", .class(style), .href(action.url), text: action.label)
                        continue
                    }
                    h.el("form", .method("post"), .action(action.url), .class("inline")) { h in
                        Parts.csrf(layout.csrf, into: &h)
                        h.el("button", .type("submit"), .class(style), text: action.label)
                    }
                }
            }
        }
    }
}

/// Asks the group or the operator before an invoice not yet paid is cancelled.
struct CancelOrderPage: PageView {
    let layout: Layout.Model
    let order: Order
    /// The invoice's address, under the group or under /admin: the form posts to its `/cancel`.
    let invoice: String
    /// The operator is told which group's invoice it is.
    let byOperator: Bool

    func content(_ h: inout HTML) {
        let t = layout.t
        let amount = Billing.money(order.amountMinor, order.currency, t: t)
        let lead = byOperator
            ? t("billing.order.cancel_lead_operator", ["number": String(order.number), "group": order.groupName, "amount": amount])
            : t("billing.order.cancel_lead", ["plan": order.planName, "amount": amount])
        Parts.formCard(layout, errors: FormErrors(), action: invoice + "/cancel", submit: t("billing.order.cancel"), lead: lead, into: &h) { _ in
        } after: { h in
            h.el("p") { $0.el("a", .href(invoice), text: t("billing.order.keep")) }
        }
    }
}

/// `/admin/plans`: the plans offered and withdrawn, and the form for a new one.
struct PlansPage: PageView {
    let layout: Layout.Model
    let plans: [Plan]
    let form: OperatorBillingController.PlanForm
    let errors: FormErrors
    let paymentReady: Bool

    func content(_ h: inout HTML) {
        let t = layout.t
        Parts.pageTitle(layout.title, into: &h)
        h.el("p") { h in
            h.el("a", .href("/admin/orders"), text: t("billing.orders.title"))
            h.text(" · ")
            h.el("a", .href("/admin"), text: t("operator.back"))
        }
        if !paymentReady { h.el("p", .class("notice notice-info"), text: t("billing.plans.no_account")) }
        h.el("section", .class("card")) { h in
            h.el("h2", text: t("billing.plans.list"))
            guard !plans.isEmpty else {
                h.el("p", .class("muted"), text: t("billing.plans.none"))
                return
            }
            h.el("ul", .class("rows")) { h in
                for plan in plans {
                    h.el("li", .class("row")) { h in
                        h.el("div", .class("row-main")) { h in
                            h.el("a", .href("/admin/plans/\(plan.id?.uuidString ?? "")"), text: plan.name(t.language))
                            if !plan.available { h.el("span", .class("badge"), text: t("billing.plans.withdrawn")) }
                            h.el("p", .class("muted"), text: t("billing.plan.offer", [
                                "name": plan.name(t.language == .da ? .en : .da), "storage": UploadLimits.describe(plan.storageMB << 20),
                                "months": t.plural("billing.months", plan.months), "price": Billing.money(plan.priceMinor, plan.currency, t: t),
                            ]))
                        }
                    }
                }
            }
        }
        Parts.formCard(layout, errors: errors, action: "/admin/plans", submit: t("billing.plans.create"), heading: t("billing.plans.new"), lead: t("billing.plans.create_lead"), into: &h) { h in
            PlanFormFields.write(form, errors: errors, t: t, into: &h)
        }
    }
}

/// The fields of a plan, for a new one and for changing one.
enum PlanFormFields {
    static func write(_ form: OperatorBillingController.PlanForm, errors: FormErrors, t: Localizer, into h: inout HTML) {
        Parts.field(FormField(name: "name_da", label: t("billing.field.name_da"), value: form.nameDa ?? "", required: true, maxLength: 80), errors: errors, into: &h)
        Parts.field(FormField(name: "name_en", label: t("billing.field.name_en"), value: form.nameEn ?? "", required: true, maxLength: 80), errors: errors, into: &h)
        Parts.field(FormField(name: "storage_mb", label: t("billing.field.storage_mb"), type: "number", value: form.storageMB ?? "", required: true), errors: errors, into: &h)
        Parts.field(FormField(name: "months", label: t("billing.field.months"), type: "number", value: form.months ?? "", required: true), errors: errors, into: &h)
        Parts.field(FormField(name: "price", label: t("billing.field.price"), value: form.price ?? "", hint: t("billing.field.price_hint"), autocomplete: "off", required: true), errors: errors, into: &h)
        Parts.select(name: "currency", label: t("billing.field.currency"), options: Billing.currencies.map { ($0, $0) }, selected: form.currency ?? "DKK", errors: errors, into: &h)
        Parts.checkbox(name: "available", label: t("billing.field.available"), checked: form.available != nil, errors: errors, into: &h)
    }
}

/// Changes a plan's terms, or withdraws it.
struct PlanEditPage: PageView {
    let layout: Layout.Model
    let id: UUID
    let form: OperatorBillingController.PlanForm
    let errors: FormErrors

    func content(_ h: inout HTML) {
        let t = layout.t
        Parts.formCard(layout, errors: errors, action: "/admin/plans/\(id.uuidString)", submit: t("billing.plans.save"), lead: t("billing.plans.edit_lead"), into: &h) { h in
            PlanFormFields.write(form, errors: errors, t: t, into: &h)
        } after: { h in
            h.el("p") { $0.el("a", .href("/admin/plans"), text: t("billing.back")) }
        }
    }
}

/// `/admin/orders`: every order, newest first, or those of one state.
struct OrdersPage: PageView {
    let layout: Layout.Model
    let orders: [Order]
    let status: Order.Status?
    let pagination: Pagination

    func content(_ h: inout HTML) {
        let t = layout.t
        Parts.pageTitle(layout.title, into: &h)
        h.el("p") { h in
            h.el("a", .href("/admin/plans"), text: t("billing.plans.title"))
            h.text(" · ")
            h.el("a", .href("/admin"), text: t("operator.back"))
        }
        h.el("nav", .class("actions-row"), .aria("label", t("billing.orders.filter"))) { h in
            let choices: [(Order.Status?, String)] = [(nil, t("billing.orders.all"))] + Order.Status.allCases.map { ($0, t("billing.orders.\($0.rawValue)")) }
            for (choice, label) in choices {
                h.el("a", .href("/admin/orders" + (choice.map { "?status=\($0.rawValue)" } ?? "")), choice == status ? .aria("current", "page") : .flag("", false), text: label)
            }
        }
        h.el("section", .class("card")) { h in
            guard !orders.isEmpty else {
                h.el("p", .class("muted"), text: t("billing.orders.none"))
                return
            }
            OrdersTable.write(orders, link: { "/admin/orders/\($0)" }, showGroup: true, t: t, into: &h)
        }
        Parts.pagination(pagination, t: t, url: { "/admin/orders?" + (status.map { "status=\($0.rawValue)&" } ?? "") + "page=\($0)" }, into: &h)
    }
}
