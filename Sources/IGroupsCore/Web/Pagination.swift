import Vapor

/// Which slice of a long list a page shows; the one pagination helper.
package struct Pagination: Sendable {
    package let page: Int
    package let perPage: Int
    package let total: Int

    package init(page: Int, perPage: Int, total: Int) {
        self.perPage = perPage
        self.total = total
        let last = max(1, (total + perPage - 1) / perPage)
        self.page = min(max(1, page), last)
    }

    package var pageCount: Int { max(1, (total + perPage - 1) / perPage) }
    package var offset: Int { (page - 1) * perPage }

    /// The requested page number from `?page=`: 1 when absent or malformed, and at most a million, so
    /// no offset made from it can overflow.
    package static func requestedPage(_ req: Request) -> Int {
        // Reading the query is dear enough to skip when the address has none.
        guard req.url.query != nil else { return 1 }
        return min(max(1, req.query[Int.self, at: "page"] ?? 1), 1_000_000)
    }
}

extension Parts {
    /// Previous and next links with the page number, when there is more than one page.
    package static func pagination(_ pagination: Pagination, t: Localizer, url: (Int) -> String, into h: inout HTML) {
        guard pagination.pageCount > 1 else { return }
        h.el("nav", .class("pagination"), .aria("label", t("pagination.label"))) { h in
            if pagination.page > 1 {
                h.el("a", .href(url(pagination.page - 1)), .attr("rel", "prev"), text: t("pagination.previous"))
            }
            h.el("span", text: t("pagination.position", ["page": t.number(pagination.page), "count": t.number(pagination.pageCount)]))
            if pagination.page < pagination.pageCount {
                h.el("a", .href(url(pagination.page + 1)), .attr("rel", "next"), text: t("pagination.next"))
            }
        }
    }
}
