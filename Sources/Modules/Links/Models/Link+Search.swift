import Fluent
import Foundation
import IGroupsCore

extension GroupLink {
    /// What the group's search holds of the link: its title, description and the words of its address
    /// ("example org rostadion", which both databases split alike). It has no author: the link stays with
    /// the group when the person who added it is erased, and so does its place in the search.
    func searchDocument() throws -> SearchDocument {
        let id = try requireID()
        let address = url.split { !$0.isLetter && !$0.isNumber }.dropFirst().filter { $0.lowercased() != "www" }.joined(separator: " ")
        return SearchDocument(
            groupID: $group.id, module: "links", itemID: id, authorID: nil, title: title,
            body: description + " " + address, path: "links#link-\(id.uuidString)", date: createdAt ?? Date()
        )
    }
}

extension LinksModule {
    /// Every link of one group.
    package func searchDocuments(in groupID: UUID, on db: any Database) async throws -> [SearchDocument] {
        try await GroupLink.query(on: db).filter(\.$group.$id == groupID).all().map { try $0.searchDocument() }
    }
}
