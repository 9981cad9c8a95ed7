import Fluent
import Vapor

/// `/u/:username`: a person as the viewer may see them.
package struct PublicProfileController: RouteCollection {
    package init() {}

    package func boot(routes: any RoutesBuilder) throws {
        routes.get("u", ":username", use: show)
    }

    /// Shows the fields the owner lets this viewer see.
    @Sendable func show(req: Request) async throws -> Response {
        let key = (req.parameters.get("username") ?? "").lowercased()
        guard let user = try await User.query(on: req.db).filter(\.$usernameKey == key).first() else {
            throw Abort(.notFound)
        }
        let audience = try await ProfileAudience.of(viewer: req.viewer, owner: user, on: req)
        let t = req.t
        var facts: [(label: String, value: String, isLink: Bool)] = []
        func add(_ visibility: Visibility, _ label: String, _ value: String?, link: Bool = false) {
            guard let value, !value.isEmpty, audience.may(see: visibility) else { return }
            facts.append((label, value, link))
        }
        add(user.emailVisibility, t("account.email"), user.email)
        add(user.addressVisibility, t("profile.address"), user.address)
        add(user.phoneVisibility, t("profile.phone"), user.phone)
        if audience.may(see: user.birthdateVisibility), let birth = AccountRules.parseDate(user.birthdate) {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = .gmt
            let date = calendar.date(from: birth).map { t.date($0, timeZone: .gmt) } ?? user.birthdate
            facts.append((t("profile.age"), t("profile.age_value", ["age": String(AccountRules.age(birthdate: birth)), "date": date]), false))
        }
        add(user.genderVisibility, t("profile.gender"), user.gender.map { t("profile.gender." + $0) })
        add(user.homepageVisibility, t("profile.homepage"), user.homepage, link: true)
        let description = audience.may(see: user.descriptionVisibility) ? user.descriptionHTML.map { SanitizedHTML(sanitizedByRenderer: $0) } : nil
        let page = ProfilePage(
            layout: req.layout(title: user.name), username: user.username, name: user.name,
            memberSince: user.createdAt ?? Date(), facts: facts, description: description, isSelf: audience == .owner,
            pictureURL: try await avatarURL(of: user, audience: audience, on: req)
        )
        return page.response()
    }
}

extension PublicProfileController {
    /// The address of the person's picture when this audience may see it.
    func avatarURL(of user: User, audience: ProfileAudience, on req: Request) async throws -> String? {
        guard let id = user.avatarID, audience.may(see: user.avatarVisibility), let upload = try await Upload.find(id, on: req.db) else { return nil }
        return "/u/\(user.username)/avatar?v=\(upload.blob.prefix(16))"
    }
}

/// How close a viewer is to a profile's owner, which decides what they see.
package enum ProfileAudience: Sendable, Equatable {
    case owner, groupMember, anyone

    /// Whether a field with this visibility is shown to this audience.
    package func may(see visibility: Visibility) -> Bool {
        switch (self, visibility) {
        case (.owner, _), (_, .public): true
        case (.groupMember, .members): true
        default: false
        }
    }

    /// Works out the audience; people who share a group see what is shared with members.
    static func of(viewer: User?, owner: User, on req: Request) async throws -> ProfileAudience {
        guard let viewer, let viewerID = viewer.id, let ownerID = owner.id else { return .anyone }
        if viewerID == ownerID { return .owner }
        return try await req.application.sharedGroupCheck.shareAGroup(viewerID, ownerID, req.db) ? .groupMember : .anyone
    }
}

/// Answers whether two people are members of a common group; the groups part of the app provides it.
package struct SharedGroupCheck: Sendable {
    package let shareAGroup: @Sendable (UUID, UUID, any Database) async throws -> Bool

    package init(_ shareAGroup: @escaping @Sendable (UUID, UUID, any Database) async throws -> Bool) {
        self.shareAGroup = shareAGroup
    }
}

extension Application {
    private struct SharedGroupCheckKey: StorageKey { typealias Value = SharedGroupCheck }

    /// How profiles learn whether two people share a group; until groups exist, nobody does.
    package var sharedGroupCheck: SharedGroupCheck {
        get { storage[SharedGroupCheckKey.self] ?? SharedGroupCheck { _, _, _ in false } }
        set { storage[SharedGroupCheckKey.self] = newValue }
    }
}
