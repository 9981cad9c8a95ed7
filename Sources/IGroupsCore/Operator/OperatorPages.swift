import Vapor

/// The operator's search for people and groups, with the actions on each.
struct OperatorPage: PageView {
    struct Person: Sendable {
        let id: UUID
        let username: String
        let name: String
        let email: String
        let suspended: Bool
        let isOperator: Bool
        let suspendedAt: Date?
        let reason: String?

        init(_ user: User) throws {
            id = try user.requireID()
            username = user.username
            name = user.name
            email = user.email
            suspended = user.suspendedAt != nil
            isOperator = user.isOperator
            suspendedAt = user.suspendedAt
            reason = user.suspensionReason
        }
    }

    struct GroupRow: Sendable {
        let id: UUID
        let slug: String
        let name: String
        let visibility: Group.Visibility
    }

    let layout: Layout.Model
    let query: String
    let people: [Person]
    let groups: [GroupRow]
    let suspendedCount: Int
    /// Invoices waiting for their payment to be recorded.
    let waitingOrders: Int

    func content(_ h: inout HTML) {
        let t = layout.t
        Parts.pageTitle(layout.title, into: &h)
        h.el("p") { h in
            h.el("a", .href("/admin/suspended"), text: t.plural("operator.suspended_count", suspendedCount))
            h.text(" · ")
            h.el("a", .href("/admin/privacy"), text: t("operator.privacy.title"))
            h.text(" · ")
            h.el("a", .href("/admin/stats"), text: t("stats.title"))
            h.text(" · ")
            h.el("a", .href("/admin/reports"), text: t("age_report.queue.title"))
            h.text(" · ")
            h.el("a", .href("/admin/breaches"), text: t("breach.title"))
            h.text(" · ")
            if waitingOrders > 0 {
                h.el("a", .href("/admin/orders?status=pending"), text: t.plural("billing.orders.waiting", waitingOrders))
            } else {
                h.el("a", .href("/admin/orders"), text: t("billing.orders.title"))
            }
            h.text(" · ")
            h.el("a", .href("/admin/plans"), text: t("billing.plans.title"))
        }
        h.el("form", .class("search"), .method("get"), .action("/admin"), .attr("role", "search")) { h in
            h.el("label", .for("operator-search"), text: t("operator.search"))
            h.void("input", .id("operator-search"), .type("search"), .name("q"), .value(query))
            h.el("button", .type("submit"), .class("button button-secondary"), text: t("groups.directory.search_button"))
        }
        guard !query.isEmpty else {
            h.el("p", .class("muted"), text: t("operator.lead"))
            return
        }
        h.el("section", .class("card")) { h in
            h.el("h2", text: t("operator.people"))
            if people.isEmpty { h.el("p", .class("muted"), text: t("operator.none")) }
            h.el("ul", .class("rows")) { h in
                for person in people { Self.write(person, layout: layout, into: &h) }
            }
        }
        h.el("section", .class("card")) { h in
            h.el("h2", text: t("operator.groups"))
            if groups.isEmpty { h.el("p", .class("muted"), text: t("operator.none")) }
            h.el("ul", .class("rows")) { h in
                for group in groups {
                    h.el("li", .class("row")) { h in
                        h.el("div", .class("row-main")) { h in
                            h.el("a", .href("/g/" + group.slug), text: group.name)
                            h.el("span", .class("badge"), text: t("group.visibility." + group.visibility.rawValue))
                        }
                        h.el("a", .class("button button-danger"), .href("/admin/groups/\(group.id.uuidString)/delete"), text: t("group.delete.title"))
                    }
                }
            }
        }
    }

    /// One person with their state and the operator's action on them; `back` is where lifting a suspension returns.
    static func write(_ person: Person, layout: Layout.Model, back: String? = nil, into h: inout HTML) {
        let t = layout.t
        h.el("li", .class("row")) { h in
            h.el("div", .class("row-main")) { h in
                h.el("a", .href("/u/" + person.username), text: person.name)
                if person.suspended { h.el("span", .class("badge"), text: t("operator.suspended")) }
                if person.isOperator { h.el("span", .class("badge"), text: t("operator.operator")) }
                h.el("p", .class("muted"), text: "@" + person.username + " · " + person.email)
                if let at = person.suspendedAt {
                    h.el("p") { h in
                        h.text(t("operator.suspended_at") + " ")
                        Parts.timestamp(at, t: t, into: &h)
                        if let reason = person.reason { h.text(": " + reason) }
                    }
                }
            }
            if person.suspended {
                h.el("form", .method("post"), .action("/admin/users/\(person.id.uuidString)/unsuspend")) { h in
                    Parts.csrf(layout.csrf, into: &h)
                    if let back { h.void("input", .type("hidden"), .name("back"), .value(back)) }
                    h.el("button", .type("submit"), .class("button button-secondary"), text: t("operator.unsuspend"))
                }
            } else if !person.isOperator {
                h.el("form", .class("inline-form"), .method("post"), .action("/admin/users/\(person.id.uuidString)/suspend")) { h in
                    Parts.csrf(layout.csrf, into: &h)
                    h.el("label", .class("visually-hidden"), .for("reason-\(person.id)"), text: t("operator.reason"))
                    h.void("input", .id("reason-\(person.id)"), .name("reason"), .type("text"), .attr("placeholder", t("operator.reason")), .flag("required"), .attr("maxlength", "1000"))
                    h.el("button", .type("submit"), .class("button button-danger"), text: t("operator.suspend"))
                }
            }
        }
    }
}

/// `/admin/suspended`: everyone suspended, the latest first, each with the reason and a way back in.
struct SuspendedPeoplePage: PageView {
    let layout: Layout.Model
    let people: [OperatorPage.Person]
    let pagination: Pagination

    func content(_ h: inout HTML) {
        let t = layout.t
        Parts.pageTitle(layout.title, into: &h)
        h.el("p") { $0.el("a", .href("/admin"), text: t("operator.back")) }
        guard !people.isEmpty else {
            Parts.emptyState(title: t("operator.suspended_none.title"), text: t("operator.suspended_none.text"), action: nil, into: &h)
            return
        }
        h.el("ul", .class("rows card")) { h in
            for person in people { OperatorPage.write(person, layout: layout, back: "/admin/suspended", into: &h) }
        }
        Parts.pagination(pagination, t: t, url: { "/admin/suspended?page=\($0)" }, into: &h)
    }
}

/// `/admin/privacy`: the record of processing, made from the privacy registry.
struct OperatorPrivacyPage: PageView {
    struct ObjectionRow: Sendable {
        let id: UUID
        let username: String
        let name: String
        let email: String
        let purpose: Objection.Purpose
        let reason: String
        let at: Date
    }

    let layout: Layout.Model
    let objections: [ObjectionRow]
    let record: SanitizedHTML

    func content(_ h: inout HTML) {
        let t = layout.t
        Parts.pageTitle(layout.title, into: &h)
        h.el("p") { h in
            h.text(t("operator.privacy.lead") + " ")
            h.el("a", .href("/admin"), text: t("operator.back"))
        }
        h.el("section", .class("card"), .id("objections")) { h in
            h.el("h2", text: t("operator.objections.title"))
            guard !objections.isEmpty else {
                h.el("p", .class("muted"), text: t("operator.objections.none"))
                return
            }
            h.el("ul", .class("rows")) { h in
                for row in objections {
                    h.el("li", .class("row")) { h in
                        h.el("div", .class("row-main")) { h in
                            h.el("a", .href("/admin?q=" + row.username), text: row.name)
                            h.el("span", .class("badge"), text: t("privacy.objection.purpose.\(row.purpose.rawValue)"))
                            h.el("p", .class("muted")) { h in
                                h.text("@" + row.username + " · " + row.email + " · ")
                                Parts.timestamp(row.at, t: t, into: &h)
                            }
                            if !row.reason.isEmpty { h.el("p", text: row.reason) }
                            if row.purpose == .statistics { h.el("p", .class("muted"), text: t("operator.objections.statistics_done")) }
                        }
                        h.el("form", .method("post"), .action("/admin/privacy/objections/\(row.id.uuidString)/handled")) { h in
                            Parts.csrf(layout.csrf, into: &h)
                            h.el("button", .type("submit"), .class("button button-secondary"), text: t("operator.objections.mark_handled"))
                        }
                    }
                }
            }
        }
        h.el("section", .class("card prose")) { $0.sanitized(record) }
    }
}
