import Foundation

/// Writes HTML straight into one byte buffer; every text and attribute value is escaped.
package struct HTML: Sendable {
    /// The document so far, as UTF-8.
    package private(set) var bytes: [UInt8]

    package init(capacity: Int = 16_384) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// The document so far, as text.
    package var output: String { String(decoding: bytes, as: UTF8.self) }

    /// Writes text, escaped.
    package mutating func text(_ value: String) {
        HTML.escape(value, into: &bytes)
    }

    /// Writes an element with attributes and a body.
    @_disfavoredOverload
    package mutating func el(_ tag: StaticString, _ attributes: Attr..., body: (inout HTML) -> Void) {
        open(tag, attributes)
        body(&self)
        close(tag)
    }

    /// Writes an element whose whole body is one escaped text.
    @_disfavoredOverload
    package mutating func el(_ tag: StaticString, _ attributes: Attr..., text: String) {
        open(tag, attributes)
        HTML.escape(text, into: &bytes)
        close(tag)
    }

    // The same with one or two attributes, which most elements have: no array is made for them.

    package mutating func el(_ tag: StaticString, _ a: Attr, body: (inout HTML) -> Void) {
        openTag(tag)
        a.write(into: &bytes)
        endOpen()
        body(&self)
        close(tag)
    }

    package mutating func el(_ tag: StaticString, _ a: Attr, _ b: Attr, body: (inout HTML) -> Void) {
        openTag(tag)
        a.write(into: &bytes)
        b.write(into: &bytes)
        endOpen()
        body(&self)
        close(tag)
    }

    package mutating func el(_ tag: StaticString, _ a: Attr, text: String) {
        openTag(tag)
        a.write(into: &bytes)
        endOpen()
        HTML.escape(text, into: &bytes)
        close(tag)
    }

    package mutating func el(_ tag: StaticString, _ a: Attr, _ b: Attr, text: String) {
        openTag(tag)
        a.write(into: &bytes)
        b.write(into: &bytes)
        endOpen()
        HTML.escape(text, into: &bytes)
        close(tag)
    }

    /// Writes a void element such as `input`, `meta` or `br`.
    package mutating func void(_ tag: StaticString, _ attributes: Attr...) {
        open(tag, attributes)
    }

    /// Writes an element with attributes given as an array.
    package mutating func element(_ tag: StaticString, _ attributes: [Attr], body: (inout HTML) -> Void) {
        open(tag, attributes)
        body(&self)
        close(tag)
    }

    /// Writes a void element with attributes given as an array.
    package mutating func voidElement(_ tag: StaticString, _ attributes: [Attr]) {
        open(tag, attributes)
    }

    /// Writes a fragment this builder wrote before (a part of a page kept for the next): already escaped.
    package mutating func append(_ fragment: HTML) {
        bytes.append(contentsOf: fragment.bytes)
    }

    /// Writes a part of a fragment this builder wrote before, between two of its `count`s.
    package mutating func append(_ fragment: HTML, _ part: Range<Int>) {
        fragment.bytes.withUnsafeBufferPointer { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[part])) }
    }

    /// How many bytes are written so far: where the next part begins.
    package var count: Int { bytes.count }

    /// Writes sanitised HTML, the one way raw markup enters a page.
    package mutating func sanitized(_ markup: SanitizedHTML) {
        bytes.append(contentsOf: markup.html.utf8)
    }

    /// Writes the doctype line.
    package mutating func doctype() {
        bytes.append(contentsOf: "<!DOCTYPE html>".utf8)
    }

    private mutating func open(_ tag: StaticString, _ attributes: [Attr]) {
        openTag(tag)
        for attribute in attributes {
            attribute.write(into: &bytes)
        }
        endOpen()
    }

    private mutating func openTag(_ tag: StaticString) {
        bytes.append(UInt8(ascii: "<"))
        tag.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func endOpen() {
        bytes.append(UInt8(ascii: ">"))
    }

    private mutating func close(_ tag: StaticString) {
        bytes.append(UInt8(ascii: "<"))
        bytes.append(UInt8(ascii: "/"))
        tag.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: ">"))
    }

    /// The bytes that need escaping, `" & ' < >`, as bits of one word: all are below 64.
    static let escapedBytes: UInt64 = 1 << 34 | 1 << 38 | 1 << 39 | 1 << 60 | 1 << 62

    /// Escapes `& < > " '` into a byte buffer.
    package static func escape(_ value: String, into out: inout [UInt8]) {
        let done: Void? = value.utf8.withContiguousStorageIfAvailable { buffer in escape(buffer, into: &out) }
        if done == nil {
            var copy = value
            copy.withUTF8 { escape($0, into: &out) }
        }
    }

    /// Whether any of eight bytes is one of `" & ' < >` (the "has zero byte" trick, once per byte value).
    @inline(__always)
    static func anyEscaped(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func has(_ byte: UInt64) -> UInt64 {
            let x = word ^ (ones &* byte)
            return (x &- ones) & ~x & highs
        }
        return (has(34) | has(38) | has(39) | has(60) | has(62)) != 0
    }

    private static func escape(_ buffer: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        // Eight bytes at a time while nothing needs escaping: most text is plain.
        var clean = 0
        if let base = buffer.baseAddress {
            let raw = UnsafeRawPointer(base)
            while clean + 8 <= buffer.count, !anyEscaped(raw.loadUnaligned(fromByteOffset: clean, as: UInt64.self)) { clean += 8 }
        }
        if clean == buffer.count {
            out.append(contentsOf: buffer)
            return
        }
        var start = 0
        for index in clean..<buffer.count {
            let byte = buffer[index]
            guard byte < 64, escapedBytes >> UInt64(byte) & 1 == 1 else { continue }
            let replacement: StaticString
            switch byte {
            case 38: replacement = "&amp;"
            case 60: replacement = "&lt;"
            case 62: replacement = "&gt;"
            case 34: replacement = "&quot;"
            default: replacement = "&#39;"
            }
            if start < index { out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<index])) }
            replacement.withUTF8Buffer { out.append(contentsOf: $0) }
            start = index + 1
        }
        if start < buffer.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start...])) }
    }

    /// Escapes `& < > " '` so a value is safe in text and in quoted attribute values.
    package static func escape(_ value: String, into out: inout String) {
        // Most values have nothing to escape: one pass over the bytes, then one copy.
        let clean = value.utf8.withContiguousStorageIfAvailable { buffer in
            !buffer.contains { $0 == 38 || $0 == 60 || $0 == 62 || $0 == 34 || $0 == 39 }
        }
        if clean == true {
            out += value
            return
        }
        let bytes = value.utf8
        var start = bytes.startIndex
        var index = start
        while index != bytes.endIndex {
            let replacement: String?
            switch bytes[index] {
            case 38: replacement = "&amp;"
            case 60: replacement = "&lt;"
            case 62: replacement = "&gt;"
            case 34: replacement = "&quot;"
            case 39: replacement = "&#39;"
            default: replacement = nil
            }
            if let replacement {
                // The five are ASCII, so `index` sits between whole characters.
                if start != index { out += value[start..<index] }
                out += replacement
                start = bytes.index(after: index)
            }
            index = bytes.index(after: index)
        }
        if start == bytes.startIndex {
            out += value
        } else if start != bytes.endIndex {
            out += value[start...]
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
    /// More of the value, written after it: a URL's tail, so hot pages need not join strings.
    var rest: String = ""

    /// An attribute with a text value; event-handler attributes are never accepted.
    package static func attr(_ name: String, _ value: String) -> Attr {
        precondition(!isEventHandler(name), "event handler attributes are not allowed")
        return Attr(name: name, value: value)
    }

    /// `on…` in any case, without making a lower-cased copy.
    static func isEventHandler(_ name: String) -> Bool {
        var bytes = name.utf8.makeIterator()
        guard let first = bytes.next(), let second = bytes.next() else { return false }
        return first | 0x20 == UInt8(ascii: "o") && second | 0x20 == UInt8(ascii: "n")
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
    /// A link to `url` followed by `rest` (a path's tail); the scheme is checked on `url`, which starts the value.
    package static func href(_ url: String, _ rest: String) -> Attr {
        // A path, query or fragment of this site cannot become another scheme by what follows it;
        // anything else is checked whole.
        guard let first = url.utf8.first, first == UInt8(ascii: "/") || first == UInt8(ascii: "?") || first == UInt8(ascii: "#") else {
            return href(url + rest)
        }
        return Attr(name: "href", value: url, rest: rest)
    }
    package static func src(_ url: String) -> Attr { Attr(name: "src", value: SafeURL.check(url)) }
    package static func aria(_ name: String, _ value: String) -> Attr {
        switch name {
        case "label": Attr(name: "aria-label", value: value)
        case "hidden": Attr(name: "aria-hidden", value: value)
        case "current": Attr(name: "aria-current", value: value)
        default: attr("aria-" + name, value)
        }
    }

    func write(into out: inout [UInt8]) {
        guard !name.isEmpty else { return }
        out.append(UInt8(ascii: " "))
        out.append(contentsOf: name.utf8)
        if let value {
            out.append(UInt8(ascii: "="))
            out.append(UInt8(ascii: "\""))
            HTML.escape(value, into: &out)
            if !rest.isEmpty { HTML.escape(rest, into: &out) }
            out.append(UInt8(ascii: "\""))
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
        // A path, a query or a fragment of this site: the common case, decided by the first byte.
        if let first = url.utf8.first, first == UInt8(ascii: "/") || first == UInt8(ascii: "?") || first == UInt8(ascii: "#") { return true }
        // Browsers ignore whitespace and control characters inside a scheme, so compare without them.
        let compact = String(url.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F })
        guard let colon = compact.firstIndex(of: ":") else { return true }
        let beforeColon = compact[..<colon]
        if beforeColon.contains("/") || beforeColon.contains("?") || beforeColon.contains("#") { return true }
        return allowedSchemes.contains(beforeColon.lowercased())
    }
}
