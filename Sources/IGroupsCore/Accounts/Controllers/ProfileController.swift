import Fluent
import Vapor

/// The person's own profile: every field and who may see it.
package struct ProfileController: RouteCollection {
    package init() {}

    package func boot(routes: any RoutesBuilder) throws {
        routes.get("me", use: show)
        routes.post("me", use: update)
    }

    /// What the profile form sends.
    struct Form: Content {
        var name: String?
        var address: String?
        var phone: String?
        var birthdate: String?
        var gender: String?
        var description: String?
        var homepage: String?
        var language: String?
        var timeZone: String?
        var emailVisibility: String?
        var addressVisibility: String?
        var phoneVisibility: String?
        var birthdateVisibility: String?
        var genderVisibility: String?
        var descriptionVisibility: String?
        var homepageVisibility: String?

        enum CodingKeys: String, CodingKey {
            case name, address, phone, birthdate, gender, description, homepage, language
            case timeZone = "time_zone"
            case emailVisibility = "email_visibility", addressVisibility = "address_visibility"
            case phoneVisibility = "phone_visibility", birthdateVisibility = "birthdate_visibility"
            case genderVisibility = "gender_visibility", descriptionVisibility = "description_visibility"
            case homepageVisibility = "homepage_visibility"
        }

        init(user: User) {
            name = user.name; address = user.address; phone = user.phone; birthdate = user.birthdate
            gender = user.gender; description = user.description; homepage = user.homepage; language = user.language
            timeZone = user.timeZone ?? ""
            emailVisibility = user.emailVisibility.rawValue; addressVisibility = user.addressVisibility.rawValue
            phoneVisibility = user.phoneVisibility.rawValue; birthdateVisibility = user.birthdateVisibility.rawValue
            genderVisibility = user.genderVisibility.rawValue; descriptionVisibility = user.descriptionVisibility.rawValue
            homepageVisibility = user.homepageVisibility.rawValue
        }
    }

    static let genders = ["", "female", "male", "nonbinary", "other"]

    /// Shows the profile form filled with what is saved.
    @Sendable func show(req: Request) async throws -> Response {
        let user = try req.requireViewer()
        return ProfileEditPage(layout: req.layout(title: req.t("profile.edit.title")), email: user.email, username: user.username, form: Form(user: user), errors: FormErrors()).response()
    }

    /// Saves the profile, or shows it again with what is wrong and the input kept.
    @Sendable func update(req: Request) async throws -> Response {
        let user = try req.requireViewer()
        let form = try req.content.decode(Form.self)
        let t = req.t
        var errors = FormErrors()
        func text(_ value: String?, _ field: String, max: Int) -> String? {
            let trimmed = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.count > max { errors.add(field, t("profile.error.too_long", ["max": String(max)])) }
            return trimmed.isEmpty ? nil : trimmed
        }
        func visibility(_ value: String?, _ field: String) -> Visibility {
            guard let parsed = Visibility(rawValue: value ?? "") else {
                errors.add(field, t("profile.error.visibility"))
                return .private
            }
            return parsed
        }
        let name = (form.name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if let problem = AccountRules.nameProblem(name) { errors.add("name", t(problem)) }
        let address = text(form.address, "address", max: 300)
        let phone = text(form.phone, "phone", max: 40)
        if let phone, !phone.allSatisfy({ $0.isNumber || " +-()".contains($0) }) { errors.add("phone", t("profile.error.phone")) }
        let birthdate = (form.birthdate ?? "").trimmingCharacters(in: .whitespaces)
        if let problem = AccountRules.birthdateProblem(birthdate) {
            errors.add("birthdate", t(problem, ["age": String(AccountRules.minimumAge)]))
        }
        let gender = form.gender ?? ""
        if !Self.genders.contains(gender) { errors.add("gender", t("profile.error.gender")) }
        let description = text(form.description, "description", max: 10_000)
        let homepage = text(form.homepage, "homepage", max: 500)
        if let problem = AccountRules.homepageProblem(homepage ?? "") { errors.add("homepage", t(problem)) }
        let language = Language(rawValue: form.language ?? "") ?? req.language
        // Absent from the form: kept as it was; empty: follow each group's zone.
        let timeZone = form.timeZone.map { $0.trimmingCharacters(in: .whitespaces) }
        if let timeZone, !timeZone.isEmpty, !TimeZone.knownTimeZoneIdentifiers.contains(timeZone) { errors.add("time_zone", t("group.error.time_zone")) }
        let visibilities = (
            email: visibility(form.emailVisibility, "email_visibility"),
            address: visibility(form.addressVisibility, "address_visibility"),
            phone: visibility(form.phoneVisibility, "phone_visibility"),
            birthdate: visibility(form.birthdateVisibility, "birthdate_visibility"),
            gender: visibility(form.genderVisibility, "gender_visibility"),
            description: visibility(form.descriptionVisibility, "description_visibility"),
            homepage: visibility(form.homepageVisibility, "homepage_visibility")
        )
        guard errors.isEmpty else {
            return ProfileEditPage(layout: req.layout(title: t("profile.edit.title")), email: user.email, username: user.username, form: form, errors: errors).response(status: .unprocessableEntity)
        }
        user.name = name
        user.nameKey = name.lowercased()
        user.address = address
        user.phone = phone
        user.birthdate = birthdate
        user.gender = gender.isEmpty ? nil : gender
        user.description = description
        user.descriptionHTML = description.map { Markdown.render($0) }
        user.homepage = homepage
        user.language = language.rawValue
        if let timeZone { user.timeZone = timeZone.isEmpty ? nil : timeZone }
        user.emailVisibility = visibilities.email
        user.addressVisibility = visibilities.address
        user.phoneVisibility = visibilities.phone
        user.birthdateVisibility = visibilities.birthdate
        user.genderVisibility = visibilities.gender
        user.descriptionVisibility = visibilities.description
        user.homepageVisibility = visibilities.homepage
        try await user.save(on: req.db)
        return .seeOther("/me?notice=profile_saved")
    }
}
