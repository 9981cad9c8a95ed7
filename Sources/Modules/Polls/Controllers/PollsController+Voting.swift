import Fluent
import IGroupsCore
import SQLKit
import Vapor

extension PollsController {
    struct VoteForm: Content {
        /// The chosen options' ids: one in a single-choice poll, up to the maximum in a multiple-choice poll.
        var option: [String]?
    }

    /// Casts the viewer's ballot, or changes it while the poll is open. A refused vote shows the poll
    /// again with the reason and what was chosen, and changes nothing.
    @Sendable func vote(req: Request) async throws -> Response {
        let context = try Self.requireVoter(req)
        let poll = try await Self.poll(req)
        let pollID = try poll.requireID()
        let typed = try req.content.decode(VoteForm.self).option ?? []
        let t = req.t
        var errors = FormErrors()
        let known = Set(try await PollOption.query(on: req.db).filter(\.$poll.$id == pollID).all().map { try $0.requireID() })
        let parsed = typed.map { UUID(uuidString: $0) }
        let chosen = Set(parsed.compactMap { $0 }.filter(known.contains))
        if poll.isClosed() {
            errors.add("choice", t("polls.error.vote_closed"))
            return try await pollPage(req, id: pollID, errors: errors, chosen: chosen, status: .conflict)
        }
        if parsed.contains(where: { $0.map { !known.contains($0) } ?? true }) {
            errors.add("choice", t("polls.error.vote_unknown"))
        } else if chosen.isEmpty {
            errors.add("choice", t(poll.multiple ? "polls.error.vote_none_multiple" : "polls.error.vote_none"))
        } else if !poll.multiple && chosen.count > 1 {
            errors.add("choice", t("polls.error.vote_one"))
        } else if chosen.count > poll.maxChoices {
            errors.add("choice", t("polls.error.vote_too_many", ["max": String(poll.maxChoices)]))
        }
        guard errors.isEmpty else { return try await pollPage(req, id: pollID, errors: errors, chosen: chosen, status: .unprocessableEntity) }
        let voter = try PollVoter.of(try context.group.viewer!.requireID(), in: poll, secret: req.application.ballotSecret)
        do {
            try await PollBallot.cast(Array(chosen), in: pollID, by: voter, on: req.db)
        } catch is PollBallot.Closed {
            // Closed (or past its deadline) while this vote was on its way: refused as any late vote.
            errors.add("choice", t("polls.error.vote_closed"))
            return try await pollPage(req, id: pollID, errors: errors, chosen: chosen, status: .conflict)
        }
        return .seeOther(Self.paths(req).poll(pollID) + "?notice=poll_voted")
    }

    /// Closes a poll before its deadline: its creator or an admin. Closing a closed poll changes nothing.
    @Sendable func close(req: Request) async throws -> Response {
        _ = try req.requireViewer()
        let poll = try await Self.poll(req)
        try Self.requireChanger(req, poll)
        if !poll.isClosed() {
            let pollID = try poll.requireID()
            let groupID = poll.$group.id
            let hasDeadline = poll.deadline != nil
            try await req.db.transaction { db in
                // Only an open poll is closed, in one statement, so a vote under way either lands before it or is refused.
                let now = Date()
                try await db.sql.update(Poll.schema).set("closed_at", to: SQLBind(now)).set("updated_at", to: SQLBind(now))
                    .where("id", .equal, SQLBind(pollID)).where("closed_at", .is, SQLLiteral.null).run()
                // The calendar shows the deadline of an open poll only.
                if hasDeadline { try await CalendarVersion.bump(groupID, on: db) }
            }
        }
        return .seeOther(Self.paths(req).poll(try poll.requireID()) + "?notice=poll_closed")
    }
}
