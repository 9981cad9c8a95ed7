import Fluent
import Foundation
import IGroupsCore

extension TextPage {
    /// What the group's search holds of the page. It has no author: the page stays with the group when
    /// its writer's profile is erased, and so does its place in the search.
    func searchDocument() throws -> SearchDocument {
        SearchDocument(
            groupID: $group.id, module: "pages", itemID: try requireID(), authorID: nil, title: title,
            body: SearchText.plain(fromHTML: bodyHTML), path: "pages/\(slug)", membersOnly: visibility == .members, date: updatedAt ?? Date()
        )
    }
}

extension PagesModule {
    /// Every page of one group.
    package func searchDocuments(in groupID: UUID, on db: any Database) async throws -> [SearchDocument] {
        try await TextPage.query(on: db).filter(\.$group.$id == groupID).all().map { try $0.searchDocument() }
    }
}
