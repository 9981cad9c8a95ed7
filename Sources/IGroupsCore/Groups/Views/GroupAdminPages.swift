import Vapor

/// The settings form of a group, with the way to delete it for the owner.
struct GroupSettingsPage: PageView {
    let layout: Layout.Model
    let slug: String
    /// The current logo's address, if there is one.
    let logo: String?
    let form: GroupsController.Form
    let errors: FormErrors
    let isOwner: Bool

    func content(_ h: inout HTML) {
        let t = layout.t
        Parts.formCard(layout, errors: errors, action: "/g/\(slug)/admin", submit: t("group.settings.save"), uploads: true, into: &h) { h in
            GroupFormFields.write(form, errors: errors, t: t, into: &h)
            if let logo {
                h.el("div", .class("field current-logo")) { h in
                    h.void("img", .src(logo), .attr("alt", t("group.logo.current")), .class("group-logo"), .attr("width", "72"), .attr("height", "72"))
                }
                Parts.checkbox(name: "remove_logo", label: t("group.logo.remove"), checked: form.removeLogo != nil, errors: errors, into: &h)
            }
        } after: { h in
            h.el("p") { h in
                h.el("a", .href("/g/\(slug)/admin/members"), text: t("group.members.title"))
                h.text(" · ")
                h.el("a", .href("/g/\(slug)/admin/invitations"), text: t("group.invitations.title"))
                h.text(" · ")
                h.el("a", .href("/g/\(slug)/admin/modules"), text: t("group.modules.title"))
                h.text(" · ")
                h.el("a", .href("/g/\(slug)/admin/plan"), text: t("billing.plan.title"))
                h.text(" · ")
                h.el("a", .href("/g/\(slug)"), text: t("group.back"))
            }
        }
        if isOwner {
            h.el("section", .class("card narrow danger-zone")) { h in
                h.el("h2", text: t("group.delete.title"))
                h.el("p", text: t("group.delete.lead"))
                h.el("a", .class("button button-danger"), .href("/g/\(slug)/admin/delete"), text: t("group.delete.title"))
            }
        }
    }
}

/// The fields a group's form shares between creating and editing.
enum GroupFormFields {
    static func write(_ form: GroupsController.Form, errors: FormErrors, t: Localizer, into h: inout HTML) {
        Parts.field(FormField(name: "name", label: t("group.name"), value: form.name ?? "", required: true, maxLength: 80), errors: errors, into: &h)
        Parts.field(FormField(name: "slug", label: t("group.slug"), value: form.slug ?? "", hint: t("group.slug_hint"), required: true, maxLength: 40), errors: errors, into: &h)
        Parts.field(FormField(name: "description", label: t("group.description"), type: "textarea", value: form.description ?? "", hint: t("profile.description_hint")), errors: errors, into: &h)
        Parts.select(name: "visibility", label: t("group.visibility"), options: Group.Visibility.allCases.map { ($0.rawValue, t("group.visibility." + $0.rawValue + ".explained")) }, selected: form.visibility ?? "", errors: errors, into: &h)
        Parts.select(name: "join_policy", label: t("group.join_policy"), options: Group.JoinPolicy.allCases.map { ($0.rawValue, t("group.join_policy." + $0.rawValue)) }, selected: form.joinPolicy ?? "", errors: errors, into: &h)
        Parts.select(name: "time_zone", label: t("group.time_zone"), options: TimeZone.knownTimeZoneIdentifiers.sorted().map { ($0, $0.replacingOccurrences(of: "_", with: " ")) }, selected: form.timeZone ?? Group.defaultTimeZone, errors: errors, into: &h)
        Parts.field(FormField(name: "logo", label: t("group.logo"), type: "file", hint: t("group.logo.hint"), accept: "image/jpeg,image/png,image/gif,image/webp"), errors: errors, into: &h)
    }
}

/// The page that confirms deleting a group by typing its address, for its owner or the operator.
struct GroupDeletePage: PageView {
    let layout: Layout.Model
    let slug: String
    let name: String
    /// Where the form posts, and where cancelling leads.
    let action: String
    let cancel: String
    let errors: FormErrors

    func content(_ h: inout HTML) {
        let t = layout.t
        Parts.formCard(layout, errors: errors, action: action, submit: t("group.delete.submit"), lead: t("group.delete.warning", ["name": name]), into: &h) { h in
            Parts.field(FormField(name: "confirm", label: t("group.delete.confirm", ["slug": slug]), autocomplete: "off", required: true), errors: errors, into: &h)
        } after: { h in
            h.el("p") { $0.el("a", .href(cancel), text: t("group.delete.cancel")) }
        }
    }
}
