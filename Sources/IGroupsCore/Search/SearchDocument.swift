import Foundation

/// One item a module offers to the group's search: a post, a comment, a page, a link.
/// Modules hand these to `SearchIndex.put` whenever the item is written, and list them all in
/// `GroupModule.searchDocuments` so `igroups reindex` can rebuild the index.
package struct SearchDocument: Sendable, Equatable {
    package static let schema = "search_documents"

    package var groupID: UUID
    /// The module's id ("news"); with `itemID` the document's key.
    package var module: String
    package var itemID: UUID
    /// The item this one belongs to (a comment's post, a reply's thread): its result shows the parent's
    /// title, and removing the parent removes it too.
    package var parentID: UUID?
    /// The person whose text this is and whose erased profile takes it along; nil when the item stays
    /// after its author is erased (a page or a link belongs to the group).
    package var authorID: UUID?
    /// Ranked above the body; empty for an item that has no title of its own (a comment, a reply).
    package var title: String
    /// Plain text, not HTML (`SearchText.plain(fromHTML:)` makes it from a rendering).
    package var body: String
    /// Where the item is, within the group: "news/<id>#comment-<id>" for `/g/:group/news/…`.
    package var path: String
    /// Shown only to the group's members (and the operator), as a members-only page is.
    package var membersOnly: Bool
    /// When the item was written or last changed, shown with the result.
    package var date: Date

    package init(
        groupID: UUID, module: String, itemID: UUID, parentID: UUID? = nil, authorID: UUID?, title: String, body: String,
        path: String, membersOnly: Bool = false, date: Date
    ) {
        self.groupID = groupID
        self.module = module
        self.itemID = itemID
        self.parentID = parentID
        self.authorID = authorID
        self.title = SearchText.clean(title)
        self.body = SearchText.clean(body)
        self.path = path
        self.membersOnly = membersOnly
        self.date = date
    }
}

/// Turns what modules store into the plain text the index holds.
package enum SearchText {
    /// The two characters that mark a match in a snippet; never part of indexed text.
    static let markStart: Character = "\u{E000}"
    static let markEnd: Character = "\u{E001}"

    /// Inline elements join the words around them; every other tag separates words.
    private static let inline: Set<String> = ["a", "em", "strong", "code", "del", "s", "b", "i", "u", "span", "sup", "sub", "mark", "kbd"]

    /// The text of a sanitised HTML rendering: tags gone, entities decoded, white space collapsed.
    package static func plain(fromHTML html: String) -> String {
        var text = ""
        text.reserveCapacity(html.utf8.count)
        var index = html.startIndex
        while index < html.endIndex {
            let character = html[index]
            if character == "<", let close = html[index...].firstIndex(of: ">") {
                let name = html[html.index(after: index)..<close].drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }.lowercased()
                if !inline.contains(name) { text.append(" ") }
                index = html.index(after: close)
            } else if character == "&", let semicolon = html[index...].prefix(10).firstIndex(of: ";"),
                      let decoded = entity(html[html.index(after: index)..<semicolon]) {
                text.append(decoded)
                index = html.index(after: semicolon)
            } else {
                text.append(character)
                index = html.index(after: index)
            }
        }
        return clean(text)
    }

    /// White space collapsed, the match marks taken out.
    static func clean(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace || $0 == markStart || $0 == markEnd }).joined(separator: " ")
    }

    private static func entity(_ name: Substring) -> Character? {
        switch name {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos", "#39": return "'"
        case "nbsp": return " "
        default:
            guard name.hasPrefix("#") else { return nil }
            let digits = name.dropFirst()
            let value = digits.hasPrefix("x") || digits.hasPrefix("X") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            return value.flatMap(Unicode.Scalar.init).map(Character.init)
        }
    }
}
