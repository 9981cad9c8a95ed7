import Fluent
import Vapor

extension Membership {
    /// A person's membership of a group, if they have one.
    package static func of(_ userID: UUID, in groupID: UUID, on db: any Database) async throws -> Membership? {
        try await query(on: db).filter(\.$group.$id == groupID).filter(\.$user.$id == userID).first()
    }

    /// Makes a person a plain member, unless they already are one: the end of every way in.
    package static func admit(_ userID: UUID, to groupID: UUID, on db: any Database) async throws {
        if try await of(userID, in: groupID, on: db) == nil {
            try await Membership(groupID: groupID, userID: userID, role: .member).create(on: db)
        }
    }
}

extension GroupBan {
    /// Answers 403 when the person is banned from the group: checked before every way in.
    package static func refuseIfBanned(_ userID: UUID, from groupID: UUID, on db: any Database) async throws {
        if try await query(on: db).filter(\.$group.$id == groupID).filter(\.$user.$id == userID).first() != nil {
            throw Abort(.forbidden, reason: "group.error.banned")
        }
    }
}
