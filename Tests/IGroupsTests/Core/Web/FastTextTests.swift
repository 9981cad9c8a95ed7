import Foundation
@testable import IGroupsCore
@testable import IGroupsForum
import Testing

/// The hand-written fast paths of page drawing give exactly what the slow, obvious ways give.
@Suite("Fast text")
struct FastTextTests {
    /// Escaping the obvious way, one character at a time.
    static func reference(_ text: String) -> String {
        text.map { character -> String in
            switch character {
            case "&": "&amp;"
            case "<": "&lt;"
            case ">": "&gt;"
            case "\"": "&quot;"
            case "'": "&#39;"
            default: String(character)
            }
        }.joined()
    }

    @Test("Escaping eight bytes at a time finds every special character at every place, in texts of every length")
    func escape() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["a", "æ", "ø", "&", "<", ">", "\"", "'", " ", "x", "😀", "/", "é"]
        for length in 0..<70 {
            for _ in 0..<20 {
                let text = (0..<length).map { _ in pieces.randomElement(using: &generator)! }.joined()
                var bytes: [UInt8] = []
                HTML.escape(text, into: &bytes)
                #expect(String(decoding: bytes, as: UTF8.self) == Self.reference(text), "\(text)")
                #expect(HTML.escape(text) == Self.reference(text))
            }
        }
    }

    @Test("An element with one, two or more attributes writes them all, escaped, with a URL's tail after its checked start")
    func attributes() {
        var h = HTML()
        h.el("a", .href("/u/", "bo\"dil"), text: "Bodil")
        h.el("p", .class("x"), .id("y"), text: "<b>")
        h.el("span", .class("a"), .id("b"), .aria("label", "c'd")) { $0.text("e&f") }
        h.el("a", .href("javascript:alert(1)", "/x"), text: "no")
        #expect(h.output == "<a href=\"/u/bo&quot;dil\">Bodil</a><p class=\"x\" id=\"y\">&lt;b&gt;</p><span class=\"a\" id=\"b\" aria-label=\"c&#39;d\">e&amp;f</span><a href=\"#\">no</a>")
    }

    @Test("UUID.text is uuidString")
    func uuid() {
        for _ in 0..<200 {
            let id = UUID()
            #expect(id.text == id.uuidString)
        }
    }

    @Test("Times for `datetime` match the ISO 8601 formatter; initials take the first letter of two words in capitals")
    func timesAndInitials() {
        let formatter = ISO8601DateFormatter()
        for seconds in [0, 59, 951_782_400, 1_795_000_000, 4_102_444_799] {
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            #expect(Parts.iso8601(date) == formatter.string(from: date))
        }
        #expect(Parts.initials("mette kjærgaard") == "MK")
        #expect(Parts.initials("Søren Østergaard Hansen") == "SØ")
        #expect(Parts.initials("  ærø ") == "Æ")
        #expect(Parts.initials("") == "?")
    }

    @Test("Placeholders are filled once each; unknown ones and lone braces stay")
    func fill() {
        #expect(Localizer.fill("{a} og {b}", ["a": "{b}", "b": "2"]) == "{b} og 2")
        #expect(Localizer.fill("{ukendt} {a", ["a": "1"]) == "{ukendt} {a")
        #expect(Localizer.fill("Hej {name}!", ["name": "Åse"]) == "Hej Åse!")
    }

    @Test("A time is written the same the first time and from memory")
    func rememberedTimes() {
        let t = Translations(catalogues: [.da: [:], .en: [:]]).localizer(.da)
        let date = Date(timeIntervalSince1970: 1_795_000_000)
        let first = t.dateTime(date)
        #expect(t.dateTime(date) == first)
        #expect(first == date.formatted(Date.FormatStyle(date: .long, time: .shortened, locale: t.locale, timeZone: Localizer.defaultTimeZone)))
    }

    @Test("Forgetting a name removes exactly the mentions that would have notified it")
    func forgetMentions() {
        for text in ["Hej @bodil--", "@Bodil, kom!", "(@bodil)", "@bodil-", "Tak @BODIL."] {
            #expect(ForumMentions.usernames(in: text) == ["bodil"], "\(text)")
            #expect(!ForumMentions.forget("bodil", in: text).lowercased().contains("bodil"), "\(text)")
        }
        for text in ["bodil@example.org", "@bodilx", "@bodil_2", "@bodil--x"] {
            #expect(ForumMentions.forget("bodil", in: text) == text, "\(text)")
        }
    }
}
