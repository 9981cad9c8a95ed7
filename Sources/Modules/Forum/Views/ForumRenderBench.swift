import Foundation
import IGroupsCore
import Vapor

/// Times the drawing of a thread page of 25 posts (about 300 characters each) in this process, without
/// the database: what the HTML builder costs per page (`igroups bench-render`), with the posts drawn
/// anew and with them kept drawn from an earlier view.
package enum ForumRenderBench {
    /// The median time of one render, in microseconds, over `rounds` rounds of `iterations` renders.
    package static func measure(app: Application, iterations: Int = 2_000, rounds: Int = 7) -> (drawn: Double, kept: Double, bytes: Int) {
        let sample = Sample(app)
        let drawn = median(iterations: iterations, rounds: rounds) { sample.page(posts: sample.draw()).render().count }
        let posts = sample.draw()
        let kept = median(iterations: iterations, rounds: rounds) { sample.page(posts: posts).render().count }
        return (drawn.microseconds, kept.microseconds, kept.bytes)
    }

    private static func median(iterations: Int, rounds: Int, _ render: () -> Int) -> (microseconds: Double, bytes: Int) {
        var bytes = 0
        // Warm up, then take the median round.
        for _ in 0..<200 { bytes = render() }
        var times: [Double] = []
        for _ in 0..<rounds {
            let start = ContinuousClock.now
            for _ in 0..<iterations { bytes = render() }
            let elapsed = ContinuousClock.now - start
            times.append(Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12)
        }
        times.sort()
        return (times[times.count / 2] / Double(iterations), bytes)
    }

    /// A signed-in owner's view of the first of two pages of a thread, five of its posts new to them.
    struct Sample {
        let t: Localizer
        let chrome: GroupChrome
        let sources: [ForumPostsDrawn.Source]
        let threadID = UUID()

        init(_ app: Application) {
            t = app.translations.localizer(.da)
            let group = Group(slug: "bridge-oest", name: "Bridgeklubben Øst", description: "", visibility: .public, joinPolicy: .open)
            group.id = UUID()
            let viewer = User(username: "mette", name: "Mette Kjærgaard", email: "mette@example.org", passwordHash: "", birthdate: "1984-03-12", language: .da)
            viewer.id = UUID()
            viewer.emailVerifiedAt = Date()
            let context = GroupContext(group: group, viewer: viewer, role: .owner, joinedAt: Date.distantPast)
            chrome = GroupChrome(context, states: GroupModules.states(app, []), current: "forum", t: t)
            let html = Markdown.render(ForumSeed.bodies[0])
            sources = (1...25).map { position in
                ForumPostsDrawn.Source(
                    id: UUID().uuidString, position: position, bodyHTML: html, deletedBy: nil, authorID: UUID().uuidString, author: ("Søren Østergaard", "soeren"),
                    at: Date(), edited: position % 5 == 0 ? Date() : nil)
            }
        }

        func draw() -> ForumPostsDrawn {
            let base = "/g/bridge-oest/forum"
            return ForumPostsDrawn.draw(sources, version: 1, base: base, here: "\(base)/threads/\(threadID.uuidString)", t: t)
        }

        func page(posts: ForumPostsDrawn) -> ForumThreadPage {
            ForumThreadPage(
                layout: Layout.Model(
                    title: "Emne nummer 1", t: t, viewer: Layout.Viewer(username: "mette", name: "Mette Kjærgaard", isVerified: true, isOperator: false),
                    csrf: "eWxFNG6jJZDLhg9CmjOopl8A-ZOSFYDrTbQtLy9x33g", path: "/g/bridge-oest/forum/threads/x", siteName: "iGroups"),
                chrome: chrome,
                thread: .init(id: threadID, title: "Emne nummer 1", boardID: UUID().uuidString, boardName: "Snak", pinned: false, locked: false),
                posts: posts,
                viewer: .init(id: UUID().uuidString, takesPart: true, moderates: true, mayReply: true, threadLocked: false, readUpTo: 20, since: .distantPast),
                pagination: Pagination(page: 1, perPage: 25, total: 50), mayReply: true, moderates: true, watching: true, replyToken: UUID().uuidString)
        }
    }
}
