import Foundation

/// A mail's subject and both bodies, made in the recipient's language.
package struct MailContent: Sendable {
    package var subject: String
    package var text: String
    package var html: String
}

/// A mail the product sends: a greeting, paragraphs, an optional button link, a closing line.
package struct MailTemplate: Sendable {
    package var subjectKey: String
    package var values: [String: String]
    package var paragraphKeys: [String]
    package var action: (labelKey: String, url: String)?

    package init(subjectKey: String, values: [String: String] = [:], paragraphKeys: [String], action: (labelKey: String, url: String)? = nil) {
        self.subjectKey = subjectKey
        self.values = values
        self.paragraphKeys = paragraphKeys
        self.action = action
    }

    /// Writes the plain-text and HTML parts.
    package func render(_ t: Localizer, settings: Settings) -> MailContent {
        let subject = t(subjectKey, values)
        let greeting = t("mail.greeting", values)
        let paragraphs = paragraphKeys.map { t($0, values) }
        let closing = t("mail.closing", ["site": settings.controller.name])

        var text = greeting + "\n\n" + paragraphs.joined(separator: "\n\n")
        if let action { text += "\n\n\(t(action.labelKey, values)):\n\(action.url)" }
        text += "\n\n" + closing + "\n"

        var h = HTML(capacity: 2_048)
        h.doctype()
        h.el("html", .attr("lang", t.language.rawValue)) { h in
            h.el("body", .attr("style", "font-family: system-ui, sans-serif; line-height: 1.5; color: #1a1a1a; max-width: 36rem")) { h in
                h.el("p", text: greeting)
                for paragraph in paragraphs { h.el("p", text: paragraph) }
                if let action {
                    h.el("p") { h in
                        h.el("a", .href(action.url), .attr("style", "display: inline-block; padding: 10px 16px; background: #1d4ed8; color: #ffffff; border-radius: 6px; text-decoration: none"), text: t(action.labelKey, values))
                    }
                    h.el("p", .attr("style", "font-size: 14px; color: #555555"), text: action.url)
                }
                h.el("p", text: closing)
            }
        }
        return MailContent(subject: subject, text: text, html: h.output)
    }
}
