import Foundation
import IGroupsCore
import Vapor

/// What the album form sends.
struct AlbumForm: Content {
    var title: String?
    var description: String?
    /// Made when the form is shown and used as the new album's id, so the same form sent twice makes one album.
    var token: String?

    static let maxTitle = 200
    static let maxDescription = 2_000

    /// The title and description, checked; errors by field.
    func validate(t: Localizer) -> (title: String, description: String, errors: FormErrors) {
        var errors = FormErrors()
        let title = (self.title ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let description = (self.description ?? "").replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty { errors.add("title", t("photos.error.title")) }
        if title.count > Self.maxTitle { errors.add("title", t("profile.error.too_long", ["max": String(Self.maxTitle)])) }
        if description.count > Self.maxDescription { errors.add("description", t("profile.error.too_long", ["max": String(Self.maxDescription)])) }
        return (title, description, errors)
    }
}

/// What the photo form sends: caption, who took it, when, and the album it is in.
struct PhotoForm: Content {
    var caption: String?
    var takenBy: String?
    var takenOn: String?
    var album: String?

    enum CodingKeys: String, CodingKey {
        case caption, album
        case takenBy = "taken_by", takenOn = "taken_on"
    }

    static let maxCaption = 1_000
    static let maxTakenBy = 200

    struct Values {
        let caption: String
        let takenBy: String
        let takenOn: String?
    }

    func validate(t: Localizer) -> (Values, FormErrors) {
        var errors = FormErrors()
        let caption = (self.caption ?? "").replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        if caption.count > Self.maxCaption { errors.add("caption", t("profile.error.too_long", ["max": String(Self.maxCaption)])) }
        let takenBy = Self.checkTakenBy(self.takenBy, t: t, errors: &errors)
        let takenOn = Self.checkTakenOn(self.takenOn, t: t, errors: &errors)
        return (Values(caption: caption, takenBy: takenBy, takenOn: takenOn), errors)
    }

    static func checkTakenBy(_ raw: String?, t: Localizer, errors: inout FormErrors) -> String {
        let takenBy = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if takenBy.count > maxTakenBy { errors.add("taken_by", t("profile.error.too_long", ["max": String(maxTakenBy)])) }
        return takenBy
    }

    /// A day as `YYYY-MM-DD` (what a date field sends), from 1826, the first photograph, to tomorrow; nil when empty.
    static func checkTakenOn(_ raw: String?, t: Localizer, errors: inout FormErrors, now: Date = Date()) -> String? {
        let text = (raw ?? "").trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              let date = calendar.date(from: DateComponents(year: year, month: month, day: day)),
              calendar.component(.day, from: date) == day, calendar.component(.month, from: date) == month
        else {
            errors.add("taken_on", t("photos.error.taken_on"))
            return nil
        }
        guard year >= 1826, date <= now.addingTimeInterval(2 * 24 * 3600) else {
            errors.add("taken_on", t("photos.error.taken_on_range"))
            return nil
        }
        return text
    }
}

/// What the comment form sends.
struct PhotoCommentForm: Content {
    var body: String?
    /// The new comment's id, made with the form: the same form sent twice makes one comment.
    var token: String?

    static let maxBody = 5_000

    func validate(t: Localizer) -> (String, FormErrors) {
        var errors = FormErrors()
        let body = (self.body ?? "").replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        if body.isEmpty { errors.add("body", t("photos.error.comment_empty")) }
        if body.count > Self.maxBody { errors.add("body", t("profile.error.too_long", ["max": String(Self.maxBody)])) }
        return (body, errors)
    }
}
