import Fluent
import IGroupsCore
import Vapor

extension PagesController {
    /// Every revision of a page, newest first, with author and time.
    @Sendable func history(req: Request) async throws -> Response {
        let page = try await Self.page(req)
        let revisions = try await TextPageRevision.query(on: req.db)
            .filter(\.$page.$id == page.requireID())
            .with(\.$author)
            .sort(\.$createdAt, .descending)
            .all()
        let rows = revisions.map { PageHistory.Row(id: $0.id ?? UUID(), title: $0.title, author: $0.author?.name, date: $0.createdAt ?? Date()) }
        let context = req.moduleContext
        return PageHistory(layout: req.layout(title: req.t("pages.history.title", ["title": page.title])), chrome: context.chrome("pages", t: req.t), slug: page.slug, rows: rows).response()
    }

    /// One revision, with what differs from the page as it is now.
    @Sendable func revision(req: Request) async throws -> Response {
        let page = try await Self.page(req)
        let revision = try await Self.revision(of: page, req)
        let context = req.moduleContext
        return PageRevisionShow(
            layout: req.layout(title: req.t("pages.revision.title", ["title": revision.title])), chrome: context.chrome("pages", t: req.t),
            slug: page.slug, revisionID: revision.id ?? UUID(), date: revision.createdAt ?? Date(),
            diff: LineDiff.diff(revision.body, page.body), isCurrent: revision.body == page.body && revision.title == page.title,
            mayWrite: context.mayWrite
        ).response()
    }

    /// Makes an old revision the page's text again, as a new revision.
    @Sendable func restore(req: Request) async throws -> Response {
        try Self.requireWriter(req)
        let page = try await Self.page(req)
        let revision = try await Self.revision(of: page, req)
        let viewerID = req.moduleContext.group.viewer?.id
        page.title = revision.title
        page.body = revision.body
        page.bodyHTML = Markdown.render(revision.body)
        try await req.db.transaction { db in
            try await page.save(on: db)
            try await TextPageRevision(pageID: page.requireID(), title: revision.title, body: revision.body, authorID: viewerID).create(on: db)
            try await SearchIndex.put(page.searchDocument(), on: db)
        }
        return .seeOther("/g/\(req.moduleContext.group.group.slug)/pages/\(page.slug)?notice=page_restored")
    }

    /// A revision of this page; one of another page, or none, is a 404.
    static func revision(of page: TextPage, _ req: Request) async throws -> TextPageRevision {
        guard let id = req.parameters.get("revision", as: UUID.self),
              let revision = try await TextPageRevision.query(on: req.db).filter(\.$id == id).filter(\.$page.$id == page.requireID()).first()
        else { throw Abort(.notFound) }
        return revision
    }
}
