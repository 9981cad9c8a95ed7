import Fluent
import Foundation
import IGroupsCore
import Vapor

/// Mail about news: each new post to those who want it at once, and a daily digest to the others.
enum NewsMail {
    static let notifyKind = "news.notify"
    static let mailKind = "news.mail"
    static let digestKind = "news.digest"
    static let digestOneKind = "news.digest_one"

    struct Notify: Codable { let postID: UUID }
    struct One: Codable { let postID: UUID; let userID: UUID }
    struct DigestOne: Codable { let subscriptionID: UUID }

    static func queueNotify(postID: UUID, app: Application, on db: any Database) async throws {
        try await app.jobQueue.enqueue(notifyKind, payload: Notify(postID: postID), on: db)
    }

    static func register(on app: Application) {
        // One job per reader, so a failed delivery is retried for that reader alone.
        app.jobQueue.register(notifyKind) { payload, app in
            let job = try JSONDecoder().decode(Notify.self, from: Data(payload.utf8))
            guard let post = try await NewsPost.find(job.postID, on: app.db) else { return }
            let subscriptions = try await NewsSubscription.query(on: app.db).filter(\.$group.$id == post.$group.id).filter(\.$mode == .immediately).all()
            for subscription in subscriptions where subscription.$user.id != post.$author.id {
                try await app.jobQueue.enqueue(mailKind, payload: One(postID: job.postID, userID: subscription.$user.id), on: app.db)
            }
        }
        app.jobQueue.register(mailKind) { payload, app in
            let job = try JSONDecoder().decode(One.self, from: Data(payload.utf8))
            guard let post = try await NewsPost.find(job.postID, on: app.db), !post.title.isEmpty,
                  let user = try await User.find(job.userID, on: app.db), let group = try await Group.find(post.$group.id, on: app.db),
                  try await Membership.of(job.userID, in: post.$group.id, on: app.db) != nil
            else { return }
            let template = MailTemplate(
                subjectKey: "mail.news.subject", values: ["group": group.name, "title": post.title, "excerpt": Excerpt.of(post.body), "name": user.name],
                paragraphKeys: ["mail.news.body", "mail.news.excerpt", "mail.news.stop"],
                action: ("mail.news.action", app.settings.absolute("/g/\(group.slug)/news/\(try post.requireID())")))
            try await Mailer.deliver(template, to: MailAddress(email: user.email, name: user.name), language: Language(rawValue: user.language) ?? .da, app: app)
        }
        app.jobQueue.register(digestKind) { _, app in
            for subscription in try await NewsSubscription.query(on: app.db).filter(\.$mode == .daily).all() {
                try await app.jobQueue.enqueue(digestOneKind, payload: DigestOne(subscriptionID: subscription.requireID()), on: app.db)
            }
        }
        app.jobQueue.register(digestOneKind) { payload, app in
            let job = try JSONDecoder().decode(DigestOne.self, from: Data(payload.utf8))
            try await digest(job.subscriptionID, app: app)
        }
        app.jobQueue.schedule(Schedule(name: digestKind, period: 24 * 3600, jobKind: digestKind))
    }

    /// One mail with every post since the last digest, if there is any; then the digest moves on.
    static func digest(_ subscriptionID: UUID, app: Application) async throws {
        guard let subscription = try await NewsSubscription.find(subscriptionID, on: app.db), subscription.mode == .daily,
              let user = try await User.find(subscription.$user.id, on: app.db), let group = try await Group.find(subscription.$group.id, on: app.db)
        else { return }
        // Someone who left or was removed hears nothing more, and their wish goes with them.
        guard try await Membership.of(user.requireID(), in: group.requireID(), on: app.db) != nil else {
            try await subscription.delete(on: app.db)
            return
        }
        // A millisecond past the last post sent: a time read back from the database can differ from the
        // stored one in its last digit, and the same post must not come twice.
        let since = (subscription.digestUntil ?? subscription.createdAt ?? Date()).addingTimeInterval(0.001)
        let posts = try await NewsPost.query(on: app.db).filter(\.$group.$id == group.requireID()).filter(\.$createdAt > since)
            .filter(\.$title != "").sort(\.$createdAt).all()
        let others = posts.filter { $0.$author.id != user.id }
        if !others.isEmpty {
            let list = others.map { "- \($0.title): " + app.settings.absolute("/g/\(group.slug)/news/\($0.id?.uuidString ?? "")") }.joined(separator: "\n")
            let template = MailTemplate(
                subjectKey: "mail.news_digest.subject", values: ["group": group.name, "count": String(others.count), "list": list, "name": user.name],
                paragraphKeys: ["mail.news_digest.body", "mail.news_digest.list", "mail.news.stop"],
                action: ("mail.news.action", app.settings.absolute("/g/\(group.slug)/news")))
            try await Mailer.deliver(template, to: MailAddress(email: user.email, name: user.name), language: Language(rawValue: user.language) ?? .da, app: app)
        }
        if let newest = posts.last?.createdAt {
            subscription.digestUntil = newest
            try await subscription.save(on: app.db)
        }
    }
}

/// The Atom feed of a public group's news.
enum NewsFeed {
    static func atom(group: Group, posts: [NewsController.PostRow], absolute: (String) -> String) -> String {
        let home = absolute("/g/\(group.slug)/news")
        let updated = (posts.first?.created_at ?? group.createdAt ?? Date()).formatted(.iso8601)
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        xml += "<title>\(HTML.escape(group.name))</title>\n<id>\(HTML.escape(home))</id>\n<updated>\(updated)</updated>\n"
        xml += "<link rel=\"alternate\" href=\"\(HTML.escape(home))\"/>\n<link rel=\"self\" href=\"\(HTML.escape(home + "/feed.atom"))\"/>\n"
        xml += "<author><name>\(HTML.escape(group.name))</name></author>\n"
        for post in posts {
            let url = absolute("/g/\(group.slug)/news/\(post.id.uuidString)")
            let date = (post.edited_at ?? post.created_at ?? Date()).formatted(.iso8601)
            xml += "<entry>\n<title>\(HTML.escape(post.title))</title>\n<id>urn:uuid:\(post.id.uuidString.lowercased())</id>\n"
            xml += "<link rel=\"alternate\" href=\"\(HTML.escape(url))\"/>\n<updated>\(date)</updated>\n"
            xml += "<published>\((post.created_at ?? Date()).formatted(.iso8601))</published>\n"
            if let name = post.name { xml += "<author><name>\(HTML.escape(name))</name></author>\n" }
            xml += "<content type=\"html\">\(HTML.escape(post.body_html))</content>\n</entry>\n"
        }
        return xml + "</feed>\n"
    }
}
