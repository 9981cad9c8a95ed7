import Fluent
import IGroupsCore
import Vapor

/// The one check of a page form, and the page's newest revision.
enum PageRules {
    static let slugLength = 1...60
    static let reserved: Set<String> = ["new"]
    static let maxBody = 100_000

    /// A page's values once they passed every check.
    struct Values {
        let title: String
        let slug: String
        let body: String
        let position: Int
        let visibility: TextPage.Visibility

        func apply(to page: TextPage) {
            page.title = title
            page.slug = slug
            page.body = body
            page.bodyHTML = Markdown.render(body)
            page.position = position
            page.visibility = visibility
        }
    }

    static func validate(_ form: PagesController.Form, t: Localizer, group: Group, except pageID: UUID?, on db: any Database) async throws -> (Values?, FormErrors) {
        var errors = FormErrors()
        let title = (form.title ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let slug = (form.slug ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let body = form.body ?? ""
        if title.isEmpty { errors.add("title", t("pages.error.title_required")) }
        if title.count > 120 { errors.add("title", t("profile.error.too_long", ["max": "120"])) }
        let allowed = slug.unicodeScalars.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "-" }
        if !slugLength.contains(slug.count) || !allowed || slug.hasPrefix("-") || slug.hasSuffix("-") {
            errors.add("slug", t("pages.error.slug"))
        } else if reserved.contains(slug) {
            errors.add("slug", t("group.error.slug_reserved"))
        } else if let other = try await TextPage.query(on: db).filter(\.$group.$id == group.requireID()).filter(\.$slug == slug).first(), other.id != pageID {
            errors.add("slug", t("pages.error.slug_taken"))
        }
        if body.utf8.count > maxBody { errors.add("body", t("pages.error.body_too_long")) }
        let position = (form.position ?? 1)
        if !(1...999).contains(position) { errors.add("position", t("pages.error.position")) }
        let visibility = TextPage.Visibility(rawValue: form.visibility ?? "")
        if visibility == nil { errors.add("visibility", t("group.error.choose")) }
        guard errors.isEmpty, let visibility else { return (nil, errors) }
        // Only a public group has readers from outside; elsewhere every page is for members.
        let effective: TextPage.Visibility = group.visibility == .public ? visibility : .members
        return (Values(title: title, slug: slug, body: body, position: position - 1, visibility: effective), errors)
    }

    static func latestRevision(of page: TextPage, on db: any Database) async throws -> TextPageRevision? {
        try await TextPageRevision.query(on: db).filter(\.$page.$id == page.requireID()).sort(\.$createdAt, .descending).sort(\.$id, .descending).first()
    }
}
