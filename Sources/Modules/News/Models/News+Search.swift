import Fluent
import Foundation
import IGroupsCore

extension NewsPost {
    /// What the group's search holds of the post; nil for a post emptied when its author was erased.
    func searchDocument() throws -> SearchDocument? {
        guard !title.isEmpty else { return nil }
        let id = try requireID()
        return SearchDocument(
            groupID: $group.id, module: "news", itemID: id, authorID: $author.id, title: title,
            body: SearchText.plain(fromHTML: bodyHTML), path: "news/\(id.uuidString)", date: createdAt ?? Date()
        )
    }
}

extension NewsComment {
    /// What the group's search holds of the comment, found under its post's title; nil once deleted.
    func searchDocument(groupID: UUID) throws -> SearchDocument? {
        guard deletedAt == nil, !body.isEmpty else { return nil }
        let id = try requireID()
        return SearchDocument(
            groupID: groupID, module: "news", itemID: id, parentID: $post.id, authorID: $author.id, title: "",
            body: SearchText.plain(fromHTML: bodyHTML), path: "news/\($post.id.uuidString)#comment-\(id.uuidString)", date: createdAt ?? Date()
        )
    }
}

extension NewsModule {
    /// Every post and every comment not deleted, of one group.
    package func searchDocuments(in groupID: UUID, on db: any Database) async throws -> [SearchDocument] {
        let posts = try await NewsPost.query(on: db).filter(\.$group.$id == groupID).all()
        let comments = try await NewsComment.query(on: db)
            .join(NewsPost.self, on: \NewsComment.$post.$id == \NewsPost.$id)
            .filter(NewsPost.self, \.$group.$id == groupID).filter(\.$deletedAt == nil).all()
        return try posts.compactMap { try $0.searchDocument() } + comments.compactMap { try $0.searchDocument(groupID: groupID) }
    }
}
