import Foundation
@testable import IGroupsCore
import Testing

@Suite("Translations")
struct TranslationsTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Resources/Translations").path

    @Test("Danish and English have the same keys, and no text is empty")
    func sameKeys() throws {
        let translations = try Translations.load(from: Self.directory)
        let danish = try #require(translations.catalogues[.da])
        let english = try #require(translations.catalogues[.en])
        #expect(Set(danish.keys).subtracting(english.keys).isEmpty, "only in Danish: \(Set(danish.keys).subtracting(english.keys).sorted())")
        #expect(Set(english.keys).subtracting(danish.keys).isEmpty, "only in English: \(Set(english.keys).subtracting(danish.keys).sorted())")
        #expect(danish.filter { $0.value.isEmpty }.isEmpty)
        #expect(english.filter { $0.value.isEmpty }.isEmpty)
    }

    @Test("Every literal key the code asks for exists")
    func keysExist() throws {
        let translations = try Translations.load(from: Self.directory)
        let english = try #require(translations.catalogues[.en])
        let sources = URL(fileURLWithPath: Self.directory).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources").path
        let pattern = try NSRegularExpression(pattern: "\\bt\\(\"([a-z_]+\\.[a-z_.0-9]+)\"")
        var missing: [String] = []
        let files = FileManager.default.enumerator(atPath: sources)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        for file in files {
            let text = try String(contentsOfFile: sources + "/" + file, encoding: .utf8)
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let key = String(text[Range(match.range(at: 1), in: text)!])
                if !key.hasSuffix("."), english[key] == nil { missing.append("\(file): \(key)") }
            }
        }
        #expect(missing.isEmpty, "missing keys: \(missing)")
    }

    @Test("Accept-Language picks the best supported language")
    func acceptLanguage() {
        #expect(Language.preferred(acceptLanguage: "da-DK,da;q=0.9,en;q=0.8") == .da)
        #expect(Language.preferred(acceptLanguage: "de-DE,en;q=0.7,da;q=0.3") == .en)
        #expect(Language.preferred(acceptLanguage: "fr") == nil)
        #expect(Language.preferred(acceptLanguage: "nb-NO") == .da)
    }
}
