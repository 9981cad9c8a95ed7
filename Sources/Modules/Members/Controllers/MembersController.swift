import Fluent
import IGroupsCore
import SQLKit
import Vapor

/// `/g/:group/members`: the directory, searchable and paged, and the CSV for admins.
struct MembersController: RouteCollection {
    static let perPage = 25

    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: list)
        routes.get("export.csv", use: csv)
    }

    /// One member as the directory reads them.
    struct Row: Decodable, Sendable {
        let username: String
        let name: String
        let email: String
        let email_visibility: String
        let phone: String?
        let phone_visibility: String
        let role: String
        let created_at: Date?

        var joined: Date { created_at ?? Date() }

        /// A field is shown to the group when its owner shares it with members or with everyone.
        static func shared(_ visibility: String) -> Bool { visibility == Visibility.members.rawValue || visibility == Visibility.public.rawValue }
    }

    /// Members of a group in one query, by name (or the newest first), optionally matching a search.
    static func rows(of groupID: UUID, search: String, newestFirst: Bool = false, range: Range<Int>, on db: any Database) async throws -> [Row] {
        var query = db.sql.select()
            .column(SQLColumn("username", table: User.schema)).column(SQLColumn("name", table: User.schema))
            .column(SQLColumn("email", table: User.schema)).column(SQLColumn("email_visibility", table: User.schema))
            .column(SQLColumn("phone", table: User.schema)).column(SQLColumn("phone_visibility", table: User.schema))
            .column(SQLColumn("role", table: Membership.schema)).column(SQLColumn("created_at", table: Membership.schema))
            .from(Membership.schema)
            .join(User.schema, on: SQLColumn("user_id", table: Membership.schema), .equal, SQLColumn("id", table: User.schema))
            .where(SQLColumn("group_id", table: Membership.schema), .equal, SQLBind(groupID))
        query = filtered(query, search)
        query = newestFirst
            ? query.orderBy(SQLOrderBy(expression: SQLColumn("created_at", table: Membership.schema), direction: SQLDirection.descending))
            : query.orderBy(SQLFunction("LOWER", args: SQLColumn("name", table: User.schema))).orderBy(SQLColumn("username_key", table: User.schema))
        return try await query.offset(range.lowerBound).limit(range.count).all(decoding: Row.self)
    }

    static func filtered(_ query: SQLSelectBuilder, _ search: String) -> SQLSelectBuilder {
        guard !search.isEmpty else { return query }
        let pattern = "%" + GroupsController.escapeLike(search.lowercased()) + "%"
        return query.where(SQLQueryString("(\(ident: User.schema).\(ident: "name_key") LIKE \(bind: pattern) ESCAPE '\\' OR \(ident: User.schema).\(ident: "username_key") LIKE \(bind: pattern) ESCAPE '\\')"))
    }

    /// Only members (and the operator) see who is in a group, whatever the group's visibility.
    static func requireInsider(_ req: Request) throws -> ModuleContext {
        _ = try req.requireViewer()
        let context = req.moduleContext
        guard context.group.isMember || context.group.isOperator else { throw Abort(.forbidden, reason: "members.error.members_only") }
        return context
    }

    @Sendable func list(req: Request) async throws -> Response {
        let context = try Self.requireInsider(req)
        let groupID = try context.group.group.requireID()
        let search = (req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces)
        struct Count: Decodable { let n: Int }
        let countQuery = Self.filtered(req.db.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(Membership.schema)
            .join(User.schema, on: SQLColumn("user_id", table: Membership.schema), .equal, SQLColumn("id", table: User.schema))
            .where(SQLColumn("group_id", table: Membership.schema), .equal, SQLBind(groupID)), search)
        let total = try await countQuery.first(decoding: Count.self)?.n ?? 0
        let pagination = Pagination(page: Pagination.requestedPage(req), perPage: Self.perPage, total: total)
        let rows = try await Self.rows(of: groupID, search: search, range: pagination.offset..<(pagination.offset + Self.perPage), on: req.db)
        var pending: (invitations: Int, requests: Int)?
        if context.group.mayAdminister {
            let now = Date()
            let invitations = try await Invitation.query(on: req.db).filter(\.$group.$id == groupID)
                .filter(\.$usedAt == nil).filter(\.$revokedAt == nil).filter(\.$email != nil).filter(\.$expiresAt > now).count()
            let requests = try await JoinRequest.query(on: req.db).filter(\.$group.$id == groupID).count()
            pending = (invitations, requests)
        }
        let me = context.group.viewer?.username
        let members = rows.map { row in
            let own = row.username == me
            return MemberList.Member(
                username: row.username, name: row.name, role: Membership.Role(rawValue: row.role) ?? .member, joined: row.joined,
                email: own || (context.group.isMember && Row.shared(row.email_visibility)) ? row.email : nil,
                phone: own || (context.group.isMember && Row.shared(row.phone_visibility)) ? row.phone : nil
            )
        }
        return MemberList(
            layout: req.layout(title: req.t("members.name")), chrome: context.chrome("members", t: req.t), members: members,
            search: search, pagination: pagination, total: total, pending: pending
        ).response()
    }

    /// Every member with what they share with the group, for admins, as CSV.
    @Sendable func csv(req: Request) async throws -> Response {
        let context = try Self.requireInsider(req)
        guard context.group.mayAdminister else { throw Abort(.forbidden, reason: "group.error.admins_only") }
        let rows = try await Self.rows(of: try context.group.group.requireID(), search: "", range: 0..<100_000, on: req.db)
        let t = req.t
        var lines = [[t("members.csv.name"), t("members.csv.username"), t("members.csv.role"), t("members.csv.joined"), t("account.email"), t("profile.phone")]]
        for row in rows {
            lines.append([
                row.name, row.username, t("group.role." + row.role), row.joined.formatted(.iso8601.year().month().day()),
                Row.shared(row.email_visibility) ? row.email : "", Row.shared(row.phone_visibility) ? (row.phone ?? "") : "",
            ])
        }
        return CSVFile.response(lines, filename: "members-\(context.group.group.slug).csv")
    }
}
