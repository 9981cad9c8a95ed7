import Fluent
import Foundation
import IGroupsCore
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// iCalendar feeds: a group's, and a person's of all their groups. Each is built once per version of its
/// content and kept; a calendar program that asks again with the ETag it has gets 304.
enum CalendarFeeds {
    /// Built feeds by who sees them, with the tag of the content they were built from. A feed asked for
    /// by many at once, before it is kept, is built once: the others wait for that build.
    final class Cache: Sendable {
        struct Entry {
            let tag: String
            let build: Task<[UInt8], any Error>
            var size: Int
            var used: UInt64
        }

        struct State {
            var entries: [String: Entry] = [:]
            var bytes = 0
            var clock: UInt64 = 0
        }

        private let state = NIOLockedValueBox(State())
        /// The most the kept feeds may take together; the least recently used go first beyond it.
        let limit: Int

        init(limit: Int = 64 << 20) {
            self.limit = limit
        }

        func bytes(_ key: String, tag: String, build: @escaping @Sendable () async throws -> [UInt8]) async throws -> [UInt8] {
            let task = state.withLockedValue { state -> Task<[UInt8], any Error> in
                state.clock += 1
                if var known = state.entries[key], known.tag == tag {
                    known.used = state.clock
                    state.entries[key] = known
                    return known.build
                }
                if let old = state.entries.removeValue(forKey: key) { state.bytes -= old.size }
                let task = Task { try await build() }
                state.entries[key] = Entry(tag: tag, build: task, size: 0, used: state.clock)
                return task
            }
            do {
                let bytes = try await task.value
                state.withLockedValue { state in
                    guard var entry = state.entries[key], entry.tag == tag, entry.size == 0 else { return }
                    entry.size = bytes.count
                    state.entries[key] = entry
                    state.bytes += bytes.count
                    while state.bytes > limit, let oldest = state.entries.min(by: { $0.value.used < $1.value.used }) {
                        state.entries[oldest.key] = nil
                        state.bytes -= oldest.value.size
                    }
                }
                return bytes
            } catch {
                // A failed build is not kept: the next request tries again.
                state.withLockedValue { state in
                    if let entry = state.entries[key], entry.tag == tag {
                        state.entries[key] = nil
                        state.bytes -= entry.size
                    }
                }
                throw error
            }
        }

        /// What the kept feeds take, in bytes.
        var size: Int { state.withLockedValue { $0.bytes } }
    }

    /// The module ids switched on, by group, in one query; a module without a saved row is on.
    static func enabledModules(in groupIDs: [UUID], app: Application, on db: any Database) async throws -> [UUID: Set<String>] {
        struct Row: Decodable { let group_id: UUID; let module_id: String; let enabled: Bool }
        let rows = groupIDs.isEmpty ? [] : try await db.sql.select().columns("group_id", "module_id", "enabled").from(GroupModuleSetting.schema)
            .where("group_id", .in, SQLBind.group(groupIDs)).all(decoding: Row.self)
        let all = Set(app.groupModules.map(\.id))
        var result = Dictionary(uniqueKeysWithValues: groupIDs.map { ($0, all) })
        for row in rows where !row.enabled { result[row.group_id]?.remove(row.module_id) }
        return result
    }

    /// The feed of some groups for one audience: answers 304 to a matching If-None-Match, otherwise the
    /// document, built anew only when a module's version or a group changed. `prefix` names each entry's group.
    static func respond(
        _ req: Request, key: String, name: String, groups: [(id: UUID, name: String, stamp: String)], enabled: [UUID: Set<String>], prefix: Bool
    ) async throws -> Response {
        let app = req.application
        // Every module with dated entries in one of the groups, asked once for all groups it is on in.
        var work: [(module: any GroupModule, groupIDs: [UUID])] = []
        for module in app.groupModules {
            let ids = groups.map(\.id).filter { enabled[$0]?.contains(module.id) == true }
            if !ids.isEmpty { work.append((module, ids)) }
        }
        // What shapes the feed: each group's name, zone and calendar version, and the modules switched on.
        var version = name + "|" + groups.map { $0.id.uuidString + $0.name + $0.stamp }.joined(separator: ",")
        for item in work { version += "|" + item.module.id + ":" + item.groupIDs.map(\.uuidString).joined(separator: ",") }
        let tag = "\"" + String(stableHash(version), radix: 36) + "\""
        if req.headers.first(name: .ifNoneMatch) == tag {
            let response = Response(status: .notModified)
            headers(response, tag: tag)
            return response
        }
        // The build may outlive this request (others wait for it): it uses the application's database.
        let db = app.db
        let names = Dictionary(groups.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let modules = work.map { ($0.module, $0.groupIDs) }
        let settings = app.settings
        let bytes = try await app.calendarFeedCache.bytes(key, tag: tag) {
            var entries: [CalendarEntry] = []
            for (module, groupIDs) in modules { entries += try await module.calendarFeed(in: groupIDs, on: db) }
            if prefix {
                for index in entries.indices { entries[index].title = (names[entries[index].groupID] ?? "") + ": " + entries[index].title }
            }
            return ICalendar.document(name: name, entries: entries, host: settings.baseURL.host ?? "localhost", siteURL: settings.absolute(""))
        }
        let response = ICalendar.response(bytes)
        headers(response, tag: tag)
        return response
    }

    private static func headers(_ response: Response, tag: String) {
        response.headers.replaceOrAdd(name: .eTag, value: tag)
        // Kept by the calendar program, which asks again with the tag; never by a shared cache.
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-cache")
    }

    /// FNV-1a over the text's bytes: the same on every process and run, unlike Swift's seeded hashing.
    static func stableHash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// A group's feed for whoever may read the group, and a stamp of what in the group shapes it.
    static func groupFeed(_ req: Request, group: Group, enabled: Set<String>) async throws -> Response {
        let groupID = try group.requireID()
        guard enabled.contains("calendar") else { throw Abort(.notFound) }
        let stamp = group.timeZone + ":" + String(group.calendarVersion)
        return try await respond(req, key: "group:" + groupID.uuidString, name: group.name, groups: [(groupID, group.name, stamp)], enabled: [groupID: enabled], prefix: false)
    }
}

extension Application {
    private struct CalendarGridCacheKey: StorageKey { typealias Value = KeptByKey<String, HTML> }

    /// The month grids drawn so far, by dates, language, zone and today; made as the module registers.
    var calendarGridCache: KeptByKey<String, HTML> {
        get { storage[CalendarGridCacheKey.self] ?? KeptByKey(limit: 1_000) }
        set { storage[CalendarGridCacheKey.self] = newValue }
    }

    private struct CalendarEntriesCacheKey: StorageKey { typealias Value = KeptByKey<String, [CalendarEntry]> }

    /// The spans read so far, by group, calendar version and span; made as the module registers.
    var calendarEntriesCache: KeptByKey<String, [CalendarEntry]> {
        get { storage[CalendarEntriesCacheKey.self] ?? KeptByKey(limit: 2_000) }
        set { storage[CalendarEntriesCacheKey.self] = newValue }
    }

    private struct CalendarFeedCacheKey: StorageKey { typealias Value = CalendarFeeds.Cache }

    /// The feeds built so far, by audience; made as the module registers, before any request.
    var calendarFeedCache: CalendarFeeds.Cache {
        get { storage[CalendarFeedCacheKey.self] ?? CalendarFeeds.Cache() }
        set { storage[CalendarFeedCacheKey.self] = newValue }
    }
}
