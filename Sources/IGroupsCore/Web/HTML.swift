import Foundation

/// Writes HTML straight into one string buffer; every text and attribute value is escaped.
package struct HTML: Sendable {
    package private(set) var output: String

    package init(capacity: Int = 8_192) {
        output = ""
        output.reserveCapacity(capacity)
    }

    /// Writes text, escaped.
    package mutating func text(_ value: String) {
        HTML.escape(value, into: &output)
    }

    /// Writes an element with attributes and a body.
    package mutating func el(_ tag: StaticString, _ attributes: Attr..., body: (inout HTML) -> Void) {
        open(tag, attributes)
        body(&self)
        output += "</\(tag)>"
    }

    /// Writes an element whose whole body is one escaped text.
    package mutating func el(_ tag: StaticString, _ attributes: Attr..., text: String) {
        open(tag, attributes)
        HTML.escape(text, into: &output)
        output += "</\(tag)>"
    }

    /// Writes a void element such as `input`, `meta` or `br`.
    package mutating func void(_ tag: StaticString, _ attributes: Attr...) {
        open(tag, attributes)
    }

    /// Writes an element with attributes given as an array.
    package mutating func element(_ tag: StaticString, _ attributes: [Attr], body: (inout HTML) -> Void) {
        open(tag, attributes)
        body(&self)
        output += "</\(tag)>"
    }

    /// Writes a void element with attributes given as an array.
    package mutating func voidElement(_ tag: StaticString, _ attributes: [Attr]) {
        open(tag, attributes)
    }

    /// Writes sanitised HTML, the one way raw markup enters a page.
    package mutating func sanitized(_ markup: SanitizedHTML) {
        output += markup.html
    }

    /// Writes the doctype line.
    package mutating func doctype() {
        output += "<!DOCTYPE html>"
    }

    private mutating func open(_ tag: StaticString, _ attributes: [Attr]) {
        output += "<\(tag)"
        for attribute in attributes {
            attribute.write(into: &output)
        }
        output += ">"
    }

    /// Escapes `& < > " '` so a value is safe in text and in quoted attribute values.
    package static func escape(_ value: String, into out: inout String) {
        var needs = false
        for byte in value.utf8 where byte == 38 || byte == 60 || byte == 62 || byte == 34 || byte == 39 {
            needs = true
            break
        }
        guard needs else {
            out += value
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
    }

    /// Returns a value escaped.
    package static func escape(_ value: String) -> String {
        var out = ""
        escape(value, into: &out)
        return out
    }
}

/// Markup that is known to be safe: made by the Markdown renderer when a text is saved.
package struct SanitizedHTML: Sendable, Equatable {
    package let html: String

    /// Only the Markdown renderer and stored renderings of it may create one.
    package init(sanitizedByRenderer html: String) {
        self.html = html
    }
}

/// One attribute of an element; URLs are checked, names are fixed by the code.
package struct Attr: Sendable {
    let name: String
    let value: String?

    /// An attribute with a text value; event-handler attributes are never accepted.
    package static func attr(_ name: String, _ value: String) -> Attr {
        precondition(!name.lowercased().hasPrefix("on"), "event handler attributes are not allowed")
        return Attr(name: name, value: value)
    }

    /// An attribute without a value, written only when `on` is true.
    package static func flag(_ name: String, _ on: Bool = true) -> Attr {
        Attr(name: on ? name : "", value: nil)
    }

    package static func `class`(_ value: String) -> Attr { attr("class", value) }
    package static func id(_ value: String) -> Attr { attr("id", value) }
    package static func name(_ value: String) -> Attr { attr("name", value) }
    package static func type(_ value: String) -> Attr { attr("type", value) }
    package static func value(_ value: String) -> Attr { attr("value", value) }
    package static func `for`(_ value: String) -> Attr { attr("for", value) }
    package static func method(_ value: String) -> Attr { attr("method", value) }
    package static func action(_ url: String) -> Attr { Attr(name: "action", value: SafeURL.check(url)) }
    package static func href(_ url: String) -> Attr { Attr(name: "href", value: SafeURL.check(url)) }
    package static func src(_ url: String) -> Attr { Attr(name: "src", value: SafeURL.check(url)) }
    package static func aria(_ name: String, _ value: String) -> Attr { attr("aria-" + name, value) }

    func write(into out: inout String) {
        guard !name.isEmpty else { return }
        out += " "
        out += name
        if let value {
            out += "=\""
            HTML.escape(value, into: &out)
            out += "\""
        }
    }
}

/// Decides whether a URL may stand in `href`, `src` or `action`.
package enum SafeURL {
    static let allowedSchemes: Set<String> = ["http", "https", "mailto"]

    /// Returns the URL when its scheme is allowed (or it is relative), `#` otherwise.
    package static func check(_ url: String) -> String {
        isAllowed(url) ? url : "#"
    }

    /// True for relative URLs and for http, https and mailto.
    package static func isAllowed(_ url: String) -> Bool {
        // Browsers ignore whitespace and control characters inside a scheme, so compare without them.
        let compact = String(url.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F })
        guard let colon = compact.firstIndex(of: ":") else { return true }
        let beforeColon = compact[..<colon]
        if beforeColon.contains("/") || beforeColon.contains("?") || beforeColon.contains("#") { return true }
        return allowedSchemes.contains(beforeColon.lowercased())
    }
}
