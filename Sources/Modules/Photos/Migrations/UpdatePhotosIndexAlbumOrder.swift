import Fluent
import IGroupsCore
import SQLKit

/// The album's grid in its exact order (position, then id), with what decides who sees a photo in the
/// index itself: a page far into a large album skips the photos before it in the index alone, without
/// sorting the album or reading its rows. It replaces the index on album and position.
struct UpdatePhotosIndexAlbumOrder: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.createIndex("photos_album_order", on: Photo.schema, "album_id", "position", "id", "status", "uploader_id")
        try await database.sql.drop(index: "photos_album_position").run()
    }

    func revert(on database: any Database) async throws {
        try await database.createIndex("photos_album_position", on: Photo.schema, "album_id", "position")
        try await database.sql.drop(index: "photos_album_order").run()
    }
}
