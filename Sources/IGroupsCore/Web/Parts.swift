import Foundation

/// The small reusable parts of every page (UI.md).
package enum Parts {
    /// The hidden field that proves a form came from this site in this browser.
    package static func csrf(_ token: String, into h: inout HTML) {
        h.void("input", .type("hidden"), .name(CSRF.fieldName), .value(token))
    }

    /// A form that sends files, with `/js/app.js` on top: it shows how far the upload has come, names at
    /// once a file larger than the limit per file or than the room the group has left, and puts the page
    /// that answers in place of this one (or follows it where it sends on). Without the script the form
    /// posts as usual. The CSRF token goes in the address, so the server need not read a large body to
    /// check it.
    package static func uploadForm(
        action: String, csrf: String, maxFile: Int, spaceLeft: Int = .max, submit: String, submitDisabled: Bool = false, t: Localizer,
        into h: inout HTML, fields: (inout HTML) -> Void
    ) {
        let target = action + (action.contains("?") ? "&" : "?") + CSRF.fieldName + "=" + csrf
        let tooLarge = spaceLeft < maxFile
            ? t("upload.error.over_quota", ["max": UploadLimits.describe(spaceLeft)])
            : t("upload.error.file_too_large", ["name": "{name}", "max": UploadLimits.describe(maxFile)])
        h.element("form", [
            .method("post"), .action(target), .attr("enctype", "multipart/form-data"), .flag("novalidate"), .class("upload-form"), .attr("data-upload", ""),
            .attr("data-max-file", String(min(maxFile, spaceLeft))), .attr("data-too-large", tooLarge),
            .attr("data-progress", t("upload.progress", ["percent": "{percent}"])), .attr("data-failed", t("upload.failed")),
        ]) { h in
            fields(&h)
            h.el("div", .class("upload-status"), .attr("aria-live", "polite")) { h in
                h.el("progress", .class("upload-progress"), .attr("max", "100"), .value("0"), .aria("label", t("upload.progress_label")), .flag("hidden")) { _ in }
                h.el("p", .class("upload-message muted"), text: "")
            }
            h.el("button", .type("submit"), .class("button button-primary"), .flag("disabled", submitDisabled), text: submit)
        }
    }

    /// The first letters of the first two words of a name, in capitals; "?" for none.
    package static func initials(_ name: String) -> String {
        var result = ""
        var count = 0
        var atWordStart = true
        for scalar in name.unicodeScalars {
            if scalar == " " {
                atWordStart = true
            } else if atWordStart {
                if scalar.isASCII {
                    // a–z to A–Z without a detour through Unicode case tables.
                    let value = UInt8(scalar.value)
                    result.unicodeScalars.append(Unicode.Scalar(value >= 97 && value <= 122 ? value - 32 : value))
                } else {
                    result += String(scalar).uppercased()
                }
                count += 1
                if count == 2 { break }
                atWordStart = false
            }
        }
        return result.isEmpty ? "?" : result
    }

    /// A round avatar with the person's initials.
    package static func avatar(name: String, size: String = "small", into h: inout HTML) {
        h.el("span", .class(size == "small" ? "avatar avatar-small" : "avatar avatar-\(size)"), .aria("hidden", "true"), text: initials(name))
    }

    /// A group's logo, or its initials while it has none; decorative, as the group's name is always beside it.
    package static func groupLogo(_ url: String?, name: String, size: String = "small", into h: inout HTML) {
        guard let url else { return avatar(name: name, size: size, into: &h) }
        let pixels = size == "large" ? "72" : "32"
        h.void("img", .src(url), .attr("alt", ""), .class("group-logo avatar-\(size)"), .attr("width", pixels), .attr("height", pixels))
    }

    /// A page heading with an optional primary action beside it.
    package static func pageTitle(_ title: String, into h: inout HTML) {
        h.el("div", .class("page-title")) { h in
            h.el("h1", text: title)
        }
    }

    /// An empty state: what this place is for and the first thing to do.
    package static func emptyState(title: String, text: String, action: (label: String, href: String)?, into h: inout HTML) {
        h.el("div", .class("empty-state")) { h in
            h.el("h2", text: title)
            h.el("p", text: text)
            if let action {
                h.el("a", .class("button button-primary"), .href(action.href), text: action.label)
            }
        }
    }

    /// A time in UTC as `2026-11-27T09:05:00Z`, written without a formatter.
    package static func iso8601(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var text = [UInt8](repeating: 0, count: 20)
        func put(_ value: Int32, at offset: Int, digits: Int) {
            var value = value
            for position in stride(from: offset + digits - 1, through: offset, by: -1) {
                text[position] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
        }
        put(parts.tm_year + 1900, at: 0, digits: 4)
        put(parts.tm_mon + 1, at: 5, digits: 2)
        put(parts.tm_mday, at: 8, digits: 2)
        put(parts.tm_hour, at: 11, digits: 2)
        put(parts.tm_min, at: 14, digits: 2)
        put(parts.tm_sec, at: 17, digits: 2)
        for (offset, mark) in [(4, "-"), (7, "-"), (10, "T"), (13, ":"), (16, ":"), (19, "Z")] as [(Int, Unicode.Scalar)] { text[offset] = UInt8(ascii: mark) }
        return String(decoding: text, as: UTF8.self)
    }

    /// A time shown in words, with the exact value in `datetime`.
    package static func timestamp(_ date: Date, t: Localizer, into h: inout HTML) {
        let text = t.dateTime(date)
        h.el("time", .attr("datetime", iso8601(date)), .attr("title", text), text: text)
    }
}

/// What is wrong with a submitted form: a message per field, already translated.
package struct FormErrors: Sendable {
    package private(set) var messages: [(field: String, message: String)] = []

    package init() {}

    package var isEmpty: Bool { messages.isEmpty }

    package mutating func add(_ field: String, _ message: String) {
        guard self[field] == nil else { return }
        messages.append((field, message))
    }

    package subscript(field: String) -> String? {
        messages.first { $0.field == field }?.message
    }
}

/// One form field as UI.md describes it: label, input, hint and error, linked for screen readers.
package struct FormField: Sendable {
    package var name: String
    package var label: String
    package var type: String = "text"
    package var value: String = ""
    package var hint: String?
    package var autocomplete: String?
    package var required: Bool = false
    package var maxLength: Int?
    package var rows: Int = 6
    /// The file types a file input offers to choose.
    package var accept: String?

    package init(name: String, label: String, type: String = "text", value: String = "", hint: String? = nil, autocomplete: String? = nil, required: Bool = false, maxLength: Int? = nil, rows: Int = 6, accept: String? = nil) {
        self.name = name
        self.label = label
        self.type = type
        self.value = value
        self.hint = hint
        self.autocomplete = autocomplete
        self.required = required
        self.maxLength = maxLength
        self.rows = rows
        self.accept = accept
    }
}

extension Parts {
    /// Writes a labelled input with its hint and error.
    package static func field(_ field: FormField, errors: FormErrors, into h: inout HTML) {
        let error = errors[field.name]
        let id = "field-" + field.name
        let describedBy = [field.hint == nil ? nil : id + "-hint", error == nil ? nil : id + "-error"].compactMap { $0 }.joined(separator: " ")
        h.el("div", .class(error == nil ? "field" : "field field-invalid")) { h in
            h.el("label", .for(id), text: field.label)
            if let hint = field.hint { h.el("p", .class("hint"), .id(id + "-hint"), text: hint) }
            if let error { h.el("p", .class("field-error"), .id(id + "-error"), text: error) }
            let common: [Attr] = [
                .id(id), .name(field.name),
                .flag("required", field.required),
                .aria("invalid", error == nil ? "false" : "true"),
                describedBy.isEmpty ? .flag("", false) : .aria("describedby", describedBy),
                field.autocomplete.map { .attr("autocomplete", $0) } ?? .flag("", false),
                field.maxLength.map { .attr("maxlength", String($0)) } ?? .flag("", false),
            ]
            if field.type == "textarea" {
                h.element("textarea", common + [.attr("rows", String(field.rows))]) { $0.text(field.value) }
            } else if field.type == "file" {
                h.voidElement("input", common + [.type("file"), field.accept.map { .attr("accept", $0) } ?? .flag("", false)])
            } else {
                h.voidElement("input", common + [.type(field.type), .value(field.type == "password" ? "" : field.value)])
            }
        }
    }

    /// A select box with its label and error.
    package static func select(name: String, label: String, options: [(value: String, label: String)], selected: String, errors: FormErrors, into h: inout HTML) {
        let id = "field-" + name
        let error = errors[name]
        h.el("div", .class(error == nil ? "field" : "field field-invalid")) { h in
            h.el("label", .for(id), text: label)
            if let error { h.el("p", .class("field-error"), .id(id + "-error"), text: error) }
            h.el("select", .id(id), .name(name), error == nil ? .flag("", false) : .aria("describedby", id + "-error")) { h in
                for option in options {
                    h.el("option", .value(option.value), .flag("selected", option.value == selected), text: option.label)
                }
            }
        }
    }

    /// A checkbox with its label and error.
    package static func checkbox(name: String, label: String, checked: Bool, errors: FormErrors, into h: inout HTML) {
        let id = "field-" + name
        let error = errors[name]
        h.el("div", .class(error == nil ? "field field-check" : "field field-check field-invalid")) { h in
            if let error { h.el("p", .class("field-error"), .id(id + "-error"), text: error) }
            h.void("input", .type("checkbox"), .id(id), .name(name), .value("on"), .flag("checked", checked), .aria("invalid", error == nil ? "false" : "true"), error == nil ? .flag("", false) : .aria("describedby", id + "-error"))
            h.el("label", .for(id), text: label)
        }
    }

    /// The list of errors at the top of a form, focused and announced.
    package static func errorSummary(_ errors: FormErrors, t: Localizer, into h: inout HTML) {
        guard !errors.isEmpty else { return }
        h.el("div", .class("error-summary"), .attr("role", "alert"), .attr("tabindex", "-1")) { h in
            h.el("h2", text: t("form.error_summary"))
            h.el("ul") { h in
                for (field, message) in errors.messages {
                    h.el("li") { $0.el("a", .href("#field-" + field), text: message) }
                }
            }
        }
    }
}

extension Parts {
    /// The frame of a single-form page: a narrow card with the title, an optional lead, the error
    /// summary, and a form that posts with the CSRF token and ends in its submit button.
    /// A form with `uploads` sends files: its body is multipart, so the CSRF token goes in the action's query.
    /// On a page that has its title already, the card is a section under it with its own `heading`.
    package static func formCard(
        _ layout: Layout.Model, errors: FormErrors, action: String, submit: String, heading: String? = nil, lead: String? = nil, uploads: Bool = false,
        into h: inout HTML, fields: (inout HTML) -> Void, after: (inout HTML) -> Void = { _ in }
    ) {
        h.el("section", .class("card narrow")) { h in
            if let heading { h.el("h2", text: heading) } else { h.el("h1", text: layout.title) }
            if let lead { h.el("p", text: lead) }
            errorSummary(errors, t: layout.t, into: &h)
            let target = uploads ? action + (action.contains("?") ? "&" : "?") + CSRF.fieldName + "=" + layout.csrf : action
            h.el("form", .method("post"), .action(target), .flag("novalidate"), uploads ? .attr("enctype", "multipart/form-data") : .flag("", false)) { h in
                csrf(layout.csrf, into: &h)
                fields(&h)
                h.el("button", .type("submit"), .class("button button-primary"), text: submit)
            }
            after(&h)
        }
    }
}
