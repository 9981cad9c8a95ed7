/// The start of a text for a mail or a list, cut at a word.
package enum Excerpt {
    package static func of(_ text: String, limit: Int = 400) -> String {
        guard text.count > limit else { return text }
        let cut = text.prefix(limit)
        return (cut.lastIndex(of: " ").map { String(cut[..<$0]) } ?? String(cut)) + " …"
    }
}
