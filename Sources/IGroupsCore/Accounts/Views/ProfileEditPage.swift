import Vapor

/// The form at `/me`: every field of the account and who may see it.
struct ProfileEditPage: PageView {
    let layout: Layout.Model
    let email: String
    let username: String
    let form: ProfileController.Form
    let errors: FormErrors

    func content(_ h: inout HTML) {
        let t = layout.t
        h.el("div", .class("page-title")) { h in
            h.el("h1", text: layout.title)
            h.el("a", .class("button button-secondary"), .href("/me/avatar"), text: t("avatar.title"))
            h.el("a", .class("button button-secondary"), .href("/u/" + username), text: t("profile.view_public"))
        }
        Parts.errorSummary(errors, t: t, into: &h)
        h.el("form", .class("card"), .method("post"), .action("/me")) { h in
            Parts.csrf(layout.csrf, into: &h)
            h.el("h2", text: t("profile.section.account"))
            h.el("dl", .class("facts")) { h in
                h.el("dt", text: t("account.username"))
                h.el("dd", text: username)
                h.el("dt", text: t("account.email"))
                h.el("dd") { h in
                    h.text(email + " ")
                    h.el("a", .href("/me/email"), text: t("profile.change_email"))
                }
            }
            visibility("email_visibility", label: t("profile.email_visible_to"), selected: form.emailVisibility, into: &h)
            Parts.field(FormField(name: "name", label: t("account.name"), value: form.name ?? "", autocomplete: "name", required: true, maxLength: 100), errors: errors, into: &h)
            Parts.select(name: "language", label: t("profile.language"), options: Language.allCases.map { ($0.rawValue, $0.nativeName) }, selected: form.language ?? t.language.rawValue, errors: errors, into: &h)
            Parts.select(
                name: "time_zone", label: t("profile.time_zone"),
                options: [("", t("profile.time_zone.groups"))] + TimeZone.knownTimeZoneIdentifiers.sorted().map { ($0, $0.replacingOccurrences(of: "_", with: " ")) },
                selected: form.timeZone ?? "", errors: errors, into: &h)

            h.el("h2", text: t("profile.section.optional"))
            h.el("p", .class("hint"), text: t("profile.optional_lead"))
            pair(FormField(name: "address", label: t("profile.address"), type: "textarea", value: form.address ?? "", autocomplete: "street-address", rows: 3), visibilityName: "address_visibility", selected: form.addressVisibility, into: &h)
            pair(FormField(name: "phone", label: t("profile.phone"), type: "tel", value: form.phone ?? "", autocomplete: "tel", maxLength: 40), visibilityName: "phone_visibility", selected: form.phoneVisibility, into: &h)
            pair(FormField(name: "birthdate", label: t("account.birthdate"), type: "date", value: form.birthdate ?? "", hint: t("profile.birthdate_hint"), autocomplete: "bday", required: true), visibilityName: "birthdate_visibility", selected: form.birthdateVisibility, into: &h)
            h.el("div", .class("field-pair")) { h in
                Parts.select(name: "gender", label: t("profile.gender"), options: ProfileController.genders.map { ($0, t("profile.gender." + ($0.isEmpty ? "none" : $0))) }, selected: form.gender ?? "", errors: errors, into: &h)
                visibility("gender_visibility", label: t("profile.visible_to"), selected: form.genderVisibility, into: &h)
            }
            pair(FormField(name: "description", label: t("profile.description"), type: "textarea", value: form.description ?? "", hint: t("profile.description_hint")), visibilityName: "description_visibility", selected: form.descriptionVisibility, into: &h)
            pair(FormField(name: "homepage", label: t("profile.homepage"), type: "url", value: form.homepage ?? "", hint: t("profile.homepage_hint"), autocomplete: "url"), visibilityName: "homepage_visibility", selected: form.homepageVisibility, into: &h)
            h.el("button", .type("submit"), .class("button button-primary"), text: t("profile.save"))
        }
    }

    private func pair(_ field: FormField, visibilityName: String, selected: String?, into h: inout HTML) {
        h.el("div", .class("field-pair")) { h in
            Parts.field(field, errors: errors, into: &h)
            visibility(visibilityName, label: layout.t("profile.visible_to"), selected: selected, into: &h)
        }
    }

    private func visibility(_ name: String, label: String, selected: String?, into h: inout HTML) {
        let t = layout.t
        Parts.select(name: name, label: label, options: Visibility.allCases.map { ($0.rawValue, t("visibility." + $0.rawValue)) }, selected: selected ?? Visibility.private.rawValue, errors: errors, into: &h)
    }
}
