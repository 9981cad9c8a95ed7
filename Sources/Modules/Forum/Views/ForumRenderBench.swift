import Foundation
import IGroupsCore
import Vapor

/// Times the drawing of a thread page of 25 posts (about 300 characters each) in this process, without
/// the database: what the HTML builder costs per page (`igroups bench-render`).
package enum ForumRenderBench {
    /// The median time of one render, in microseconds, over `rounds` rounds of `iterations` renders.
    package static func measure(app: Application, iterations: Int = 2_000, rounds: Int = 7) -> (microseconds: Double, bytes: Int) {
        let page = samplePage(app)
        var bytes = 0
        // Warm up, then take the median round.
        for _ in 0..<200 { bytes = page.render().count }
        var times: [Double] = []
        for _ in 0..<rounds {
            let start = ContinuousClock.now
            for _ in 0..<iterations { bytes = page.render().count }
            let elapsed = ContinuousClock.now - start
            times.append(Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12)
        }
        times.sort()
        return (times[times.count / 2] / Double(iterations), bytes)
    }

    static func samplePage(_ app: Application) -> ForumThreadPage {
        let t = app.translations.localizer(.da)
        let group = Group(slug: "bridge-oest", name: "Bridgeklubben Øst", description: "", visibility: .public, joinPolicy: .open)
        group.id = UUID()
        let viewer = User(username: "mette", name: "Mette Kjærgaard", email: "mette@example.org", passwordHash: "", birthdate: "1984-03-12", language: .da)
        viewer.id = UUID()
        viewer.emailVerifiedAt = Date()
        let context = GroupContext(group: group, viewer: viewer, role: .owner, joinedAt: Date.distantPast)
        let states = GroupModules.states(app, [])
        let html = Markdown.render(ForumSeed.bodies[0])
        let posts = (1...25).map { position in
            ForumThreadPage.Post(
                id: UUID().uuidString, position: position, bodyHTML: html, deletedBy: nil, author: ("Søren Østergaard", "soeren"),
                at: Date(), edited: position % 5 == 0 ? Date() : nil, isNew: position > 20, mayEdit: false, mayDelete: true, mayReport: true)
        }
        return ForumThreadPage(
            layout: Layout.Model(
                title: "Emne nummer 1", t: t, viewer: Layout.Viewer(username: "mette", name: "Mette Kjærgaard", isVerified: true, isOperator: false),
                csrf: "eWxFNG6jJZDLhg9CmjOopl8A-ZOSFYDrTbQtLy9x33g", path: "/g/bridge-oest/forum/threads/x", siteName: "iGroups"),
            chrome: GroupChrome(context, states: states, current: "forum", t: t),
            thread: .init(id: UUID(), title: "Emne nummer 1", boardID: UUID(), boardName: "Snak", pinned: false, locked: false),
            posts: posts, pagination: Pagination(page: 1, perPage: 25, total: 50), mayReply: true, moderates: true, watching: true, replyToken: UUID().uuidString)
    }
}
