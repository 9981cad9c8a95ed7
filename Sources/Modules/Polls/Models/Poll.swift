import Fluent
import Foundation
import IGroupsCore

/// A poll: a question, its options, how people answer (one option or several, by name or anonymously),
/// when it closes and when its results are shown.
final class Poll: Model, @unchecked Sendable {
    static let schema = "polls"

    /// When the results are shown. The number of ballots is always shown.
    enum Results: String, Codable, Sendable, CaseIterable {
        case always
        case afterVote = "after_vote"
        case afterClose = "after_close"
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "group_id") var group: Group
    @OptionalParent(key: "author_id") var author: User?
    @Field(key: "question") var question: String
    @Field(key: "description") var description: String
    @Field(key: "multiple") var multiple: Bool
    /// How many options one ballot may hold: 1 for a single-choice poll.
    @Field(key: "max_choices") var maxChoices: Int
    /// Set when the poll is made and never changed: nothing ties an anonymous ballot to a person.
    @Field(key: "anonymous") var anonymous: Bool
    @Field(key: "results") var results: Results
    @OptionalField(key: "deadline") var deadline: Date?
    /// Set when the creator or an admin closes the poll before its deadline.
    @OptionalField(key: "closed_at") var closedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    /// Closed early, or past its deadline.
    func isClosed(at now: Date = Date()) -> Bool {
        Self.isClosed(closedAt: closedAt, deadline: deadline, at: now)
    }

    /// The one rule of a closed poll: closed early, or past its deadline.
    static func isClosed(closedAt: Date?, deadline: Date?, at now: Date) -> Bool {
        closedAt != nil || deadline.map { $0 <= now } == true
    }
}

/// One answer a poll offers, in the order the creator gave.
final class PollOption: Model, @unchecked Sendable {
    static let schema = "poll_options"

    @ID(key: .id) var id: UUID?
    @Parent(key: "poll_id") var poll: Poll
    @Field(key: "position") var position: Int
    @Field(key: "text") var text: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(pollID: UUID, position: Int, text: String) {
        self.$poll.id = pollID
        self.position = position
        self.text = text
    }
}

/// One person's ballot in one poll; changing a vote changes the ballot's choices, never adds a second.
/// A named ballot holds the person's id and its times. An anonymous ballot holds only `voter_key`
/// (`PollVoter.key`) and no times, so its row cannot be matched to the person or to their other doings.
final class PollBallot: Model, @unchecked Sendable {
    static let schema = "poll_ballots"

    @ID(key: .id) var id: UUID?
    @Parent(key: "poll_id") var poll: Poll
    @OptionalParent(key: "user_id") var user: User?
    @OptionalField(key: "voter_key") var voterKey: String?
    @OptionalField(key: "created_at") var createdAt: Date?
    @OptionalField(key: "updated_at") var updatedAt: Date?

    init() {}
}

/// One option chosen on a ballot. Named: with the person's id and time, so members see who chose what;
/// anonymous: with neither.
final class PollVote: Model, @unchecked Sendable {
    static let schema = "poll_votes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "ballot_id") var ballot: PollBallot
    @Parent(key: "poll_id") var poll: Poll
    @Parent(key: "option_id") var option: PollOption
    @OptionalParent(key: "user_id") var user: User?
    @OptionalField(key: "created_at") var createdAt: Date?

    init() {}
}
