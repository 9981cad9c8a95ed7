import Foundation

/// The group's search page: the box, a module's own matches (members), and the ranked results.
struct SearchPage: PageView {
    struct Hit: Sendable {
        let moduleName: String
        let path: String
        /// With match marks; empty for an item without its own title.
        let title: String
        let parentTitle: String?
        let snippet: String
        let date: Date

        init(hit: SearchHit, moduleName: String) {
            self.moduleName = moduleName
            path = hit.path
            title = hit.title
            parentTitle = hit.parentTitle
            snippet = hit.snippet
            date = hit.date
        }
    }

    struct Results: Sendable {
        var hits: [Hit]
        var total: Int
        var page: Int
        var matches: [(moduleName: String, matches: SearchMatches)]
    }

    let layout: Layout.Model
    let chrome: GroupChrome
    let query: String
    /// Nil before anything is searched.
    let results: Results?

    /// The address of a page of results.
    static func url(slug: String, query: String, page: Int) -> String {
        let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return "/g/\(slug)/search?q=\(encoded)" + (page > 1 ? "&page=\(page)" : "")
    }

    func content(_ h: inout HTML) {
        let t = layout.t
        chrome.write(t: t, into: &h)
        Parts.pageTitle(t("search.title"), into: &h)
        h.el("form", .class("search"), .method("get"), .action("/g/\(chrome.slug)/search"), .attr("role", "search")) { h in
            h.el("label", .for("search-q"), text: t("search.label", ["group": chrome.name]))
            h.void("input", .id("search-q"), .type("search"), .name("q"), .value(query), .attr("maxlength", String(SearchIndex.maxQueryLength)))
            h.el("button", .type("submit"), .class("button button-primary"), text: t("search.submit"))
        }
        guard let results else {
            h.el("p", .class("muted"), text: t("search.hint"))
            return
        }
        for (name, matches) in results.matches { write(matches, name: name, into: &h) }
        guard !results.hits.isEmpty else {
            if results.matches.isEmpty {
                Parts.emptyState(title: t("search.none.title"), text: t("search.none.text", ["query": query]), action: nil, into: &h)
            }
            return
        }
        h.el("section", .aria("labelledby", "search-results")) { h in
            h.el("h2", .id("search-results"), text: t.plural("search.results", results.total))
            h.el("ol", .class("rows card search-results"), .attr("start", String((results.page - 1) * SearchController.perPage + 1))) { h in
                for hit in results.hits { write(hit, into: &h) }
            }
        }
        let pagination = Pagination(page: results.page, perPage: SearchController.perPage, total: results.total)
        Parts.pagination(pagination, t: t, url: { Self.url(slug: chrome.slug, query: query, page: $0) }, into: &h)
    }

    private func write(_ hit: Hit, into h: inout HTML) {
        let t = layout.t
        h.el("li", .class("row")) { h in
            h.el("div", .class("row-main")) { h in
                h.el("a", .class("search-title"), .href("/g/\(chrome.slug)/\(hit.path)")) { h in
                    if !hit.title.isEmpty {
                        Self.marked(hit.title, into: &h)
                    } else {
                        h.text(hit.parentTitle.map { t("search.in", ["title": $0]) } ?? t("search.untitled"))
                    }
                }
                if !hit.snippet.isEmpty { h.el("p") { Self.marked(hit.snippet, into: &$0) } }
                h.el("p", .class("muted")) { h in
                    h.text(hit.moduleName + " · ")
                    Parts.timestamp(hit.date, t: t, into: &h)
                }
            }
        }
    }

    private func write(_ matches: SearchMatches, name: String, into h: inout HTML) {
        h.el("section", .class("card")) { h in
            h.el("h2", text: name)
            h.el("ul", .class("rows")) { h in
                for item in matches.items {
                    h.el("li", .class("row")) { $0.el("a", .href(item.url), text: item.title) }
                }
            }
            h.el("a", .href(matches.moreURL), text: layout.t("search.more", ["module": name]))
        }
    }

    /// Writes text escaped, with the index's match marks turned into `<mark>`; nothing else becomes markup.
    static func marked(_ text: String, into h: inout HTML) {
        var plain = "", inMark = false
        func flush(_ h: inout HTML) {
            guard !plain.isEmpty else { return }
            if inMark { h.el("mark", text: plain) } else { h.text(plain) }
            plain = ""
        }
        for character in text {
            if character == SearchText.markStart || character == SearchText.markEnd {
                flush(&h)
                inMark = character == SearchText.markStart
            } else {
                plain.append(character)
            }
        }
        flush(&h)
    }
}
