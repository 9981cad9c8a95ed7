import Fluent
import IGroupsCore
import SQLKit
import Vapor

/// Free-text pages ("Fritekst sider"): admin-written pages in the group's menu, with revisions.
package struct PagesModule: GroupModule {
    package init() {}

    package let id = "pages"
    package let nameKey = "pages.name"
    package var migrations: [any Migration] { [CreatePages()] }

    package var personalData: [PersonalData] {
        [
            // A page belongs to the group: erasing its author keeps the text and removes the name.
            PersonalData(
                table: TextPage.schema, userColumn: "author_id", purpose: "Shows who last wrote a group's page.",
                legalBasis: .contract, retention: "While the group keeps the page.", erasure: .tombstone(clearing: []), omit: ["body_html"]),
            PersonalData(
                table: TextPageRevision.schema, userColumn: "author_id", purpose: "Shows who made each version of a page.",
                legalBasis: .contract, retention: "While the group keeps the page.", erasure: .tombstone(clearing: [])),
        ]
    }

    package func routes(_ routes: any RoutesBuilder) throws {
        try routes.register(collection: PagesController())
    }

    /// The most recently changed pages the viewer may read.
    package func latest(in context: GroupContext, limit: Int, on db: any Database) async throws -> [ModuleItem] {
        struct Row: Decodable {
            let slug: String
            let title: String
            let updated_at: Date?
        }
        var query = db.sql.select().columns("slug", "title", "updated_at").from(TextPage.schema)
            .where("group_id", .equal, SQLBind(try context.group.requireID()))
        if !context.isMember && !context.isOperator { query = query.where("visibility", .equal, SQLBind(TextPage.Visibility.public.rawValue)) }
        return try await query.orderBy("updated_at", .descending).limit(limit).all(decoding: Row.self).map {
            ModuleItem(title: $0.title, url: "/g/\(context.group.slug)/pages/\($0.slug)", date: $0.updated_at ?? Date())
        }
    }
}
