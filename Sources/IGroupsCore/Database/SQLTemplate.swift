import SQLKit

extension SQLQueryString {
    /// SQL written once as text, with `$1`, `$2`, … standing for `binds` (a number may repeat), for hot
    /// reads that should not build and quote a query anew on every request. Identifiers in the text must
    /// be plain lower-case names, which need no quoting in either dialect.
    package init(template: String, binds: [any Encodable & Sendable]) {
        self.init("")
        var literal = ""
        var scalars = template.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = scalars.next()
        while let scalar = pending {
            pending = scalars.next()
            guard scalar == "$", let digit = pending, ("1"..."9").contains(digit) else {
                literal.unicodeScalars.append(scalar)
                continue
            }
            var number = 0
            while let next = pending, ("0"..."9").contains(next) {
                number = number * 10 + Int(next.value - 48)
                pending = scalars.next()
            }
            appendLiteral(literal)
            literal = ""
            appendInterpolation(bind: binds[number - 1])
        }
        appendLiteral(literal)
    }
}
