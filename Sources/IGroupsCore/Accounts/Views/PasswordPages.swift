import Vapor

/// Asks for the address to send a reset link to.
struct ForgotPasswordPage: PageView {
    let layout: Layout.Model
    let email: String
    let sent: Bool
    let errors: FormErrors

    func content(_ h: inout HTML) {
        let t = layout.t
        guard !sent else {
            h.el("section", .class("card narrow")) { h in
                h.el("h1", text: layout.title)
                h.el("p", .class("notice notice-success"), .attr("role", "status"), text: t("password.forgot.sent", ["email": email]))
                h.el("p") { $0.el("a", .href("/login"), text: t("password.back_to_login")) }
            }
            return
        }
        Parts.formCard(layout, errors: errors, action: "/password/forgot", submit: t("password.forgot.submit"), lead: t("password.forgot.lead"), into: &h) { h in
            Parts.field(FormField(name: "email", label: t("account.email"), type: "email", value: email, autocomplete: "email", required: true), errors: errors, into: &h)
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
        Parts.formCard(layout, errors: errors, action: "/password/reset/" + token, submit: t("password.reset.submit"), into: &h) { h in
            Parts.field(FormField(name: "password", label: t("password.new"), type: "password", hint: t("account.password_hint"), autocomplete: "new-password", required: true), errors: errors, into: &h)
        }
    }
}
