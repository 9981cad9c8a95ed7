import Fluent
import Vapor

/// `/admin/breaches`: the operator records a personal-data breach and notifies the people it touched,
/// each in their own language; the breach and every notice stay in the log.
package struct BreachController: RouteCollection {
    package init() {}

    package func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped("admin", "breaches")
        admin.get(use: list)
        admin.post(use: record)
        admin.get(":breach", use: show)
        admin.post(":breach", "notify", use: notify)
    }

    struct Form: Content {
        var title: String?
        var occurredOn: String?
        var dataAffected: String?
        var measures: String?

        enum CodingKeys: String, CodingKey {
            case title, measures
            case occurredOn = "occurred_on"
            case dataAffected = "data_affected"
        }
    }

    @Sendable func list(req: Request) async throws -> Response {
        _ = try OperatorController.requireOperator(req)
        return try await Self.listPage(req, form: Form(occurredOn: Date().formatted(.iso8601.year().month().day())), errors: FormErrors())
    }

    static func listPage(_ req: Request, form: Form, errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let breaches = try await Breach.query(on: req.db).sort(\.$createdAt, .descending).all()
        var counts: [UUID: Int] = [:]
        for notice in try await BreachNotice.query(on: req.db).all() { counts[notice.$breach.id, default: 0] += 1 }
        let rows = try breaches.map { BreachListPage.Row(id: try $0.requireID(), title: $0.title, occurredOn: $0.occurredOn, notified: counts[try $0.requireID()] ?? 0) }
        return BreachListPage(layout: req.layout(title: req.t("breach.title")), rows: rows, form: form, errors: errors).response(status: status)
    }

    /// Records a breach once every field is there.
    @Sendable func record(req: Request) async throws -> Response {
        let me = try OperatorController.requireOperator(req)
        let form = try req.content.decode(Form.self)
        let t = req.t
        let title = (form.title ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let occurred = (form.occurredOn ?? "").trimmingCharacters(in: .whitespaces)
        let data = (form.dataAffected ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let measures = (form.measures ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var errors = FormErrors()
        if title.isEmpty || title.count > 200 { errors.add("title", t("breach.error.title")) }
        if AccountRules.parseDate(occurred) == nil { errors.add("occurred_on", t("breach.error.date")) }
        if data.isEmpty || data.count > 5_000 { errors.add("data_affected", t("breach.error.data")) }
        if measures.isEmpty || measures.count > 5_000 { errors.add("measures", t("breach.error.measures")) }
        guard errors.isEmpty else { return try await Self.listPage(req, form: form, errors: errors, status: .unprocessableEntity) }
        let breach = Breach(title: title, occurredOn: occurred, dataAffected: data, measures: measures, recordedBy: try me.requireID())
        try await breach.create(on: req.db)
        return .seeOther("/admin/breaches/\(try breach.requireID())?notice=breach_recorded")
    }

    static func breach(_ req: Request) async throws -> Breach {
        guard let id = req.parameters.get("breach", as: UUID.self), let breach = try await Breach.find(id, on: req.db) else { throw Abort(.notFound) }
        return breach
    }

    @Sendable func show(req: Request) async throws -> Response {
        _ = try OperatorController.requireOperator(req)
        return try await Self.detailPage(req, breach: try await Self.breach(req), form: NotifyForm(audience: "all"), errors: FormErrors())
    }

    static func detailPage(_ req: Request, breach: Breach, form: NotifyForm, errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let notified = try await BreachNotice.query(on: req.db).filter(\.$breach.$id == breach.requireID()).count()
        return BreachDetailPage(layout: req.layout(title: breach.title), breach: breach, notified: notified, form: form, errors: errors).response(status: status)
    }

    struct NotifyForm: Content {
        var audience: String?
        var group: String?
        var people: String?
    }

    /// Sends the notice to everyone, a group's members or a list of usernames and addresses; nobody twice.
    @Sendable func notify(req: Request) async throws -> Response {
        _ = try OperatorController.requireOperator(req)
        let breach = try await Self.breach(req)
        let breachID = try breach.requireID()
        let form = try req.content.decode(NotifyForm.self)
        let t = req.t
        var errors = FormErrors()
        var ids: [UUID] = []
        switch form.audience {
        case "all":
            ids = try await User.query(on: req.db).all(\.$id)
        case "group":
            let slug = (form.group ?? "").trimmingCharacters(in: .whitespaces).lowercased()
            if let group = try await Group.query(on: req.db).filter(\.$slug == slug).first() {
                ids = try await Membership.query(on: req.db).filter(\.$group.$id == group.requireID()).all(\.$user.$id)
            } else {
                errors.add("group", t("breach.error.group", ["slug": slug]))
            }
        case "list":
            let entries = (form.people ?? "").split(whereSeparator: { $0.isNewline || $0 == "," || $0 == ";" }).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
            var unknown: [String] = []
            for entry in entries {
                if let user = try await User.query(on: req.db).group(.or, { $0.filter(\.$usernameKey == entry).filter(\.$emailKey == entry) }).first() {
                    ids.append(try user.requireID())
                } else {
                    unknown.append(entry)
                }
            }
            if entries.isEmpty { errors.add("people", t("breach.error.list_empty")) }
            if !unknown.isEmpty { errors.add("people", t("breach.error.unknown", ["people": unknown.joined(separator: ", ")])) }
        default:
            errors.add("audience", t("group.error.choose"))
        }
        guard errors.isEmpty else { return try await Self.detailPage(req, breach: breach, form: form, errors: errors, status: .unprocessableEntity) }
        let already = Set(try await BreachNotice.query(on: req.db).filter(\.$breach.$id == breachID).all(\.$user.$id))
        var sent = 0
        for id in Set(ids).subtracting(already).sorted(by: { $0.uuidString < $1.uuidString }) {
            try await req.db.transaction { db in
                try await BreachNotice(breachID: breachID, userID: id).create(on: db)
                try await PrivacyMail.queueBreachNotice(breachID: breachID, userID: id, app: req.application, on: db)
            }
            sent += 1
        }
        req.logger.notice("breach notices queued", metadata: ["breach": .string(breachID.uuidString), "count": .stringConvertible(sent)])
        return .seeOther("/admin/breaches/\(breachID)?notice=breach_notified")
    }
}
