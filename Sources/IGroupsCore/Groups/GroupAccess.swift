import Fluent
import SQLKit
import Vapor

/// A group as a request sees it: the group, the viewer, and the viewer's role in it.
package struct GroupContext: Sendable {
    package let group: Group
    package let viewer: User?
    package let role: Membership.Role?
    /// When the viewer joined, for a member: what came before is not "new" to them.
    package var joinedAt: Date? = nil
    /// The group's version as this request read it (`GroupVersion`): what a module keeps per group is
    /// current while it stands. Nil for a context made without reading it.
    package var version: Int? = nil

    package init(group: Group, viewer: User?, role: Membership.Role?, joinedAt: Date? = nil) {
        self.group = group
        self.viewer = viewer
        self.role = role
        self.joinedAt = joinedAt
    }

    package var isMember: Bool { role != nil }
    package var isOperator: Bool { viewer?.isOperator == true }

    /// Whether the group's content (front page items, module pages) may be read.
    package var mayRead: Bool { group.visibility == .public || isMember || isOperator }

    /// Whether the viewer may change the group's settings.
    package var mayAdminister: Bool { (role ?? .member) >= .admin }
}

/// The one access policy for groups: what stays hidden (404) and what is shown.
package enum GroupAccess {
    /// Secret groups do not exist for anyone outside them.
    package static func isVisible(_ group: Group, role: Membership.Role?, viewer: User?) -> Bool {
        group.visibility != .secret || role != nil || viewer?.isOperator == true
    }

    /// Resolves `:group` into a context, or 404 for a group that does not exist or must stay hidden.
    /// One narrow SQL query per request reads the group's version and the viewer's membership; the
    /// group's row and its module settings come from what this process keeps while that version stands
    /// (`UpdateGroupsAddVersion`), read again in a second query only when it moved.
    package static func context(for req: Request) async throws -> GroupContext {
        let slug = (req.parameters.get("group") ?? "").lowercased()
        if let resolved = req.storage[ResolvedKey.self], resolved.group.slug == slug { return resolved }
        let viewerID = req.viewer?.id
        let sql = viewerID == nil ? headSQLForVisitor : headSQLForMember
        let binds: [any Encodable & Sendable] = viewerID.map { [slug, $0] } ?? [slug]
        guard let head = try await req.db.sql.raw(SQLQueryString(template: sql, binds: binds)).first() else { throw Abort(.notFound) }
        let version = try head.decode(column: "version", as: Int.self)
        guard let found = try await req.application.keptGroups.value(slug, at: version, read: { try await read(slug, on: req.db) }) else {
            throw Abort(.notFound)
        }
        let group = try Group.decode(found.row)
        let role = viewerID == nil ? nil : try head.decode(column: "viewer_role", as: String?.self).flatMap(Membership.Role.init(rawValue:))
        guard isVisible(group, role: role, viewer: req.viewer) else { throw Abort(.notFound) }
        let joinedAt = role == nil ? nil : try head.decode(column: "viewer_joined_at", as: Date?.self)
        var context = GroupContext(group: group, viewer: req.viewer, role: role, joinedAt: joinedAt)
        context.version = version
        req.storage[ResolvedKey.self] = context
        req.storage[SettingsKey.self] = found.settings
        return context
    }

    /// The group's version and, for someone signed in, their membership: written once.
    static func headSQL(member: Bool) -> String {
        "SELECT g.version" + (member ? ", m.role AS viewer_role, m.created_at AS viewer_joined_at" : "") + " FROM \"groups\" g"
            + (member ? " LEFT JOIN memberships m ON m.group_id = g.id AND m.user_id = $2" : "") + " WHERE g.slug = $1"
    }

    static let headSQLForVisitor = headSQL(member: false)
    static let headSQLForMember = headSQL(member: true)

    /// The group's row and its module settings (a row for each setting), with the version they have.
    static let groupSQL = "SELECT g.*, s.module_id AS setting_module_id, s.enabled AS setting_enabled, s.position AS setting_position,"
        + " s.members_write AS setting_members_write FROM \"groups\" g LEFT JOIN group_modules s ON s.group_id = g.id WHERE g.slug = $1"

    static func read(_ slug: String, on db: any Database) async throws -> KeptGroup? {
        let rows = try await db.sql.raw(SQLQueryString(template: groupSQL, binds: [slug])).all()
        guard let first = rows.first else { return nil }
        let settings = try rows.compactMap { row -> GroupModules.Setting? in
            guard let module = try row.decode(column: "setting_module_id", as: String?.self) else { return nil }
            return GroupModules.Setting(
                moduleID: module, enabled: try row.decode(column: "setting_enabled", as: Bool.self),
                position: try row.decode(column: "setting_position", as: Int.self), membersWrite: try row.decode(column: "setting_members_write", as: Bool.self))
        }
        return KeptGroup(version: try first.decode(column: "version", as: Int.self), row: first, settings: settings)
    }

    private struct ResolvedKey: StorageKey { typealias Value = GroupContext }
    private struct SettingsKey: StorageKey { typealias Value = [GroupModules.Setting] }

    /// The module settings read with the group, when this request resolved that group.
    static func resolvedSettings(of groupID: UUID, on req: Request) -> [GroupModules.Setting]? {
        guard req.storage[ResolvedKey.self]?.group.id == groupID else { return nil }
        return req.storage[SettingsKey.self]
    }

    /// True when two people are members of a common group.
    package static func shareAGroup(_ a: UUID, _ b: UUID, on db: any Database) async throws -> Bool {
        struct Row: Decodable { let n: Int }
        let row = try await db.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(SQLAlias(SQLIdentifier(Membership.schema), as: SQLIdentifier("mine")))
            .join(SQLAlias(SQLIdentifier(Membership.schema), as: SQLIdentifier("theirs")), on: SQLColumn("group_id", table: "mine"), .equal, SQLColumn("group_id", table: "theirs"))
            .where(SQLColumn("user_id", table: "mine"), .equal, SQLBind(a))
            .where(SQLColumn("user_id", table: "theirs"), .equal, SQLBind(b))
            .first(decoding: Row.self)
        return (row?.n ?? 0) > 0
    }
}

/// The rules for a group's address.
package enum GroupRules {
    package static let slugLength = 3...40
    /// Words that are, or may become, parts of the site's own URLs.
    package static let reservedSlugs: Set<String> = [
        "admin", "new", "api", "g", "groups", "me", "u", "login", "logout", "signup", "verify", "password",
        "privacy", "cookies", "language", "healthz", "metrics", "messages", "search", "settings", "help",
        "about", "static", "css", "js", "www", "mail", "support", "igroups", "root", "system",
    ]

    /// What is wrong with an address, as a translation key.
    package static func slugProblem(_ slug: String) -> String? {
        guard slugLength.contains(slug.count) else { return "group.error.slug_length" }
        let allowed = slug.unicodeScalars.allSatisfy { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "-" }
        guard allowed, !slug.hasPrefix("-"), !slug.hasSuffix("-") else { return "group.error.slug_characters" }
        return reservedSlugs.contains(slug) ? "group.error.slug_reserved" : nil
    }
}

extension GroupContext {
    /// The zone the viewer sees the group's times in: their own choice, or the group's.
    package var displayZone: TimeZone {
        viewer?.timeZone.flatMap(TimeZone.init(identifier:)) ?? group.zone
    }
}

/// A group's row and module settings as read, with the version they had.
package struct KeptGroup: Versioned {
    package let version: Int
    let row: any SQLRow
    let settings: [GroupModules.Setting]
}

extension Application {
    private struct KeptGroupsKey: StorageKey { typealias Value = KeptByKey<String, KeptGroup> }

    /// The groups this process has read for requests, by address, each with its version; made as the
    /// application is configured (until then nothing is kept).
    package var keptGroups: KeptByKey<String, KeptGroup> {
        get { storage[KeptGroupsKey.self] ?? KeptByKey(limit: 0) }
        set { storage[KeptGroupsKey.self] = newValue }
    }
}
