import Fluent
import Vapor

/// Asking to join a group, withdrawing the ask, and admins approving or declining it.
package struct JoinRequestsController: RouteCollection {
    package init() {}

    package func boot(routes: any RoutesBuilder) throws {
        routes.post("g", ":group", "request", use: request)
        routes.post("g", ":group", "request", "withdraw", use: withdraw)
        routes.post("g", ":group", "admin", "requests", ":user", "approve", use: approve)
        routes.post("g", ":group", "admin", "requests", ":user", "decline", use: decline)
    }

    /// Asks to join a group that admits members by request.
    @Sendable func request(req: Request) async throws -> Response {
        let user = try req.requireVerifiedViewer()
        let context = try await GroupAccess.context(for: req)
        guard context.group.joinPolicy == .request else { throw Abort(.forbidden, reason: "group.error.no_requests") }
        guard !context.isMember else { return .seeOther("/g/\(context.group.slug)") }
        let groupID = try context.group.requireID(), userID = try user.requireID()
        try await GroupBan.refuseIfBanned(userID, from: groupID, on: req.db)
        if try await JoinRequest.query(on: req.db).filter(\.$group.$id == groupID).filter(\.$user.$id == userID).first() == nil {
            try await JoinRequest(groupID: groupID, userID: userID).create(on: req.db)
        }
        return .seeOther("/g/\(context.group.slug)?notice=request_sent")
    }

    /// Takes back one's own request.
    @Sendable func withdraw(req: Request) async throws -> Response {
        let user = try req.requireViewer()
        let context = try await GroupAccess.context(for: req)
        try await JoinRequest.query(on: req.db).filter(\.$group.$id == context.group.requireID()).filter(\.$user.$id == user.requireID()).delete()
        return .seeOther("/g/\(context.group.slug)?notice=request_withdrawn")
    }

    /// The pending request of the person in the URL, for an admin of the group.
    static func pending(_ req: Request) async throws -> (GroupContext, JoinRequest) {
        let context = try await GroupAdminController.administered(req)
        guard let userID = req.parameters.get("user", as: UUID.self),
              let request = try await JoinRequest.query(on: req.db).filter(\.$group.$id == context.group.requireID()).filter(\.$user.$id == userID).first()
        else { throw Abort(.notFound) }
        return (context, request)
    }

    /// Makes the person a member and tells them by mail.
    @Sendable func approve(req: Request) async throws -> Response {
        let (context, request) = try await Self.pending(req)
        let groupID = try context.group.requireID(), userID = request.$user.id
        try await req.db.transaction { db in
            try await request.delete(on: db)
            try await Membership.admit(userID, to: groupID, on: db)
            try await GroupMail.requestApproved.queue(to: userID, about: groupID, app: req.application, on: db)
        }
        return .seeOther("/g/\(context.group.slug)/admin/members?notice=request_approved")
    }

    /// Turns the request down and tells the person by mail; they may ask again later.
    @Sendable func decline(req: Request) async throws -> Response {
        let (context, request) = try await Self.pending(req)
        let groupID = try context.group.requireID()
        try await req.db.transaction { db in
            try await request.delete(on: db)
            try await GroupMail.requestDeclined.queue(to: request.$user.id, about: groupID, app: req.application, on: db)
        }
        return .seeOther("/g/\(context.group.slug)/admin/members?notice=request_declined")
    }
}
