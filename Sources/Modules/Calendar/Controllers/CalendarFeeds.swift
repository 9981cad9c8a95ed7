import Fluent
import Foundation
import IGroupsCore
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// iCalendar feeds: a group's, and a person's of all their groups. Each is built once per version of its
/// content and kept; a calendar program that asks again with the ETag it has gets 304.
enum CalendarFeeds {
    /// Built feeds by who sees them, with the tag of the content they were built from.
    final class Cache: Sendable {
        private let entries = NIOLockedValueBox<[String: (tag: String, bytes: [UInt8])]>([:])
        static let limit = 500

        func get(_ key: String, tag: String) -> [UInt8]? {
            entries.withLockedValue { $0[key].flatMap { $0.tag == tag ? $0.bytes : nil } }
        }

        func put(_ key: String, tag: String, bytes: [UInt8]) {
            entries.withLockedValue {
                if $0.count >= Self.limit { $0.removeAll(keepingCapacity: true) }
                $0[key] = (tag, bytes)
            }
        }
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
        var version = name + "|" + groups.map { $0.id.uuidString + $0.name + $0.stamp }.joined(separator: ",")
        for item in work { version += "|" + (try await item.module.calendarVersion(in: item.groupIDs, on: req.db)) }
        let tag = "\"" + String(stableHash(version), radix: 36) + "\""
        if req.headers.first(name: .ifNoneMatch) == tag {
            let response = Response(status: .notModified)
            headers(response, tag: tag)
            return response
        }
        let bytes: [UInt8]
        if let cached = app.calendarFeedCache.get(key, tag: tag) {
            bytes = cached
        } else {
            let names = Dictionary(groups.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
            var entries: [CalendarEntry] = []
            for item in work { entries += try await item.module.calendarFeed(in: item.groupIDs, on: req.db) }
            if prefix {
                for index in entries.indices { entries[index].title = (names[entries[index].groupID] ?? "") + ": " + entries[index].title }
            }
            let settings = app.settings
            bytes = ICalendar.document(name: name, entries: entries, host: settings.baseURL.host ?? "localhost", siteURL: settings.absolute(""))
            app.calendarFeedCache.put(key, tag: tag, bytes: bytes)
        }
        let response = Response(status: .ok, body: .init(data: Data(bytes)))
        response.headers.replaceOrAdd(name: .contentType, value: "text/calendar; charset=utf-8")
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
        let stamp = group.timeZone + String(group.updatedAt?.timeIntervalSince1970 ?? 0)
        return try await respond(req, key: "group:" + groupID.uuidString, name: group.name, groups: [(groupID, group.name, stamp)], enabled: [groupID: enabled], prefix: false)
    }
}

extension Application {
    private struct CalendarFeedCacheKey: StorageKey { typealias Value = CalendarFeeds.Cache }

    /// The feeds built so far, by audience; made as the module registers, before any request.
    var calendarFeedCache: CalendarFeeds.Cache {
        get { storage[CalendarFeedCacheKey.self] ?? CalendarFeeds.Cache() }
        set { storage[CalendarFeedCacheKey.self] = newValue }
    }
}
