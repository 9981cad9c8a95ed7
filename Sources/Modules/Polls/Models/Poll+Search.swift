import Fluent
import Foundation
import IGroupsCore

extension Poll {
    /// What the group's search holds of the poll: its question, description and options. It has no author:
    /// the poll stays with the group when the person who made it is erased, and so does its place in the search.
    func searchDocument(options: [String]) throws -> SearchDocument {
        let id = try requireID()
        return SearchDocument(
            groupID: $group.id, module: "polls", itemID: id, authorID: nil, title: question,
            body: ([description] + options).joined(separator: " "), path: "polls/\(id.uuidString)", date: createdAt ?? Date()
        )
    }
}

extension PollsModule {
    /// Every poll of one group, with its options (two queries).
    package func searchDocuments(in groupID: UUID, on db: any Database) async throws -> [SearchDocument] {
        let polls = try await Poll.query(on: db).filter(\.$group.$id == groupID).all()
        let options = try await PollOption.query(on: db)
            .join(Poll.self, on: \PollOption.$poll.$id == \Poll.$id)
            .filter(Poll.self, \.$group.$id == groupID).sort(\.$position).all()
        let texts = Dictionary(grouping: options, by: \.$poll.id).mapValues { $0.map(\.text) }
        return try polls.map { try $0.searchDocument(options: texts[$0.requireID()] ?? []) }
    }
}
