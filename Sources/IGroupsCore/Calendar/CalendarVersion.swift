import Fluent
import Foundation
import SQLKit

/// The group's calendar version: every change to a dated entry (an event planned, moved, cancelled or
/// deleted; a poll's deadline) raises it, in the same transaction, so what was built from the
/// calendar (a month's dates, a feed) is kept exactly until it moves, by every process.
package enum CalendarVersion {
    package static func bump(_ groupID: UUID, on db: any Database) async throws {
        try await db.sql.update(Group.schema).set("calendar_version", to: SQLRaw("calendar_version + 1"))
            .where("id", .equal, SQLBind(groupID)).run()
    }
}
