import Vapor

/// What a visitor sees first: what iGroups is, and the way in.
struct LandingPage: PageView {
    let layout: Layout.Model

    func content(_ h: inout HTML) {
        let t = layout.t
        h.el("section", .class("hero")) { h in
            h.el("h1", text: t("landing.headline"))
            h.el("p", .class("lead"), text: t("landing.lead"))
            h.el("p", .class("actions")) { h in
                h.el("a", .class("button button-primary"), .href("/signup"), text: t("landing.cta"))
                h.el("a", .class("button button-secondary"), .href("/login"), text: t("layout.login"))
            }
        }
        h.el("section", .class("features")) { h in
            for key in ["groups", "private", "danish"] {
                h.el("div", .class("card feature")) { h in
                    h.el("h2", text: t("landing.feature.\(key).title"))
                    h.el("p", text: t("landing.feature.\(key).text"))
                }
            }
        }
    }
}

/// The signed-in front page: my groups.
struct HomePage: PageView {
    struct Row: Sendable {
        let slug: String
        let name: String
        let logo: String?
        let role: Membership.Role
    }

    let layout: Layout.Model
    let name: String
    let groups: [Row]

    func content(_ h: inout HTML) {
        let t = layout.t
        h.el("div", .class("page-title")) { h in
            h.el("h1", text: t("home.greeting", ["name": name]))
            h.el("a", .class("button button-secondary"), .href("/groups"), text: t("home.find_groups"))
        }
        guard !groups.isEmpty else {
            Parts.emptyState(title: t("home.no_groups.title"), text: t("home.no_groups.text"), action: (t("home.no_groups.action"), "/groups"), into: &h)
            return
        }
        h.el("h2", text: t("home.my_groups"))
        h.el("ul", .class("rows card")) { h in
            for group in groups {
                h.el("li", .class("row")) { h in
                    Parts.groupLogo(group.logo, name: group.name, into: &h)
                    h.el("div", .class("row-main")) { h in
                        h.el("a", .href("/g/" + group.slug), text: group.name)
                        h.el("span", .class("badge"), text: t("group.role." + group.role.rawValue))
                    }
                }
            }
        }
    }
}

/// The privacy policy: our own text with the operator's details.
struct PolicyPage: PageView {
    let layout: Layout.Model
    let controller: Settings.Controller
    let version: String

    func content(_ h: inout HTML) {
        let t = layout.t
        h.el("article", .class("card prose")) { h in
            h.el("h1", text: layout.title)
            h.el("p", .class("muted"), text: t("privacy.version", ["version": version]))
            h.el("h2", text: t("privacy.controller.title"))
            h.el("p", text: t("privacy.controller.text"))
            h.el("address") { h in
                h.el("strong", text: controller.name)
                if !controller.address.isEmpty {
                    h.void("br")
                    h.text(controller.address)
                }
                h.void("br")
                h.el("a", .href("mailto:" + controller.email), text: controller.email)
            }
            for section in ["what", "why", "sharing", "retention", "rights", "children", "security", "changes"] {
                h.el("h2", text: t("privacy.\(section).title"))
                h.el("p", text: t("privacy.\(section).text", ["email": controller.email]))
            }
        }
    }
}

/// The cookies the site sets: exactly two.
struct CookiesPage: PageView {
    let layout: Layout.Model
    let sessionCookie: String

    func content(_ h: inout HTML) {
        let t = layout.t
        h.el("article", .class("card prose")) { h in
            h.el("h1", text: layout.title)
            h.el("p", text: t("cookies.lead"))
            h.el("table", .class("table")) { h in
                h.el("thead") { h in
                    h.el("tr") { h in
                        for key in ["name", "purpose", "lifetime"] { h.el("th", .attr("scope", "col"), text: t("cookies.column.\(key)")) }
                    }
                }
                h.el("tbody") { h in
                    for (name, key) in [(sessionCookie, "session"), (Request.languageCookie, "language")] {
                        h.el("tr") { h in
                            h.el("td") { $0.el("code", text: name) }
                            h.el("td", text: t("cookies.\(key).purpose"))
                            h.el("td", text: t("cookies.\(key).lifetime"))
                        }
                    }
                }
            }
            h.el("p", text: t("cookies.none_else"))
        }
    }
}
