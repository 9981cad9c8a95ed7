import Fluent
import IGroupsCore
import SQLKit
import Vapor

/// The discussion forum ("Debatforum"): boards, threads and replies, quotes, mentions, edit history,
/// moderation and reports, unread tracking per person, and mail about watched threads.
package struct ForumModule: GroupModule {
    package init() {}

    package let id = "forum"
    package let nameKey = "forum.name"
    package var migrations: [any Migration] { [CreateForum(), UpdateForumThreadsAddVersion()] }
    /// Members post in the forum unless the group says otherwise.
    package var membersWriteByDefault: Bool { true }

    package var personalData: [PersonalData] {
        [
            // Others' replies hang on a thread: an erased author's thread stays, without its author.
            PersonalData(
                table: ForumThread.schema, userColumn: "author_id", purpose: "Threads the person started in a group's forum.",
                legalBasis: .contract, retention: "While the group keeps the thread.", erasure: .tombstone(clearing: ["title"])),
            PersonalData(
                table: ForumThread.schema, userColumn: "last_author_id", purpose: "Shows who wrote the newest post of a thread.",
                legalBasis: .contract, retention: "Until someone else posts in the thread.", erasure: .tombstone(clearing: []), exported: false),
            PersonalData(
                table: ForumPost.schema, userColumn: "author_id", purpose: "Posts the person wrote in a group's forum.",
                legalBasis: .contract, retention: "While the group keeps the thread.", erasure: .tombstone(clearing: ["body", "body_html"]),
                omit: ["body_html"]),
            PersonalData(
                table: ForumRevision.schema, userColumn: "author_id", purpose: "Earlier versions of the person's forum posts, shown as the post's history.",
                legalBasis: .contract, retention: "While the post exists; deleted with the post's text.", erasure: .delete),
            PersonalData(
                table: ForumRead.schema, userColumn: "user_id", purpose: "How far the person has read each thread, to show what is new.",
                legalBasis: .contract, retention: "While the thread exists.", erasure: .delete),
            PersonalData(
                table: ForumMark.schema, userColumn: "user_id", purpose: "When the person last marked a group's forum read.",
                legalBasis: .contract, retention: "While the person is in the group.", erasure: .delete),
            PersonalData(
                table: ForumWatch.schema, userColumn: "user_id", purpose: "Threads the person gets mail about.",
                legalBasis: .consent, retention: "Until the person stops watching or the thread is deleted.", erasure: .delete),
            PersonalData(
                table: ForumReport.schema, userColumn: "reporter_id", purpose: "Posts the person reported to the group's moderators, and why.",
                legalBasis: .legitimateInterest, retention: "While the post exists.", erasure: .delete),
            PersonalData(
                table: ForumReport.schema, userColumn: "closed_by_id", purpose: "Which moderator handled a report.",
                legalBasis: .legitimateInterest, retention: "While the post exists.", erasure: .tombstone(clearing: []), exported: false),
        ]
    }

    package func routes(_ routes: any RoutesBuilder) throws {
        try routes.register(collection: ForumController())
    }

    package func register(on app: Application) {
        _ = app.forumReads
        app.forumPosts = KeptByKey(limit: 4_000, budget: 64 << 20)
        app.lifecycle.use(ForumReadFlusher())
        ForumMail.register(on: app)
    }

    /// Mentions of an erased person in others' posts, their history and thread titles become `@…`, and
    /// the name over a quote of theirs becomes `…`.
    package func forget(username: String, name: String, on db: any Database) async throws {
        // LIKE finds the candidates (its `_` may match more); the exact change is made in Swift.
        struct Row: Decodable { let id: UUID }
        func candidates(_ table: String, _ column: String) async throws -> [UUID] {
            try await db.sql.select().column("id").from(table)
                .where { group in
                    group.where(SQLFunction("LOWER", args: SQLIdentifier(column)), .like, SQLBind("%@" + username.lowercased() + "%"))
                        .orWhere(SQLIdentifier(column), .like, SQLBind("%**" + name + ":**%"))
                }
                .all(decoding: Row.self).map(\.id)
        }
        func forgotten(_ text: String) -> String {
            ForumMentions.forget(username, in: text).replacingOccurrences(of: "> **\(name):**", with: "> **…:**")
        }
        for post in try await ForumPost.query(on: db).filter(\.$id ~~ candidates(ForumPost.schema, "body")).all() {
            let body = forgotten(post.body)
            guard body != post.body else { continue }
            post.body = body
            post.bodyHTML = Markdown.render(body)
            try await post.save(on: db)
            if let thread = try await ForumThread.find(post.$thread.id, on: db) { try await ForumSearch.index(post, thread: thread, on: db) }
        }
        for revision in try await ForumRevision.query(on: db).filter(\.$id ~~ candidates(ForumRevision.schema, "body")).all() {
            let body = forgotten(revision.body)
            guard body != revision.body else { continue }
            revision.body = body
            try await revision.save(on: db)
        }
        for thread in try await ForumThread.query(on: db).filter(\.$id ~~ candidates(ForumThread.schema, "title")).all() {
            let title = ForumMentions.forget(username, in: thread.title)
            guard title != thread.title else { continue }
            thread.title = title
            try await thread.save(on: db)
            let opening = try await ForumPost.query(on: db).filter(\.$thread.$id == thread.requireID()).filter(\.$position == 1).first()
            if let document = try thread.searchDocument(opening: opening) { try await SearchIndex.put(document, on: db) }
        }
    }

    package func seedDemo(in group: Group, by authorID: UUID?, on db: any Database) async throws {
        let groupID = try group.requireID()
        let board = ForumBoard()
        board.$group.id = groupID
        board.name = "Snak"
        board.description = "Alt mellem himmel og jord."
        board.position = 0
        board.adminsOnly = false
        board.threadCount = 1
        try await board.create(on: db)
        let body = "Hvem har lyst til at arrangere **sommerudflugten** i år? Skriv gerne forslag til steder."
        let thread = ForumThread()
        thread.$group.id = groupID
        thread.$board.id = try board.requireID()
        thread.$author.id = authorID
        thread.title = "Sommerudflugt"
        thread.pinned = false
        thread.locked = false
        thread.postCount = 1
        thread.lastPostAt = Date()
        thread.$lastAuthor.id = authorID
        try await thread.create(on: db)
        let post = ForumPost()
        post.$thread.id = try thread.requireID()
        post.$group.id = groupID
        post.$author.id = authorID
        post.position = 1
        post.body = body
        post.bodyHTML = Markdown.render(body)
        try await post.create(on: db)
        try await ForumSearch.index(post, thread: thread, on: db)
    }

    /// The threads with the newest activity.
    package func latest(in context: GroupContext, limit: Int, on db: any Database) async throws -> [ModuleItem] {
        struct Row: Decodable {
            let id: UUID
            let title: String
            let last_post_at: Date
        }
        let rows = try await db.sql.select().columns("id", "title", "last_post_at").from(ForumThread.schema)
            .where("group_id", .equal, SQLBind(try context.group.requireID())).where("title", .notEqual, SQLBind(""))
            .orderBy(SQLOrderBy(expression: SQLIdentifier("last_post_at"), direction: SQLDirection.descending)).limit(limit)
            .all(decoding: Row.self)
        return rows.map { ModuleItem(title: $0.title, url: "/g/\(context.group.slug)/forum/threads/\($0.id.uuidString)/unread", date: $0.last_post_at) }
    }
}
