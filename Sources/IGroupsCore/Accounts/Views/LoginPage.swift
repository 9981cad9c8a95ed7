import Vapor

/// The login form.
struct LoginPage: PageView {
    let layout: Layout.Model
    let form: LoginController.Form
    let errors: FormErrors

    func content(_ h: inout HTML) {
        let t = layout.t
        h.el("section", .class("card narrow")) { h in
            h.el("h1", text: layout.title)
            Parts.errorSummary(errors, t: t, into: &h)
            h.el("form", .method("post"), .action("/login")) { h in
                Parts.csrf(layout.csrf, into: &h)
                h.void("input", .type("hidden"), .name("next"), .value(form.next ?? "/"))
                Parts.field(FormField(name: "login", label: t("login.identifier"), value: form.login ?? "", autocomplete: "username", required: true), errors: errors, into: &h)
                Parts.field(FormField(name: "password", label: t("account.password"), type: "password", autocomplete: "current-password", required: true), errors: errors, into: &h)
                h.el("button", .type("submit"), .class("button button-primary"), text: t("login.submit"))
            }
            h.el("p") { $0.el("a", .href("/password/forgot"), text: t("login.forgot")) }
            h.el("p") { h in
                h.text(t("login.no_account") + " ")
                h.el("a", .href("/signup"), text: t("layout.signup"))
            }
        }
    }
}
