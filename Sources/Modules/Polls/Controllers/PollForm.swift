import Fluent
import IGroupsCore
import Vapor

/// What the poll form sends, as typed: new polls send all of it, changes the question, description and deadline.
struct PollForm: Content {
    var question: String?
    var description: String?
    /// One field per option, in order; empty fields are places left unused.
    var options: [String]?
    /// "single" or "multiple".
    var kind: String?
    var maxChoices: String?
    var anonymous: String?
    var results: String?
    var deadlineDate: String?
    var deadlineTime: String?
    /// Made when the form is shown and used as the new poll's id, so the same form sent twice makes one poll.
    var token: String?
    /// Sent by the "more options" button: show the form again with more empty option fields.
    var more: String?

    enum CodingKeys: String, CodingKey {
        case question, description, options, kind, anonymous, results, token, more
        case maxChoices = "max_choices", deadlineDate = "deadline_date", deadlineTime = "deadline_time"
    }

    static let maxQuestion = 300
    static let maxDescription = 2_000
    static let maxOption = 200
    static let optionCount = 2...20

    /// The options typed, without surrounding spaces, empty fields left out.
    var filledOptions: [String] {
        (options ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// The question and description, checked; errors by field.
    func checkText(t: Localizer, errors: inout FormErrors) -> (question: String, description: String) {
        let question = (self.question ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        // Browsers send line breaks as CR LF; paragraphs are split on empty lines.
        let description = (self.description ?? "").replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        if question.isEmpty { errors.add("question", t("polls.error.question")) }
        if question.count > Self.maxQuestion { errors.add("question", t("profile.error.too_long", ["max": String(Self.maxQuestion)])) }
        if description.count > Self.maxDescription { errors.add("description", t("profile.error.too_long", ["max": String(Self.maxDescription)])) }
        return (question, description)
    }

    /// The deadline, checked: nil for none.
    func checkDeadline(zone: TimeZone, now: Date, t: Localizer, errors: inout FormErrors) -> Date? {
        switch PollTime.parse(date: deadlineDate ?? "", time: deadlineTime ?? "", in: zone, now: now) {
        case .success(let deadline):
            return deadline
        case .failure(let problem):
            let field = problem == .malformedTime || problem == .timeWithoutDate ? "deadline_time" : "deadline_date"
            errors.add(field, t(problem.rawValue, ["years": String(PollTime.maximumYearsAhead)]))
            return nil
        }
    }

    /// A new poll's values once every field passed its check; otherwise the errors by field.
    func validate(zone: TimeZone, now: Date = Date(), t: Localizer) -> (PollValues?, FormErrors) {
        var errors = FormErrors()
        let text = checkText(t: t, errors: &errors)
        let options = checkOptions(t: t, errors: &errors)
        let multiple = kind == "multiple"
        if kind != "single" && kind != "multiple" { errors.add("kind", t("polls.error.kind")) }
        var maxChoices = multiple ? options.count : 1
        let typedMax = (self.maxChoices ?? "").trimmingCharacters(in: .whitespaces)
        if multiple, !typedMax.isEmpty {
            if let number = Int(typedMax), number >= 2, number <= max(2, options.count) {
                maxChoices = number
            } else {
                errors.add("max_choices", t("polls.error.max_choices", ["count": String(max(2, options.count))]))
            }
        }
        let results = Poll.Results(rawValue: self.results ?? "")
        if results == nil { errors.add("results", t("polls.error.results")) }
        let deadline = checkDeadline(zone: zone, now: now, t: t, errors: &errors)
        guard errors.isEmpty, let results else { return (nil, errors) }
        let values = PollValues(
            question: text.question, description: text.description, options: options, multiple: multiple,
            maxChoices: maxChoices, anonymous: anonymous != nil, results: results, deadline: deadline
        )
        return (values, errors)
    }

    /// 2 to 20 options, none too long, no two alike (ignoring case and spaces); errors by the option's field.
    func checkOptions(t: Localizer, errors: inout FormErrors) -> [String] {
        let raw = (options ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        var seen: [String: Int] = [:]
        var filled: [String] = []
        for (index, option) in raw.enumerated() where !option.isEmpty {
            let field = "option-\(index + 1)"
            if option.count > Self.maxOption { errors.add(field, t("polls.error.option_long", ["number": String(index + 1), "max": String(Self.maxOption)])) }
            let key = option.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
            if let first = seen[key] {
                errors.add(field, t("polls.error.option_duplicate", ["number": String(index + 1), "first": String(first)]))
            } else {
                seen[key] = index + 1
            }
            filled.append(option)
        }
        if filled.count < Self.optionCount.lowerBound { errors.add("option-1", t("polls.error.options_few")) }
        if filled.count > Self.optionCount.upperBound { errors.add("option-1", t("polls.error.options_many", ["max": String(Self.optionCount.upperBound)])) }
        return filled
    }
}

/// A new poll's values, checked.
struct PollValues: Sendable {
    let question: String
    let description: String
    let options: [String]
    let multiple: Bool
    let maxChoices: Int
    let anonymous: Bool
    let results: Poll.Results
    let deadline: Date?

    /// Saves the poll with its options and puts it in the group's search, in one transaction.
    @discardableResult
    func create(in groupID: UUID, by authorID: UUID?, id: UUID, on db: any Database) async throws -> Poll {
        let poll = Poll()
        poll.id = id
        poll.$group.id = groupID
        poll.$author.id = authorID
        poll.question = question
        poll.description = description
        poll.multiple = multiple
        poll.maxChoices = maxChoices
        poll.anonymous = anonymous
        poll.results = results
        poll.deadline = deadline
        try await db.transaction { db in
            try await poll.create(on: db)
            for (position, text) in options.enumerated() {
                try await PollOption(pollID: id, position: position, text: text).create(on: db)
            }
            try await SearchIndex.put(poll.searchDocument(options: options), on: db)
            if deadline != nil { try await CalendarVersion.bump(groupID, on: db) }
        }
        return poll
    }
}
