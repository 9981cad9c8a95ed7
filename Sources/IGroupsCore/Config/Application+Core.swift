import Foundation
import NIOConcurrencyHelpers
import Vapor

extension Application {
    private struct SettingsKey: StorageKey { typealias Value = Settings }
    private struct TranslationsKey: StorageKey { typealias Value = Translations }
    private struct SiteSecretKey: StorageKey { typealias Value = SymmetricKey }
    private struct CommonPasswordsKey: StorageKey { typealias Value = CommonPasswords }

    /// The settings read at start.
    package var settings: Settings {
        get {
            guard let settings = storage[SettingsKey.self] else { fatalError("configure sets the settings before use") }
            return settings
        }
        set { storage[SettingsKey.self] = newValue }
    }

    /// The translation catalogues.
    package var translations: Translations {
        get { storage[TranslationsKey.self] ?? Translations(catalogues: [:]) }
        set { storage[TranslationsKey.self] = newValue }
    }

    /// The key that signs CSRF tokens, kept in the database so every process shares it.
    package var siteSecret: SymmetricKey {
        get {
            guard let key = storage[SiteSecretKey.self] else { fatalError("the site secret is loaded when the application boots") }
            return key
        }
        set { storage[SiteSecretKey.self] = newValue }
    }

    /// The list of passwords too common to accept.
    package var commonPasswords: CommonPasswords {
        get { storage[CommonPasswordsKey.self] ?? CommonPasswords(words: []) }
        set { storage[CommonPasswordsKey.self] = newValue }
    }
}

/// The 10,000 most common passwords, shipped in `Resources/common-passwords.txt`.
package struct CommonPasswords: Sendable {
    let words: Set<String>

    package init(words: Set<String>) {
        self.words = words
    }

    /// Loads the list; one password a line.
    package static func load(from path: String) throws -> CommonPasswords {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return CommonPasswords(words: Set(text.split(whereSeparator: \.isNewline).map { $0.lowercased() }))
    }

    /// True when the password, ignoring case, is on the list.
    package func contains(_ password: String) -> Bool {
        words.contains(password.lowercased())
    }
}

extension Application {
    private struct DummyHashKey: StorageKey { typealias Value = NIOLockedValueBox<String?> }

    /// A hash at the configured cost, compared against when no account matches a login; made off the event loop once.
    package func dummyPasswordHash() async throws -> String {
        guard let box = storage[DummyHashKey.self] else { fatalError("configure prepares the dummy hash box") }
        if let hash = box.withLockedValue({ $0 }) { return hash }
        let cost = settings.bcryptCost
        let hash = try await threadPool.runIfActive { try Bcrypt.hash(SecureToken.make(), cost: cost) }
        box.withLockedValue { $0 = hash }
        return hash
    }

    /// Makes the empty box the dummy hash is kept in, before requests arrive.
    package func prepareDummyPasswordHash() {
        storage[DummyHashKey.self] = NIOLockedValueBox(nil)
    }
}
