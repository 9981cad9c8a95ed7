import Fluent
import IGroupsCore

/// Creates polls, their options, ballots and the options chosen on them.
struct CreatePolls: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Poll.schema)
            .id()
            .field("group_id", .uuid, .required, .references(Group.schema, "id", onDelete: .cascade))
            .field("author_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("question", .string, .required)
            .field("description", .string, .required)
            .field("multiple", .bool, .required)
            .field("max_choices", .int, .required)
            .field("anonymous", .bool, .required)
            .field("results", .string, .required)
            .field("deadline", .datetime)
            .field("closed_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.createIndex("polls_group", on: Poll.schema, "group_id", "created_at")
        // The calendar's question: a group's deadlines in a span.
        try await database.createIndex("polls_group_deadline", on: Poll.schema, "group_id", "deadline")
        try await database.createIndex("polls_author", on: Poll.schema, "author_id")

        try await database.schema(PollOption.schema)
            .id()
            .field("poll_id", .uuid, .required, .references(Poll.schema, "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("text", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "poll_id", "position")
            .create()

        try await database.schema(PollBallot.schema)
            .id()
            .field("poll_id", .uuid, .required, .references(Poll.schema, "id", onDelete: .cascade))
            .field("user_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("voter_key", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            // One ballot per person per poll, named or anonymous.
            .unique(on: "poll_id", "user_id")
            .unique(on: "poll_id", "voter_key")
            .create()
        try await database.createIndex("poll_ballots_user", on: PollBallot.schema, "user_id")

        try await database.schema(PollVote.schema)
            .id()
            .field("ballot_id", .uuid, .required, .references(PollBallot.schema, "id", onDelete: .cascade))
            .field("poll_id", .uuid, .required, .references(Poll.schema, "id", onDelete: .cascade))
            .field("option_id", .uuid, .required, .references(PollOption.schema, "id", onDelete: .cascade))
            .field("user_id", .uuid, .references(User.schema, "id", onDelete: .setNull))
            .field("created_at", .datetime)
            .unique(on: "ballot_id", "option_id")
            .create()
        try await database.createIndex("poll_votes_option", on: PollVote.schema, "poll_id", "option_id")
        try await database.createIndex("poll_votes_user", on: PollVote.schema, "user_id")
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PollVote.schema).delete()
        try await database.schema(PollBallot.schema).delete()
        try await database.schema(PollOption.schema).delete()
        try await database.schema(Poll.schema).delete()
    }
}
