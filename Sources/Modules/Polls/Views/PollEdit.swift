import IGroupsCore
import Vapor

/// Making a poll, or changing its question, description and deadline.
struct PollEdit: PageView {
    enum Mode: Sendable {
        /// A new poll, with this many option fields.
        case new(optionFields: Int)
        /// A poll's changes; `locked` once someone has voted: only the deadline may move, and only later.
        case edit(pollID: UUID, locked: Bool)
    }

    let layout: Layout.Model
    let chrome: GroupChrome
    let paths: PollPaths
    let form: PollForm
    let mode: Mode
    let errors: FormErrors
    /// The zone the deadline is typed in.
    let zone: TimeZone

    func content(_ h: inout HTML) {
        let t = layout.t
        chrome.write(t: t, into: &h)
        let action: String, cancel: String
        switch mode {
        case .new: (action, cancel) = (paths.new, paths.list)
        case .edit(let id, _): (action, cancel) = (paths.edit(id), paths.poll(id))
        }
        h.el("section", .class("card narrow")) { h in
            h.el("h1", text: layout.title)
            if case .edit(_, true) = mode { h.el("p", text: t("polls.locked_lead")) }
            Parts.errorSummary(errors, t: t, into: &h)
            h.el("form", .method("post"), .action(action), .flag("novalidate")) { h in
                Parts.csrf(layout.csrf, into: &h)
                if let token = form.token { h.void("input", .type("hidden"), .name("token"), .value(token)) }
                textFields(into: &h)
                if case .new(let count) = mode { choiceFields(optionFields: count, into: &h) }
                deadlineFields(into: &h)
                h.el("div", .class("actions-row")) { h in
                    // The first button is the one Enter presses.
                    h.el("button", .type("submit"), .class("button button-primary"), text: t(isNew ? "polls.create" : "polls.save"))
                    if case .new(let count) = mode, count < PollForm.optionCount.upperBound {
                        h.el("button", .type("submit"), .name("more"), .value("1"), .class("button button-secondary"), text: t("polls.more_options"))
                    }
                }
            }
            h.el("p") { $0.el("a", .href(cancel), text: t("group.delete.cancel")) }
        }
    }

    private var isNew: Bool {
        if case .new = mode { return true }
        return false
    }

    private var locked: Bool {
        if case .edit(_, true) = mode { return true }
        return false
    }

    private func textFields(into h: inout HTML) {
        let t = layout.t
        let question = FormField(name: "question", label: t("polls.field.question"), value: form.question ?? "", hint: locked ? t("polls.field.locked_hint") : nil, required: true, maxLength: PollForm.maxQuestion)
        let description = FormField(name: "description", label: t("polls.field.description"), type: "textarea", value: form.description ?? "", hint: locked ? t("polls.field.locked_hint") : t("polls.field.description_hint"), maxLength: PollForm.maxDescription, rows: 3)
        if locked {
            // Shown as voted on; sent back unchanged.
            for field in [question, description] { readOnly(field, into: &h) }
        } else {
            Parts.field(question, errors: errors, into: &h)
            Parts.field(description, errors: errors, into: &h)
        }
    }

    private func readOnly(_ field: FormField, into h: inout HTML) {
        let id = "field-" + field.name
        let error = errors[field.name]
        h.el("div", .class(error == nil ? "field" : "field field-invalid")) { h in
            h.el("label", .for(id), text: field.label)
            if let hint = field.hint { h.el("p", .class("hint"), .id(id + "-hint"), text: hint) }
            if let error { h.el("p", .class("field-error"), .id(id + "-error"), text: error) }
            let described = error == nil ? id + "-hint" : id + "-hint " + id + "-error"
            if field.type == "textarea" {
                h.element("textarea", [.id(id), .name(field.name), .flag("readonly"), .attr("rows", String(field.rows)), .aria("describedby", described)]) { $0.text(field.value) }
            } else {
                h.void("input", .id(id), .name(field.name), .value(field.value), .flag("readonly"), .aria("describedby", described))
            }
        }
    }

    /// The options, one or several choices, named or anonymous, and when results show: set once, when the poll is made.
    private func choiceFields(optionFields count: Int, into h: inout HTML) {
        let t = layout.t
        let typed = form.options ?? []
        h.el("fieldset", .class("field poll-options")) { h in
            h.el("legend", text: t("polls.field.options"))
            h.el("p", .class("hint"), .id("options-hint"), text: t("polls.field.options_hint", ["max": String(PollForm.optionCount.upperBound)]))
            for index in 0..<max(count, typed.count) {
                let name = "option-\(index + 1)"
                let id = "field-" + name
                let error = errors[name]
                h.el("div", .class(error == nil ? "field" : "field field-invalid")) { h in
                    h.el("label", .for(id), text: t("polls.field.option", ["number": String(index + 1)]))
                    if let error { h.el("p", .class("field-error"), .id(id + "-error"), text: error) }
                    h.void(
                        "input", .type("text"), .id(id), .name("options"), .value(index < typed.count ? typed[index] : ""),
                        .attr("maxlength", String(PollForm.maxOption)), .aria("invalid", error == nil ? "false" : "true"),
                        .aria("describedby", error == nil ? "options-hint" : "options-hint \(id)-error")
                    )
                }
            }
        }
        Parts.select(
            name: "kind", label: t("polls.field.kind"),
            options: [("single", t("polls.kind.single")), ("multiple", t("polls.kind.multiple"))], selected: form.kind ?? "single", errors: errors, into: &h
        )
        Parts.field(FormField(name: "max_choices", label: t("polls.field.max_choices"), type: "number", value: form.maxChoices ?? "", hint: t("polls.field.max_choices_hint")), errors: errors, into: &h)
        Parts.checkbox(name: "anonymous", label: t("polls.field.anonymous"), checked: form.anonymous != nil, errors: errors, into: &h)
        h.el("p", .class("hint"), text: t("polls.field.anonymous_hint"))
        Parts.select(
            name: "results", label: t("polls.field.results"),
            options: IGroupsPolls.Poll.Results.allCases.map { ($0.rawValue, t("polls.results." + $0.rawValue)) },
            selected: form.results ?? IGroupsPolls.Poll.Results.afterVote.rawValue, errors: errors, into: &h
        )
    }

    private func deadlineFields(into h: inout HTML) {
        let t = layout.t
        h.el("fieldset", .class("field poll-deadline-fields")) { h in
            h.el("legend", text: t("polls.field.deadline"))
            h.el("p", .class("hint"), text: t(locked ? "polls.field.deadline_locked_hint" : "polls.field.deadline_hint", ["zone": zone.identifier]))
            h.el("div", .class("field-pair")) { h in
                Parts.field(FormField(name: "deadline_date", label: t("polls.field.deadline_date"), type: "date", value: form.deadlineDate ?? ""), errors: errors, into: &h)
                Parts.field(FormField(name: "deadline_time", label: t("polls.field.deadline_time"), type: "time", value: form.deadlineTime ?? ""), errors: errors, into: &h)
            }
        }
    }
}
