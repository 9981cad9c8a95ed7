import IGroupsCore
import Vapor

/// Uploading a video: title, description and the file; `/js/app.js` adds a progress bar and names a file
/// over the limit before it is sent (the form works without it).
struct VideoUpload: PageView {
    let layout: Layout.Model
    let chrome: GroupChrome
    let paths: VideoPaths
    let form: VideoForm
    let errors: FormErrors
    let maxFileBytes: Int
    /// What is left of the group's storage.
    let spaceLeft: Int
    /// Whether the server can make posters now.
    let toolsAvailable: Bool

    func content(_ h: inout HTML) {
        let t = layout.t
        chrome.write(t: t, into: &h)
        let maxFile = UploadLimits.describe(maxFileBytes), left = UploadLimits.describe(spaceLeft)
        h.el("section", .class("card narrow")) { h in
            h.el("h1", text: layout.title)
            h.el("p", text: t("video.upload.lead"))
            if !toolsAvailable { h.el("p", .class("notice notice-info"), text: t("video.upload.no_tools")) }
            Parts.errorSummary(errors, t: t, into: &h)
            Parts.uploadForm(action: paths.upload, csrf: layout.csrf, maxFile: maxFileBytes, spaceLeft: spaceLeft, submit: t("video.upload.submit"), t: t, into: &h) { h in
                Parts.csrf(layout.csrf, into: &h)
                Parts.field(FormField(name: "title", label: t("video.field.title"), value: form.title ?? "", hint: t("video.field.title_hint"), maxLength: VideoForm.maxTitle), errors: errors, into: &h)
                Parts.field(FormField(name: "description", label: t("video.field.description"), type: "textarea", value: form.description ?? "", hint: t("profile.description_hint"), maxLength: VideoForm.maxDescription, rows: 4), errors: errors, into: &h)
                Parts.field(FormField(
                    name: "video", label: t("video.field.file"), type: "file", hint: t("video.field.file_hint", ["max": maxFile, "left": left]), required: true,
                    accept: "video/mp4,video/webm,video/quicktime,.mp4,.m4v,.webm,.mov"), errors: errors, into: &h)
            }
            h.el("p") { $0.el("a", .href(paths.list), text: t("group.delete.cancel")) }
        }
    }
}

/// Linking a YouTube or Vimeo video by its address.
struct VideoLinkPage: PageView {
    let layout: Layout.Model
    let chrome: GroupChrome
    let paths: VideoPaths
    let form: VideoForm
    let errors: FormErrors

    func content(_ h: inout HTML) {
        let t = layout.t
        chrome.write(t: t, into: &h)
        Parts.formCard(layout, errors: errors, action: paths.link, submit: t("video.link.submit"), lead: t("video.link.lead"), into: &h) { h in
            Parts.field(FormField(name: "url", label: t("video.field.url"), type: "url", value: form.url ?? "", hint: t("video.field.url_hint"), required: true, maxLength: 500), errors: errors, into: &h)
            Parts.field(FormField(name: "title", label: t("video.field.title"), value: form.title ?? "", required: true, maxLength: VideoForm.maxTitle), errors: errors, into: &h)
            Parts.field(FormField(name: "description", label: t("video.field.description"), type: "textarea", value: form.description ?? "", hint: t("profile.description_hint"), maxLength: VideoForm.maxDescription, rows: 4), errors: errors, into: &h)
        } after: { h in
            h.el("p") { $0.el("a", .href(paths.list), text: t("group.delete.cancel")) }
        }
    }
}

/// Changing a video's title and description.
struct VideoEdit: PageView {
    let layout: Layout.Model
    let chrome: GroupChrome
    let paths: VideoPaths
    let videoID: UUID
    let form: VideoForm
    let errors: FormErrors

    func content(_ h: inout HTML) {
        let t = layout.t
        chrome.write(t: t, into: &h)
        Parts.formCard(layout, errors: errors, action: paths.edit(videoID), submit: t("video.save"), into: &h) { h in
            Parts.field(FormField(name: "title", label: t("video.field.title"), value: form.title ?? "", required: true, maxLength: VideoForm.maxTitle), errors: errors, into: &h)
            Parts.field(FormField(name: "description", label: t("video.field.description"), type: "textarea", value: form.description ?? "", hint: t("profile.description_hint"), maxLength: VideoForm.maxDescription, rows: 6), errors: errors, into: &h)
        } after: { h in
            h.el("p") { $0.el("a", .href(paths.video(videoID)), text: t("group.delete.cancel")) }
        }
    }
}
