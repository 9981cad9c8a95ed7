import Fluent
import IGroupsCore
import SQLKit
import Vapor

/// Links: a categorised collection of addresses with descriptions. The site never requests a linked
/// page (no favicon, no preview): nothing leaves without the visitor's own click.
package struct LinksModule: GroupModule {
    package init() {}

    package let id = "links"
    package let nameKey = "links.name"
    package var migrations: [any Migration] { [CreateLinks()] }

    package var personalData: [PersonalData] {
        [
            // A link belongs to the group: erasing the person who added it keeps the link, without them.
            PersonalData(
                table: GroupLink.schema, userColumn: "author_id", purpose: "Shows who added a link to a group's collection.",
                legalBasis: .contract, retention: "While the group keeps the link.", erasure: .tombstone(clearing: [])),
        ]
    }

    package func routes(_ routes: any RoutesBuilder) throws {
        try routes.register(collection: LinksController())
    }

    package func seedDemo(in group: Group, by authorID: UUID?, on db: any Database) async throws {
        let category = LinkCategory(groupID: try group.requireID(), name: "Nyttigt", position: 0)
        try await category.create(on: db)
        for (title, url, description) in [
            ("Danmarks Statistik", "https://www.dst.dk/", "Tal om Danmark."),
            ("DR", "https://www.dr.dk/", "Nyheder og radio."),
        ] {
            let link = GroupLink()
            link.$group.id = try group.requireID()
            link.$category.id = try category.requireID()
            link.$author.id = authorID
            link.title = title
            link.url = url
            link.description = description
            try await link.create(on: db)
            try await SearchIndex.put(link.searchDocument(), on: db)
        }
    }

    /// The newest links.
    package func latest(in context: GroupContext, limit: Int, on db: any Database) async throws -> [ModuleItem] {
        struct Row: Decodable {
            let title: String
            let created_at: Date?
        }
        let rows = try await db.sql.select().columns("title", "created_at").from(GroupLink.schema)
            .where("group_id", .equal, SQLBind(try context.group.requireID()))
            .orderBy(SQLOrderBy(expression: SQLIdentifier("created_at"), direction: SQLDirection.descending)).limit(limit)
            .all(decoding: Row.self)
        return rows.map { ModuleItem(title: $0.title, url: "/g/\(context.group.slug)/links", date: $0.created_at ?? Date()) }
    }
}
