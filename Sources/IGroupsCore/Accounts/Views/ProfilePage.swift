import Vapor

/// A person's profile as one viewer may see it.
struct ProfilePage: PageView {
    let layout: Layout.Model
    let username: String
    let name: String
    let memberSince: Date
    let facts: [(label: String, value: String, isLink: Bool)]
    let description: SanitizedHTML?
    let isSelf: Bool
    let pictureURL: String?

    func content(_ h: inout HTML) {
        let t = layout.t
        h.el("article", .class("card profile")) { h in
            h.el("header", .class("profile-header")) { h in
                if let pictureURL {
                    h.void("img", .src(pictureURL), .attr("alt", ""), .class("avatar-picture avatar-large"), .attr("width", "72"), .attr("height", "72"))
                } else {
                    Parts.avatar(name: name, size: "large", into: &h)
                }
                h.el("div") { h in
                    h.el("h1", text: name)
                    h.el("p", .class("muted")) { h in
                        h.text("@" + username + " · " + t("profile.member_since") + " ")
                        h.el("time", .attr("datetime", Parts.iso8601(memberSince)), text: t.date(memberSince))
                    }
                }
                if isSelf {
                    h.el("a", .class("button button-secondary"), .href("/me"), text: t("layout.edit_profile"))
                    h.el("a", .class("button button-secondary"), .href("/me/avatar"), text: t("avatar.title"))
                }
            }
            if let description {
                h.el("div", .class("prose")) { $0.sanitized(description) }
            }
            if !facts.isEmpty {
                h.el("dl", .class("facts")) { h in
                    for fact in facts {
                        h.el("dt", text: fact.label)
                        h.el("dd") { h in
                            if fact.isLink {
                                h.el("a", .href(fact.value), .attr("rel", "nofollow ugc noopener"), text: fact.value)
                            } else {
                                h.text(fact.value)
                            }
                        }
                    }
                }
            } else if description == nil {
                h.el("p", .class("muted"), text: t("profile.nothing_shared"))
            }
            if isSelf {
                h.el("p", .class("hint"), text: t("profile.self_hint"))
            } else {
                h.el("p", .class("muted small")) { $0.el("a", .href("/u/\(username)/report-age"), text: t("age_report.link")) }
            }
        }
    }
}
