import Fluent
import IGroupsCore
import SQLKit
import Vapor

/// Video ("Video"): members upload videos that play from the group's own site, with a poster and a length
/// made on the server, or link a YouTube or Vimeo video whose player, and its cookies, load only when a
/// visitor clicks; with comments.
package struct VideoModule: GroupModule {
    package init() {}

    package let id = "video"
    package let nameKey = "video.name"
    package var migrations: [any Migration] { [CreateVideos()] }
    /// Members share videos unless the group says otherwise.
    package var membersWriteByDefault: Bool { true }

    package var personalData: [PersonalData] {
        [
            // The file itself is an upload (declared by Core); the video goes with it.
            PersonalData(
                table: Video.schema, userColumn: "author_id", purpose: "Videos the person uploaded or linked in a group, with their titles and descriptions.",
                legalBasis: .contract, retention: "Until the person, a moderator or an admin deletes the video, or the group is deleted; a note that an upload could not be used, 7 days.",
                erasure: .delete, omit: ["description_html"]),
            PersonalData(
                table: VideoComment.schema, userColumn: "author_id", purpose: "Comments the person wrote on videos.",
                legalBasis: .contract, retention: "Until the person or a moderator deletes the comment, or the video is deleted.",
                erasure: .delete, omit: ["body_html"]),
        ]
    }

    package func routes(_ routes: any RoutesBuilder) throws {
        try routes.register(collection: VideoController())
    }

    package func register(on app: Application) {
        VideoProcessing.register(on: app)
    }

    /// A linked video: the demo makes no request to the provider, now or when its page is shown.
    package func seedDemo(in group: Group, by authorID: UUID?, on db: any Database) async throws {
        let video = Video()
        video.$group.id = try group.requireID()
        video.$author.id = authorID
        video.title = "Big Buck Bunny"
        video.description = "En fri kortfilm fra Blender Foundation, som eksempel på en video fra YouTube. Afspilleren hentes **først, når du klikker**."
        video.descriptionHTML = Markdown.render(video.description)
        video.source = .youtube
        video.externalID = "aqz-KE-bpKQ"
        video.status = .ready
        try await video.create(on: db)
        if let document = try video.searchDocument() { try await SearchIndex.put(document, on: db) }
    }

    /// The newest videos that play (or are being prepared).
    package func latest(in context: GroupContext, limit: Int, on db: any Database) async throws -> [ModuleItem] {
        struct Row: Decodable {
            let id: UUID
            let title: String
            let created_at: Date?
        }
        let rows = try await db.sql.select().columns("id", "title", "created_at").from(Video.schema)
            .where("group_id", .equal, SQLBind(try context.group.requireID())).where("status", .notEqual, SQLBind(Video.Status.failed.rawValue))
            .orderBy(SQLOrderBy(expression: SQLIdentifier("created_at"), direction: SQLDirection.descending)).limit(limit)
            .all(decoding: Row.self)
        let paths = VideoPaths(slug: context.group.slug)
        return rows.map { ModuleItem(title: $0.title, url: paths.video($0.id), date: $0.created_at ?? Date()) }
    }
}

/// The addresses of the module, built in one place.
struct VideoPaths: Sendable {
    let slug: String

    var list: String { "/g/\(slug)/video" }
    var upload: String { list + "/new" }
    var link: String { list + "/link" }
    func video(_ id: UUID) -> String { "\(list)/\(id.uuidString)" }
    /// The linked video's page with its player loaded: what the play button does without script.
    func play(_ id: UUID) -> String { video(id) + "?play=1#player" }
    /// The file, under an address that names its bytes, so browsers keep it.
    func file(_ id: UUID, blob: String) -> String { video(id) + "/file?v=" + blob.prefix(16) }
    func poster(_ id: UUID, blob: String) -> String { video(id) + "/poster?v=" + blob.prefix(16) }
    func edit(_ id: UUID) -> String { video(id) + "/edit" }
    func delete(_ id: UUID) -> String { video(id) + "/delete" }
    func comments(_ id: UUID) -> String { video(id) + "/comments" }
    func deleteComment(_ id: UUID, comment: UUID) -> String { "\(comments(id))/\(comment.uuidString)/delete" }
}
