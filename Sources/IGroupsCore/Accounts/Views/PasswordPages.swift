import Vapor

/// Asks for the address to send a reset link to.
struct ForgotPasswordPage: PageView {
    let layout: Layout.Model
    let email: String
    let sent: Bool
    let errors: FormErrors

    func content(_ h: inout HTML) {
        let t = layout.t
        h.el("section", .class("card narrow")) { h in
            h.el("h1", text: layout.title)
            if sent {
                h.el("p", .class("notice notice-success"), .attr("role", "status"), text: t("password.forgot.sent", ["email": email]))
                h.el("p") { $0.el("a", .href("/login"), text: t("password.back_to_login")) }
                return
            }
            h.el("p", text: t("password.forgot.lead"))
            Parts.errorSummary(errors, t: t, into: &h)
            h.el("form", .method("post"), .action("/password/forgot")) { h in
                Parts.csrf(layout.csrf, into: &h)
                Parts.field(FormField(name: "email", label: t("account.email"), type: "email", value: email, autocomplete: "email", required: true), errors: errors, into: &h)
                h.el("button", .type("submit"), .class("button button-primary"), text: t("password.forgot.submit"))
            }
        }
    }
}

/// Chooses a new password with a reset link.
struct ResetPasswordPage: PageView {
    let layout: Layout.Model
    let token: String
    let errors: FormErrors

    func content(_ h: inout HTML) {
        let t = layout.t
        h.el("section", .class("card narrow")) { h in
            h.el("h1", text: layout.title)
            Parts.errorSummary(errors, t: t, into: &h)
            h.el("form", .method("post"), .action("/password/reset/" + token)) { h in
                Parts.csrf(layout.csrf, into: &h)
                Parts.field(FormField(name: "password", label: t("password.new"), type: "password", hint: t("account.password_hint"), autocomplete: "new-password", required: true), errors: errors, into: &h)
                h.el("button", .type("submit"), .class("button button-primary"), text: t("password.reset.submit"))
            }
        }
    }
}
