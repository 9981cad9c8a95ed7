import Vapor

/// The login form.
struct LoginPage: PageView {
    let layout: Layout.Model
    let form: LoginController.Form
    let errors: FormErrors

    func content(_ h: inout HTML) {
        let t = layout.t
        Parts.formCard(layout, errors: errors, action: "/login", submit: t("login.submit"), into: &h) { h in
            h.void("input", .type("hidden"), .name("next"), .value(form.next ?? "/"))
            Parts.field(FormField(name: "login", label: t("login.identifier"), value: form.login ?? "", autocomplete: "username", required: true), errors: errors, into: &h)
            Parts.field(FormField(name: "password", label: t("account.password"), type: "password", autocomplete: "current-password", required: true), errors: errors, into: &h)
        } after: { h in
            h.el("p") { $0.el("a", .href("/password/forgot"), text: t("login.forgot")) }
            h.el("p") { h in
                h.text(t("login.no_account") + " ")
                h.el("a", .href("/signup"), text: t("layout.signup"))
            }
        }
    }
}
