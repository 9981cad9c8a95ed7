import Fluent
import Foundation
import IGroupsCore
import SQLKit

/// Fills a board with many threads of many posts, written straight in batches: for benchmarks and for
/// tests that check a page's cost does not grow with the forum.
package enum ForumSeed {
    static let bodies = [
        "Jeg synes, vi skal prøve det nye lokale i **Medborgerhuset** næste gang. Der er bedre lys, og kaffen er gratis. Hvad siger I andre til det? Vi kunne også spørge kommunen, om vi må låne salen om torsdagen, så begynderne får deres egen aften. Skriv gerne, hvis I har en mening.",
        "Tak for i aftes! Det var en god turnering, og vi var 24 spillere. Resultaterne ligger i *referatet*, og næste gang er det parturnering. Husk at melde jer til senest fredag, så vi kan lave bordplanen i god tid. Spørgsmål kan sendes til bestyrelsen.",
        "Er der nogen, der kan tage nøglen med på tirsdag? Jeg kommer først kl. 19.30, fordi jeg skal hente børn. Ellers kan vi aftale, at den ligger i postkassen. Det er den lille nøgle med den røde ring, og den passer også til skabet med kortene.",
    ]

    /// The group's first board, made if it has none.
    package static func board(in groupID: UUID, on db: any Database) async throws -> UUID {
        if let board = try await ForumBoard.query(on: db).filter(\.$group.$id == groupID).sort(\.$position).first() { return try board.requireID() }
        let board = ForumBoard()
        board.$group.id = groupID
        board.name = "Snak"
        board.description = ""
        board.position = 0
        board.adminsOnly = false
        board.threadCount = 0
        try await board.create(on: db)
        return try board.requireID()
    }

    /// Writes `threads` threads of `postsPerThread` posts each into a board, by the group's members in turn.
    package static func seed(_ db: any Database, groupID: UUID, boardID: UUID, threads: Int, postsPerThread: Int) async throws {
        struct Member: Decodable { let user_id: UUID }
        let members = try await db.sql.select().column("user_id").from(Membership.schema).where("group_id", .equal, SQLBind(groupID)).all(decoding: Member.self).map(\.user_id)
        guard !members.isEmpty, threads > 0, postsPerThread > 0 else { return }
        let rendered = bodies.map { Markdown.render($0) }
        let start = Date().addingTimeInterval(-Double(threads * postsPerThread) * 60)
        try await db.transaction { db in
            var threadRows: [[any SQLExpression]] = []
            var postRows: [[any SQLExpression]] = []
            // Threads are written before the posts that refer to them.
            func write() async throws {
                if !threadRows.isEmpty {
                    var insert = db.sql.insert(into: ForumThread.schema)
                        .columns("id", "group_id", "board_id", "author_id", "title", "pinned", "locked", "post_count", "last_post_at", "last_author_id", "created_at", "updated_at")
                    for row in threadRows { insert = insert.values(row) }
                    try await insert.run()
                    threadRows.removeAll(keepingCapacity: true)
                }
                if !postRows.isEmpty {
                    var insert = db.sql.insert(into: ForumPost.schema)
                        .columns("id", "thread_id", "group_id", "author_id", "position", "body", "body_html", "created_at", "updated_at")
                    for row in postRows { insert = insert.values(row) }
                    try await insert.run()
                    postRows.removeAll(keepingCapacity: true)
                }
            }
            for number in 0..<threads {
                let threadID = UUID()
                let opened = start.addingTimeInterval(Double(number * postsPerThread) * 60)
                let last = opened.addingTimeInterval(Double(postsPerThread - 1) * 60)
                threadRows.append([
                    SQLBind(threadID), SQLBind(groupID), SQLBind(boardID), SQLBind(members[number % members.count]), SQLBind("Emne nummer \(number + 1)"),
                    SQLBind(false), SQLBind(false), SQLBind(postsPerThread), SQLBind(last),
                    SQLBind(members[(number + postsPerThread - 1) % members.count]), SQLBind(opened), SQLBind(last),
                ])
                for position in 1...postsPerThread {
                    let at = opened.addingTimeInterval(Double(position - 1) * 60)
                    let which = (number + position) % bodies.count
                    postRows.append([
                        SQLBind(UUID()), SQLBind(threadID), SQLBind(groupID), SQLBind(members[(number + position - 1) % members.count]), SQLBind(position),
                        SQLBind(bodies[which]), SQLBind(rendered[which]), SQLBind(at), SQLBind(at),
                    ])
                    if postRows.count >= 400 { try await write() }
                }
            }
            try await write()
            try await ForumBoard.count(threads: threads, on: boardID, db)
        }
    }
}
