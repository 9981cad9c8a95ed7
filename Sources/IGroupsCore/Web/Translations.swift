import Foundation

/// A language the product speaks.
package enum Language: String, Sendable, CaseIterable, Codable {
    case da, en

    /// The language's own name, for the language switch.
    package var nativeName: String {
        switch self {
        case .da: "Dansk"
        case .en: "English"
        }
    }

    /// Picks the best supported language from an `Accept-Language` header.
    package static func preferred(acceptLanguage header: String?) -> Language? {
        guard let header else { return nil }
        let ranked = header.split(separator: ",").compactMap { part -> (String, Double)? in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first, !tag.isEmpty else { return nil }
            var quality = 1.0
            for piece in pieces.dropFirst() where piece.hasPrefix("q=") {
                quality = Double(piece.dropFirst(2)) ?? 0
            }
            return (tag.lowercased(), quality)
        }
        for (tag, quality) in ranked.sorted(by: { $0.1 > $1.1 }) where quality > 0 {
            let primary = tag.split(separator: "-").first.map(String.init) ?? tag
            if primary == "nb" || primary == "no" || primary == "sv" { return .da }
            if let language = Language(rawValue: primary) { return language }
        }
        return nil
    }
}

/// The translation catalogues, loaded once at start from `Resources/Translations`.
package struct Translations: Sendable {
    package let catalogues: [Language: [String: String]]

    package init(catalogues: [Language: [String: String]]) {
        self.catalogues = catalogues
    }

    /// Loads `da.json` and `en.json` from a folder; a missing file or key difference stops the start.
    package static func load(from directory: String) throws -> Translations {
        var catalogues: [Language: [String: String]] = [:]
        for language in Language.allCases {
            let url = URL(fileURLWithPath: directory).appendingPathComponent("\(language.rawValue).json")
            let data = try Data(contentsOf: url)
            catalogues[language] = try JSONDecoder().decode([String: String].self, from: data)
        }
        return Translations(catalogues: catalogues)
    }

    /// Returns the localizer for one language.
    package func localizer(_ language: Language) -> Localizer {
        Localizer(language: language, strings: catalogues[language] ?? [:])
    }
}

/// Translates keys for one language and formats dates and numbers for it.
package struct Localizer: Sendable {
    package let language: Language
    let strings: [String: String]

    /// The text for a key, with `{name}` placeholders filled in; the key itself when missing.
    package func callAsFunction(_ key: String, _ values: [String: String] = [:]) -> String {
        guard var text = strings[key] else { return key }
        for (name, value) in values {
            text = text.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return text
    }

    /// The text for a count: the key's `.one` form for 1, its `.other` form otherwise.
    package func plural(_ key: String, _ count: Int) -> String {
        callAsFunction(key + (count == 1 ? ".one" : ".other"), ["count": number(count)])
    }

    /// A date and time written out for this language, in a time zone.
    package func dateTime(_ date: Date, timeZone: TimeZone = Localizer.defaultTimeZone) -> String {
        date.formatted(Date.FormatStyle(date: .long, time: .shortened, locale: locale, timeZone: timeZone))
    }

    /// A calendar date written out for this language.
    package func date(_ date: Date, timeZone: TimeZone = Localizer.defaultTimeZone) -> String {
        date.formatted(Date.FormatStyle(date: .long, time: .omitted, locale: locale, timeZone: timeZone))
    }

    /// A whole number with this language's grouping.
    package func number(_ value: Int) -> String {
        value.formatted(IntegerFormatStyle<Int>(locale: locale))
    }

    /// A decimal number with this language's decimal mark, rounded to a number of digits (at least one).
    package func decimal(_ value: Double, digits: Int) -> String {
        value.formatted(FloatingPointFormatStyle<Double>(locale: locale).precision(.fractionLength(1...max(1, digits))))
    }

    package var locale: Locale {
        Locale(identifier: language == .da ? "da_DK" : "en_GB")
    }

    package static let defaultTimeZone = TimeZone(identifier: "Europe/Copenhagen") ?? .gmt
}
