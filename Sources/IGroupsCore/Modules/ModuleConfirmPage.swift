import Vapor

/// The page every module shows before it destroys something: what will happen, one button, a way back.
package struct ModuleConfirmPage: PageView {
    package let layout: Layout.Model
    package let chrome: GroupChrome
    package let lead: String
    /// Where the button posts.
    package let action: String
    package let submit: String
    package let cancel: String

    package init(layout: Layout.Model, chrome: GroupChrome, lead: String, action: String, submit: String, cancel: String) {
        self.layout = layout
        self.chrome = chrome
        self.lead = lead
        self.action = action
        self.submit = submit
        self.cancel = cancel
    }

    package func content(_ h: inout HTML) {
        let t = layout.t
        chrome.write(t: t, into: &h)
        h.el("section", .class("card narrow")) { h in
            h.el("h1", text: layout.title)
            h.el("p", text: lead)
            h.el("form", .method("post"), .action(action)) { h in
                Parts.csrf(layout.csrf, into: &h)
                h.el("button", .type("submit"), .class("button button-danger"), text: submit)
            }
            h.el("p") { $0.el("a", .href(cancel), text: t("group.delete.cancel")) }
        }
    }
}
