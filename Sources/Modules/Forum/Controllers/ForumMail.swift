import Fluent
import Foundation
import IGroupsCore
import SQLKit
import Vapor

/// `@username` in a post: each member of the group named gets a notice (and a mail if they want).
/// Names of people outside the group are left as text, and nobody learns whether they exist.
enum ForumMentions {
    static let limit = 20

    /// A letter, digit, `-` or `_`: what usernames are made of.
    static func isNameScalar(_ s: Unicode.Scalar) -> Bool {
        (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9") || s == "-" || s == "_"
    }

    /// An `@` that begins a mention, not one inside an address or a word: `bodil@example.dk` names nobody.
    static func startsMention(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        scalars[index] == "@" && (index == 0 || !(isNameScalar(scalars[index - 1]) || scalars[index - 1] == "@"))
    }

    /// The usernames a text mentions, lower-cased, in order, at most `limit`.
    static func usernames(in text: String) -> [String] {
        var found: [String] = []
        var seen = Set<String>()
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count, found.count < limit {
            defer { index += 1 }
            guard startsMention(scalars, at: index) else { continue }
            var end = index + 1
            while end < scalars.count, isNameScalar(scalars[end]) { end += 1 }
            // A name does not end in '-' (as in "@bodil-" at the end of a sentence).
            var name = String(String.UnicodeScalarView(scalars[(index + 1)..<end]))
            while name.hasSuffix("-") { name.removeLast() }
            if AccountRules.usernameLength.contains(name.count), seen.insert(name.lowercased()).inserted { found.append(name.lowercased()) }
            index = end - 1
        }
        return found
    }

    /// The text with every mention of `username` (any case) turned into `@…`.
    static func forget(_ username: String, in text: String) -> String {
        let name = Array(username.lowercased().unicodeScalars)
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let end = index + 1 + name.count
            if startsMention(scalars, at: index), end <= scalars.count,
               String(String.UnicodeScalarView(scalars[(index + 1)..<end])).lowercased() == String(String.UnicodeScalarView(name)),
               endsName(scalars, at: end) {
                result.append(contentsOf: "@…".unicodeScalars)
                index = end
                continue
            }
            result.append(scalars[index])
            index += 1
        }
        return String(result)
    }

    /// Whether a name read up to `end` ends there as `usernames(in:)` reads it: dashes may follow it,
    /// then anything but a letter, digit, `_` or another dash.
    static func endsName(_ scalars: [Unicode.Scalar], at end: Int) -> Bool {
        var next = end
        while next < scalars.count, scalars[next] == "-" { next += 1 }
        return next == scalars.count || !isNameScalar(scalars[next])
    }

    /// Tells the members mentioned in `text` that were not already mentioned in `before` (an edit).
    static func notify(in text: String, before: String?, post: ForumPost, thread: ForumThread, req: Request, on db: any Database) async throws {
        let old = Set(before.map(usernames(in:)) ?? [])
        let names = usernames(in: text).filter { !old.contains($0) }
        guard !names.isEmpty, let authorID = post.$author.id else { return }
        struct Row: Decodable { let id: UUID }
        let members = try await db.sql.select().column(SQLColumn("id", table: User.schema)).from(User.schema)
            .join(Membership.schema, on: SQLColumn("user_id", table: Membership.schema), .equal, SQLColumn("id", table: User.schema))
            .where(SQLColumn("group_id", table: Membership.schema), .equal, SQLBind(post.$group.id))
            .where(SQLColumn("username_key", table: User.schema), .in, SQLGroupExpression(SQLList(names.map { SQLBind($0) })))
            .where(SQLColumn("id", table: User.schema), .notEqual, SQLBind(authorID))
            .all(decoding: Row.self)
        let url = "/g/\(req.moduleContext.group.group.slug)/forum/posts/\(try post.requireID().uuidString)"
        let drafts = members.map {
            Notices.Draft(userID: $0.id, actorID: authorID, groupID: post.$group.id, kind: "forum_mention", subject: thread.title, url: url, mail: true)
        }
        try await Notices.send(drafts, app: req.application, on: db)
    }
}

/// Mail to those who watch a thread: one when a reply comes after what they have read, then none until
/// they have read it, so a busy thread does not fill anyone's inbox.
enum ForumMail {
    static let replyKind = "forum.reply"
    static let replyMailKind = "forum.reply_mail"

    struct Reply: Codable { let postID: UUID }
    struct One: Codable { let postID: UUID; let userID: UUID }

    static func queueReply(postID: UUID, app: Application, on db: any Database) async throws {
        try await app.jobQueue.enqueue(replyKind, payload: Reply(postID: postID), on: db)
    }

    static func register(on app: Application) {
        app.jobQueue.register(replyKind) { payload, app in
            let job = try JSONDecoder().decode(Reply.self, from: Data(payload.utf8))
            guard let post = try await ForumPost.find(job.postID, on: app.db), post.deletedAt == nil else { return }
            let watchers = try await ForumWatch.query(on: app.db).filter(\.$thread.$id == post.$thread.id).all()
            for watch in watchers where watch.$user.id != post.$author.id {
                try await app.jobQueue.enqueue(replyMailKind, payload: One(postID: job.postID, userID: watch.$user.id), on: app.db)
            }
        }
        app.jobQueue.register(replyMailKind) { payload, app in
            let job = try JSONDecoder().decode(One.self, from: Data(payload.utf8))
            guard let post = try await ForumPost.find(job.postID, on: app.db), post.deletedAt == nil,
                  let thread = try await ForumThread.find(post.$thread.id, on: app.db),
                  let group = try await Group.find(post.$group.id, on: app.db),
                  let user = try await User.find(job.userID, on: app.db), user.isVerified, user.suspendedAt == nil,
                  try await Membership.of(job.userID, in: post.$group.id, on: app.db) != nil
            else { return }
            // Mail only about the first reply after what they read (or after where watching began); the
            // next comes once they have read on.
            guard let watch = try await ForumWatch.query(on: app.db).filter(\.$user.$id == job.userID).filter(\.$thread.$id == thread.requireID()).first() else { return }
            let stored = try await ForumRead.query(on: app.db).filter(\.$user.$id == job.userID).filter(\.$thread.$id == thread.requireID()).first()?.position ?? 0
            let read = max(stored, watch.fromPosition, app.forumReads.position(userID: job.userID, threadID: try thread.requireID()) ?? 0)
            guard read >= post.position - 1 else { return }
            var author: User?
            if let authorID = post.$author.id { author = try await User.find(authorID, on: app.db) }
            let language = Language(rawValue: user.language) ?? .da
            let t = app.translations.localizer(language)
            let template = MailTemplate(
                subjectKey: "mail.forum_reply.subject",
                values: ["group": group.name, "title": ForumController.shown(thread.title, t), "author": author?.name ?? t("forum.deleted_person"), "excerpt": Excerpt.of(post.body), "name": user.name],
                paragraphKeys: ["mail.forum_reply.body", "mail.forum_reply.excerpt", "mail.forum_reply.quiet", "mail.forum_reply.stop"],
                action: ("mail.forum_reply.action", app.settings.absolute("/g/\(group.slug)/forum/threads/\(try thread.requireID().uuidString)/unread")))
            try await Mailer.deliver(template, to: MailAddress(email: user.email, name: user.name), language: language, app: app)
        }
    }
}
