import Foundation
import Vapor

/// The secret that anonymous poll ballots are filed under. It is never in the database (nor in its
/// backups): someone holding a copy of the database cannot work out whose ballot is whose. From
/// `BALLOT_KEY`, or a file in DATA_DIR made with a random key on first start (readable by the owner only).
package enum BallotKey {
    package static func load(_ settings: Settings) throws -> SymmetricKey {
        if let text = settings.ballotKey { return SymmetricKey(data: SHA256.hash(data: Data(text.utf8))) }
        let path = settings.dataDirectory + "/ballot.key"
        if let data = FileManager.default.contents(atPath: path), data.count == 32 { return SymmetricKey(data: data) }
        try FileManager.default.createDirectory(atPath: settings.dataDirectory, withIntermediateDirectories: true)
        let key = SymmetricKey(size: .bits256)
        let data = key.withUnsafeBytes { Data($0) }
        guard FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw SettingsError(variable: "BALLOT_KEY", problem: "is unset and \(path) could not be written")
        }
        return key
    }
}

extension Application {
    private struct BallotSecretKey: StorageKey { typealias Value = SymmetricKey }

    /// The secret of anonymous poll ballots (`BallotKey`), loaded as the application is configured.
    package var ballotSecret: SymmetricKey {
        get {
            guard let key = storage[BallotSecretKey.self] else { fatalError("the ballot key is loaded when the application is configured") }
            return key
        }
        set { storage[BallotSecretKey.self] = newValue }
    }
}
