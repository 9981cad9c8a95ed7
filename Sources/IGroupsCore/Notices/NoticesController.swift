import Fluent
import SQLKit
import Vapor

/// `/me/notices`: what happened for me, newest first; opening the page marks everything read.
package struct NoticesController: RouteCollection {
    static let perPage = 30

    package init() {}

    package func boot(routes: any RoutesBuilder) throws {
        routes.get("me", "notices", use: list)
        routes.post("me", "notices", "settings", use: settings)
    }

    struct Row: Decodable {
        let id: UUID
        let kind: String
        let subject: String
        let url: String
        let read_at: Date?
        let created_at: Date?
        let actor_name: String?
        let group_name: String?
    }

    @Sendable func list(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        let viewerID = try viewer.requireID()
        struct Count: Decodable { let n: Int }
        let total = try await req.db.sql.select().column(SQLAlias(SQLRaw("CAST(COUNT(*) AS BIGINT)"), as: SQLIdentifier("n")))
            .from(Notice.schema).where("user_id", .equal, SQLBind(viewerID)).first(decoding: Count.self)?.n ?? 0
        let pagination = Pagination(page: Pagination.requestedPage(req), perPage: Self.perPage, total: total)
        let rows = try await req.db.sql.select()
            .column(SQLColumn("id", table: Notice.schema)).column(SQLColumn("kind", table: Notice.schema))
            .column(SQLColumn("subject", table: Notice.schema)).column(SQLColumn("url", table: Notice.schema))
            .column(SQLColumn("read_at", table: Notice.schema)).column(SQLColumn("created_at", table: Notice.schema))
            .column(SQLAlias(SQLColumn("name", table: "actor"), as: SQLIdentifier("actor_name")))
            .column(SQLAlias(SQLColumn("name", table: Group.schema), as: SQLIdentifier("group_name")))
            .from(Notice.schema)
            .join(SQLAlias(SQLIdentifier(User.schema), as: SQLIdentifier("actor")), method: SQLJoinMethod.left,
                  on: SQLColumn("actor_id", table: Notice.schema), .equal, SQLColumn("id", table: "actor"))
            .join(Group.schema, method: SQLJoinMethod.left, on: SQLColumn("group_id", table: Notice.schema), .equal, SQLColumn("id", table: Group.schema))
            .where(SQLColumn("user_id", table: Notice.schema), .equal, SQLBind(viewerID))
            .orderBy(SQLOrderBy(expression: SQLColumn("created_at", table: Notice.schema), direction: SQLDirection.descending))
            .offset(pagination.offset).limit(Self.perPage)
            .all(decoding: Row.self)
        // Seen now: the unread ones are marked read and the header's count starts again.
        if viewer.unreadNotices > 0 || rows.contains(where: { $0.read_at == nil }) {
            try await req.db.transaction { db in
                // The person's row first: a notice being sent meanwhile waits for it, then counts again.
                try await db.sql.update(User.schema).set("unread_notices", to: SQLBind(0)).where("id", .equal, SQLBind(viewerID)).run()
                try await db.sql.update(Notice.schema).set("read_at", to: SQLBind(Date()))
                    .where("user_id", .equal, SQLBind(viewerID)).where("read_at", .is, SQLLiteral.null).run()
            }
            viewer.unreadNotices = 0
        }
        let t = req.t
        let items = rows.map { row in
            NoticesPage.Item(
                text: t("notices.kind.\(row.kind)", ["actor": row.actor_name ?? t("notices.someone"), "subject": row.subject.isEmpty ? "…" : row.subject]),
                group: row.group_name, url: row.url, at: row.created_at ?? Date(), unread: row.read_at == nil)
        }
        return NoticesPage(layout: req.layout(title: t("notices.title")), items: items, pagination: pagination, mentionMail: viewer.mentionMail).response()
    }

    struct SettingsForm: Content {
        var mentionMail: String?
        enum CodingKeys: String, CodingKey { case mentionMail = "mention_mail" }
    }

    /// Whether notices come by mail too.
    @Sendable func settings(req: Request) async throws -> Response {
        let viewer = try req.requireViewer()
        viewer.mentionMail = try req.content.decode(SettingsForm.self).mentionMail == "on"
        try await viewer.save(on: req.db)
        return .seeOther("/me/notices?notice=notices_saved")
    }
}
