import IGroupsCore
import Vapor

/// One poll: the question, the vote form while it is open, and the results as bars when its rule allows.
struct PollShow: PageView {
    struct Poll: Sendable {
        let id: UUID
        let question: String
        let description: String
        let multiple: Bool
        let maxChoices: Int
        let anonymous: Bool
        let results: IGroupsPolls.Poll.Results
        let deadline: Date?
        let closedAt: Date?
        let closed: Bool
        let created: Date
        /// Nil for viewers outside the group, and once the person is erased.
        let author: (name: String, username: String)?
    }

    struct Option: Sendable {
        let id: UUID
        let text: String
        let votes: Int
        /// Who chose it, in a named poll for the group's members; nil where names are not shown.
        let voters: [(name: String, username: String)]?
    }

    let layout: Layout.Model
    let chrome: GroupChrome
    let paths: PollPaths
    let poll: Poll
    let options: [Option]
    /// How many have voted: always shown, whatever the results rule.
    let ballots: Int
    let resultsVisible: Bool
    let mayVote: Bool
    let voted: Bool
    /// The options checked in the form: the viewer's ballot, or what a refused vote sent.
    let chosen: Set<UUID>
    let mayChange: Bool
    let errors: FormErrors
    let zone: TimeZone

    /// Nobody sees the counts before the rule allows, the creator and admins included.
    static func resultsVisible(_ rule: IGroupsPolls.Poll.Results, closed: Bool, voted: Bool) -> Bool {
        switch rule {
        case .always: true
        case .afterVote: voted || closed
        case .afterClose: closed
        }
    }

    func content(_ h: inout HTML) {
        let t = layout.t
        chrome.write(t: t, into: &h)
        h.el("article", .class("card poll")) { h in
            h.el("h1", text: poll.question)
            facts(into: &h)
            for paragraph in poll.description.components(separatedBy: "\n\n") where !paragraph.trimmingCharacters(in: .whitespaces).isEmpty {
                h.el("p", .class("poll-description"), text: paragraph)
            }
            h.el("p", .class("poll-ballots"), text: t.plural("polls.ballots_cast", ballots))
            if poll.anonymous { h.el("p", .class("muted"), text: t("polls.anonymous_note")) }
            Parts.errorSummary(errors, t: t, into: &h)
            if mayVote {
                voteForm(into: &h)
            } else if voted {
                h.el("p", text: t("polls.voted_closed"))
            } else if !poll.closed {
                h.el("p", .class("muted"), text: t("polls.members_vote"))
            }
        }
        h.el("section", .class("card"), .id("results")) { h in
            h.el("h2", text: t("polls.results"))
            if resultsVisible {
                results(into: &h)
            } else {
                h.el("p", .class("muted"), text: t(poll.results == .afterVote ? "polls.results_after_vote" : "polls.results_after_close"))
            }
        }
        if mayChange {
            h.el("div", .class("actions-row")) { h in
                if !poll.closed {
                    h.el("form", .method("post"), .action(paths.close(poll.id))) { h in
                        Parts.csrf(layout.csrf, into: &h)
                        h.el("button", .type("submit"), .class("button button-secondary"), text: t("polls.close"))
                    }
                    h.el("a", .class("button button-secondary"), .href(paths.edit(poll.id)), text: t("polls.edit"))
                }
                h.el("a", .class("button button-danger"), .href(paths.delete(poll.id)), text: t("polls.delete"))
            }
        }
        h.el("p") { $0.el("a", .href(paths.list), text: t("polls.back")) }
    }

    /// Open or closed, named or anonymous, how many choices, who made it, and when it closes.
    private func facts(into h: inout HTML) {
        let t = layout.t
        h.el("p", .class("muted")) { h in
            h.el("span", .class(poll.closed ? "badge" : "badge badge-open"), text: t(poll.closed ? "polls.closed" : "polls.open"))
            h.el("span", .class("badge"), text: t(poll.anonymous ? "polls.anonymous" : "polls.named"))
            h.text(" " + (poll.multiple ? t("polls.kind.multiple_max", ["max": t.number(poll.maxChoices)]) : t("polls.kind.single")))
            if let author = poll.author {
                h.text(" · " + t("polls.by") + " ")
                h.el("a", .href("/u/" + author.username), text: author.name)
            }
            h.text(" · ")
            Parts.timestamp(poll.created, t: t, into: &h)
        }
        h.el("p", .class("poll-deadline")) { h in
            if let ended = poll.closedAt ?? (poll.closed ? poll.deadline : nil) {
                h.text(t("polls.closed_at") + " ")
                PollParts.time(ended, zone: zone, t: t, into: &h)
            } else if let deadline = poll.deadline {
                h.text(t("polls.closes_at") + " ")
                PollParts.time(deadline, zone: zone, t: t, into: &h)
            } else {
                h.text(t("polls.no_deadline"))
            }
        }
    }

    private func voteForm(into h: inout HTML) {
        let t = layout.t
        let error = errors["choice"]
        h.el("form", .class("poll-vote"), .method("post"), .action(paths.vote(poll.id))) { h in
            Parts.csrf(layout.csrf, into: &h)
            h.element("fieldset", [
                .id("field-choice"), .class(error == nil ? "field" : "field field-invalid"),
                error == nil ? .flag("", false) : .aria("describedby", "field-choice-error"),
            ]) { h in
                h.el("legend", text: poll.multiple ? t("polls.choose_up_to", ["max": t.number(poll.maxChoices)]) : t("polls.choose_one"))
                if let error { h.el("p", .class("field-error"), .id("field-choice-error"), text: error) }
                for option in options {
                    let id = "choice-\(option.id.uuidString)"
                    h.el("div", .class("field-check")) { h in
                        h.void(
                            "input", .type(poll.multiple ? "checkbox" : "radio"), .id(id), .name("option"), .value(option.id.uuidString),
                            .flag("checked", chosen.contains(option.id))
                        )
                        h.el("label", .for(id), text: option.text)
                    }
                }
            }
            h.el("button", .type("submit"), .class("button button-primary"), text: t(voted ? "polls.vote_change" : "polls.vote"))
        }
        if voted { h.el("p", .class("muted"), text: t("polls.voted_open")) }
    }

    /// Each option with its count, its share of the ballots as a bar, and in named polls who chose it.
    private func results(into h: inout HTML) {
        let t = layout.t
        h.el("ol", .class("poll-results")) { h in
            for option in options {
                let percent = ballots == 0 ? 0 : Int((Double(option.votes) * 100 / Double(ballots)).rounded())
                h.el("li", .class("poll-result")) { h in
                    h.el("div", .class("poll-result-head")) { h in
                        h.el("span", .class("poll-result-text"), text: option.text)
                        h.el("span", .class("poll-result-count"), text: t("polls.result", ["votes": t.plural("polls.votes", option.votes), "percent": t.number(percent)]))
                    }
                    h.el("progress", .class("poll-bar"), .attr("max", "100"), .value(String(percent)), .aria("hidden", "true"), text: t("polls.percent", ["percent": String(percent)]))
                    if let voters = option.voters, !voters.isEmpty {
                        h.el("details", .class("poll-voters")) { h in
                            h.el("summary", text: t("polls.who_chose"))
                            h.el("p") { h in
                                for (index, voter) in voters.enumerated() {
                                    if index > 0 { h.text(", ") }
                                    h.el("a", .href("/u/" + voter.username), text: voter.name)
                                }
                            }
                        }
                    }
                }
            }
        }
        if poll.multiple { h.el("p", .class("muted small"), text: t("polls.percent_multiple")) }
    }
}
