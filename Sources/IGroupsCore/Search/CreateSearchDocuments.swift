import Fluent
import SQLKit

/// The search index: one row per searchable item of every module, and beside it the full-text index:
/// an FTS5 table kept in step by triggers on SQLite, a generated `tsvector` with a GIN index on PostgreSQL.
/// The integer key is what SQLite's FTS5 table is keyed by (a declared key survives VACUUM).
package struct CreateSearchDocuments: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(SearchDocument.schema)
            .field("id", .int64, .identifier(auto: true))
            .field("group_id", .uuid, .required, .references(Group.schema, "id", onDelete: .cascade))
            .field("module_id", .string, .required)
            .field("item_id", .uuid, .required)
            .field("parent_id", .uuid)
            .field("author_id", .uuid, .references(User.schema, "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("path", .string, .required)
            .field("members_only", .bool, .required)
            .field("item_date", .datetime, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "module_id", "item_id")
            .create()
        try await database.createIndex("search_documents_group", on: SearchDocument.schema, "group_id", "module_id")
        try await database.createIndex("search_documents_parent", on: SearchDocument.schema, "module_id", "parent_id")
        try await database.createIndex("search_documents_author", on: SearchDocument.schema, "author_id")
        let sql = database.sql
        if sql.dialect.name == "sqlite" {
            // External content: the words are indexed, the text itself stays in search_documents.
            // Secure delete takes a deleted row's words out of the index at once, not at the next merge.
            try await sql.raw("""
                CREATE VIRTUAL TABLE search_documents_fts USING fts5(
                    title, body, content='search_documents', content_rowid='id', tokenize='unicode61 remove_diacritics 2')
                """).run()
            try await sql.raw("INSERT INTO search_documents_fts(search_documents_fts, rank) VALUES ('secure-delete', 1)").run()
            try await sql.raw("""
                CREATE TRIGGER search_documents_fts_insert AFTER INSERT ON search_documents BEGIN
                    INSERT INTO search_documents_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
                END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER search_documents_fts_delete AFTER DELETE ON search_documents BEGIN
                    INSERT INTO search_documents_fts(search_documents_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
                END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER search_documents_fts_update AFTER UPDATE OF title, body ON search_documents BEGIN
                    INSERT INTO search_documents_fts(search_documents_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
                    INSERT INTO search_documents_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
                END
                """).run()
        } else {
            // Danish and English stemming both: a word is found by its Danish and by its English stem.
            try await sql.raw("""
                ALTER TABLE search_documents ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector('danish', title), 'A') || setweight(to_tsvector('english', title), 'A') ||
                    setweight(to_tsvector('danish', body), 'D') || setweight(to_tsvector('english', body), 'D')
                ) STORED
                """).run()
            try await sql.raw("CREATE INDEX search_documents_vector ON search_documents USING GIN (search_vector)").run()
        }
    }

    package func revert(on database: any Database) async throws {
        let sql = database.sql
        if sql.dialect.name == "sqlite" {
            for trigger in ["search_documents_fts_insert", "search_documents_fts_delete", "search_documents_fts_update"] {
                try await sql.raw("DROP TRIGGER IF EXISTS \(ident: trigger)").run()
            }
            try await sql.raw("DROP TABLE IF EXISTS search_documents_fts").run()
        }
        try await database.schema(SearchDocument.schema).delete()
    }
}
