/// A line-by-line difference between two texts, for showing what a revision changed.
package enum LineDiff {
    /// One line of the difference.
    package enum Line: Sendable, Equatable {
        case same(String), added(String), removed(String)
    }

    /// The lines of `new` against `old`, by longest common subsequence; long texts fall back to all removed, all added.
    package static func diff(_ old: String, _ new: String) -> [Line] {
        let a = old.components(separatedBy: "\n"), b = new.components(separatedBy: "\n")
        // The table is a.count × b.count; beyond this the cost is not worth a readable diff.
        guard a.count * b.count <= 4_000_000 else { return a.map(Line.removed) + b.map(Line.added) }
        var lengths = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lengths[i][j] = a[i] == b[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var lines: [Line] = []
        var i = 0, j = 0
        while i < a.count, j < b.count {
            if a[i] == b[j] {
                lines.append(.same(a[i])); i += 1; j += 1
            } else if lengths[i + 1][j] >= lengths[i][j + 1] {
                lines.append(.removed(a[i])); i += 1
            } else {
                lines.append(.added(b[j])); j += 1
            }
        }
        lines += a[i...].map(Line.removed) + b[j...].map(Line.added)
        return lines
    }
}

extension Parts {
    /// What changed between two versions, line by line: removed lines struck through, added ones marked.
    package static func diff(_ lines: [LineDiff.Line], into h: inout HTML) {
        h.el("pre", .class("diff")) { h in
            for line in lines {
                switch line {
                case .same(let text): h.el("span", .class("diff-same"), text: "  " + text + "\n")
                case .removed(let text): h.el("del", .class("diff-removed"), text: "- " + text + "\n")
                case .added(let text): h.el("ins", .class("diff-added"), text: "+ " + text + "\n")
                }
            }
        }
    }
}
