import Fluent
import Foundation
import IGroupsCore

/// A free-text page in a group's menu: Markdown source and its sanitised rendering.
package final class TextPage: Model, @unchecked Sendable {
    package static let schema = "pages"

    /// Who may read a page.
    package enum Visibility: String, Codable, Sendable, CaseIterable {
        case members, `public`
    }

    @ID(key: .id) package var id: UUID?
    @Parent(key: "group_id") package var group: Group
    @Field(key: "slug") package var slug: String
    @Field(key: "title") package var title: String
    @Field(key: "body") package var body: String
    @Field(key: "body_html") package var bodyHTML: String
    @Field(key: "position") package var position: Int
    @Field(key: "visibility") package var visibility: Visibility
    @OptionalParent(key: "author_id") package var author: User?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) package var updatedAt: Date?

    package init() {}
}

/// One saved version of a page: every save is a revision.
package final class TextPageRevision: Model, @unchecked Sendable {
    package static let schema = "page_revisions"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "page_id") package var page: TextPage
    @Field(key: "title") package var title: String
    @Field(key: "body") package var body: String
    @OptionalParent(key: "author_id") package var author: User?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) package var updatedAt: Date?

    package init() {}

    package init(pageID: UUID, title: String, body: String, authorID: UUID?) {
        self.$page.id = pageID
        self.title = title
        self.body = body
        self.$author.id = authorID
    }
}
