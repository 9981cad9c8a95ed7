import Fluent
import Foundation
import IGroupsCore

extension Video {
    /// What the group's search holds of the video: its title and description; nil for a file that could
    /// not be used, which only its uploader sees.
    func searchDocument() throws -> SearchDocument? {
        guard status != .failed else { return nil }
        let id = try requireID()
        return SearchDocument(
            groupID: $group.id, module: "video", itemID: id, authorID: $author.id, title: title,
            body: SearchText.plain(fromHTML: descriptionHTML), path: "video/\(id.uuidString)", date: createdAt ?? Date()
        )
    }
}

extension VideoModule {
    /// Every video of one group that others see.
    package func searchDocuments(in groupID: UUID, on db: any Database) async throws -> [SearchDocument] {
        try await Video.query(on: db).filter(\.$group.$id == groupID).filter(\.$status != .failed).all().compactMap { try $0.searchDocument() }
    }
}
