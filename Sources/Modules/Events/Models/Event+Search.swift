import Fluent
import Foundation
import IGroupsCore

extension Event {
    /// What the group's search holds of the event: its title, place and description. The address goes
    /// to the event's next date. It has no author: the event stays with the group when its planner is erased.
    func searchDocument(slug: String) throws -> SearchDocument {
        let id = try requireID()
        return SearchDocument(
            groupID: $group.id, module: "events", itemID: id, authorID: nil, title: title,
            body: place + "\n" + SearchText.plain(fromHTML: descriptionHTML), path: "events/e/\(id.uuidString)", date: startsAt
        )
    }
}

extension EventsModule {
    /// Every event of one group.
    package func searchDocuments(in groupID: UUID, on db: any Database) async throws -> [SearchDocument] {
        guard let group = try await Group.find(groupID, on: db) else { return [] }
        return try await Event.query(on: db).filter(\.$group.$id == groupID).all().map { try $0.searchDocument(slug: group.slug) }
    }
}
