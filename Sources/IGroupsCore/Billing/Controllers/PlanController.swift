import Fluent
import Vapor

/// `/g/:group/admin/plan`: a group's plan, its storage, ordering a paid plan against an invoice,
/// and the invoices, for the group's owner and admins.
package struct PlanController: RouteCollection {
    package init() {}

    package func boot(routes: any RoutesBuilder) throws {
        let plan = routes.grouped("g", ":group", "admin", "plan")
        plan.get(use: show)
        plan.post(use: order)
        plan.get("orders", ":order", use: invoice)
        plan.get("orders", ":order", "cancel", use: confirmCancel)
        plan.post("orders", ":order", "cancel", use: cancel)
    }

    struct Form: Content {
        var plan: String?
        var buyerName: String?
        var buyerAddress: String?
        var buyerEmail: String?

        enum CodingKeys: String, CodingKey {
            case plan
            case buyerName = "buyer_name"
            case buyerAddress = "buyer_address"
            case buyerEmail = "buyer_email"
        }
    }

    @Sendable func show(req: Request) async throws -> Response {
        let context = try await GroupAdminController.administered(req)
        let viewer = try req.requireViewer()
        let form = Form(buyerName: context.group.name, buyerEmail: viewer.email)
        return try await Self.page(req, context: context, form: form, errors: FormErrors())
    }

    static func page(_ req: Request, context: GroupContext, form: Form, errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let group = context.group
        let groupID = try group.requireID()
        let now = Date()
        async let running = Billing.running(in: groupID, at: now, on: req.db)
        async let until = Billing.paidUntil(groupID, after: now, on: req.db)
        async let used = Uploads.usedBytes(of: groupID, on: req.db)
        async let plans = Plan.query(on: req.db).filter(\.$available == true).sort(\.$priceMinor).all()
        async let orders = Order.query(on: req.db).filter(\.$group.$id == groupID).sort(\.$number, .descending).limit(PlanPage.ordersShown).all()
        let page = PlanPage(
            layout: req.layout(title: req.t("billing.plan.title")), slug: group.slug,
            running: try await running, paidUntil: try await until, used: try await used, defaultStorage: req.application.settings.groupStorageBytes,
            plans: try await plans, orders: try await orders, mayOrder: !req.application.settings.billing.bankAccount.isEmpty,
            form: form, errors: errors)
        return page.response(status: status)
    }

    /// Issues the invoice of a plan and mails it, or shows the form again with what is wrong.
    @Sendable func order(req: Request) async throws -> Response {
        let context = try await GroupAdminController.administered(req)
        let viewer = try req.requireViewer()
        let settings = req.application.settings
        guard !settings.billing.bankAccount.isEmpty else { throw Abort(.conflict, reason: "billing.error.no_payment") }
        let form = try req.content.decode(Form.self)
        let t = req.t
        var errors = FormErrors()
        let name = (form.buyerName ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let address = (form.buyerAddress ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let email = (form.buyerEmail ?? "").trimmingCharacters(in: .whitespaces)
        var plan: Plan?
        if let id = form.plan.flatMap(UUID.init(uuidString:)) { plan = try await Plan.find(id, on: req.db) }
        if plan?.available != true { errors.add("plan", t("billing.error.plan")) }
        if name.isEmpty || name.count > 200 { errors.add("buyer_name", t("billing.error.buyer_name")) }
        if address.isEmpty || address.count > 1_000 { errors.add("buyer_address", t("billing.error.buyer_address")) }
        if let problem = AccountRules.emailProblem(email) { errors.add("buyer_email", t(problem)) }
        let groupID = try context.group.requireID()
        if try await Billing.hasOpenInvoice(groupID, on: req.db) {
            errors.add("open_invoice", t("billing.error.open_invoice"))
        }
        guard let plan, errors.isEmpty else { return try await Self.page(req, context: context, form: form, errors: errors, status: .unprocessableEntity) }
        let order: Order
        do {
            order = try await req.db.transaction { db in
                let order = try await Billing.place(
                    plan, for: context.group, by: try viewer.requireID(), buyer: (name, address, email),
                    language: req.language, settings: settings, on: db)
                try await BillingMail.queue(.invoice, order: try order.requireID(), app: req.application, on: db)
                return order
            }
        } catch Billing.OrderError.openInvoice {
            // Another order for the group came first (a second tab, another admin).
            errors.add("open_invoice", t("billing.error.open_invoice"))
            return try await Self.page(req, context: context, form: form, errors: errors, status: .unprocessableEntity)
        }
        req.logger.notice("order placed", metadata: ["order": .stringConvertible(order.number), "group": .string(groupID.uuidString)])
        return .seeOther("/g/\(context.group.slug)/admin/plan/orders/\(try order.requireID())?notice=order_placed")
    }

    /// One of the group's orders; 404 for another group's.
    static func groupOrder(_ req: Request, of context: GroupContext) async throws -> Order {
        guard let id = req.parameters.get("order", as: UUID.self), let order = try await Order.find(id, on: req.db),
              order.$group.id == context.group.id else { throw Abort(.notFound) }
        return order
    }

    @Sendable func invoice(req: Request) async throws -> Response {
        let context = try await GroupAdminController.administered(req)
        let order = try await Self.groupOrder(req, of: context)
        let base = "/g/\(context.group.slug)/admin/plan"
        return InvoicePage(layout: req.layout(title: req.t("billing.invoice.title", ["number": String(order.number)])), order: order, seller: req.application.settings, back: base, actions: order.status == .pending ? [.init(label: req.t("billing.order.cancel"), url: base + "/orders/\(try order.requireID())/cancel", posts: false, primary: false)] : []).response()
    }

    @Sendable func confirmCancel(req: Request) async throws -> Response {
        let context = try await GroupAdminController.administered(req)
        let order = try await Self.groupOrder(req, of: context)
        let invoice = "/g/\(context.group.slug)/admin/plan/orders/\(try order.requireID())"
        guard order.status == .pending else { return .seeOther(invoice) }
        return CancelOrderPage(layout: req.layout(title: req.t("billing.order.cancel_title", ["number": String(order.number)])), order: order, invoice: invoice, byOperator: false).response()
    }

    /// Cancels an invoice not yet paid; a paid one stays paid.
    @Sendable func cancel(req: Request) async throws -> Response {
        let context = try await GroupAdminController.administered(req)
        let id = try await Self.groupOrder(req, of: context).requireID()
        let viewer = try req.requireViewer().requireID()
        try await Billing.changePending(id, on: req.db) { order, db in
            try await Billing.cancel(order, on: db)
            try await AuditLog.record(.orderCancelled, user: order.$user.id, actor: viewer, detail: "#\(order.number)", req: req, on: db)
        }
        return .seeOther("/g/\(context.group.slug)/admin/plan?notice=order_cancelled")
    }
}
