import Vapor

/// The modules of a group with a switch, a place in the menu, and whether members may write.
struct GroupModulesPage: PageView {
    let layout: Layout.Model
    let chrome: GroupChrome
    let states: [ModuleState]

    func content(_ h: inout HTML) {
        let t = layout.t
        chrome.write(t: t, into: &h)
        h.el("section", .class("card")) { h in
            h.el("h1", text: layout.title)
            h.el("p", text: t("group.modules.lead"))
            h.el("form", .method("post"), .action("/g/\(chrome.slug)/admin/modules")) { h in
                Parts.csrf(layout.csrf, into: &h)
                h.el("table", .class("table")) { h in
                    h.el("thead") { h in
                        h.el("tr") { h in
                            for key in ["module", "on", "position", "members_write"] { h.el("th", .attr("scope", "col"), text: t("group.modules.column.\(key)")) }
                        }
                    }
                    h.el("tbody") { h in
                        for state in states {
                            h.el("tr") { h in
                                h.el("td", text: t(state.nameKey))
                                h.el("td") { h in
                                    h.void("input", .type("checkbox"), .name("enabled_" + state.id), .id("enabled-" + state.id), .value("on"), .flag("checked", state.enabled), .aria("label", t("group.modules.on_label", ["module": t(state.nameKey)])))
                                }
                                h.el("td") { h in
                                    h.void("input", .type("number"), .name("position_" + state.id), .attr("min", "1"), .attr("max", "99"), .value(String(state.position + 1)), .class("narrow-input"), .aria("label", t("group.modules.position_label", ["module": t(state.nameKey)])))
                                }
                                h.el("td") { h in
                                    h.void("input", .type("checkbox"), .name("members_write_" + state.id), .value("on"), .flag("checked", state.membersWrite), .aria("label", t("group.modules.members_write_label", ["module": t(state.nameKey)])))
                                }
                            }
                        }
                    }
                }
                h.el("button", .type("submit"), .class("button button-primary"), text: t("group.modules.save"))
            }
        }
    }
}
