import Foundation

/// Renders Markdown to sanitised HTML, once, when a text is saved.
///
/// Our own renderer rather than Ink (the Markdown package on our list), for two reasons a test
/// keeps in view: Ink 0.6.0 passes raw HTML through, so its output would need a second,
/// HTML-parsing sanitiser; and it stops the whole process with "String index is out of bounds"
/// on ordinary texts such as a list item followed by a line holding a space (`"- a\n "`) or a
/// text that opens with a rule (`"---\nx\n"`). A random mix of Markdown syntax found such a text
/// within a few thousand tries; this renderer takes the same kind of mix in its tests.
/// It never writes a tag it did not make itself, so nothing needs cleaning afterwards.
package enum Markdown {
    /// One source line as UTF-8 bytes; slicing makes stripping container prefixes free.
    typealias Line = ArraySlice<UInt8>

    /// Lists and blockquotes nested deeper than this are flattened into the deepest level.
    static let maxDepth = 8

    /// Renders `source` to HTML in which every text is escaped and only safe links survive.
    package static func render(_ source: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(source.utf8.count + source.utf8.count / 4 + 16)
        for block in blocks(lines(of: source), depth: 0) {
            write(block, into: &out)
        }
        while out.last == 10 { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }

    /// A parsed block; containers hold their children.
    enum Block {
        case paragraph([UInt8])
        case heading(Int, [UInt8])
        case code([Line])
        case rule
        case quote([Block])
        case list(ordered: Bool, start: Int, tight: Bool, items: [[Block]])
    }

    /// An opening code fence.
    struct Fence {
        let char: UInt8
        let count: Int
        let indent: Int
    }

    /// A list item marker and the rest of its line.
    struct Marker {
        let ordered: Bool
        let char: UInt8
        let start: Int
        let width: Int
        let content: Line
    }

    // MARK: - Lines

    /// Splits the source into lines, normalising line endings, NUL and tabs in indentation.
    static func lines(of source: String) -> [Line] {
        var doc: [UInt8] = []
        doc.reserveCapacity(source.utf8.count)
        var bounds: [Range<Int>] = []
        var lineStart = 0, column = 0, leading = true, afterCR = false
        for byte in source.utf8 {
            if byte == 10 && afterCR { afterCR = false; continue }
            afterCR = byte == 13
            switch byte {
            case 10, 13:
                bounds.append(lineStart..<doc.count)
                lineStart = doc.count
                column = 0
                leading = true
            case 9 where leading:
                let width = 4 - column % 4
                doc.append(contentsOf: repeatElement(32, count: width))
                column += width
            case 0:
                doc.append(contentsOf: [0xEF, 0xBF, 0xBD])
                leading = false
            default:
                doc.append(byte)
                if byte == 32 { column += 1 } else { leading = false }
            }
        }
        if lineStart < doc.count { bounds.append(lineStart..<doc.count) }
        return bounds.map { doc[$0] }
    }

    /// Leading whitespace width in columns, and the rest of the line.
    static func indent(_ line: Line) -> (cols: Int, rest: Line) {
        var cols = 0, i = line.startIndex
        while i < line.endIndex {
            if line[i] == 32 { cols += 1 } else if line[i] == 9 { cols += 4 - cols % 4 } else { break }
            i += 1
        }
        return (cols, line[i...])
    }

    /// Removes up to `width` columns of leading whitespace.
    static func dropIndent(_ line: Line, _ width: Int) -> Line {
        var cols = 0, i = line.startIndex
        while i < line.endIndex, cols < width {
            if line[i] == 32 { cols += 1 } else if line[i] == 9 { cols += 4 - cols % 4 } else { break }
            i += 1
        }
        return line[i...]
    }

    /// Removes spaces and tabs at both ends.
    static func trim(_ line: Line) -> Line {
        var a = line.startIndex, b = line.endIndex
        while a < b, line[a] == 32 || line[a] == 9 { a += 1 }
        while b > a, line[b - 1] == 32 || line[b - 1] == 9 { b -= 1 }
        return line[a..<b]
    }

    /// True when the line holds only spaces and tabs.
    static func isBlank(_ line: Line) -> Bool {
        line.allSatisfy { $0 == 32 || $0 == 9 }
    }

    /// True when the line starts a blockquote.
    static func isQuote(_ line: Line) -> Bool {
        let (cols, rest) = indent(line)
        return cols <= 3 && rest.first == 62
    }

    /// Removes every leading `>` marker, so quotes below the depth cap read as this level.
    static func stripQuoteMarkers(_ line: Line) -> Line {
        var rest = line
        while isQuote(rest) {
            rest = indent(rest).rest.dropFirst()
            if let b = rest.first, b == 32 || b == 9 { rest = rest.dropFirst() }
        }
        return rest
    }

    /// The fence a line opens, if any.
    static func fence(_ line: Line) -> Fence? {
        let (cols, rest) = indent(line)
        guard cols <= 3, let c = rest.first, c == 96 || c == 126 else { return nil }
        let count = rest.prefix { $0 == c }.count
        guard count >= 3, c == 126 || !rest.dropFirst(count).contains(96) else { return nil }
        return Fence(char: c, count: count, indent: cols)
    }

    /// True when the line closes `fence`.
    static func closes(_ line: Line, _ fence: Fence) -> Bool {
        let (cols, rest) = indent(line)
        let count = rest.prefix { $0 == fence.char }.count
        return cols <= 3 && count >= fence.count && isBlank(rest.dropFirst(count))
    }

    /// An ATX heading's level and text, without the optional closing `#`s.
    static func heading(_ line: Line) -> (level: Int, text: Line)? {
        let (cols, rest) = indent(line)
        let level = rest.prefix { $0 == 35 }.count
        guard cols <= 3, (1...6).contains(level) else { return nil }
        let after = rest.dropFirst(level)
        guard after.isEmpty || after.first == 32 || after.first == 9 else { return nil }
        var text = trim(after)
        let hashes = text.reversed().prefix { $0 == 35 }.count
        if hashes == text.count {
            text = text.prefix(0)
        } else if hashes > 0, text[text.endIndex - hashes - 1] == 32 || text[text.endIndex - hashes - 1] == 9 {
            text = trim(text.dropLast(hashes))
        }
        return (level, text)
    }

    /// True for a thematic break: three or more `-`, `*` or `_`, spaces allowed between.
    static func isRule(_ line: Line) -> Bool {
        let (cols, rest) = indent(line)
        guard cols <= 3, let c = rest.first, c == 45 || c == 42 || c == 95 else { return false }
        var count = 0
        for b in rest {
            if b == c { count += 1 } else if b != 32 && b != 9 { return false }
        }
        return count >= 3
    }

    /// The list item marker a line starts with, if any.
    static func listMarker(_ line: Line) -> Marker? {
        let (cols, body) = indent(line)
        guard cols <= 3, let c = body.first else { return nil }
        let ordered = !(c == 45 || c == 42 || c == 43)
        var i = body.startIndex, number = 0
        if ordered {
            while i < body.endIndex, isDigit(body[i]), i - body.startIndex < 9 {
                number = number * 10 + Int(body[i] - 48)
                i += 1
            }
            guard i > body.startIndex, i < body.endIndex, body[i] == 46 || body[i] == 41 else { return nil }
        }
        i += 1
        let markerEnd = cols + (i - body.startIndex)
        let after = body[i...]
        guard after.isEmpty || after.first == 32 || after.first == 9 else { return nil }
        let (spaces, content) = indent(after)
        if content.isEmpty {
            return Marker(ordered: ordered, char: body[i - 1], start: number, width: markerEnd + 1, content: content)
        }
        // More than four spaces after the marker belong to the content, as in CommonMark.
        let width = spaces > 4 ? markerEnd + 1 : markerEnd + spaces
        return Marker(ordered: ordered, char: body[i - 1], start: number, width: width, content: spaces > 4 ? after.dropFirst() : content)
    }

    /// True when the line ends a paragraph without a blank line in between.
    static func interrupts(_ line: Line, nested: Bool) -> Bool {
        if fence(line) != nil || heading(line) != nil || isRule(line) { return true }
        guard nested else { return false }
        if isQuote(line) { return true }
        guard let marker = listMarker(line), !isBlank(marker.content) else { return false }
        // "2019. was a year" must stay a sentence, so only `1.` may interrupt.
        return !marker.ordered || marker.start == 1
    }

    /// True when `line` continues the paragraph that `last` belongs to, without its container's marker.
    static func isLazy(_ line: Line, after last: Line) -> Bool {
        guard !isBlank(line), !interrupts(line, nested: true) else { return false }
        let core = stripQuoteMarkers(last)
        return !isBlank(core) && fence(core) == nil && heading(core) == nil && !isRule(core)
    }

    /// Follows whether a container's lines are inside a fenced code block.
    static func track(_ line: Line, _ open: inout Fence?) {
        if let current = open {
            if closes(line, current) { open = nil }
        } else {
            open = fence(line)
        }
    }

    // MARK: - Blocks

    /// Parses lines into blocks; containers recurse at most `maxDepth` levels.
    static func blocks(_ input: [Line], depth: Int) -> [Block] {
        parse(input, depth: depth).blocks
    }

    /// Parses lines into blocks, noting whether a blank line separates two of them (a loose list item).
    static func parse(_ input: [Line], depth: Int) -> (blocks: [Block], spaced: Bool) {
        let nested = depth < maxDepth
        let lines = nested ? input : input.map(stripQuoteMarkers)
        var result: [Block] = []
        var i = 0, blank = false, spaced = false
        while i < lines.count {
            let line = lines[i]
            if isBlank(line) {
                blank = !result.isEmpty
                i += 1
                continue
            }
            spaced = spaced || blank
            blank = false
            if let open = fence(line) {
                var body: [Line] = []
                i += 1
                while i < lines.count, !closes(lines[i], open) {
                    body.append(dropIndent(lines[i], open.indent))
                    i += 1
                }
                i += 1
                result.append(.code(body))
            } else if let h = heading(line) {
                result.append(.heading(h.level, Array(h.text)))
                i += 1
            } else if isRule(line) {
                result.append(.rule)
                i += 1
            } else if nested, isQuote(line) {
                result.append(.quote(blocks(quoteLines(lines, &i), depth: depth + 1)))
            } else if nested, let marker = listMarker(line) {
                result.append(list(lines, &i, marker, depth: depth))
            } else {
                var text = Array(trim(line))
                i += 1
                while i < lines.count, !isBlank(lines[i]), !interrupts(lines[i], nested: nested) {
                    text.append(10)
                    text.append(contentsOf: trim(lines[i]))
                    i += 1
                }
                result.append(.paragraph(text))
            }
        }
        return (result, spaced)
    }

    /// Collects a blockquote's lines, markers removed and lazy continuations kept, and advances `i`.
    static func quoteLines(_ lines: [Line], _ i: inout Int) -> [Line] {
        var inner: [Line] = []
        var open: Fence?
        while i < lines.count {
            let line = lines[i]
            if isQuote(line) {
                var rest = indent(line).rest.dropFirst()
                if let b = rest.first, b == 32 || b == 9 { rest = rest.dropFirst() }
                inner.append(rest)
                track(rest, &open)
            } else if open == nil, let last = inner.last, isLazy(line, after: last) {
                inner.append(line)
            } else {
                break
            }
            i += 1
        }
        return inner
    }

    /// Collects one list, items parsed one level deeper, and advances `i`.
    static func list(_ lines: [Line], _ i: inout Int, _ first: Marker, depth: Int) -> Block {
        var items: [[Line]] = []
        var item: [Line] = [first.content]
        var width = first.width
        var blanks = 0
        var tight = true
        var open = fence(first.content)
        i += 1
        while i < lines.count {
            let line = lines[i]
            if isBlank(line) {
                blanks += 1
                i += 1
                continue
            }
            if indent(line).cols >= width {
                item.append(contentsOf: repeatElement(Line(), count: blanks))
                let inner = dropIndent(line, width)
                item.append(inner)
                track(inner, &open)
            } else if !isRule(line), let marker = listMarker(line), marker.ordered == first.ordered, marker.char == first.char {
                if blanks > 0 { tight = false }
                items.append(item)
                item = [marker.content]
                width = marker.width
                open = fence(marker.content)
            } else if blanks == 0, open == nil, let last = item.last, isLazy(line, after: last) {
                item.append(line)
            } else {
                break
            }
            blanks = 0
            i += 1
        }
        // Trailing blank lines belong to the parent, which needs them to judge its own looseness.
        i -= blanks
        items.append(item)
        let children = items.map { parse($0, depth: depth + 1) }
        tight = tight && !children.contains { $0.spaced }
        return .list(ordered: first.ordered, start: first.start, tight: tight, items: children.map(\.blocks))
    }

    // MARK: - Output

    /// Writes one block and its children.
    static func write(_ block: Block, into out: inout [UInt8]) {
        switch block {
        case .paragraph(let text):
            put("<p>", &out)
            Inline.render(text, into: &out)
            put("</p>\n", &out)
        case .heading(let level, let text):
            let tag = level == 1 ? "h2" : level == 2 ? "h3" : "h4"
            put("<\(tag)>", &out)
            Inline.render(text, into: &out)
            put("</\(tag)>\n", &out)
        case .code(let lines):
            put("<pre><code>", &out)
            for line in lines {
                escape(line, into: &out)
                out.append(10)
            }
            put("</code></pre>\n", &out)
        case .rule:
            put("<hr>\n", &out)
        case .quote(let children):
            put("<blockquote>\n", &out)
            for child in children { write(child, into: &out) }
            put("</blockquote>\n", &out)
        case .list(let ordered, let start, let tight, let items):
            put(!ordered ? "<ul>\n" : start == 1 ? "<ol>\n" : "<ol start=\"\(start)\">\n", &out)
            for item in items {
                put("<li>", &out)
                for child in item {
                    if tight, case .paragraph(let text) = child {
                        Inline.render(text, into: &out)
                    } else {
                        if out.last != 10 { out.append(10) }
                        write(child, into: &out)
                    }
                }
                put("</li>\n", &out)
            }
            put(ordered ? "</ol>\n" : "</ul>\n", &out)
        }
    }

    /// Appends fixed markup.
    static func put(_ markup: String, _ out: inout [UInt8]) {
        out.append(contentsOf: markup.utf8)
    }

    /// Appends text with `& < > " '` escaped, safe in element bodies and quoted attributes.
    static func escape(_ bytes: ArraySlice<UInt8>, into out: inout [UInt8]) {
        for b in bytes {
            switch b {
            case 38: put("&amp;", &out)
            case 60: put("&lt;", &out)
            case 62: put("&gt;", &out)
            case 34: put("&quot;", &out)
            case 39: put("&#39;", &out)
            default: out.append(b)
            }
        }
    }

    /// True for ASCII digits.
    static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }

    /// True for ASCII letters.
    static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 97 && (b | 0x20) <= 122 }

    /// True for ASCII punctuation, the characters a backslash can escape.
    static func isPunctuation(_ b: UInt8) -> Bool {
        (33...47).contains(b) || (58...64).contains(b) || (91...96).contains(b) || (123...126).contains(b)
    }
}
