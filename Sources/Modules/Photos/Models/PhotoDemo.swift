import Fluent
import Foundation
import IGroupsCore
import Vapor

/// A demo album of a few pictures libvips paints (colour gradients), processed as uploads are.
enum PhotoDemo {
    static let pictures: [(name: String, caption: String, scale: String, offset: String)] = [
        ("solnedgang.jpg", "Solnedgang over fjorden", "0.15 0.05", "120 40"),
        ("skov.jpg", "Skovturen i maj", "0.02 0.2", "20 90"),
        ("strand.jpg", "Stranden ved sommerhuset", "0.1 0.15", "60 120"),
    ]

    /// Adds the album when libvips is there; without it a demo group simply has none.
    static func seed(in group: Group, by authorID: UUID?, app: Application) async throws {
        guard app.mediaAvailability.images else { return }
        let groupID = try group.requireID()
        let album = PhotoAlbum()
        album.$group.id = groupID
        album.$creator.id = authorID
        album.title = "Sommerturen"
        album.description = "Billeder fra årets tur. Upload gerne dine egne."
        try await album.create(on: app.db)
        try await SearchIndex.put(album.searchDocument(), on: app.db)
        let folder = app.settings.dataDirectory + "/uploads"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (position, picture) in pictures.enumerated() {
            let path = folder + "/demo-" + UUID().uuidString
            guard try await app.threadPool.runIfActive({ paint(picture, to: path) }) else { continue }
            let file = try Uploads.receivedFile(at: path + ".jpg", name: picture.name)
            let upload = try await Uploads.store(file, group: groupID, user: authorID, on: app, db: app.db)
            let photo = Photo()
            photo.$group.id = groupID
            photo.$album.id = try album.requireID()
            photo.$uploader.id = authorID
            photo.$upload.id = try upload.requireID()
            photo.status = .processing
            photo.name = picture.name
            photo.caption = picture.caption
            photo.takenBy = ""
            photo.position = position
            try await photo.create(on: app.db)
            try await PhotoProcessing.process(photo.requireID(), app: app)
        }
    }

    /// A 1200 × 800 gradient, as JPEG at `path.jpg`, in four quick steps of libvips.
    static func paint(_ picture: (name: String, caption: String, scale: String, offset: String), to path: String) -> Bool {
        let steps = [
            ["vips", "xyz", path + ".v", "1200", "800"],
            ["vips", "linear", path + ".v", path + "-2.v", picture.scale, picture.offset],
            ["vips", "bandjoin_const", path + "-2.v", path + "-3.v", "150"],
            ["vips", "cast", path + "-3.v", path + ".jpg", "uchar"],
        ]
        defer {
            for suffix in [".v", "-2.v", "-3.v"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        for step in steps {
            guard (try? ChildProcess.run(step, timeLimit: 20))?.status == 0 else { return false }
        }
        return true
    }
}
