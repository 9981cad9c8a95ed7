import IGroupsCore
import Vapor

/// A group's polls: open ones first, then closed ones, twenty a page.
struct PollList: PageView {
    struct Poll: Sendable {
        let id: UUID
        let question: String
        let multiple: Bool
        let anonymous: Bool
        let deadline: Date?
        let closedAt: Date?
        let closed: Bool
        let ballots: Int
        let voted: Bool
    }

    let layout: Layout.Model
    let chrome: GroupChrome
    let paths: PollPaths
    let polls: [Poll]
    let pagination: Pagination
    let mayCreate: Bool
    let zone: TimeZone

    func content(_ h: inout HTML) {
        let t = layout.t
        chrome.write(t: t, into: &h)
        h.el("div", .class("page-title")) { h in
            h.el("h1", text: layout.title)
            if mayCreate { h.el("a", .class("button button-primary"), .href(paths.new), text: t("polls.new")) }
        }
        guard !polls.isEmpty else {
            Parts.emptyState(title: t("polls.empty.title"), text: t("polls.empty.text"), action: mayCreate ? (t("polls.new"), paths.new) : nil, into: &h)
            return
        }
        h.el("ul", .class("rows card")) { h in
            for poll in polls { write(poll, into: &h) }
        }
        Parts.pagination(pagination, t: t, url: { "\(paths.list)?page=\($0)" }, into: &h)
    }

    private func write(_ poll: Poll, into h: inout HTML) {
        let t = layout.t
        h.el("li", .class("row")) { h in
            h.el("div", .class("row-main")) { h in
                h.el("a", .class("poll-list-question"), .href(paths.poll(poll.id)), text: poll.question)
                h.el("p", .class("muted")) { h in
                    h.el("span", .class(poll.closed ? "badge" : "badge badge-open"), text: t(poll.closed ? "polls.closed" : "polls.open"))
                    if poll.anonymous { h.el("span", .class("badge"), text: t("polls.anonymous")) }
                    if poll.voted { h.el("span", .class("badge"), text: t("polls.you_voted")) }
                    h.text(" " + t.plural("polls.ballots", poll.ballots))
                    if let ended = poll.closedAt ?? (poll.closed ? poll.deadline : nil) {
                        h.text(" · " + t("polls.closed_at") + " ")
                        PollParts.time(ended, zone: zone, t: t, into: &h)
                    } else if let deadline = poll.deadline {
                        h.text(" · " + t("polls.closes_at") + " ")
                        PollParts.time(deadline, zone: zone, t: t, into: &h)
                    }
                }
            }
        }
    }
}

/// Small parts the poll pages share.
enum PollParts {
    /// A time on the poll's clock, exact, with its machine-readable value.
    static func time(_ date: Date, zone: TimeZone, t: Localizer, into h: inout HTML) {
        h.el("time", .attr("datetime", Parts.iso8601(date)), text: t.dateTime(date, timeZone: zone))
    }
}
