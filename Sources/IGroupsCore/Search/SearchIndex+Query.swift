import Fluent
import Foundation
import SQLKit

/// What one viewer may search in one group: the modules switched on, and members-only items or not.
package struct SearchScope: Sendable {
    package let groupID: UUID
    package let modules: [String]
    package let includesMembersOnly: Bool

    package init(groupID: UUID, modules: [String], includesMembersOnly: Bool) {
        self.groupID = groupID
        self.modules = modules
        self.includesMembersOnly = includesMembersOnly
    }
}

/// One result: where the item is, and its title and a piece of its text with the matches marked
/// by `SearchText.markStart`/`markEnd` (the page escapes the text and turns the marks into `<mark>`).
package struct SearchHit: Sendable {
    package let module: String
    package let path: String
    package let title: String
    /// The title of the item it belongs to, for an item without its own (a comment).
    package let parentTitle: String?
    package let snippet: String
    package let date: Date
}

extension SearchIndex {
    /// Longer searches are cut here; so is the number of words.
    package static let maxQueryLength = 200
    static let maxWords = 12

    /// The words searched for: the text cut to its limits, without the characters that mark matches.
    package static func words(_ text: String) -> [String] {
        let cut = SearchText.clean(String(text.prefix(maxQueryLength)))
        return Array(cut.split(separator: " ").prefix(maxWords).map(String.init))
    }

    /// The best matches first (a match in the title before one in the text), one page of them,
    /// and how many there are in all: one query, whatever the size of the index.
    package static func search(_ text: String, in scope: SearchScope, offset: Int, limit: Int, on db: any Database) async throws -> (hits: [SearchHit], total: Int) {
        let words = words(text)
        guard !scope.modules.isEmpty, words.contains(where: { $0.contains { $0.isLetter || $0.isNumber } }) else { return ([], 0) }
        let query = db.sql.dialect.name == "sqlite"
            ? sqliteQuery(words, scope: scope, offset: offset, limit: limit)
            : postgresQuery(words.joined(separator: " "), scope: scope, offset: offset, limit: limit)
        struct Row: Decodable {
            let module_id: String
            let path: String
            let title: String
            let parent_title: String?
            let snippet: String
            let item_date: Date
            let total: Int
        }
        let rows = try await db.sql.raw(query).all(decoding: Row.self)
        let hits = rows.map {
            SearchHit(module: $0.module_id, path: $0.path, title: $0.title, parentTitle: $0.parent_title, snippet: $0.snippet, date: $0.item_date)
        }
        return (hits, rows.first?.total ?? 0)
    }

    /// FTS5: every word quoted (so nothing a person types is query syntax) and matched as a prefix;
    /// ranked by bm25 with the title weighing ten times the text; highlights only for the page shown.
    static func sqliteQuery(_ words: [String], scope: SearchScope, offset: Int, limit: Int) -> SQLQueryString {
        let match = words.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"*" }.joined(separator: " ")
        let start = String(SearchText.markStart), end = String(SearchText.markEnd)
        return """
            WITH ranked AS (
                SELECT search_documents_fts.rowid AS doc, bm25(search_documents_fts, 10.0, 1.0) AS score, d.item_date AS item_date
                FROM search_documents_fts JOIN search_documents d ON d.id = search_documents_fts.rowid
                WHERE search_documents_fts MATCH \(bind: match) AND \(filter(scope))
            ), page AS (
                SELECT doc, score, item_date, COUNT(*) OVER () AS total FROM ranked
                ORDER BY score, item_date DESC LIMIT \(literal: limit) OFFSET \(literal: offset)
            )
            SELECT d.module_id, d.path, d.item_date, parent.title AS parent_title, page.total,
                highlight(search_documents_fts, 0, \(bind: start), \(bind: end)) AS title,
                snippet(search_documents_fts, 1, \(bind: start), \(bind: end), '…', 24) AS snippet
            FROM page
            JOIN search_documents_fts ON search_documents_fts.rowid = page.doc
            JOIN search_documents d ON d.id = page.doc
            LEFT JOIN search_documents parent ON parent.module_id = d.module_id AND parent.item_id = d.parent_id
            WHERE search_documents_fts MATCH \(bind: match)
            ORDER BY page.score, page.item_date DESC
            """
    }

    /// PostgreSQL: the words as a web search (quotes, `or` and `-` work; nothing is a syntax error),
    /// stemmed as Danish or as English; ranked by ts_rank; headlines only for the page shown.
    static func postgresQuery(_ text: String, scope: SearchScope, offset: Int, limit: Int) -> SQLQueryString {
        let start = String(SearchText.markStart), end = String(SearchText.markEnd)
        let marks = "StartSel=\(start), StopSel=\(end)"
        return """
            SELECT h.module_id, h.path, h.item_date, parent.title AS parent_title, h.total,
                ts_headline('danish', h.title, h.query, \(bind: marks + ", HighlightAll=true")) AS title,
                ts_headline('danish', h.body, h.query, \(bind: marks + ", MaxWords=30, MinWords=12")) AS snippet
            FROM (
                SELECT d.module_id, d.parent_id, d.path, d.item_date, d.title, d.body, q.query,
                    ts_rank(d.search_vector, q.query) AS score, COUNT(*) OVER () AS total
                FROM search_documents d
                CROSS JOIN (SELECT websearch_to_tsquery('danish', \(bind: text)) || websearch_to_tsquery('english', \(bind: text)) AS query) q
                WHERE d.search_vector @@ q.query AND \(filter(scope))
                ORDER BY score DESC, d.item_date DESC LIMIT \(literal: limit) OFFSET \(literal: offset)
            ) h
            LEFT JOIN search_documents parent ON parent.module_id = h.module_id AND parent.item_id = h.parent_id
            ORDER BY h.score DESC, h.item_date DESC
            """
    }

    /// The group, its modules that are switched on, and members-only items only for those who may read them.
    static func filter(_ scope: SearchScope) -> SQLQueryString {
        var filter: SQLQueryString = "d.group_id = \(bind: scope.groupID) AND d.module_id IN (\(binds: scope.modules))"
        if !scope.includesMembersOnly { filter = "\(filter) AND d.members_only = \(bind: false)" }
        return filter
    }
}
