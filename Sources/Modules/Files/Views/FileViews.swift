import IGroupsCore
import Vapor

/// The form that sends files, enhanced by `/js/app.js` with a progress bar (it works without it):
/// the limit per file is on the form, so the browser can say at once that a file is too large.
struct UploadForm {
    let action: String
    let csrf: String
    let field: String
    let label: String
    let hint: String
    let submit: String
    let multiple: Bool
    let maxFile: Int
    let errors: FormErrors

    func write(t: Localizer, into h: inout HTML) {
        Parts.uploadForm(action: action, csrf: csrf, maxFile: maxFile, submit: submit, t: t, into: &h) { h in
            let id = "field-" + field
            let error = errors[field]
            h.el("div", .class(error == nil ? "field" : "field field-invalid")) { h in
                h.el("label", .for(id), text: label)
                h.el("p", .class("hint"), .id(id + "-hint"), text: hint)
                if let error { h.el("p", .class("field-error"), .id(id + "-error"), text: error) }
                h.void(
                    "input", .type("file"), .id(id), .name(field), .flag("multiple", multiple), .flag("required"),
                    .aria("invalid", error == nil ? "false" : "true"), .aria("describedby", error == nil ? id + "-hint" : id + "-hint " + id + "-error"))
            }
        }
    }
}

enum FileParts {
    /// 1.4 MB, 12 KB: a size as people read it.
    static func size(_ bytes: Int) -> String { UploadLimits.describe(bytes) }

    /// The way from the top to a folder, each step a link.
    static func breadcrumbs(base: String, path: [(id: UUID, name: String)], current: String?, t: Localizer, into h: inout HTML) {
        h.el("nav", .class("breadcrumbs"), .aria("label", t("files.breadcrumbs"))) { h in
            h.el("ol") { h in
                h.el("li") { $0.el("a", .href(base), text: t("files.name")) }
                for step in path {
                    h.el("li") { $0.el("a", .href("\(base)/folders/\(step.id)"), text: step.name) }
                }
                if let current { h.el("li", .aria("current", "page"), text: current) }
            }
        }
    }

    /// A word for the kind of file, for its row.
    static func kind(_ type: FileType, t: Localizer) -> String {
        if type.isImage { return t("files.kind.image") }
        if type.isVideo { return t("files.kind.video") }
        if type.isAudio { return t("files.kind.audio") }
        switch type {
        case .pdf: return "PDF"
        case .text: return t("files.kind.text")
        case .zip: return "ZIP"
        default: return t("files.kind.file")
        }
    }
}

/// A folder: where it is, its folders and files, the group's storage, and what the viewer may do.
struct FolderPage: PageView {
    struct File: Sendable {
        let id: UUID
        let name: String
        let size: Int
        let type: FileType
        let changed: Date
        let changedBy: (name: String, username: String)?
        let versions: Int
    }

    let layout: Layout.Model
    let chrome: GroupChrome
    /// The folder shown; nil at the top.
    let folder: (id: UUID, name: String, mayChange: Bool)?
    let path: [(id: UUID, name: String)]
    let folders: [(id: UUID, name: String)]
    let files: [File]
    let used: Int
    let quota: Int
    let maxFile: Int
    let mayUpload: Bool
    let mayAdminister: Bool
    let errors: FormErrors

    func content(_ h: inout HTML) {
        let t = layout.t
        let base = "/g/\(chrome.slug)/files"
        chrome.write(t: t, into: &h)
        if folder != nil { FileParts.breadcrumbs(base: base, path: path, current: folder?.name, t: t, into: &h) }
        h.el("div", .class("page-title")) { h in
            h.el("h1", text: layout.title)
            if mayUpload {
                h.el("a", .class("button button-secondary"), .href("\(base)/folders/new" + (folder.map { "?parent=\($0.id)" } ?? "")), text: t("files.folder.new"))
            }
            if let folder, folder.mayChange {
                h.el("a", .class("button button-secondary"), .href("\(base)/folders/\(folder.id)/rename"), text: t("files.rename"))
                h.el("a", .class("button button-secondary"), .href("\(base)/folders/\(folder.id)/move"), text: t("files.move"))
                h.el("a", .class("button button-danger"), .href("\(base)/folders/\(folder.id)/delete"), text: t("files.delete"))
            }
            if mayAdminister && folder == nil { h.el("a", .class("button button-secondary"), .href("\(base)/trash"), text: t("files.trash.title")) }
        }
        Parts.errorSummary(errors, t: t, into: &h)
        storage(t: t, into: &h)
        if folders.isEmpty && files.isEmpty {
            Parts.emptyState(title: t(folder == nil ? "files.empty.title" : "files.empty.folder_title"), text: t(mayUpload ? "files.empty.text" : "files.empty.text_reader"), action: nil, into: &h)
        } else {
            h.el("section", .class("card")) { h in
                h.el("table", .class("table files")) { h in
                    h.el("thead") { h in
                        h.el("tr") { h in
                            h.el("th", .attr("scope", "col"), text: t("files.column.name"))
                            h.el("th", .attr("scope", "col"), text: t("files.column.size"))
                            h.el("th", .attr("scope", "col"), text: t("files.column.changed"))
                        }
                    }
                    h.el("tbody") { h in
                        for sub in folders {
                            h.el("tr", .class("folder")) { h in
                                h.el("td") { h in
                                    h.el("span", .class("file-kind"), text: t("files.kind.folder"))
                                    h.text(" ")
                                    h.el("a", .href("\(base)/folders/\(sub.id)"), text: sub.name)
                                }
                                h.el("td", text: "")
                                h.el("td", text: "")
                            }
                        }
                        for file in files { row(file, base: base, t: t, into: &h) }
                    }
                }
            }
        }
        if mayUpload {
            h.el("section", .class("card")) { h in
                h.el("h2", text: t("files.upload.title"))
                UploadForm(
                    action: "\(base)/upload" + (folder.map { "?folder=\($0.id)" } ?? ""), csrf: layout.csrf, field: "files",
                    label: t("files.upload.choose"), hint: t("files.upload.hint", ["max": FileParts.size(maxFile)]),
                    submit: t("files.upload.submit"), multiple: true, maxFile: maxFile, errors: errors
                ).write(t: t, into: &h)
            }
        }
    }

    private func row(_ file: File, base: String, t: Localizer, into h: inout HTML) {
        h.el("tr", .id("file-\(file.id)")) { h in
            h.el("td") { h in
                h.el("span", .class("file-kind"), text: FileParts.kind(file.type, t: t))
                h.text(" ")
                h.el("a", .href("\(base)/f/\(file.id)"), text: file.name)
                if file.versions > 1 { h.el("span", .class("muted small"), text: " " + t.plural("files.versions_count", file.versions)) }
            }
            h.el("td", text: FileParts.size(file.size))
            h.el("td") { h in
                Parts.timestamp(file.changed, t: t, into: &h)
                if let by = file.changedBy {
                    h.text(" " + t("files.by") + " ")
                    h.el("a", .href("/u/" + by.username), text: by.name)
                }
            }
        }
    }

    /// How much of the group's storage is used, as a bar and in words.
    private func storage(t: Localizer, into h: inout HTML) {
        h.el("div", .class("storage")) { h in
            h.el("label", .for("storage-used"), text: t("files.storage", ["used": FileParts.size(used), "quota": FileParts.size(quota)]))
            h.el("progress", .id("storage-used"), .attr("max", String(max(quota, 1))), .value(String(min(used, quota)))) { _ in }
        }
    }
}

/// One file: a preview where the browser can show it, its versions, and what the viewer may do.
struct FilePage: PageView {
    struct Version: Sendable {
        let id: UUID
        let number: Int
        let created: Date
        let size: Int
        let by: (name: String, username: String)?
        let isCurrent: Bool
    }

    let layout: Layout.Model
    let chrome: GroupChrome
    let id: UUID
    let name: String
    let path: [(id: UUID, name: String)]
    let type: FileType
    let size: Int
    let text: String?
    let versions: [Version]
    let mayChange: Bool
    let mayUpload: Bool
    let maxFile: Int
    let errors: FormErrors

    func content(_ h: inout HTML) {
        let t = layout.t
        let base = "/g/\(chrome.slug)/files"
        let file = "\(base)/f/\(id)"
        chrome.write(t: t, into: &h)
        FileParts.breadcrumbs(base: base, path: path, current: name, t: t, into: &h)
        h.el("div", .class("page-title")) { h in
            h.el("h1", text: name)
            h.el("a", .class("button button-primary"), .href("\(file)/download"), text: t("files.download", ["size": FileParts.size(size)]))
            if mayChange {
                h.el("a", .class("button button-secondary"), .href("\(file)/rename"), text: t("files.rename"))
                h.el("a", .class("button button-secondary"), .href("\(file)/move"), text: t("files.move"))
                h.el("a", .class("button button-danger"), .href("\(file)/delete"), text: t("files.delete"))
            }
        }
        Parts.errorSummary(errors, t: t, into: &h)
        h.el("section", .class("card file-preview")) { h in
            preview(file: file, t: t, into: &h)
        }
        h.el("section", .class("card")) { h in
            h.el("h2", text: t("files.versions.title"))
            h.el("table", .class("table")) { h in
                h.el("thead") { h in
                    h.el("tr") { h in
                        for column in ["files.versions.number", "files.column.size", "files.versions.uploaded", ""] {
                            h.el("th", .attr("scope", "col"), text: column.isEmpty ? "" : t(column))
                        }
                    }
                }
                h.el("tbody") { h in
                    for version in versions {
                        h.el("tr", .class(version.isCurrent ? "current" : "")) { h in
                            h.el("td", text: version.isCurrent ? t("files.versions.current", ["number": String(version.number)]) : String(version.number))
                            h.el("td", text: FileParts.size(version.size))
                            h.el("td") { h in
                                Parts.timestamp(version.created, t: t, into: &h)
                                if let by = version.by {
                                    h.text(" " + t("files.by") + " ")
                                    h.el("a", .href("/u/" + by.username), text: by.name)
                                }
                            }
                            h.el("td") { h in
                                h.el("a", .href("\(file)/versions/\(version.id)/download"), text: t("files.versions.download"))
                                if mayChange && !version.isCurrent {
                                    h.el("form", .method("post"), .action("\(file)/versions/\(version.id)/current"), .class("inline")) { h in
                                        Parts.csrf(layout.csrf, into: &h)
                                        h.el("button", .type("submit"), .class("button button-link"), text: t("files.versions.make_current"))
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if mayUpload {
                UploadForm(
                    action: "\(file)/versions", csrf: layout.csrf, field: "version", label: t("files.versions.new"),
                    hint: t("files.versions.hint", ["max": FileParts.size(maxFile)]), submit: t("files.versions.submit"),
                    multiple: false, maxFile: maxFile, errors: errors
                ).write(t: t, into: &h)
            }
        }
    }

    /// Pictures shown, PDFs in the browser's own viewer, text as text, sound and video playable;
    /// anything else is only downloaded.
    private func preview(file: String, t: Localizer, into h: inout HTML) {
        let raw = "\(file)/raw"
        if type.isImage && type.showsInline {
            h.void("img", .src(raw), .attr("alt", name), .class("preview-image"))
        } else if type == .pdf {
            h.el("iframe", .src(raw), .attr("title", name), .class("preview-pdf")) { _ in }
            h.el("p", .class("muted small")) { $0.el("a", .href(raw), text: t("files.preview.open_pdf")) }
        } else if type == .text, let text {
            h.el("pre", .class("preview-text"), text: text)
            if size > FilesController.previewBytes { h.el("p", .class("muted small"), text: t("files.preview.text_cut")) }
        } else if type.isAudio {
            h.el("audio", .src(raw), .flag("controls"), .attr("preload", "metadata")) { $0.el("a", .href(raw), text: name) }
        } else if type.isVideo {
            h.el("video", .src(raw), .flag("controls"), .attr("preload", "metadata"), .class("preview-video")) { $0.el("a", .href(raw), text: name) }
        } else {
            h.el("p", .class("muted"), text: t("files.preview.none", ["kind": FileParts.kind(type, t: t)]))
        }
    }
}

/// A name for a new folder, or a new name for a folder or file.
struct NamePage: PageView {
    let layout: Layout.Model
    let chrome: GroupChrome
    let action: String
    let name: String
    let submit: String
    let cancel: String
    let errors: FormErrors

    func content(_ h: inout HTML) {
        let t = layout.t
        chrome.write(t: t, into: &h)
        Parts.formCard(layout, errors: errors, action: action, submit: submit, into: &h) { h in
            Parts.field(FormField(name: "name", label: t("files.column.name"), value: name, required: true, maxLength: 200), errors: errors, into: &h)
        } after: { h in
            h.el("p") { $0.el("a", .href(cancel), text: t("group.delete.cancel")) }
        }
    }
}

/// Where to move a folder or file.
struct MovePage: PageView {
    let layout: Layout.Model
    let chrome: GroupChrome
    let action: String
    let choices: [(id: UUID, path: String)]
    let selected: UUID?
    let cancel: String
    let errors: FormErrors

    func content(_ h: inout HTML) {
        let t = layout.t
        chrome.write(t: t, into: &h)
        Parts.formCard(layout, errors: errors, action: action, submit: t("files.move.submit"), into: &h) { h in
            Parts.select(
                name: "target", label: t("files.move.target"),
                options: [("", t("files.move.top"))] + choices.map { ($0.id.uuidString, $0.path) },
                selected: selected?.uuidString ?? "", errors: errors, into: &h)
        } after: { h in
            h.el("p") { $0.el("a", .href(cancel), text: t("group.delete.cancel")) }
        }
    }
}

/// What was deleted in the last 30 days: admins bring it back or empty the trash.
struct TrashPage: PageView {
    let layout: Layout.Model
    let chrome: GroupChrome
    let folders: [(id: UUID, name: String, deleted: Date)]
    let files: [(id: UUID, name: String, size: Int, deleted: Date)]

    func content(_ h: inout HTML) {
        let t = layout.t
        let base = "/g/\(chrome.slug)/files"
        chrome.write(t: t, into: &h)
        h.el("div", .class("page-title")) { h in
            h.el("h1", text: layout.title)
            h.el("a", .class("button button-secondary"), .href(base), text: t("files.trash.back"))
            if !folders.isEmpty || !files.isEmpty {
                h.el("a", .class("button button-danger"), .href("\(base)/trash/empty"), text: t("files.trash.empty.submit"))
            }
        }
        h.el("p", .class("hint"), text: t("files.trash.lead"))
        guard !folders.isEmpty || !files.isEmpty else {
            Parts.emptyState(title: t("files.trash.empty_state"), text: t("files.trash.empty_text"), action: nil, into: &h)
            return
        }
        h.el("section", .class("card")) { h in
            h.el("ul", .class("rows")) { h in
                for folder in folders { item(kind: "folder", id: folder.id, label: t("files.kind.folder") + " " + folder.name, deleted: folder.deleted, base: base, t: t, into: &h) }
                for file in files { item(kind: "file", id: file.id, label: file.name + " (" + FileParts.size(file.size) + ")", deleted: file.deleted, base: base, t: t, into: &h) }
            }
        }
    }

    private func item(kind: String, id: UUID, label: String, deleted: Date, base: String, t: Localizer, into h: inout HTML) {
        h.el("li", .class("row")) { h in
            h.el("div", .class("row-main")) { h in
                h.el("p", text: label)
                h.el("p", .class("muted small")) { h in
                    h.text(t("files.trash.deleted") + " ")
                    Parts.timestamp(deleted, t: t, into: &h)
                }
            }
            h.el("form", .method("post"), .action("\(base)/trash/\(kind)/\(id)/restore")) { h in
                Parts.csrf(layout.csrf, into: &h)
                h.el("button", .type("submit"), .class("button button-secondary"), text: t("files.trash.restore"))
            }
        }
    }
}
