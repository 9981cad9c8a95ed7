import Vapor

extension Request {
    private struct LanguageKey: StorageKey { typealias Value = Language }

    /// The settings cookie that remembers the chosen language.
    package static let languageCookie = "igroups-lang"

    /// The language of this request: settings cookie, then `Accept-Language`, then the site default.
    package var language: Language {
        if let cached = storage[LanguageKey.self] { return cached }
        let chosen = cookie(Self.languageCookie).flatMap { Language(rawValue: $0) }
            ?? Language.preferred(acceptLanguage: headers.first(name: .acceptLanguage))
            ?? application.settings.defaultLanguage
        storage[LanguageKey.self] = chosen
        return chosen
    }

    /// Translations for this request's language.
    package var t: Localizer { application.translations.localizer(language) }
}
