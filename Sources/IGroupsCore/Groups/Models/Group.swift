import Fluent
import SQLKit
import Foundation

/// A group: a club, an association, a family or a company with its own home on the site.
package final class Group: Model, @unchecked Sendable {
    package static let schema = "groups"

    /// Who can find and read the group (DESIGN.md).
    package enum Visibility: String, Codable, Sendable, CaseIterable {
        /// Anyone reads; listed.
        case `public`
        /// Listed; content for members.
        case closed
        /// Unlisted; members only, and 404 for everyone else.
        case secret
    }

    /// How people become members.
    package enum JoinPolicy: String, Codable, Sendable, CaseIterable {
        case open, request, invitation
    }

    @ID(key: .id) package var id: UUID?
    @Field(key: "slug") package var slug: String
    @Field(key: "name") package var name: String
    @Field(key: "name_key") package var nameKey: String
    @Field(key: "description") package var description: String
    @Field(key: "description_html") package var descriptionHTML: String
    @Field(key: "visibility") package var visibility: Visibility
    @Field(key: "join_policy") package var joinPolicy: JoinPolicy
    /// Counts the logos uploaded so far, so each has its own address; nil while the group has none.
    @OptionalField(key: "logo_version") package var logoVersion: Int?
    /// The IANA zone the group plans in: events' times and repeats follow its clock.
    @Field(key: "time_zone") package var timeZone: String
    /// Raised by every change to what the group's calendar shows (`CalendarVersion.bump`).
    @Field(key: "calendar_version") package var calendarVersion: Int
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) package var updatedAt: Date?

    package init() {}

    package init(slug: String, name: String, description: String, visibility: Visibility, joinPolicy: JoinPolicy) {
        self.slug = slug
        self.name = name
        self.nameKey = name.lowercased()
        self.description = description
        self.descriptionHTML = Markdown.render(description)
        self.visibility = visibility
        self.joinPolicy = joinPolicy
        self.timeZone = Self.defaultTimeZone
        self.calendarVersion = 0
    }

    /// The zone of a new group.
    package static let defaultTimeZone = "Europe/Copenhagen"

    /// The group's zone as Foundation knows it.
    package var zone: TimeZone { TimeZone(identifier: timeZone) ?? Localizer.defaultTimeZone }

    /// A group read from a row of `groups.*` without Fluent's reflection (see `User.decode`).
    package static func decode(_ row: any SQLRow) throws -> Self {
        let group = Self()
        let output = RowOutput(row)
        try group.$id.output(from: output)
        try group.$slug.output(from: output)
        try group.$name.output(from: output)
        try group.$nameKey.output(from: output)
        try group.$description.output(from: output)
        try group.$descriptionHTML.output(from: output)
        try group.$visibility.output(from: output)
        try group.$joinPolicy.output(from: output)
        try group.$logoVersion.output(from: output)
        try group.$timeZone.output(from: output)
        try group.$calendarVersion.output(from: output)
        try group.$createdAt.output(from: output)
        try group.$updatedAt.output(from: output)
        return group
    }

    /// Where the logo is kept in the file store.
    package var logoKey: String { "groups/\(id?.uuidString ?? "-")/logo.png" }

    /// The logo's address, or nil while there is none.
    package var logoURL: String? { id.flatMap { Self.logoURL(slug: slug, id: $0, version: logoVersion) } }

    /// The folder of the group's files, deleted with the group.
    package var filesPrefix: String { "groups/\(id?.uuidString ?? "-")/" }
}

extension Group {
    /// The logo's address, which changes with every new logo so browsers may keep it for a year.
    /// The id's start is in it too, so a new group that takes a deleted one's address never shows the old logo from a cache.
    package static func logoURL(slug: String, id: UUID, version: Int?) -> String? {
        version.map { "/g/\(slug)/logo?v=\(logoToken(id: id, version: $0))" }
    }

    package static func logoToken(id: UUID, version: Int) -> String {
        "\(version)-\(id.uuidString.prefix(8).lowercased())"
    }
}

/// One person's place in one group.
package final class Membership: Model, @unchecked Sendable {
    package static let schema = "memberships"

    /// What a member may do, from least to most.
    package enum Role: String, Codable, Sendable, CaseIterable, Comparable {
        case member, moderator, admin, owner

        var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
        package static func < (a: Role, b: Role) -> Bool { a.rank < b.rank }
    }

    @ID(key: .id) package var id: UUID?
    @Parent(key: "group_id") package var group: Group
    @Parent(key: "user_id") package var user: User
    @Field(key: "role") package var role: Role
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) package var updatedAt: Date?

    package init() {}

    package init(groupID: UUID, userID: UUID, role: Role) {
        self.$group.id = groupID
        self.$user.id = userID
        self.role = role
    }
}
