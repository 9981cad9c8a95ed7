import Fluent
import Foundation

/// A module's state in one group: on or off, its place in the menu, and whether members may write.
package final class GroupModuleSetting: Model, @unchecked Sendable {
    package static let schema = "group_modules"

    @ID(key: .id) package var id: UUID?
    @Parent(key: "group_id") package var group: Group
    @Field(key: "module_id") package var moduleID: String
    @Field(key: "enabled") package var enabled: Bool
    @Field(key: "position") package var position: Int
    @Field(key: "members_write") package var membersWrite: Bool
    @Timestamp(key: "created_at", on: .create) package var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) package var updatedAt: Date?

    package init() {}

    package init(groupID: UUID, moduleID: String, enabled: Bool, position: Int, membersWrite: Bool = false) {
        self.$group.id = groupID
        self.moduleID = moduleID
        self.enabled = enabled
        self.position = position
        self.membersWrite = membersWrite
    }
}

/// Creates the per-group module settings.
package struct CreateGroupModules: AsyncMigration {
    package init() {}

    package func prepare(on database: any Database) async throws {
        try await database.schema(GroupModuleSetting.schema)
            .id()
            .field("group_id", .uuid, .required, .references(Group.schema, "id", onDelete: .cascade))
            .field("module_id", .string, .required)
            .field("enabled", .bool, .required)
            .field("position", .int, .required)
            .field("members_write", .bool, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "group_id", "module_id")
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema(GroupModuleSetting.schema).delete()
    }
}
