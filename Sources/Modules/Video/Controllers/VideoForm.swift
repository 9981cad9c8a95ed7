import IGroupsCore
import Vapor

/// What a video form sends (title, description, and a linked video's address), and its checks.
struct VideoForm: Content, Sendable {
    static let maxTitle = 200
    static let maxDescription = 5_000

    var title: String?
    var description: String?
    var url: String?

    /// A title and a description once they passed their checks.
    struct Values {
        let title: String
        let description: String
    }

    /// Checks the title and description; an upload without a title takes the file's name.
    func check(t: Localizer, fallbackTitle: String? = nil, errors: inout FormErrors) -> Values {
        var title = (self.title ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let description = (self.description ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty, let fallbackTitle { title = Self.title(fromFileName: fallbackTitle) }
        if title.isEmpty { errors.add("title", t("video.error.title")) }
        if title.count > Self.maxTitle { errors.add("title", t("profile.error.too_long", ["max": String(Self.maxTitle)])) }
        if description.count > Self.maxDescription { errors.add("description", t("profile.error.too_long", ["max": String(Self.maxDescription)])) }
        return Values(title: title, description: description)
    }

    /// "Sommerfest_2026.mp4" → "Sommerfest 2026".
    static func title(fromFileName name: String) -> String {
        var base = name
        if let dot = base.lastIndex(of: "."), dot != base.startIndex { base = String(base[..<dot]) }
        return String(base.replacingOccurrences(of: "_", with: " ").trimmingCharacters(in: .whitespaces).prefix(maxTitle))
    }

    /// The linked video, or an error by the address field.
    func checkLink(t: Localizer, errors: inout FormErrors) -> VideoLink? {
        let address = (url ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !address.isEmpty else {
            errors.add("url", t("video.error.url_missing"))
            return nil
        }
        guard let link = VideoLink(address: address) else {
            errors.add("url", t("video.error.url"))
            return nil
        }
        return link
    }
}

extension Video {
    /// Puts checked values on the video, the description rendered once, here.
    func apply(_ values: VideoForm.Values) {
        title = values.title
        description = values.description
        descriptionHTML = Markdown.render(values.description)
    }
}
