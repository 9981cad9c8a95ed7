import Foundation
import NIOConcurrencyHelpers

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
        guard let text = strings[key] else { return key }
        return values.isEmpty ? text : Self.fill(text, values)
    }

    /// Puts each `{name}` that `values` knows in place; other braces stay as they are.
    static func fill(_ text: String, _ values: [String: String]) -> String {
        var result: [UInt8] = []
        var text = text
        text.withUTF8 { bytes in
            result.reserveCapacity(bytes.count + 64)
            var index = 0
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "{"), let close = bytes[index...].firstIndex(of: UInt8(ascii: "}")),
                   let value = values[String(decoding: UnsafeBufferPointer(rebasing: bytes[(index + 1)..<close]), as: UTF8.self)] {
                    result.append(contentsOf: value.utf8)
                    index = close + 1
                } else {
                    result.append(bytes[index])
                    index += 1
                }
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// The text for a count: the key's `.one` form for 1, its `.other` form otherwise.
    package func plural(_ key: String, _ count: Int) -> String {
        callAsFunction(key + (count == 1 ? ".one" : ".other"), ["count": number(count)])
    }

    /// A date and time written out for this language, in a time zone. Shown to the minute, so each
    /// minute is formatted once and remembered: formatting is far slower than drawing the rest of a page.
    package func dateTime(_ date: Date, timeZone: TimeZone = Localizer.defaultTimeZone) -> String {
        let format = { date.formatted(Date.FormatStyle(date: .long, time: .shortened, locale: locale, timeZone: timeZone)) }
        guard timeZone == Localizer.defaultTimeZone else { return format() }
        let minute = Int((date.timeIntervalSince1970 / 60).rounded(.down))
        let key = minute &* Language.allCases.count &+ (Language.allCases.firstIndex(of: language) ?? 0)
        if let known = FormattedTimes.shared.text(for: key) { return known }
        let text = format()
        FormattedTimes.shared.remember(text, for: key)
        return text
    }

    /// A calendar date written out for this language.
    package func date(_ date: Date, timeZone: TimeZone = Localizer.defaultTimeZone) -> String {
        date.formatted(Date.FormatStyle(date: .long, time: .omitted, locale: locale, timeZone: timeZone))
    }

    /// A whole number with this language's grouping (numbers under 1,000 have none to add).
    package func number(_ value: Int) -> String {
        (0..<1_000).contains(value) ? String(value) : value.formatted(IntegerFormatStyle<Int>(locale: locale))
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

/// Times already written out in the default time zone, by minute and language; forgotten all at once when many.
final class FormattedTimes: Sendable {
    static let shared = FormattedTimes()
    static let limit = 50_000
    private let texts = NIOLockedValueBox<[Int: String]>([:])

    func text(for key: Int) -> String? {
        texts.withLockedValue { $0[key] }
    }

    func remember(_ text: String, for key: Int) {
        texts.withLockedValue { texts in
            if texts.count >= Self.limit { texts.removeAll(keepingCapacity: true) }
            texts[key] = text
        }
    }
}
