import Fluent
import IGroupsCore
import SQLKit
import Vapor

/// News ("Nyheder"): posts by admins (or members, if the group allows), pinned or not, with comments,
/// replies one level deep, likes, mail to subscribers, and an Atom feed of a public group.
package struct NewsModule: GroupModule {
    package init() {}

    package let id = "news"
    package let nameKey = "news.name"
    package var migrations: [any Migration] { [CreateNews()] }

    package var personalData: [PersonalData] {
        [
            // Others' comments hang on a post: an erased author's post stays as an empty marker.
            PersonalData(
                table: NewsPost.schema, userColumn: "author_id", purpose: "News posts the person wrote in a group.",
                legalBasis: .contract, retention: "While the group keeps the post.", erasure: .tombstone(clearing: ["title", "body", "body_html"]),
                omit: ["body_html"]),
            PersonalData(
                table: NewsComment.schema, userColumn: "author_id", purpose: "Comments and replies the person wrote on news.",
                legalBasis: .contract, retention: "While the group keeps the post.", erasure: .tombstone(clearing: ["body", "body_html"]),
                omit: ["body_html"]),
            PersonalData(
                table: NewsLike.schema, userColumn: "user_id", purpose: "The posts the person liked; others see who liked.",
                legalBasis: .contract, retention: "Until the like is taken back or the post deleted.", erasure: .delete),
            PersonalData(
                table: NewsSubscription.schema, userColumn: "user_id", purpose: "Whether the person gets a group's news by mail, at once or daily.",
                legalBasis: .consent, retention: "Until the person stops it or leaves the group.", erasure: .delete),
        ]
    }

    package func routes(_ routes: any RoutesBuilder) throws {
        try routes.register(collection: NewsController())
    }

    package func register(on app: Application) {
        NewsMail.register(on: app)
    }

    /// The pictures of the person's posts.
    package func personalFiles(of userID: UUID, on db: any Database) async throws -> [(key: String, path: String)] {
        let posts = try await NewsPost.query(on: db).filter(\.$author.$id == userID).filter(\.$imageVersion != nil).all()
        return try posts.map { post in
            let key = NewsPost.imageKey(groupID: post.$group.id, postID: try post.requireID())
            return (key, "news/\(try post.requireID().uuidString).jpg")
        }
    }

    package func seedDemo(in group: Group, by authorID: UUID?, on db: any Database) async throws {
        let items = [
            ("Velkommen til den nye sæson", "Vi starter igen **første tirsdag i september**. Tag gerne en ven med."),
            ("Generalforsamling", "Dagsorden og regnskab kommer her i god tid. Forslag sendes til bestyrelsen."),
        ]
        for (index, item) in items.enumerated() {
            let post = NewsPost()
            post.$group.id = try group.requireID()
            post.$author.id = authorID
            post.title = item.0
            post.body = item.1
            post.bodyHTML = Markdown.render(item.1)
            post.pinned = index == 0
            try await post.create(on: db)
            if let document = try post.searchDocument() { try await SearchIndex.put(document, on: db) }
        }
    }

    /// The newest posts.
    package func latest(in context: GroupContext, limit: Int, on db: any Database) async throws -> [ModuleItem] {
        struct Row: Decodable {
            let id: UUID
            let title: String
            let created_at: Date?
        }
        let rows = try await db.sql.select().columns("id", "title", "created_at").from(NewsPost.schema)
            .where("group_id", .equal, SQLBind(try context.group.requireID())).where("title", .notEqual, SQLBind(""))
            .orderBy(SQLOrderBy(expression: SQLIdentifier("created_at"), direction: SQLDirection.descending)).limit(limit)
            .all(decoding: Row.self)
        return rows.map { ModuleItem(title: $0.title, url: "/g/\(context.group.slug)/news/\($0.id.uuidString)", date: $0.created_at ?? Date()) }
    }
}
