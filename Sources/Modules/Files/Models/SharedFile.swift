import Fluent
import Foundation
import IGroupsCore
import SQLKit

/// A folder of a group's shared files; folders nest. A deleted folder waits in the trash with
/// everything in it for 30 days.
final class SharedFolder: Model, @unchecked Sendable {
    static let schema = "file_folders"

    @ID(key: .id) var id: UUID?
    @Parent(key: "group_id") var group: Group
    @OptionalParent(key: "parent_id") var parent: SharedFolder?
    @Field(key: "name") var name: String
    /// The name lower-cased: two folders in one place never differ by case alone.
    @Field(key: "name_key") var nameKey: String
    @OptionalParent(key: "created_by_id") var createdBy: User?
    @OptionalField(key: "deleted_at") var deletedAt: Date?
    @OptionalParent(key: "deleted_by_id") var deletedBy: User?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// A shared file: a name in a folder and its versions, the newest (or the one chosen) current.
final class SharedFile: Model, @unchecked Sendable {
    static let schema = "shared_files"

    @ID(key: .id) var id: UUID?
    @Parent(key: "group_id") var group: Group
    /// Its folder; nil at the top.
    @OptionalParent(key: "folder_id") var folder: SharedFolder?
    @Field(key: "name") var name: String
    @Field(key: "name_key") var nameKey: String
    /// The version people get when they open the file.
    @OptionalField(key: "current_version_id") var currentVersionID: UUID?
    @OptionalParent(key: "created_by_id") var createdBy: User?
    @OptionalField(key: "deleted_at") var deletedAt: Date?
    @OptionalParent(key: "deleted_by_id") var deletedBy: User?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

/// One version of a shared file: the upload and who made it.
final class SharedFileVersion: Model, @unchecked Sendable {
    static let schema = "shared_file_versions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "file_id") var file: SharedFile
    @Parent(key: "upload_id") var upload: Upload
    @Field(key: "number") var number: Int
    @OptionalParent(key: "user_id") var user: User?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

struct CreateSharedFiles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SharedFolder.schema)
            .id()
            .field("group_id", .uuid, .required, .references(Group.schema, "id", onDelete: .cascade))
            .field("parent_id", .uuid, .references(SharedFolder.schema, "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("name_key", .string, .required)
            .field("created_by_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("deleted_at", .datetime)
            .field("deleted_by_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("created_at", .datetime)
            .create()
        try await database.createIndex("file_folders_parent", on: SharedFolder.schema, "group_id", "parent_id", "name_key")
        try await database.createIndex("file_folders_created_by", on: SharedFolder.schema, "created_by_id")
        try await database.createIndex("file_folders_deleted_by", on: SharedFolder.schema, "deleted_by_id")
        try await database.createIndex("file_folders_deleted", on: SharedFolder.schema, "deleted_at")
        try await database.schema(SharedFile.schema)
            .id()
            .field("group_id", .uuid, .required, .references(Group.schema, "id", onDelete: .cascade))
            .field("folder_id", .uuid, .references(SharedFolder.schema, "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("name_key", .string, .required)
            .field("current_version_id", .uuid)
            .field("created_by_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("deleted_at", .datetime)
            .field("deleted_by_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.createIndex("shared_files_folder", on: SharedFile.schema, "group_id", "folder_id", "name_key")
        try await database.createIndex("shared_files_created_by", on: SharedFile.schema, "created_by_id")
        try await database.createIndex("shared_files_deleted_by", on: SharedFile.schema, "deleted_by_id")
        try await database.createIndex("shared_files_deleted", on: SharedFile.schema, "deleted_at")
        try await database.schema(SharedFileVersion.schema)
            .id()
            .field("file_id", .uuid, .required, .references(SharedFile.schema, "id", onDelete: .cascade))
            .field("upload_id", .uuid, .required, .references(Upload.schema, "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("user_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("created_at", .datetime)
            .create()
        try await database.createIndex("shared_file_versions_file", on: SharedFileVersion.schema, "file_id", "number")
        try await database.createIndex("shared_file_versions_upload", on: SharedFileVersion.schema, "upload_id")
        try await database.createIndex("shared_file_versions_user", on: SharedFileVersion.schema, "user_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SharedFileVersion.schema).delete()
        try await database.schema(SharedFile.schema).delete()
        try await database.schema(SharedFolder.schema).delete()
    }
}

/// Every change to a group's folders moves the group's version, so downloads check a file's folders against
/// what the process keeps of them per version (`FileTree.usableFolders`) instead of walking them in SQL.
struct UpdateSharedFoldersFollowGroupVersion: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await GroupVersion.follow(SharedFolder.schema, on: database)
    }

    func revert(on database: any Database) async throws {
        try await GroupVersion.unfollow(SharedFolder.schema, on: database)
    }
}

/// A folder or a file in a group's tree: named in a place (a folder, or the top), and put in the trash
/// and brought back the same way.
protocol FileTreeItem: Model, Sendable where IDValue == UUID {
    /// True for folders, whose names are unique among the folders of a place; files among the files.
    static var isFolder: Bool { get }
    var name: String { get set }
    var nameKey: String { get set }
    var deletedAt: Date? { get set }
    var groupID: UUID { get }
    /// The folder it is in; nil at the top.
    var placeID: UUID? { get set }
    var deletedByID: UUID? { get set }
}

extension SharedFolder: FileTreeItem {
    static var isFolder: Bool { true }
    var groupID: UUID { $group.id }
    var placeID: UUID? {
        get { $parent.id }
        set { $parent.id = newValue }
    }
    var deletedByID: UUID? {
        get { $deletedBy.id }
        set { $deletedBy.id = newValue }
    }
}

extension SharedFile: FileTreeItem {
    static var isFolder: Bool { false }
    var groupID: UUID { $group.id }
    var placeID: UUID? {
        get { $folder.id }
        set { $folder.id = newValue }
    }
    var deletedByID: UUID? {
        get { $deletedBy.id }
        set { $deletedBy.id = newValue }
    }
}
