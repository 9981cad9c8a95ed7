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
    /// than the query on every signed-in request. Saving it later updates the row.
    package static func decode(_ row: any SQLRow) throws -> User {
        let user = User()
        user.id = try row.decode(column: "id", as: UUID.self)
        user.$id.exists = true
        user.username = try row.decode(column: "username", as: String.self)
        user.usernameKey = try row.decode(column: "username_key", as: String.self)
        user.name = try row.decode(column: "name", as: String.self)
        user.email = try row.decode(column: "email", as: String.self)
        user.emailKey = try row.decode(column: "email_key", as: String.self)
        user.emailVerifiedAt = try row.decode(column: "email_verified_at", as: Date?.self)
        user.passwordHash = try row.decode(column: "password_hash", as: String.self)
        user.birthdate = try row.decode(column: "birthdate", as: String.self)
        user.isOperator = try row.decode(column: "is_operator", as: Bool.self)
        user.policyVersion = try row.decode(column: "policy_version", as: String?.self)
        user.countsVisits = try row.decode(column: "counts_visits", as: Bool.self)
        user.nameKey = try row.decode(column: "name_key", as: String?.self)
        user.language = try row.decode(column: "language", as: String.self)
        user.address = try row.decode(column: "address", as: String?.self)
        user.phone = try row.decode(column: "phone", as: String?.self)
        user.gender = try row.decode(column: "gender", as: String?.self)
        user.description = try row.decode(column: "description", as: String?.self)
        user.descriptionHTML = try row.decode(column: "description_html", as: String?.self)
        user.homepage = try row.decode(column: "homepage", as: String?.self)
        func visibility(_ column: String) throws -> Visibility {
            Visibility(rawValue: try row.decode(column: column, as: String.self)) ?? .private
        }
        user.emailVisibility = try visibility("email_visibility")
        user.addressVisibility = try visibility("address_visibility")
        user.phoneVisibility = try visibility("phone_visibility")
        user.birthdateVisibility = try visibility("birthdate_visibility")
        user.genderVisibility = try visibility("gender_visibility")
        user.descriptionVisibility = try visibility("description_visibility")
        user.homepageVisibility = try visibility("homepage_visibility")
        user.suspendedAt = try row.decode(column: "suspended_at", as: Date?.self)
        user.suspensionReason = try row.decode(column: "suspension_reason", as: String?.self)
        user.unreadNotices = try row.decode(column: "unread_notices", as: Int.self)
        user.mentionMail = try row.decode(column: "mention_mail", as: Bool.self)
        user.createdAt = try row.decode(column: "created_at", as: Date?.self)
        user.updatedAt = try row.decode(column: "updated_at", as: Date?.self)
        return user
    }

    /// True once the person has opened the link sent to their address.
    package var isVerified: Bool { emailVerifiedAt != nil }
}

/// Who may see an optional profile field.
package enum Visibility: String, Codable, Sendable, CaseIterable {
    case `private`, members, `public`
}
