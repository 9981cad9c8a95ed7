import Fluent
import Vapor

/// `/admin/plans` and `/admin/orders`: the operator offers plans, sees the orders and records payments.
package struct OperatorBillingController: RouteCollection {
    package init() {}

    package func boot(routes: any RoutesBuilder) throws {
        let plans = routes.grouped("admin", "plans")
        plans.get(use: listPlans)
        plans.post(use: createPlan)
        plans.get(":plan", use: editPlan)
        plans.post(":plan", use: savePlan)
        let orders = routes.grouped("admin", "orders")
        orders.get(use: listOrders)
        orders.get(":order", use: showOrder)
        orders.post(":order", "paid", use: markPaid)
        orders.get(":order", "cancel", use: confirmCancel)
        orders.post(":order", "cancel", use: cancel)
    }

    struct PlanForm: Content {
        var nameDa: String?
        var nameEn: String?
        var storageMB: String?
        var months: String?
        var price: String?
        var currency: String?
        var available: String?

        enum CodingKeys: String, CodingKey {
            case months, price, currency, available
            case nameDa = "name_da"
            case nameEn = "name_en"
            case storageMB = "storage_mb"
        }

        init(nameDa: String? = nil, nameEn: String? = nil, storageMB: String? = nil, months: String? = nil, price: String? = nil, currency: String? = nil, available: String? = nil) {
            self.nameDa = nameDa
            self.nameEn = nameEn
            self.storageMB = storageMB
            self.months = months
            self.price = price
            self.currency = currency
            self.available = available
        }

        init(_ plan: Plan) {
            self.init(
                nameDa: plan.nameDa, nameEn: plan.nameEn, storageMB: String(plan.storageMB), months: String(plan.months),
                price: OperatorBillingController.decimal(plan.priceMinor), currency: plan.currency, available: plan.available ? "on" : nil)
        }
    }

    /// A price in minor units as the form shows it: "250.00".
    static func decimal(_ minor: Int) -> String {
        String(minor / 100) + "." + (minor % 100 < 10 ? "0" : "") + String(minor % 100)
    }

    /// A typed price ("250", "250.5", "1.250,00", "1,250.00", "99,95") in minor units; nil when it is not one.
    /// The last "," or "." followed by one or two digits is the decimal mark; the others group thousands.
    static func minorUnits(_ text: String) -> Int? {
        var text = text.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\u{A0}", with: "")
        var fraction = "00"
        if let mark = text.lastIndex(where: { $0 == "," || $0 == "." }), text.distance(from: mark, to: text.endIndex) <= 3 {
            fraction = String(text[text.index(after: mark)...])
            text = String(text[..<mark])
            if fraction.count == 1 { fraction += "0" }
        }
        let groups = text.split(separator: /[.,]/, omittingEmptySubsequences: false)
        let digits = { (part: Substring) in !part.isEmpty && part.allSatisfy { ("0"..."9").contains($0) } }
        guard let first = groups.first, digits(first), groups.count == 1 || first.count <= 3, groups.dropFirst().allSatisfy({ $0.count == 3 && digits($0) }),
              fraction.count == 2, digits(Substring(fraction)) else { return nil }
        let whole = groups.joined()
        guard whole.count <= 9, let value = Int(whole), let cents = Int(fraction) else { return nil }
        return value * 100 + cents
    }

    @Sendable func listPlans(req: Request) async throws -> Response {
        _ = try OperatorController.requireOperator(req)
        return try await Self.plansPage(req, form: PlanForm(months: "12", currency: "DKK", available: "on"), errors: FormErrors())
    }

    static func plansPage(_ req: Request, form: PlanForm, errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let plans = try await Plan.query(on: req.db).sort(\.$available, .descending).sort(\.$priceMinor).all()
        return PlansPage(layout: req.layout(title: req.t("billing.plans.title")), plans: plans, form: form, errors: errors, paymentReady: !req.application.settings.billing.bankAccount.isEmpty).response(status: status)
    }

    /// Copies a valid form into a plan, or lists what is wrong.
    static func apply(_ form: PlanForm, to plan: Plan, t: Localizer, settings: Settings) -> FormErrors {
        var errors = FormErrors()
        let nameDa = (form.nameDa ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let nameEn = (form.nameEn ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if nameDa.isEmpty || nameDa.count > 80 { errors.add("name_da", t("billing.error.plan_name")) }
        if nameEn.isEmpty || nameEn.count > 80 { errors.add("name_en", t("billing.error.plan_name")) }
        let storage = Int((form.storageMB ?? "").trimmingCharacters(in: .whitespaces))
        if storage == nil || !(1...1_073_741_824).contains(storage!) {
            errors.add("storage_mb", t("billing.error.storage"))
        } else if storage! << 20 <= settings.groupStorageBytes {
            errors.add("storage_mb", t("billing.error.storage_default", ["storage": UploadLimits.describe(settings.groupStorageBytes)]))
        }
        let months = Int((form.months ?? "").trimmingCharacters(in: .whitespaces))
        if months == nil || !(1...60).contains(months!) { errors.add("months", t("billing.error.months")) }
        let price = minorUnits(form.price ?? "")
        if price == nil || price! < 100 { errors.add("price", t("billing.error.price")) }
        let currency = (form.currency ?? "").uppercased()
        if !Billing.currencies.contains(currency) { errors.add("currency", t("group.error.choose")) }
        guard errors.isEmpty, let storage, let months, let price else { return errors }
        plan.nameDa = nameDa
        plan.nameEn = nameEn
        plan.storageMB = storage
        plan.months = months
        plan.priceMinor = price
        plan.currency = currency
        plan.available = form.available != nil
        return errors
    }

    @Sendable func createPlan(req: Request) async throws -> Response {
        let me = try OperatorController.requireOperator(req)
        let form = try req.content.decode(PlanForm.self)
        let plan = Plan()
        let errors = Self.apply(form, to: plan, t: req.t, settings: req.application.settings)
        guard errors.isEmpty else { return try await Self.plansPage(req, form: form, errors: errors, status: .unprocessableEntity) }
        try await plan.create(on: req.db)
        try await AuditLog.record(.planSaved, user: nil, actor: me.id, detail: plan.nameEn, req: req)
        return .seeOther("/admin/plans?notice=plan_saved")
    }

    static func plan(_ req: Request) async throws -> Plan {
        guard let id = req.parameters.get("plan", as: UUID.self), let plan = try await Plan.find(id, on: req.db) else { throw Abort(.notFound) }
        return plan
    }

    @Sendable func editPlan(req: Request) async throws -> Response {
        _ = try OperatorController.requireOperator(req)
        let plan = try await Self.plan(req)
        return PlanEditPage(layout: req.layout(title: req.t("billing.plans.edit")), id: try plan.requireID(), form: PlanForm(plan), errors: FormErrors()).response()
    }

    /// Saves a plan's new terms; orders already made keep the terms they were made on.
    @Sendable func savePlan(req: Request) async throws -> Response {
        let me = try OperatorController.requireOperator(req)
        let plan = try await Self.plan(req)
        let form = try req.content.decode(PlanForm.self)
        let errors = Self.apply(form, to: plan, t: req.t, settings: req.application.settings)
        guard errors.isEmpty else {
            return PlanEditPage(layout: req.layout(title: req.t("billing.plans.edit")), id: try plan.requireID(), form: form, errors: errors).response(status: .unprocessableEntity)
        }
        try await plan.save(on: req.db)
        try await AuditLog.record(.planSaved, user: nil, actor: me.id, detail: plan.nameEn, req: req)
        return .seeOther("/admin/plans?notice=plan_saved")
    }

    static let ordersPerPage = 50

    /// The orders, newest first; `?status=pending` shows those waiting for a payment.
    @Sendable func listOrders(req: Request) async throws -> Response {
        _ = try OperatorController.requireOperator(req)
        let status = (req.query[String.self, at: "status"]).flatMap(Order.Status.init(rawValue:))
        let query = Order.query(on: req.db)
        if let status { query.filter(\.$status == status) }
        let total = try await query.count()
        let pagination = Pagination(page: Pagination.requestedPage(req), perPage: Self.ordersPerPage, total: total)
        let orders = try await query.sort(\.$number, .descending).range(pagination.offset..<(pagination.offset + pagination.perPage)).all()
        return OrdersPage(layout: req.layout(title: req.t("billing.orders.title")), orders: orders, status: status, pagination: pagination).response()
    }

    static func order(_ req: Request) async throws -> Order {
        guard let id = req.parameters.get("order", as: UUID.self), let order = try await Order.find(id, on: req.db) else { throw Abort(.notFound) }
        return order
    }

    @Sendable func showOrder(req: Request) async throws -> Response {
        _ = try OperatorController.requireOperator(req)
        let order = try await Self.order(req)
        let base = "/admin/orders/\(try order.requireID())"
        let actions: [InvoicePage.Action] = order.status == .pending ? [
            .init(label: req.t("billing.order.mark_paid"), url: base + "/paid", posts: true, primary: true),
            .init(label: req.t("billing.order.cancel"), url: base + "/cancel", posts: false, primary: false),
        ] : []
        return InvoicePage(layout: req.layout(title: req.t("billing.invoice.title", ["number": String(order.number)])), order: order, seller: req.application.settings, back: "/admin/orders", actions: actions).response()
    }

    /// Records that the invoice was paid: the group's plan runs, and the buyer is told.
    @Sendable func markPaid(req: Request) async throws -> Response {
        let me = try OperatorController.requireOperator(req)
        let id = try await Self.order(req).requireID()
        try await Billing.changePending(id, on: req.db) { order, db in
            if let groupID = order.$group.id { try await db.lockRow(Group.schema, id: groupID) }
            try await Billing.markPaid(order, on: db)
            try await BillingMail.queue(.paid, order: id, app: req.application, on: db)
            try await AuditLog.record(.orderPaid, user: order.$user.id, actor: me.id, detail: "#\(order.number)", req: req, on: db)
        }
        return .seeOther("/admin/orders/\(id)?notice=order_paid")
    }

    @Sendable func confirmCancel(req: Request) async throws -> Response {
        _ = try OperatorController.requireOperator(req)
        let order = try await Self.order(req)
        guard order.status == .pending else { return .seeOther("/admin/orders/\(try order.requireID())") }
        return CancelOrderPage(layout: req.layout(title: req.t("billing.order.cancel_title", ["number": String(order.number)])), order: order, invoice: "/admin/orders/\(try order.requireID())", byOperator: true).response()
    }

    @Sendable func cancel(req: Request) async throws -> Response {
        let me = try OperatorController.requireOperator(req)
        let id = try await Self.order(req).requireID()
        try await Billing.changePending(id, on: req.db) { order, db in
            try await Billing.cancel(order, on: db)
            try await AuditLog.record(.orderCancelled, user: order.$user.id, actor: me.id, detail: "#\(order.number)", req: req, on: db)
        }
        return .seeOther("/admin/orders/\(id)?notice=order_cancelled")
    }
}
