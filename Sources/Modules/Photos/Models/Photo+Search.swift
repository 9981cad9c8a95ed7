import Fluent
import Foundation
import IGroupsCore

extension PhotoAlbum {
    /// What the group's search holds of an album: its title and description. It has no author: the album
    /// stays with the group when the person who made it is erased.
    func searchDocument() throws -> SearchDocument {
        let id = try requireID()
        return SearchDocument(
            groupID: $group.id, module: "photos", itemID: id, authorID: nil, title: title, body: description,
            path: "photos/\(id.uuidString)", date: createdAt ?? Date()
        )
    }
}

extension Photo {
    /// What the group's search holds of a photo, found under its album's title: its caption and who took it;
    /// nil while it is processed or has nothing to find.
    func searchDocument() throws -> SearchDocument? {
        guard status == .ready, !(caption.isEmpty && takenBy.isEmpty) else { return nil }
        let id = try requireID()
        return SearchDocument(
            groupID: $group.id, module: "photos", itemID: id, parentID: $album.id, authorID: $uploader.id, title: "",
            body: [caption, takenBy].filter { !$0.isEmpty }.joined(separator: " · "), path: "photos/p/\(id.uuidString)", date: createdAt ?? Date()
        )
    }
}

extension PhotosModule {
    /// Every album of one group, and every photo with something to find (two queries).
    package func searchDocuments(in groupID: UUID, on db: any Database) async throws -> [SearchDocument] {
        let albums = try await PhotoAlbum.query(on: db).filter(\.$group.$id == groupID).all()
        let photos = try await Photo.query(on: db).filter(\.$group.$id == groupID).filter(\.$status == .ready).all()
        return try albums.map { try $0.searchDocument() } + photos.compactMap { try $0.searchDocument() }
    }
}
