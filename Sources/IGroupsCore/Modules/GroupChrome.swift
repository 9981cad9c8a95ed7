import Fluent
import Vapor

/// What every page inside a group shows above its content: the group's name and its module menu.
package struct GroupChrome: Sendable {
    package let slug: String
    package let name: String
    package let menu: [(id: String, name: String)]
    package let current: String?
    package let isAdmin: Bool
    /// Whether the viewer may read the group's content, and so search it.
    package let mayRead: Bool

    /// The menu from module states the page has already read (`GroupModules.states`).
    package init(_ context: GroupContext, states: [ModuleState], current: String?, t: Localizer) {
        slug = context.group.slug
        name = context.group.name
        menu = states.filter(\.enabled).map { ($0.id, t($0.nameKey)) }
        self.current = current
        isAdmin = context.mayAdminister
        mayRead = context.mayRead
    }

    /// Writes the group's name and menu, and a search box for those who may read the group
    /// (the search page has its own).
    package func write(t: Localizer, into h: inout HTML) {
        h.el("nav", .class("group-menu"), .aria("label", t("group.menu", ["group": name]))) { h in
            h.el("a", .class("group-menu-name"), .href("/g/" + slug), text: name)
            for item in menu {
                h.el("a", .href("/g/\(slug)/\(item.id)"), item.id == current ? .aria("current", "page") : .flag("", false), text: item.name)
            }
            if isAdmin {
                h.el("a", .href("/g/\(slug)/admin"), current == "admin" ? .aria("current", "page") : .flag("", false), text: t("group.settings.title"))
            }
            if mayRead, current != "search" {
                h.el("form", .class("group-search"), .method("get"), .action("/g/\(slug)/search"), .attr("role", "search")) { h in
                    h.void("input", .type("search"), .name("q"), .aria("label", t("search.label", ["group": name])), .attr("maxlength", String(SearchIndex.maxQueryLength)))
                    h.el("button", .type("submit"), .class("button button-secondary"), text: t("search.submit"))
                }
            }
        }
    }
}
