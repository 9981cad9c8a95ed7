import IGroupsCore
import Vapor

/// Writing a page, with a preview that works without JavaScript and follows the typing with it.
struct PageEdit: PageView {
    let layout: Layout.Model
    let chrome: GroupChrome
    let form: PagesController.Form
    /// "new" or "<slug>/edit", under the module's path.
    let action: String
    let errors: FormErrors
    let preview: SanitizedHTML?
    let groupIsPublic: Bool

    func content(_ h: inout HTML) {
        let t = layout.t
        chrome.write(t: t, into: &h)
        // Drawn by the server after the preview button; JavaScript shows it and keeps it current while typing.
        h.el("section", .class("card preview"), .aria("label", t("pages.preview")), .flag("hidden", preview == nil), .attr("data-live-preview-failed", t("pages.preview_failed")), .attr("data-live-preview-too-long", t("pages.error.body_too_long"))) { h in
            h.el("p", .class("badge"), text: t("pages.preview"))
            h.el("h1", text: form.title ?? "")
            h.el("div", .class("prose")) { h in
                if let preview { h.sanitized(preview) }
            }
            h.el("p", .class("preview-status"), .attr("role", "status")) { _ in }
        }
        h.el("section", .class("card")) { h in
            h.el("h1", text: layout.title)
            Parts.errorSummary(errors, t: t, into: &h)
            h.el("form", .method("post"), .action("/g/\(chrome.slug)/pages/\(action)"), .attr("data-live-preview", "/g/\(chrome.slug)/pages/preview")) { h in
                Parts.csrf(layout.csrf, into: &h)
                if let base = form.base { h.void("input", .type("hidden"), .name("base"), .value(base)) }
                Parts.field(FormField(name: "title", label: t("pages.field.title"), value: form.title ?? "", required: true, maxLength: 120), errors: errors, into: &h)
                Parts.field(FormField(name: "slug", label: t("pages.field.slug"), value: form.slug ?? "", hint: t("pages.field.slug_hint"), required: true, maxLength: 60), errors: errors, into: &h)
                Parts.field(FormField(name: "body", label: t("pages.field.body"), type: "textarea", value: form.body ?? "", hint: t("profile.description_hint"), rows: 16), errors: errors, into: &h)
                Parts.field(FormField(name: "position", label: t("pages.field.position"), type: "number", value: String(form.position ?? 1), hint: t("pages.field.position_hint")), errors: errors, into: &h)
                if groupIsPublic {
                    Parts.select(name: "visibility", label: t("pages.field.visibility"), options: TextPage.Visibility.allCases.map { ($0.rawValue, t("pages.visibility." + $0.rawValue)) }, selected: form.visibility ?? "members", errors: errors, into: &h)
                } else {
                    h.void("input", .type("hidden"), .name("visibility"), .value(TextPage.Visibility.members.rawValue))
                }
                h.el("p", .class("actions-row")) { h in
                    h.el("button", .type("submit"), .class("button button-primary"), text: t("pages.save"))
                    h.el("button", .type("submit"), .name("preview"), .value("1"), .class("button button-secondary"), text: t("pages.preview_button"))
                }
            }
        }
    }
}
