import Foundation

extension Markdown {
    /// Whether a character next to a `*` or `_` run is whitespace, punctuation or neither.
    enum CharClass { case space, punctuation, other }

    /// Parses the inline content of one paragraph or heading and writes it as HTML.
    struct Inline {
        /// A run of output: escaped text, fixed markup, an emphasis run or a link boundary.
        struct Piece {
            /// What a piece writes: text is escaped, markup is written as is.
            enum Kind { case text, markup, delimiter, open, close, autolink }
            var kind: Kind
            var range: Range<Int>
            var markup: [UInt8] = []
            var count = 0
            var opens: [Bool] = []
            var closes: [Bool] = []
            var partner = -1
            var live = true
        }

        /// A `*` or `_` run that may open or close emphasis; a linked list keeps removal cheap.
        struct Delimiter {
            let piece: Int
            let char: UInt8
            let length: Int
            let canOpen: Bool
            let canClose: Bool
            var prev: Int
            var next: Int
        }

        /// A `[` or `![` waiting for its `]`.
        struct Bracket {
            let piece: Int
            let image: Bool
            let delimiterBottom: Int
        }

        let s: [UInt8]
        var pieces: [Piece] = []
        var delimiters: [Delimiter] = []
        var lastDelimiter = -1
        var brackets: [Bracket] = []
        var inactiveBelow = 0
        var textStart = 0
        var backtickRuns: [Int: [Int]]?
        var backtickCursor: [Int: Int] = [:]

        /// Renders `text` (lines joined by `\n`) into `out`.
        static func render(_ text: [UInt8], into out: inout [UInt8]) {
            var parser = Inline(s: text)
            parser.parse()
            parser.write(into: &out)
        }

        /// Splits the text into pieces, then pairs the emphasis left unpaired by links.
        mutating func parse() {
            var i = 0
            while i < s.count {
                switch s[i] {
                case 92: i = backslash(at: i)
                case 96: i = codeSpan(at: i)
                case 42, 95: i = delimiterRun(at: i)
                case 91: pushBracket(at: i, length: 1); i += 1
                case 33 where i + 1 < s.count && s[i + 1] == 91: pushBracket(at: i, length: 2); i += 2
                case 93: i = closeBracket(at: i)
                case 60: i = autolink(at: i)
                case 10: add(Piece(kind: .markup, range: i..<i, markup: Array("<br>\n".utf8)), from: i, resume: i + 1); i += 1
                case 72, 104: i = bareURL(at: i)
                default: i += 1
                }
            }
            flush(to: s.count)
            processEmphasis(bottom: 0)
        }

        /// Ends the pending text at `end`.
        mutating func flush(to end: Int) {
            if textStart < end { pieces.append(Piece(kind: .text, range: textStart..<end)) }
            textStart = end
        }

        /// Ends the pending text at `start`, appends `piece`, and resumes text at `resume`.
        mutating func add(_ piece: Piece, from start: Int, resume: Int) {
            flush(to: start)
            pieces.append(piece)
            textStart = resume
        }

        /// A backslash escapes ASCII punctuation; before a line break it is dropped.
        mutating func backslash(at i: Int) -> Int {
            guard i + 1 < s.count else { return i + 1 }
            if isPunctuation(s[i + 1]) {
                add(Piece(kind: .text, range: i + 1..<i + 2), from: i, resume: i + 2)
                return i + 2
            }
            if s[i + 1] == 10 { flush(to: i); textStart = i + 1 }
            return i + 1
        }

        /// A code span: backticks closed by a run of the same length; otherwise literal.
        mutating func codeSpan(at i: Int) -> Int {
            var j = i
            while j < s.count, s[j] == 96 { j += 1 }
            guard let close = nextBacktickRun(length: j - i, from: j) else { return j }
            var body = s[j..<close].map { $0 == 10 ? 32 : $0 }
            if body.count >= 2, body.first == 32, body.last == 32, body.contains(where: { $0 != 32 }) {
                body = Array(body.dropFirst().dropLast())
            }
            var markup = Array("<code>".utf8)
            escape(body[...], into: &markup)
            put("</code>", &markup)
            add(Piece(kind: .markup, range: i..<i, markup: markup), from: i, resume: close + j - i)
            return close + j - i
        }

        /// The start of the next backtick run of exactly `length` at or after `start`.
        mutating func nextBacktickRun(length: Int, from start: Int) -> Int? {
            if backtickRuns == nil {
                // One scan and a forward-only cursor per length keep unmatched runs linear.
                var runs: [Int: [Int]] = [:]
                var k = 0
                while k < s.count {
                    guard s[k] == 96 else { k += 1; continue }
                    let b = k
                    while k < s.count, s[k] == 96 { k += 1 }
                    runs[k - b, default: []].append(b)
                }
                backtickRuns = runs
            }
            guard let starts = backtickRuns?[length] else { return nil }
            var c = backtickCursor[length] ?? 0
            while c < starts.count, starts[c] < start { c += 1 }
            backtickCursor[length] = c
            return c < starts.count ? starts[c] : nil
        }

        /// A `*` or `_` run, classified by its neighbours as CommonMark does.
        mutating func delimiterRun(at i: Int) -> Int {
            let c = s[i]
            var j = i
            while j < s.count, s[j] == c { j += 1 }
            let before = charClass(before: i), after = charClass(at: j)
            let left = after != .space && (after != .punctuation || before != .other)
            let right = before != .space && (before != .punctuation || after != .other)
            let canOpen = c == 42 ? left : left && (!right || before == .punctuation)
            let canClose = c == 42 ? right : right && (!left || after == .punctuation)
            guard canOpen || canClose else { return j }
            add(Piece(kind: .delimiter, range: i..<j, count: j - i), from: i, resume: j)
            let id = delimiters.count
            delimiters.append(Delimiter(piece: pieces.count - 1, char: c, length: j - i, canOpen: canOpen, canClose: canClose, prev: lastDelimiter, next: -1))
            if lastDelimiter >= 0 { delimiters[lastDelimiter].next = id }
            lastDelimiter = id
            return j
        }

        /// Records a `[` or `![` as literal text that a later `](url)` may turn into a link.
        mutating func pushBracket(at i: Int, length: Int) {
            add(Piece(kind: .text, range: i..<i + length), from: i, resume: i + length)
            brackets.append(Bracket(piece: pieces.count - 1, image: length == 2, delimiterBottom: delimiters.count))
        }

        /// Closes the innermost bracket into a link when `(destination)` follows.
        mutating func closeBracket(at i: Int) -> Int {
            guard let opener = brackets.popLast() else { return i + 1 }
            guard opener.image || brackets.count >= inactiveBelow, let tail = linkTail(at: i + 1) else {
                inactiveBelow = min(inactiveBelow, brackets.count)
                return i + 1
            }
            let href = safeHref(tail.destination, decode: true)
            add(Piece(kind: .close, range: i..<i, live: href != nil), from: i, resume: tail.end)
            processEmphasis(bottom: opener.delimiterBottom)
            pieces[opener.piece].kind = .open
            pieces[opener.piece].markup = href ?? []
            pieces[opener.piece].live = href != nil
            pieces[opener.piece].partner = pieces.count - 1
            demoteAnchors(from: opener.piece, to: pieces.count - 1)
            // A link cannot contain a link, so every earlier `[` stops being an opener.
            inactiveBelow = opener.image ? min(inactiveBelow, brackets.count) : brackets.count
            return tail.end
        }

        /// Turns anchors inside a new link into plain text, jumping over links already handled.
        mutating func demoteAnchors(from start: Int, to end: Int) {
            var k = start + 1
            while k < end {
                if pieces[k].kind == .autolink {
                    pieces[k].live = false
                } else if pieces[k].kind == .open {
                    pieces[k].live = false
                    let partner = pieces[k].partner
                    if partner > k {
                        pieces[partner].live = false
                        k = partner
                    }
                }
                k += 1
            }
        }

        /// Parses `(destination "title")` at `start`; scans stop early so hostile input stays linear.
        func linkTail(at start: Int) -> (destination: [UInt8], end: Int)? {
            let n = s.count
            guard start < n, s[start] == 40 else { return nil }
            var i = skipWhitespace(start + 1)
            let destination: ArraySlice<UInt8>
            if i < n, s[i] == 60 {
                var j = i + 1
                while j < n, s[j] != 62 {
                    if s[j] == 10 || s[j] == 60 { return nil }
                    j += s[j] == 92 ? 2 : 1
                }
                guard j < n else { return nil }
                destination = s[(i + 1)..<j]
                i = j + 1
            } else {
                var j = i, depth = 0
                scan: while j < n {
                    switch s[j] {
                    case 0...32, 127: break scan
                    case 92 where j + 1 < n && isPunctuation(s[j + 1]): j += 1
                    case 40:
                        depth += 1
                        if depth > 32 { return nil }
                    case 41:
                        if depth == 0 { break scan }
                        depth -= 1
                    default: break
                    }
                    j += 1
                }
                guard depth == 0 else { return nil }
                destination = s[i..<j]
                i = j
            }
            let afterDestination = i
            i = skipWhitespace(i)
            if i > afterDestination, i < n, s[i] == 34 || s[i] == 39 || s[i] == 40 {
                let closer: UInt8 = s[i] == 40 ? 41 : s[i]
                var j = i + 1
                while j < n, s[j] != closer {
                    if closer == 41 && s[j] == 40 { return nil }
                    j += s[j] == 92 ? 2 : 1
                }
                guard j < n else { return nil }
                i = skipWhitespace(j + 1)
            }
            guard i < n, s[i] == 41 else { return nil }
            return (unescape(destination), i + 1)
        }

        /// The first index at or after `i` that is not a space, tab or line break.
        func skipWhitespace(_ i: Int) -> Int {
            var j = i
            while j < s.count, s[j] == 32 || s[j] == 9 || s[j] == 10 { j += 1 }
            return j
        }

        /// `<scheme:…>` or `<name@host>`; anything else leaves `<` as escaped text.
        mutating func autolink(at i: Int) -> Int {
            let n = s.count
            var j = i + 1
            if j < n, isLetter(s[j]) {
                while j < n, j - i <= 33, isLetter(s[j]) || isDigit(s[j]) || s[j] == 43 || s[j] == 45 || s[j] == 46 { j += 1 }
                if j < n, s[j] == 58, j - i > 2 {
                    j += 1
                    while j < n, s[j] > 32, s[j] != 60, s[j] != 62 { j += 1 }
                    if j < n, s[j] == 62 { return addAutolink(i + 1..<j, href: Array(s[i + 1..<j]), from: i, resume: j + 1) }
                }
            }
            j = i + 1
            while j < n, isLetter(s[j]) || isDigit(s[j]) || (isPunctuation(s[j]) && !"\"(),:;<>@[\\]".utf8.contains(s[j])) { j += 1 }
            guard j > i + 1, j < n, s[j] == 64 else { return i + 1 }
            let at = j
            j += 1
            while j < n, isLetter(s[j]) || isDigit(s[j]) || s[j] == 45 || s[j] == 46 { j += 1 }
            guard j > at + 1, j < n, s[j] == 62 else { return i + 1 }
            return addAutolink(i + 1..<j, href: Array("mailto:".utf8) + s[i + 1..<j], from: i, resume: j + 1)
        }

        /// A bare `http://` or `https://` URL after whitespace or `( * _ ~`, without trailing punctuation.
        mutating func bareURL(at i: Int) -> Int {
            let n = s.count
            if i > 0, ![32, 9, 10, 40, 42, 95, 126].contains(s[i - 1]) { return i + 1 }
            var p = i
            for b in "http".utf8 {
                guard p < n, s[p] | 0x20 == b else { return i + 1 }
                p += 1
            }
            if p < n, s[p] | 0x20 == 115 { p += 1 }
            for b in "://".utf8 {
                guard p < n, s[p] == b else { return i + 1 }
                p += 1
            }
            guard p < n, isLetter(s[p]) || isDigit(s[p]) || s[p] >= 128 else { return i + 1 }
            // `[` and `]` end the URL so `[https://a](https://b)` still forms its link.
            var end = p, opens = 0, closes = 0
            while end < n, s[end] > 32, s[end] != 60, s[end] != 91, s[end] != 93 {
                if s[end] == 40 { opens += 1 } else if s[end] == 41 { closes += 1 }
                end += 1
            }
            trim: while end > p {
                switch s[end - 1] {
                case 33, 34, 39, 42, 44, 46, 58, 63, 95, 126: end -= 1
                case 41 where closes > opens: closes -= 1; end -= 1
                default: break trim
                }
            }
            return addAutolink(i..<end, href: Array(s[i..<end]), from: i, resume: end)
        }

        /// Appends an autolink showing `text`, a plain text when its URL is not allowed.
        mutating func addAutolink(_ text: Range<Int>, href: [UInt8], from start: Int, resume: Int) -> Int {
            let safe = safeHref(href, decode: false)
            add(Piece(kind: .autolink, range: text, markup: safe ?? [], live: safe != nil), from: start, resume: resume)
            return resume
        }

        /// Pairs `*` and `_` runs above `bottom` into `em` and `strong`, CommonMark's algorithm.
        mutating func processEmphasis(bottom: Int) {
            var first = -1, below = lastDelimiter
            while below >= bottom {
                first = below
                below = delimiters[below].prev
            }
            // Per closer kind, where the last failed search stopped: keeps runs of unmatched delimiters linear.
            var openersBottom = [Int](repeating: below, count: 12)
            var closer = first
            while closer >= 0 {
                let c = delimiters[closer]
                guard c.canClose else { closer = c.next; continue }
                let key = (c.char == 42 ? 0 : 6) + (c.canOpen ? 3 : 0) + c.length % 3
                var opener = c.prev
                while opener > below, opener > openersBottom[key] {
                    let o = delimiters[opener]
                    let ruleOfThree = (o.canClose || c.canOpen) && (o.length + c.length) % 3 == 0 && !(o.length % 3 == 0 && c.length % 3 == 0)
                    if o.char == c.char, o.canOpen, !ruleOfThree { break }
                    opener = o.prev
                }
                if opener > below, opener > openersBottom[key] {
                    let op = delimiters[opener].piece, cp = c.piece
                    let strong = pieces[op].count >= 2 && pieces[cp].count >= 2
                    pieces[op].count -= strong ? 2 : 1
                    pieces[cp].count -= strong ? 2 : 1
                    pieces[op].opens.append(strong)
                    pieces[cp].closes.append(strong)
                    delimiters[opener].next = closer
                    delimiters[closer].prev = opener
                    if pieces[op].count == 0 { unlink(opener) }
                    if pieces[cp].count == 0 {
                        let next = delimiters[closer].next
                        unlink(closer)
                        closer = next
                    }
                } else {
                    openersBottom[key] = c.prev
                    if !c.canOpen { unlink(closer) }
                    closer = c.next
                }
            }
            lastDelimiter = below
            if below >= 0 { delimiters[below].next = -1 }
        }

        /// Removes a delimiter from the linked list.
        mutating func unlink(_ d: Int) {
            let prev = delimiters[d].prev, next = delimiters[d].next
            if prev >= 0 { delimiters[prev].next = next }
            if next >= 0 { delimiters[next].prev = prev } else { lastDelimiter = prev }
        }

        /// The class of the character ending just before byte `i`.
        func charClass(before i: Int) -> CharClass {
            guard i > 0 else { return .space }
            var k = i - 1
            while k > 0, s[k] & 0xC0 == 0x80, i - k < 4 { k -= 1 }
            return Markdown.charClass(s[k..<i])
        }

        /// The class of the character starting at byte `j`.
        func charClass(at j: Int) -> CharClass {
            guard j < s.count else { return .space }
            var k = j + 1
            while k < s.count, s[k] & 0xC0 == 0x80, k - j < 4 { k += 1 }
            return Markdown.charClass(s[j..<k])
        }

        /// Writes every piece; unpaired delimiters and refused links stay as escaped text.
        func write(into out: inout [UInt8]) {
            for (index, piece) in pieces.enumerated() {
                switch piece.kind {
                case .text:
                    escape(s[piece.range], into: &out)
                case .markup:
                    out.append(contentsOf: piece.markup)
                case .delimiter:
                    for strong in piece.closes { put(strong ? "</strong>" : "</em>", &out) }
                    out.append(contentsOf: repeatElement(s[piece.range.lowerBound], count: piece.count))
                    for strong in piece.opens.reversed() { put(strong ? "<strong>" : "<em>", &out) }
                case .open:
                    if piece.live { anchor(piece.markup, &out) }
                    // An empty link text would make an invisible link; show the (escaped) URL instead.
                    if piece.live, piece.partner == index + 1 { out.append(contentsOf: piece.markup) }
                case .close:
                    if piece.live { put("</a>", &out) }
                case .autolink:
                    if piece.live { anchor(piece.markup, &out) }
                    escape(s[piece.range], into: &out)
                    if piece.live { put("</a>", &out) }
                }
            }
        }
    }

    /// Writes an opening `<a>` for an already escaped `href`.
    static func anchor(_ href: [UInt8], _ out: inout [UInt8]) {
        put("<a href=\"", &out)
        out.append(contentsOf: href)
        put("\" rel=\"nofollow ugc noopener\">", &out)
    }

    /// Classifies one UTF-8 encoded character for the emphasis flanking rules.
    static func charClass(_ bytes: ArraySlice<UInt8>) -> CharClass {
        guard let b = bytes.first else { return .space }
        if b < 128 {
            return b == 32 || (9...13).contains(b) ? .space : isPunctuation(b) ? .punctuation : .other
        }
        guard let scalar = String(decoding: bytes, as: UTF8.self).unicodeScalars.first else { return .other }
        switch scalar.properties.generalCategory {
        case .spaceSeparator: return .space
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return .punctuation
        default: return .other
        }
    }

    // MARK: - URLs

    /// The escaped `href` for a relative, http, https or mailto URL; nil for any other scheme.
    static func safeHref(_ raw: [UInt8], decode: Bool) -> [UInt8]? {
        var url = decode ? decodeEntities(raw) : raw
        // Browsers drop leading and trailing whitespace and controls, and tabs or newlines inside.
        while let b = url.last, b <= 32 || b == 127 { url.removeLast() }
        url.removeFirst(url.prefix { $0 <= 32 || $0 == 127 }.count)
        let compact = url.filter { $0 > 32 && $0 != 127 }
        guard isAllowed(compact), isAllowed(percentDecoded(compact).filter { $0 > 32 && $0 != 127 }) else { return nil }
        var out: [UInt8] = []
        for b in url {
            if b <= 32 || b == 127 {
                let hex = Array("0123456789ABCDEF".utf8)
                out += [37, hex[Int(b >> 4)], hex[Int(b & 15)]]
            } else {
                escape([b][...], into: &out)
            }
        }
        return out
    }

    /// True for URLs without a scheme, and for http, https and mailto in any case.
    static func isAllowed(_ url: [UInt8]) -> Bool {
        guard let colon = url.firstIndex(of: 58) else { return true }
        let scheme = url[..<colon]
        if scheme.contains(where: { $0 == 47 || $0 == 63 || $0 == 35 }) { return true }
        let lower = String(decoding: scheme.map { isLetter($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
        return lower == "http" || lower == "https" || lower == "mailto"
    }

    /// Decodes numeric character references and the named ones used to disguise URLs.
    static func decodeEntities(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(38) else { return bytes }
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == 38, let semi = bytes[i...].prefix(34).firstIndex(of: 59), let scalar = entity(bytes[(i + 1)..<semi]) {
                UTF8.encode(scalar) { out.append($0) }
                i = semi + 1
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }

    /// The character an entity name (between `&` and `;`) stands for.
    static func entity(_ name: ArraySlice<UInt8>) -> Unicode.Scalar? {
        if name.first == 35 {
            let hex = name.dropFirst().first.map { $0 | 0x20 == 120 } ?? false
            let digits = name.dropFirst(hex ? 2 : 1)
            guard (1...(hex ? 6 : 7)).contains(digits.count),
                  digits.allSatisfy({ hex ? hexValue($0) != nil : isDigit($0) }),
                  let value = UInt32(String(decoding: digits, as: UTF8.self), radix: hex ? 16 : 10) else { return nil }
            return Unicode.Scalar(value).flatMap { $0.value == 0 ? nil : $0 } ?? "\u{FFFD}"
        }
        switch String(decoding: name, as: UTF8.self) {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        case "colon": return ":"
        case "sol": return "/"
        case "num": return "#"
        case "quest": return "?"
        case "Tab": return "\t"
        case "NewLine": return "\n"
        case "nbsp": return "\u{A0}"
        default: return nil
        }
    }

    /// Decodes `%XX` escapes, for checking the scheme only.
    static func percentDecoded(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == 37, i + 2 < bytes.count, let high = hexValue(bytes[i + 1]), let low = hexValue(bytes[i + 2]) {
                out.append(high << 4 | low)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }

    /// The value of one hexadecimal digit.
    static func hexValue(_ b: UInt8) -> UInt8? {
        if isDigit(b) { return b - 48 }
        let lower = b | 0x20
        return lower >= 97 && lower <= 102 ? lower - 87 : nil
    }

    /// Removes backslashes that escape ASCII punctuation.
    static func unescape(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        var i = bytes.startIndex
        while i < bytes.endIndex {
            if bytes[i] == 92, i + 1 < bytes.endIndex, isPunctuation(bytes[i + 1]) { i += 1 }
            out.append(bytes[i])
            i += 1
        }
        return out
    }
}
