import Fluent
import SQLKit
import Vapor

/// The one search index of all groups and modules: modules put their items in as they are written and
/// take them out as they are deleted; the group's search page reads it (`SearchIndex+Query`).
package enum SearchIndex {
    /// Adds an item, or replaces what the index holds of it (by module and item).
    package static func put(_ document: SearchDocument, on db: any Database) async throws {
        let now = Date()
        try await db.sql.insert(into: SearchDocument.schema)
            .columns("group_id", "module_id", "item_id", "parent_id", "author_id", "title", "body", "path", "members_only", "item_date", "created_at", "updated_at")
            .values(
                SQLBind(document.groupID), SQLBind(document.module), SQLBind(document.itemID), SQLBind(document.parentID),
                SQLBind(document.authorID), SQLBind(document.title), SQLBind(document.body), SQLBind(document.path),
                SQLBind(document.membersOnly), SQLBind(document.date), SQLBind(now), SQLBind(now)
            )
            .onConflict(with: ["module_id", "item_id"]) { update in
                ["group_id", "parent_id", "author_id", "title", "body", "path", "members_only", "item_date", "updated_at"]
                    .reduce(update) { $0.set(excludedValueOf: $1) }
            }
            .run()
    }

    /// Takes an item out, with the items that belong to it (a post's comments, a thread's replies).
    package static func remove(module: String, item: UUID, on db: any Database) async throws {
        try await db.sql.delete(from: SearchDocument.schema)
            .where("module_id", .equal, SQLBind(module))
            .where(group: { $0.where("item_id", .equal, SQLBind(item)).orWhere("parent_id", .equal, SQLBind(item)) })
            .run()
    }

    /// Takes out everything of a group (deleting the group does this by itself).
    package static func removeAll(groupID: UUID, on db: any Database) async throws {
        try await db.sql.delete(from: SearchDocument.schema).where("group_id", .equal, SQLBind(groupID)).run()
    }

    /// Rebuilds the whole index from the modules' own tables, one group at a time (`igroups reindex`).
    /// Returns how many items were indexed.
    @discardableResult
    package static func rebuild(modules: [any GroupModule], on db: any Database) async throws -> Int {
        if db.sql.dialect.name == "sqlite" {
            // First make the full-text index agree with its rows again, in case it was damaged or lost.
            try await db.sql.raw("INSERT INTO search_documents_fts(search_documents_fts) VALUES ('rebuild')").run()
        }
        // Items of modules this program no longer has can never be shown.
        let stale = db.sql.delete(from: SearchDocument.schema)
        if !modules.isEmpty { stale.where("module_id", .notIn, SQLGroupExpression(SQLList(modules.map { SQLBind($0.id) }))) }
        try await stale.run()
        struct Row: Decodable { let id: UUID }
        let groups = try await db.sql.select().column("id").from(Group.schema).all(decoding: Row.self)
        var count = 0
        for group in groups {
            for module in modules {
                let documents = try await module.searchDocuments(in: group.id, on: db)
                try await db.transaction { db in
                    try await db.sql.delete(from: SearchDocument.schema)
                        .where("group_id", .equal, SQLBind(group.id)).where("module_id", .equal, SQLBind(module.id)).run()
                    for document in documents { try await put(document, on: db) }
                }
                count += documents.count
            }
        }
        return count
    }
}
