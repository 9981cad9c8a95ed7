import Fluent
import Foundation
import SQLKit

/// A person's account.
package final class User: Model, @unchecked Sendable {
    package static let schema = "users"

    @ID(key: .id) package var id: UUID?
    @Field(key: "username") package var username: String
    @Field(key: "username_key") package var usernameKey: String
    @Field(key: "name") package var name: String
    @Field(key: "email") package var email: String
    @Field(key: "email_key") package var emailKey: String
    @OptionalField(key: "email_verified_at") package var emailVerifiedAt: Date?
    @Field(key: "password_hash") package var passwordHash: String
    @Field(key: "birthdate") package var birthdate: String
    @Field(key: "is_operator") package var isOperator: Bool
    /// The privacy policy version the person last accepted (its history is in `policy_acceptances`).
    @OptionalField(key: "policy_version") package var policyVersion: String?
    /// False once the person objected to statistics: their visits are not counted.
    @Field(key: "counts_visits") package var countsVisits: Bool
    /// The name lower-cased by Swift (every language's letters, not only ASCII), for searching.
    @OptionalField(key: "name_key") package var nameKey: String?
    @Field(key: "language") package var language: String
    @OptionalField(key: "address") package var address: String?
    @OptionalField(key: "phone") package var phone: String?
    @OptionalField(key: "gender") package var gender: String?
    @OptionalField(key: "description") package var description: String?
    @OptionalField(key: "description_html") package var descriptionHTML: String?
    @OptionalField(key: "homepage") package var homepage: String?
    @Field(key: "email_visibility") package var emailVisibility: Visibility
    @Field(key: "address_visibility") package var addressVisibility: Visibility
    @Field(key: "phone_visibility") package var phoneVisibility: Visibility
    @Field(key: "birthdate_visibility") package var birthdateVisibility: Visibility
    @Field(key: "gender_visibility") package var genderVisibility: Visibility
    @Field(key: "description_visibility") package var descriptionVisibility: Visibility
    @Field(key: "homepage_visibility") package var homepageVisibility: Visibility
    @OptionalField(key: "suspended_at") package var suspendedAt: Date?
    @OptionalField(key: "suspension_reason") package var suspensionReason: String?
    /// How many notices the person has not seen; shown in the header without a query of its own.
    @Field(key: "unread_notices") package var unreadNotices: Int
    /// Whether notices (e.g. a mention) come by mail too.
    @Field(key: "mention_mail") package var mentionMail: Bool
    /// The IANA zone the person wants times shown in; nil to see each group's times in the group's zone.
    @OptionalField(key: "time_zone") package var timeZone: String?
    /// The person's picture on their profile, an upload (`CreateUploads` adds the column).
    @OptionalParent(key: "avatar_id") package var avatar: Upload?
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) package var updatedAt: Date?

    package init() {}

    package init(username: String, name: String, email: String, passwordHash: String, birthdate: String, language: Language) {
        self.username = username
        self.usernameKey = username.lowercased()
        self.name = name
        self.nameKey = name.lowercased()
        self.email = email
        self.emailKey = EmailAddress.key(email)
        self.passwordHash = passwordHash
        self.birthdate = birthdate
        self.isOperator = false
        self.countsVisits = true
        self.unreadNotices = 0
        self.mentionMail = true
        self.language = language.rawValue
        self.emailVisibility = .private
        self.addressVisibility = .private
        self.phoneVisibility = .private
        self.birthdateVisibility = .private
        self.genderVisibility = .private
        self.descriptionVisibility = .members
        self.homepageVisibility = .members
    }

    /// A person read from a row of `users.*` (and more) without Fluent's reflection, which costs more
    /// than the query on every signed-in request. Its values are loaded ones: a save writes only changes.
    package static func decode(_ row: any SQLRow) throws -> User {
        let user = User()
        let output = RowOutput(row)
        try user.$id.output(from: output)
        try user.$username.output(from: output)
        try user.$usernameKey.output(from: output)
        try user.$name.output(from: output)
        try user.$email.output(from: output)
        try user.$emailKey.output(from: output)
        try user.$emailVerifiedAt.output(from: output)
        try user.$passwordHash.output(from: output)
        try user.$birthdate.output(from: output)
        try user.$isOperator.output(from: output)
        try user.$policyVersion.output(from: output)
        try user.$countsVisits.output(from: output)
        try user.$nameKey.output(from: output)
        try user.$language.output(from: output)
        try user.$address.output(from: output)
        try user.$phone.output(from: output)
        try user.$gender.output(from: output)
        try user.$description.output(from: output)
        try user.$descriptionHTML.output(from: output)
        try user.$homepage.output(from: output)
        try user.$emailVisibility.output(from: output)
        try user.$addressVisibility.output(from: output)
        try user.$phoneVisibility.output(from: output)
        try user.$birthdateVisibility.output(from: output)
        try user.$genderVisibility.output(from: output)
        try user.$descriptionVisibility.output(from: output)
        try user.$homepageVisibility.output(from: output)
        try user.$suspendedAt.output(from: output)
        try user.$suspensionReason.output(from: output)
        try user.$unreadNotices.output(from: output)
        try user.$mentionMail.output(from: output)
        try user.$timeZone.output(from: output)
        try user.$avatar.output(from: output)
        try user.$createdAt.output(from: output)
        try user.$updatedAt.output(from: output)
        return user
    }

    /// True once the person has opened the link sent to their address.
    package var isVerified: Bool { emailVerifiedAt != nil }
}

/// Who may see an optional profile field.
package enum Visibility: String, Codable, Sendable, CaseIterable {
    case `private`, members, `public`
}
