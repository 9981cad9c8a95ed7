import Foundation
import NIOCore
import Vapor

/// Where uploaded files live, addressed by keys such as `groups/<id>/logo.png`.
package protocol FileStore: Sendable {
    /// Writes the bytes under the key, replacing what was there in one step.
    func write(_ data: ByteBuffer, to key: String) async throws
    /// The bytes under the key, or nil when there are none.
    func read(_ key: String) async throws -> ByteBuffer?
    /// The keys of the files under a prefix (a folder such as `users/<id>/`), sorted.
    func list(under prefix: String) async throws -> [String]
    /// Deletes the file under the key, if there is one.
    func delete(_ key: String) async throws
    /// Deletes every file whose key starts with the prefix (a folder such as `groups/<id>/`).
    func deleteAll(under prefix: String) async throws
}

/// Files in a folder on this machine's disk (`DATA_DIR/files`).
package struct LocalFileStore: FileStore {
    let root: URL
    let threadPool: NIOThreadPool

    package init(root: String, threadPool: NIOThreadPool) {
        self.root = URL(fileURLWithPath: root, isDirectory: true)
        self.threadPool = threadPool
    }

    /// The file a key names; keys come from our code, and anything that could climb out of the folder is refused.
    func url(_ key: String) throws -> URL {
        let path = key.hasSuffix("/") ? String(key.dropLast()) : key
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard !path.isEmpty, parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else { throw FileStoreError.badKey(key) }
        return root.appendingPathComponent(path)
    }

    package func write(_ data: ByteBuffer, to key: String) async throws {
        let target = try url(key)
        try await threadPool.runIfActive {
            let manager = FileManager.default
            try manager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            // Written beside the target and renamed over it, so a reader never sees half a file.
            let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString)")
            try Data(data.readableBytesView).write(to: temporary)
            // rename(2) replaces the target in one step.
            guard rename(temporary.path, target.path) == 0 else {
                let code = errno
                try? manager.removeItem(at: temporary)
                throw FileStoreError.io(key, code)
            }
        }
    }

    package func read(_ key: String) async throws -> ByteBuffer? {
        let target = try url(key)
        return try await threadPool.runIfActive {
            guard let data = FileManager.default.contents(atPath: target.path) else { return nil }
            return ByteBuffer(bytes: data)
        }
    }

    package func list(under prefix: String) async throws -> [String] {
        guard prefix.hasSuffix("/") else { throw FileStoreError.badKey(prefix) }
        let folder = try url(prefix)
        return try await threadPool.runIfActive {
            guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
            var keys: [String] = []
            while let relative = walker.nextObject() as? String {
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: folder.appendingPathComponent(relative).path, isDirectory: &isFolder), !isFolder.boolValue,
                   !(relative.split(separator: "/").last?.hasPrefix(".") ?? false) {
                    keys.append(prefix + relative)
                }
            }
            return keys.sorted()
        }
    }

    package func delete(_ key: String) async throws {
        let target = try url(key)
        try await threadPool.runIfActive {
            if FileManager.default.fileExists(atPath: target.path) { try FileManager.default.removeItem(at: target) }
        }
    }

    package func deleteAll(under prefix: String) async throws {
        guard prefix.hasSuffix("/") else { throw FileStoreError.badKey(prefix) }
        let folder = try url(prefix)
        try await threadPool.runIfActive {
            if FileManager.default.fileExists(atPath: folder.path) { try FileManager.default.removeItem(at: folder) }
        }
    }
}

package enum FileStoreError: Error, CustomStringConvertible {
    case badKey(String)
    case io(String, Int32)

    package var description: String {
        switch self {
        case .badKey(let key): "not a file key: \(key)"
        case .io(let key, let code): "could not write \(key): \(String(cString: strerror(code)))"
        }
    }
}

extension Application {
    private struct FileStoreKey: StorageKey { typealias Value = any FileStore }

    /// The store of uploaded files; configure sets it, on local disk unless told otherwise.
    package var files: any FileStore {
        get {
            guard let store = storage[FileStoreKey.self] else { fatalError("configure sets the file store before use") }
            return store
        }
        set { storage[FileStoreKey.self] = newValue }
    }
}
