import Fluent
import Foundation
import IGroupsCore

extension ForumThread {
    /// What the group's search holds of a thread: its title and opening post; nil once its erased author's
    /// title has gone with them. Replies are documents of their own under it.
    func searchDocument(opening: ForumPost?) throws -> SearchDocument? {
        guard !title.isEmpty else { return nil }
        let id = try requireID()
        let body = opening.map { $0.deletedAt == nil ? SearchText.plain(fromHTML: $0.bodyHTML) : "" } ?? ""
        return SearchDocument(
            groupID: $group.id, module: "forum", itemID: id, authorID: $author.id, title: title, body: body,
            path: "forum/threads/\(id.uuidString)", date: createdAt ?? lastPostAt
        )
    }
}

extension ForumPost {
    /// What the group's search holds of a reply, found under its thread's title; nil once deleted.
    /// The opening post is part of its thread's document.
    func searchDocument() throws -> SearchDocument? {
        guard position > 1, deletedAt == nil, !body.isEmpty else { return nil }
        let id = try requireID()
        return SearchDocument(
            groupID: $group.id, module: "forum", itemID: id, parentID: $thread.id, authorID: $author.id, title: "",
            body: SearchText.plain(fromHTML: bodyHTML), path: "forum/posts/\(id.uuidString)", date: createdAt ?? Date()
        )
    }
}

enum ForumSearch {
    /// Puts a post in the index as it is now: the opening post through its thread, a reply by itself.
    static func index(_ post: ForumPost, thread: ForumThread, on db: any Database) async throws {
        if post.position == 1 {
            if let document = try thread.searchDocument(opening: post) { try await SearchIndex.put(document, on: db) }
        } else if let document = try post.searchDocument() {
            try await SearchIndex.put(document, on: db)
        } else {
            try await SearchIndex.remove(module: "forum", item: post.requireID(), on: db)
        }
    }
}

extension ForumModule {
    /// Every thread with its opening post, and every reply not deleted, of one group.
    package func searchDocuments(in groupID: UUID, on db: any Database) async throws -> [SearchDocument] {
        let threads = try await ForumThread.query(on: db).filter(\.$group.$id == groupID).all()
        let openings = try await ForumPost.query(on: db).filter(\.$group.$id == groupID).filter(\.$position == 1).all()
        let byThread = Dictionary(openings.map { ($0.$thread.id, $0) }, uniquingKeysWith: { first, _ in first })
        let replies = try await ForumPost.query(on: db).filter(\.$group.$id == groupID).filter(\.$position > 1).filter(\.$deletedAt == nil).all()
        return try threads.compactMap { try $0.searchDocument(opening: $0.id.flatMap { byThread[$0] }) } + replies.compactMap { try $0.searchDocument() }
    }
}
