import Fluent
import IGroupsCore
import SQLKit
import Vapor

extension PollsController {
    /// Empty option fields a new form shows, and how many more the "more options" button adds.
    static let blankOptions = 4
    static let moreOptions = 5

    func newPage(_ req: Request, form: PollForm, errors: FormErrors, status: HTTPResponseStatus = .ok) -> Response {
        let context = req.moduleContext
        let fields = min(PollForm.optionCount.upperBound, max(Self.blankOptions, (form.options ?? []).count))
        return PollEdit(
            layout: req.layout(title: req.t("polls.new")), chrome: context.chrome("polls", t: req.t), paths: Self.paths(req),
            form: form, mode: .new(optionFields: fields), errors: errors, zone: PollTime.zone(for: context.group.group)
        ).response(status: status)
    }

    @Sendable func showNew(req: Request) async throws -> Response {
        _ = try Self.requireCreator(req)
        return newPage(req, form: PollForm(kind: "single", results: Poll.Results.afterVote.rawValue, token: UUID().uuidString), errors: FormErrors())
    }

    /// Makes a poll; the same form sent twice makes one poll. "More options" shows the form again with
    /// more option fields and saves nothing.
    @Sendable func create(req: Request) async throws -> Response {
        let context = try Self.requireCreator(req)
        let group = context.group.group
        let groupID = try group.requireID()
        let viewerID = try context.group.viewer!.requireID()
        var form = try req.content.decode(PollForm.self)
        if form.more != nil {
            let typed = form.options ?? []
            form.options = typed + Array(repeating: "", count: min(Self.moreOptions, max(0, PollForm.optionCount.upperBound - typed.count)))
            form.more = nil
            return newPage(req, form: form, errors: FormErrors())
        }
        let (values, errors) = form.validate(zone: PollTime.zone(for: group), t: req.t)
        guard let values else { return newPage(req, form: form, errors: errors, status: .unprocessableEntity) }
        let paths = Self.paths(req)
        let token = form.token.flatMap(UUID.init(uuidString:))
        if let token, let sent = try await Poll.find(token, on: req.db) {
            guard sent.$group.id == groupID, sent.$author.id == viewerID else { throw Abort(.conflict) }
            return .seeOther(paths.poll(token))
        }
        let since = Date().addingTimeInterval(-Self.doubleSubmitWindow)
        if let twin = try await Poll.query(on: req.db).filter(\.$group.$id == groupID).filter(\.$author.$id == viewerID)
            .filter(\.$question == values.question).filter(\.$createdAt > since).first() {
            return .seeOther(paths.poll(try twin.requireID()))
        }
        let id = token ?? UUID()
        do {
            try await values.create(in: groupID, by: viewerID, id: id, on: req.db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // The twin request won the race: its poll is this one.
            return .seeOther(paths.poll(id))
        }
        return .seeOther(paths.poll(id) + "?notice=poll_created")
    }

    // MARK: - Changing

    /// A closed poll stays as it closed.
    static func requireOpen(_ poll: Poll) throws {
        guard !poll.isClosed() else { throw Abort(.conflict, reason: "polls.error.closed_no_edit") }
    }

    func editPage(_ req: Request, poll: Poll, form: PollForm, errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let context = req.moduleContext
        let locked = try await Poll.ballotCount(of: poll.requireID(), on: req.db) > 0
        return PollEdit(
            layout: req.layout(title: req.t("polls.edit_title")), chrome: context.chrome("polls", t: req.t), paths: Self.paths(req),
            form: form, mode: .edit(pollID: try poll.requireID(), locked: locked), errors: errors, zone: PollTime.zone(for: context.group.group)
        ).response(status: status)
    }

    @Sendable func showEdit(req: Request) async throws -> Response {
        _ = try req.requireViewer()
        let poll = try await Self.poll(req)
        try Self.requireChanger(req, poll)
        try Self.requireOpen(poll)
        let deadline = PollTime.fields(poll.deadline, in: PollTime.zone(for: req.moduleContext.group.group))
        let form = PollForm(question: poll.question, description: poll.description, deadlineDate: deadline.date, deadlineTime: deadline.time)
        return try await editPage(req, poll: poll, form: form, errors: FormErrors())
    }

    /// Saves the question, description and deadline. Once someone has voted, the question and description
    /// stay as they were voted on and the deadline may only move later.
    @Sendable func update(req: Request) async throws -> Response {
        _ = try req.requireViewer()
        let poll = try await Self.poll(req)
        try Self.requireChanger(req, poll)
        try Self.requireOpen(poll)
        let pollID = try poll.requireID()
        let form = try req.content.decode(PollForm.self)
        let t = req.t
        var errors = FormErrors()
        let text = form.checkText(t: t, errors: &errors)
        let deadline = form.checkDeadline(zone: PollTime.zone(for: req.moduleContext.group.group), now: Date(), t: t, errors: &errors)
        if try await Poll.ballotCount(of: pollID, on: req.db) > 0 {
            if text.question != poll.question { errors.add("question", t("polls.error.locked")) }
            if text.description != poll.description { errors.add("description", t("polls.error.locked")) }
            if errors["deadline_date"] == nil, errors["deadline_time"] == nil, let deadline, poll.deadline.map({ deadline < $0 }) ?? true {
                errors.add("deadline_date", t("polls.error.deadline_earlier"))
            }
        }
        guard errors.isEmpty else { return try await editPage(req, poll: poll, form: form, errors: errors, status: .unprocessableEntity) }
        let changesText = text.question != poll.question || text.description != poll.description
        poll.question = text.question
        poll.description = text.description
        poll.deadline = deadline
        let options = try await PollOption.query(on: req.db).filter(\.$poll.$id == pollID).sort(\.$position).all().map(\.text)
        struct VotedMeanwhile: Error {}
        do {
            try await req.db.transaction { db in
                // The poll's row first, as a vote writes it first: a vote cast since the check above is seen here.
                try await db.lockRow(Poll.schema, id: pollID)
                if changesText, try await Poll.ballotCount(of: pollID, on: db) > 0 { throw VotedMeanwhile() }
                try await poll.save(on: db)
                try await SearchIndex.put(poll.searchDocument(options: options), on: db)
                // The question or the deadline the calendar shows may have changed.
                try await CalendarVersion.bump(poll.$group.id, on: db)
            }
        } catch is VotedMeanwhile {
            errors.add("question", t("polls.error.locked"))
            return try await editPage(req, poll: try await Self.poll(req), form: form, errors: errors, status: .conflict)
        }
        return .seeOther(Self.paths(req).poll(pollID) + "?notice=poll_saved")
    }

    // MARK: - Deleting

    @Sendable func showDelete(req: Request) async throws -> Response {
        _ = try req.requireViewer()
        let poll = try await Self.poll(req)
        try Self.requireChanger(req, poll)
        let paths = Self.paths(req)
        let pollID = try poll.requireID()
        return ModuleConfirmPage(
            layout: req.layout(title: req.t("polls.delete.title", ["question": poll.question])), chrome: req.moduleContext.chrome("polls", t: req.t),
            lead: req.t("polls.delete.lead"), action: paths.delete(pollID), submit: req.t("polls.delete"), cancel: paths.poll(pollID)
        ).response()
    }

    /// Deletes a poll with its options and ballots, and takes it out of the search.
    @Sendable func delete(req: Request) async throws -> Response {
        _ = try req.requireViewer()
        let poll = try await Self.poll(req)
        try Self.requireChanger(req, poll)
        try await req.db.transaction { db in
            try await SearchIndex.remove(module: "polls", item: poll.requireID(), on: db)
            try await poll.delete(on: db)
            if poll.deadline != nil { try await CalendarVersion.bump(poll.$group.id, on: db) }
        }
        return .seeOther(Self.paths(req).list + "?notice=poll_deleted")
    }
}
