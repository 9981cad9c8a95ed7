import SQLKit

extension SQLQueryString {
    /// SQL written once as text, with `$1`, `$2`, … standing for `binds` (a number may repeat), for hot
    /// reads that should not build and quote a query anew on every request. Identifiers in the text must
    /// be plain lower-case names, which need no quoting in either dialect.
    package init(template: String, binds: [any Encodable & Sendable]) {
        self.init("")
        // The text between placeholders is taken whole, not a character at a time: hot pages run this
        // on every request.
        let utf8 = template.utf8
        var literalStart = utf8.startIndex
        var index = utf8.startIndex
        while index != utf8.endIndex {
            var next = utf8.index(after: index)
            guard utf8[index] == UInt8(ascii: "$"), next != utf8.endIndex, (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(utf8[next]) else {
                index = next
                continue
            }
            var number = 0
            while next != utf8.endIndex, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(utf8[next]) {
                number = number * 10 + Int(utf8[next] - UInt8(ascii: "0"))
                next = utf8.index(after: next)
            }
            appendLiteral(String(template[literalStart..<index]))
            appendInterpolation(bind: binds[number - 1])
            literalStart = next
            index = next
        }
        appendLiteral(String(template[literalStart...]))
    }
}
