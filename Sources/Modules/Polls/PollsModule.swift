import Fluent
import IGroupsCore
import SQLKit
import Vapor

/// Polls ("Afstemning"): a question with 2–20 options, one choice or several (up to a maximum), named
/// or anonymous, an optional deadline, and results shown always, after voting or after closing.
///
/// Anonymous polls: no row ties a choice to the person. A ballot is stored under
/// HMAC-SHA256(site secret, "poll:<poll id>:<user id>") (`PollVoter`), without times, so the person can
/// change it and cannot cast a second one, while the poll's tables tell nobody, admins included, who chose
/// what. Named polls keep the person's id with each choice, so members see who chose what.
package struct PollsModule: GroupModule {
    package init() {}

    package let id = "polls"
    package let nameKey = "polls.name"
    package var migrations: [any Migration] { [CreatePolls()] }
    /// Members make polls unless the group says otherwise.
    package var membersWriteByDefault: Bool { true }

    package var personalData: [PersonalData] {
        [
            // A poll belongs to the group: erasing the person who made it keeps the poll, without them.
            PersonalData(
                table: Poll.schema, userColumn: "author_id", purpose: "Shows who made a poll in a group, and lets them change and close it.",
                legalBasis: .contract, retention: "While the group keeps the poll.", erasure: .tombstone(clearing: [])),
            // Erasure keeps the count: a named ballot becomes one without a person, so others' results stay true.
            PersonalData(
                table: PollBallot.schema, userColumn: "user_id", purpose: "That the person voted in a named poll, and when; one ballot each.",
                legalBasis: .contract, retention: "While the group keeps the poll.", erasure: .tombstone(clearing: [])),
            PersonalData(
                table: PollVote.schema, userColumn: "user_id", purpose: "The options the person chose in a named poll; the group's members see who chose what.",
                legalBasis: .contract, retention: "While the group keeps the poll; until the person changes their vote.", erasure: .tombstone(clearing: [])),
        ]
    }

    package func routes(_ routes: any RoutesBuilder) throws {
        try routes.register(collection: PollsController())
    }

    /// The newest polls.
    package func latest(in context: GroupContext, limit: Int, on db: any Database) async throws -> [ModuleItem] {
        struct Row: Decodable {
            let id: UUID
            let question: String
            let created_at: Date?
        }
        let rows = try await db.sql.select().columns("id", "question", "created_at").from(Poll.schema)
            .where("group_id", .equal, SQLBind(try context.group.requireID()))
            .orderBy(SQLOrderBy(expression: SQLIdentifier("created_at"), direction: SQLDirection.descending)).limit(limit)
            .all(decoding: Row.self)
        return rows.map { ModuleItem(title: $0.question, url: PollPaths(slug: context.group.slug).poll($0.id), date: $0.created_at ?? Date()) }
    }

    package func seedDemo(in group: Group, by authorID: UUID?, on db: any Database) async throws {
        let zone = PollTime.zone(for: group)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let inTwoWeeks = calendar.date(byAdding: .day, value: 14, to: calendar.startOfDay(for: Date())).flatMap {
            calendar.date(bySettingHour: 20, minute: 0, second: 0, of: $0)
        }
        let demos: [(String, String, [String], Bool, Bool, Poll.Results, Date?)] = [
            ("Hvornår skal vi holde sommerfest?", "Vælg de lørdage, du kan.", ["Lørdag 20. juni", "Lørdag 27. juni", "Lørdag 4. juli"], true, false, .always, inTwoWeeks),
            ("Skal kontingentet hæves med 50 kr.?", "Afstemningen er hemmelig: ingen kan se, hvem der stemte hvad.", ["Ja", "Nej", "Ved ikke"], false, true, .afterClose, inTwoWeeks),
        ]
        for (question, description, options, multiple, anonymous, results, deadline) in demos {
            let values = PollValues(
                question: question, description: description, options: options, multiple: multiple,
                maxChoices: multiple ? options.count : 1, anonymous: anonymous, results: results, deadline: deadline
            )
            try await values.create(in: try group.requireID(), by: authorID, id: UUID(), on: db)
        }
    }
}

/// The addresses of a group's polls, built in one place.
struct PollPaths {
    let slug: String

    var list: String { "/g/\(slug)/polls" }
    var new: String { list + "/new" }
    func poll(_ id: UUID) -> String { "\(list)/\(id.uuidString)" }
    func vote(_ id: UUID) -> String { poll(id) + "/vote" }
    func close(_ id: UUID) -> String { poll(id) + "/close" }
    func edit(_ id: UUID) -> String { poll(id) + "/edit" }
    func delete(_ id: UUID) -> String { poll(id) + "/delete" }
}
