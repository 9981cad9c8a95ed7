import Fluent
import Foundation
import IGroupsCore

/// Many photos in one album, for measuring the album's pages: copies of a group's ready photos whose
/// upload rows name the same stored files (the store keeps each file once, by its hash).
package enum PhotoSeed {
    package enum SeedError: Error, CustomStringConvertible {
        case noReadyPhotos(String)

        package var description: String {
            switch self {
            case .noReadyPhotos(let slug): "the group \(slug) has no ready photo to copy; seed-demo makes three when libvips is installed"
            }
        }
    }

    /// Adds an album of `count` photos to the group and returns its id.
    package static func seed(group: Group, count: Int, on db: any Database) async throws -> UUID {
        let groupID = try group.requireID()
        let templates = try await Photo.query(on: db).filter(\.$group.$id == groupID).filter(\.$status == .ready)
            .with(\.$upload).with(\.$display).with(\.$thumb).sort(\.$position).all()
        guard !templates.isEmpty else { throw SeedError.noReadyPhotos(group.slug) }
        return try await db.transaction { db in
            let album = PhotoAlbum()
            album.$group.id = groupID
            album.$creator.id = templates[0].$uploader.id
            album.title = "Klubbens arkiv"
            album.description = "\(count) billeder fra mange års ture."
            try await album.create(on: db)
            let albumID = try album.requireID()
            for position in 0..<count {
                let template = templates[position % templates.count]
                let photo = Photo()
                photo.$group.id = groupID
                photo.$album.id = albumID
                photo.$uploader.id = template.$uploader.id
                let original = try await copy(template.upload, parent: nil, on: db)
                photo.$upload.id = original
                if let display = template.display { photo.$display.id = try await copy(display, parent: original, on: db) }
                if let thumb = template.thumb { photo.$thumb.id = try await copy(thumb, parent: original, on: db) }
                photo.status = .ready
                photo.name = "arkiv-\(position + 1).jpg"
                photo.caption = "\(template.caption) (\(position + 1))"
                photo.takenBy = template.takenBy
                photo.position = position
                photo.width = template.width
                photo.height = template.height
                try await photo.create(on: db)
            }
            return albumID
        }
    }

    /// A new upload row for the same stored file; a copy made from `parent` when it is given.
    static func copy(_ upload: Upload, parent: UUID?, on db: any Database) async throws -> UUID {
        let row = Upload()
        row.$parent.id = parent
        row.$group.id = upload.$group.id
        row.$user.id = upload.$user.id
        row.variant = upload.variant
        row.blob = upload.blob
        row.size = upload.size
        row.mediaType = upload.mediaType
        row.name = upload.name
        row.width = upload.width
        row.height = upload.height
        try await row.create(on: db)
        return try row.requireID()
    }
}
