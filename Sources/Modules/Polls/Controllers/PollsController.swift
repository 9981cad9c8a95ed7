import Fluent
import IGroupsCore
import SQLKit
import Vapor

/// `/g/:group/polls`: the list, a poll with its vote form and results, making, changing, closing and deleting polls.
struct PollsController: RouteCollection {
    static let perPage = 20
    /// A second poll with the same question by the same person within this time is the same form sent twice.
    static let doubleSubmitWindow: TimeInterval = 60

    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: list)
        routes.get("new", use: showNew)
        routes.post("new", use: create)
        routes.get(":poll", use: show)
        routes.post(":poll", "vote", use: vote)
        routes.post(":poll", "close", use: close)
        routes.get(":poll", "edit", use: showEdit)
        routes.post(":poll", "edit", use: update)
        routes.get(":poll", "delete", use: showDelete)
        routes.post(":poll", "delete", use: delete)
    }

    // MARK: - Who may do what

    /// Members with a verified address vote.
    static func mayVote(_ context: ModuleContext) -> Bool {
        context.group.isMember && context.group.viewer?.isVerified == true
    }

    /// Whoever made a poll (while they may still make polls) and the group's admins change, close and delete it.
    static func mayChange(authorID: UUID?, context: ModuleContext) -> Bool {
        guard let viewer = context.group.viewer, viewer.isVerified, let role = context.group.role else { return false }
        return role >= .admin || (authorID != nil && authorID == viewer.id && context.mayWrite)
    }

    static func requireCreator(_ req: Request) throws -> ModuleContext {
        _ = try req.requireViewer()
        guard req.moduleContext.mayWrite else { throw Abort(.forbidden, reason: "polls.error.may_not_create") }
        return req.moduleContext
    }

    static func requireVoter(_ req: Request) throws -> ModuleContext {
        _ = try req.requireViewer()
        guard mayVote(req.moduleContext) else { throw Abort(.forbidden, reason: "polls.error.members_only") }
        return req.moduleContext
    }

    static func requireChanger(_ req: Request, _ poll: Poll) throws {
        _ = try req.requireViewer()
        guard mayChange(authorID: poll.$author.id, context: req.moduleContext) else { throw Abort(.forbidden, reason: "polls.error.may_not_change") }
    }

    /// The poll the address names, in this group.
    static func poll(_ req: Request) async throws -> Poll {
        guard let id = req.parameters.get("poll", as: UUID.self),
              let poll = try await Poll.query(on: req.db).filter(\.$id == id).filter(\.$group.$id == req.moduleContext.group.group.requireID()).first()
        else { throw Abort(.notFound) }
        return poll
    }

    static func paths(_ req: Request) -> PollPaths {
        PollPaths(slug: req.moduleContext.group.group.slug)
    }

    // MARK: - Reading

    /// Open polls first, then closed ones; twenty a page.
    @Sendable func list(req: Request) async throws -> Response {
        let context = req.moduleContext
        let group = context.group.group
        let now = Date()
        let (pagination, rows) = try await Poll.page(groupID: try group.requireID(), page: Pagination.requestedPage(req), perPage: Self.perPage, now: now, on: req.db)
        let voterID = Self.mayVote(context) ? context.group.viewer?.id : nil
        let keys = voterID.map { userID in rows.filter(\.anonymous).map { PollVoter.key(pollID: $0.id, userID: userID, secret: req.application.ballotSecret) } } ?? []
        let ballots = try await Poll.ballots(in: rows.map(\.id), viewerID: voterID, keys: keys, on: req.db)
        let polls = rows.map { row in
            PollList.Poll(
                id: row.id, question: row.question, multiple: row.multiple, anonymous: row.anonymous, deadline: row.deadline,
                closedAt: row.closed_at, closed: Poll.isClosed(closedAt: row.closed_at, deadline: row.deadline, at: now),
                ballots: ballots[row.id]?.count ?? 0, voted: ballots[row.id]?.mine == true
            )
        }
        return PollList(
            layout: req.layout(title: req.t("polls.name")), chrome: context.chrome("polls", t: req.t), paths: Self.paths(req),
            polls: polls, pagination: pagination, mayCreate: context.mayWrite, zone: PollTime.zone(for: group)
        ).response()
    }

    @Sendable func show(req: Request) async throws -> Response {
        guard let id = req.parameters.get("poll", as: UUID.self) else { throw Abort(.notFound) }
        return try await pollPage(req, id: id)
    }

    /// The poll: its question, the vote form while it is open, and the results when its rule allows;
    /// with `errors`, a refused vote shown again with what was chosen.
    func pollPage(_ req: Request, id: UUID, errors: FormErrors = FormErrors(), chosen: Set<UUID>? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let context = req.moduleContext
        let group = context.group.group
        guard let row = try await Poll.row(id, groupID: try group.requireID(), on: req.db) else { throw Abort(.notFound) }
        let now = Date()
        let closed = row.isClosed(at: now)
        let options = try await Poll.options(of: id, on: req.db)
        let ballots = try await Poll.ballotCount(of: id, on: req.db)
        var mine: [UUID] = []
        let voter = Self.mayVote(context) ? context.group.viewer?.id : nil
        if let voter {
            let ballot = PollVoter.of(voter, pollID: id, anonymous: row.anonymous, secret: req.application.ballotSecret)
            mine = try await Poll.choices(of: ballot, in: id, on: req.db)
        }
        let results = Poll.Results(rawValue: row.results) ?? .afterClose
        let visible = PollShow.resultsVisible(results, closed: closed, voted: !mine.isEmpty)
        // Who chose what: in named polls, for the group's members, once the results are shown.
        let showNames = visible && !row.anonymous && (context.group.isMember || context.group.isOperator)
        let voters = showNames ? try await Poll.voters(of: id, on: req.db) : [:]
        let model = PollShow(
            layout: req.layout(title: row.question), chrome: context.chrome("polls", t: req.t), paths: Self.paths(req),
            poll: PollShow.Poll(
                id: id, question: row.question, description: row.description, multiple: row.multiple, maxChoices: row.max_choices,
                anonymous: row.anonymous, results: results, deadline: row.deadline, closedAt: row.closed_at, closed: closed,
                created: row.created_at ?? now,
                author: context.group.isMember || context.group.isOperator ? row.name.map { ($0, row.username ?? "") } : nil
            ),
            options: options.map { option in
                PollShow.Option(id: option.id, text: option.text, votes: option.votes, voters: showNames ? voters[option.id] ?? [] : nil)
            },
            ballots: ballots, resultsVisible: visible, mayVote: voter != nil && !closed, voted: !mine.isEmpty,
            chosen: chosen ?? Set(mine), mayChange: Self.mayChange(authorID: row.author_id, context: context), errors: errors,
            zone: PollTime.zone(for: group)
        )
        return model.response(status: status)
    }
}
