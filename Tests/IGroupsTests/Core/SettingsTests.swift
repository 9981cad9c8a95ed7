import Foundation
@testable import IGroupsCore
import Testing

@Suite("Settings")
struct SettingsTests {
    @Test("Defaults: SQLite in ./data, outbox mail, Danish, bcrypt cost 12, plain cookie on http")
    func defaults() throws {
        let settings = try Settings.from(environment: [:])
        #expect(settings.databaseURL == nil)
        #expect(settings.sqlitePath == "./data/igroups.sqlite")
        #expect(settings.mailTransport == .outbox)
        #expect(settings.defaultLanguage == .da)
        #expect(settings.bcryptCost == 12)
        #expect(settings.sessionCookieName == "igroups")
        #expect(!settings.isHTTPS)
    }

    @Test("A malformed value stops the start with a message naming the variable")
    func malformed() {
        let cases: [([String: String], String)] = [
            (["BASE_URL": "localhost:8080"], "BASE_URL"),
            (["DATABASE_URL": "mysql://x"], "DATABASE_URL"),
            (["DEFAULT_LANGUAGE": "de"], "DEFAULT_LANGUAGE"),
            (["BCRYPT_COST": "three"], "BCRYPT_COST"),
            (["MAIL_TRANSPORT": "pigeon"], "MAIL_TRANSPORT"),
            (["MAIL_TRANSPORT": "smtp"], "SMTP_HOST"),
            (["MAIL_TRANSPORT": "smtp", "SMTP_HOST": "mail", "SMTP_PORT": "99999"], "SMTP_PORT"),
            (["MAIL_TRANSPORT": "sendgrid"], "SENDGRID_API_KEY"),
            (["MAIL_FROM": "not an address"], "MAIL_FROM"),
            (["JOBS_IN_SERVE": "maybe"], "JOBS_IN_SERVE"),
        ]
        for (environment, variable) in cases {
            #expect(throws: SettingsError.self, "\(environment)") { try Settings.from(environment: environment) }
            do {
                _ = try Settings.from(environment: environment)
            } catch {
                #expect(String(describing: error).hasPrefix(variable), "\(error)")
            }
        }
    }

    @Test("SMTP settings: implicit TLS defaults to port 465, STARTTLS to 587")
    func smtp() throws {
        let tls = try Settings.from(environment: ["MAIL_TRANSPORT": "smtp", "SMTP_HOST": "mail.example.org", "SMTP_SECURITY": "tls"])
        #expect(tls.smtp?.port == 465)
        let starttls = try Settings.from(environment: ["MAIL_TRANSPORT": "smtp", "SMTP_HOST": "mail.example.org", "SMTP_USERNAME": "u", "SMTP_PASSWORD": "p"])
        #expect(starttls.smtp?.port == 587)
        #expect(starttls.smtp?.security == .starttls)
        #expect(starttls.smtp?.username == "u")
    }
}

@Suite("README")
struct ReadmeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test("The README's configuration table lists every variable the program reads, with its default")
    func configurationTable() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        for variable in Settings.documentation {
            #expect(readme.contains("| `\(variable.name)` | \(variable.defaultValue.replacingOccurrences(of: "|", with: "/")) |"), "\(variable.name)")
        }
        let source = try String(contentsOf: Self.root.appendingPathComponent("Sources/IGroupsCore/Config/Settings+Environment.swift"), encoding: .utf8)
        let read = try NSRegularExpression(pattern: "\"([A-Z][A-Z0-9_]+)\"").matches(in: source, range: NSRange(source.startIndex..., in: source))
            .compactMap { Range($0.range(at: 1), in: source).map { String(source[$0]) } }
        let documented = Set(Settings.documentation.map(\.name))
        #expect(Set(read).subtracting(documented).isEmpty, "read but not documented: \(Set(read).subtracting(documented))")
        #expect(readme.hasPrefix("# iGroups\n\n```sh\nscript/server "))
        #expect(readme.contains("\nscript/test "))
        // The two commands install what is missing before they start; CI runs the second.
        for script in ["script/server", "script/test"] {
            let text = try String(contentsOf: Self.root.appendingPathComponent(script), encoding: .utf8)
            #expect(text.contains("ensure_media_tools"), "\(script)")
        }
        let ci = try String(contentsOf: Self.root.appendingPathComponent(".ci/run"), encoding: .utf8)
        #expect(ci.contains("script/test --skip-build"))
    }
}
