import IGroupsCore
import Vapor

/// The collection, by category in the admins' order; links without a category last.
struct LinkList: PageView {
    struct Link: Sendable {
        let id: UUID
        let categoryID: UUID?
        let title: String
        let url: String
        let description: String
        let addedBy: (name: String, username: String)?
        let added: Date
        let mayChange: Bool
    }

    let layout: Layout.Model
    let chrome: GroupChrome
    let categories: [(id: UUID, name: String)]
    let links: [Link]
    let mayAdd: Bool
    let mayOrganise: Bool

    func content(_ h: inout HTML) {
        let t = layout.t
        let base = "/g/\(chrome.slug)/links"
        chrome.write(t: t, into: &h)
        h.el("div", .class("page-title")) { h in
            h.el("h1", text: layout.title)
            if mayOrganise { h.el("a", .class("button button-secondary"), .href(base + "/categories"), text: t("links.categories")) }
            if mayAdd { h.el("a", .class("button button-primary"), .href(base + "/new"), text: t("links.new")) }
        }
        guard !links.isEmpty else {
            Parts.emptyState(title: t("links.empty.title"), text: t("links.empty.text"), action: mayAdd ? (t("links.new"), base + "/new") : nil, into: &h)
            return
        }
        let known = Set(categories.map(\.id))
        var sections: [(name: String, links: [Link])] = categories.map { category in (category.name, links.filter { $0.categoryID == category.id }) }
        sections.append((t("links.uncategorised"), links.filter { $0.categoryID.map { !known.contains($0) } ?? true }))
        for section in sections where !section.links.isEmpty {
            h.el("section", .class("card")) { h in
                h.el("h2", text: section.name)
                h.el("ul", .class("rows")) { h in
                    for link in section.links { write(link, base: base, into: &h) }
                }
            }
        }
    }

    private func write(_ link: Link, base: String, into h: inout HTML) {
        let t = layout.t
        h.el("li", .class("row"), .id("link-\(link.id.uuidString)")) { h in
            h.el("div", .class("row-main")) { h in
                h.el("a", .href(link.url), .attr("rel", "nofollow ugc noopener noreferrer"), text: link.title)
                h.el("p", .class("muted small"), text: link.url)
                if !link.description.isEmpty { h.el("p", text: link.description) }
                h.el("p", .class("muted")) { h in
                    if let by = link.addedBy {
                        h.text(t("links.added_by") + " ")
                        h.el("a", .href("/u/" + by.username), text: by.name)
                        h.text(" · ")
                    }
                    Parts.timestamp(link.added, t: t, into: &h)
                }
            }
            if link.mayChange {
                h.el("a", .class("button button-secondary"), .href("\(base)/\(link.id.uuidString)/edit"), text: t("links.edit"))
                h.el("a", .class("button button-danger"), .href("\(base)/\(link.id.uuidString)/delete"), text: t("links.delete"))
            }
        }
    }
}

/// Adding or changing a link.
struct LinkEdit: PageView {
    let layout: Layout.Model
    let chrome: GroupChrome
    let form: LinksController.Form
    /// "new" or "<id>/edit", under the module's path.
    let action: String
    let categories: [(id: UUID, name: String)]
    let errors: FormErrors

    func content(_ h: inout HTML) {
        let t = layout.t
        chrome.write(t: t, into: &h)
        Parts.formCard(layout, errors: errors, action: "/g/\(chrome.slug)/links/\(action)", submit: t("links.save"), lead: t("links.lead"), into: &h) { h in
            Parts.field(FormField(name: "title", label: t("links.field.title"), value: form.title ?? "", required: true, maxLength: 200), errors: errors, into: &h)
            Parts.field(FormField(name: "url", label: t("links.field.url"), type: "url", value: form.url ?? "", hint: t("links.field.url_hint"), required: true, maxLength: 2000), errors: errors, into: &h)
            Parts.field(FormField(name: "description", label: t("links.field.description"), type: "textarea", value: form.description ?? "", maxLength: 1000, rows: 3), errors: errors, into: &h)
            if !categories.isEmpty {
                Parts.select(name: "category", label: t("links.field.category"), options: [("", t("links.uncategorised"))] + categories.map { ($0.id.uuidString, $0.name) }, selected: form.category ?? "", errors: errors, into: &h)
            }
        } after: { h in
            h.el("p") { $0.el("a", .href("/g/\(chrome.slug)/links"), text: t("group.delete.cancel")) }
        }
    }
}

/// The admins' list of categories: add, rename, move, delete.
struct LinkCategories: PageView {
    let layout: Layout.Model
    let chrome: GroupChrome
    let categories: [(id: UUID, name: String)]
    let name: String
    let errors: FormErrors

    func content(_ h: inout HTML) {
        let t = layout.t
        let base = "/g/\(chrome.slug)/links/categories"
        chrome.write(t: t, into: &h)
        Parts.pageTitle(layout.title, into: &h)
        Parts.errorSummary(errors, t: t, into: &h)
        h.el("section", .class("card")) { h in
            if categories.isEmpty { h.el("p", .class("muted"), text: t("links.categories_none")) }
            h.el("ul", .class("rows")) { h in
                for (index, category) in categories.enumerated() {
                    h.el("li", .class("row")) { h in
                        h.el("form", .class("inline-form row-main"), .method("post"), .action("\(base)/\(category.id.uuidString)/edit")) { h in
                            Parts.csrf(layout.csrf, into: &h)
                            h.el("label", .class("visually-hidden"), .for("name-\(category.id)"), text: t("links.category_name"))
                            h.void("input", .id("name-\(category.id)"), .name("name"), .value(category.name), .attr("maxlength", "80"))
                            h.el("button", .type("submit"), .class("button button-secondary"), text: t("links.rename"))
                        }
                        for (direction, label, possible) in [("up", "links.move_up", index > 0), ("down", "links.move_down", index < categories.count - 1)] where possible {
                            h.el("form", .method("post"), .action("\(base)/\(category.id.uuidString)/move")) { h in
                                Parts.csrf(layout.csrf, into: &h)
                                h.void("input", .type("hidden"), .name("direction"), .value(direction))
                                h.el("button", .type("submit"), .class("button button-secondary"), .aria("label", t(label) + ": " + category.name), text: t(label))
                            }
                        }
                        h.el("a", .class("button button-danger"), .href("\(base)/\(category.id.uuidString)/delete"), text: t("links.delete"))
                    }
                }
            }
        }
        Parts.formCard(layout, errors: FormErrors(), action: base, submit: t("links.category_add"), heading: t("links.category_new"), into: &h) { h in
            Parts.field(FormField(name: "name", label: t("links.category_name"), value: name, required: true, maxLength: 80), errors: errors, into: &h)
        } after: { h in
            h.el("p") { $0.el("a", .href("/g/\(chrome.slug)/links"), text: t("links.back")) }
        }
    }
}
