import Vapor

/// The sign-up form.
struct SignupPage: PageView {
    let layout: Layout.Model
    let form: SignupController.Form
    let errors: FormErrors

    func content(_ h: inout HTML) {
        let t = layout.t
        Parts.formCard(layout, errors: errors, action: "/signup", submit: t("signup.submit"), lead: t("signup.lead"), into: &h) { h in
            if let next = form.next { h.void("input", .type("hidden"), .name("next"), .value(next)) }
            Parts.field(FormField(name: "username", label: t("account.username"), value: form.username ?? "", hint: t("account.username_hint"), autocomplete: "username", required: true, maxLength: 32), errors: errors, into: &h)
            Parts.field(FormField(name: "name", label: t("account.name"), value: form.name ?? "", autocomplete: "name", required: true, maxLength: 100), errors: errors, into: &h)
            Parts.field(FormField(name: "email", label: t("account.email"), type: "email", value: form.email ?? "", autocomplete: "email", required: true), errors: errors, into: &h)
            Parts.field(FormField(name: "password", label: t("account.password"), type: "password", hint: t("account.password_hint"), autocomplete: "new-password", required: true), errors: errors, into: &h)
            Parts.field(FormField(name: "birthdate", label: t("account.birthdate"), type: "date", value: form.birthdate ?? "", hint: t("signup.birthdate_hint"), autocomplete: "bday", required: true), errors: errors, into: &h)
            h.el("p", .class("hint")) { h in
                h.text(t("signup.policy_intro") + " ")
                h.el("a", .href("/privacy"), text: t("layout.privacy"))
            }
            Parts.checkbox(name: "accept_policy", label: t("signup.accept_policy"), checked: form.acceptPolicy == "on", errors: errors, into: &h)
        } after: { h in
            h.el("p") { h in
                h.text(t("signup.have_account") + " ")
                h.el("a", .href("/login"), text: t("layout.login"))
            }
        }
    }
}
