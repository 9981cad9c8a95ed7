import Vapor

/// The frame of every page: header, main, footer.
package enum Layout {
    /// What the frame shows about the person looking.
    package struct Viewer: Sendable {
        package var username: String
        package var name: String
        package var isVerified: Bool
        package var isOperator: Bool
        package var unreadNotices: Int = 0

        package init(username: String, name: String, isVerified: Bool, isOperator: Bool, unreadNotices: Int = 0) {
            self.username = username
            self.name = name
            self.isVerified = isVerified
            self.isOperator = isOperator
            self.unreadNotices = unreadNotices
        }
    }

    /// A message at the top of a page.
    package struct Notice: Sendable {
        package enum Kind: String, Sendable { case success, info, danger }
        package var kind: Kind
        package var text: String
    }

    /// Shared page data that every view model holds.
    package struct Model: Sendable {
        package var title: String
        package var t: Localizer
        package var viewer: Viewer?
        package var csrf: String
        package var path: String
        package var siteName: String
        package var notice: Notice?

        package init(title: String, t: Localizer, viewer: Viewer?, csrf: String, path: String, siteName: String, notice: Notice? = nil) {
            self.title = title
            self.t = t
            self.viewer = viewer
            self.csrf = csrf
            self.path = path
            self.siteName = siteName
            self.notice = notice
        }
    }

    /// Writes the document around a page's content.
    package static func write(_ model: Model, into h: inout HTML, content: (inout HTML) -> Void) {
        let t = model.t
        h.doctype()
        h.el("html", .attr("lang", t.language.rawValue)) { h in
            h.el("head") { h in
                h.void("meta", .attr("charset", "utf-8"))
                h.void("meta", .name("viewport"), .attr("content", "width=device-width, initial-scale=1"))
                h.el("title", text: model.title + " · " + model.siteName)
                h.void("link", .attr("rel", "stylesheet"), .href("/css/app.css"))
                h.void("link", .attr("rel", "icon"), .href("/favicon.svg"), .type("image/svg+xml"))
                h.el("script", .src("/js/app.js"), .flag("defer")) { _ in }
            }
            h.el("body") { h in
                h.el("a", .class("skip-link"), .href("#main"), text: t("layout.skip"))
                header(model, into: &h)
                h.el("main", .id("main"), .class("page")) { h in
                    if let notice = model.notice {
                        h.el("div", .class("notice notice-\(notice.kind.rawValue)"), .attr("role", notice.kind == .danger ? "alert" : "status"), text: notice.text)
                    }
                    content(&h)
                }
                footer(model, into: &h)
            }
        }
    }

    static func header(_ model: Model, into h: inout HTML) {
        let t = model.t
        h.el("header", .class("site-header")) { h in
            h.el("div", .class("site-header-inner")) { h in
                h.el("a", .class("brand"), .href("/"), text: model.siteName)
                h.el("nav", .class("site-nav"), .aria("label", t("layout.nav"))) { h in
                    if let viewer = model.viewer {
                        h.el("a", .href("/"), text: t("layout.my_groups"))
                        h.el("a", .href("/groups"), text: t("layout.groups"))
                        h.el("a", .href("/me/notices"), .class("notices-link")) { h in
                            h.text(t("layout.notices"))
                            if viewer.unreadNotices > 0 {
                                h.text(" ")
                                h.el("span", .class("badge badge-unread"), .aria("label", t.plural("layout.notices_unread", viewer.unreadNotices)), text: t.number(viewer.unreadNotices))
                            }
                        }
                        h.el("details", .class("account-menu")) { h in
                            h.el("summary") { h in
                                Parts.avatar(name: viewer.name, into: &h)
                                h.el("span", .class("account-name"), text: viewer.name)
                            }
                            h.el("ul", .class("menu")) { h in
                                h.el("li") { $0.el("a", .href("/u/" + viewer.username), text: t("layout.my_profile")) }
                                h.el("li") { $0.el("a", .href("/me"), text: t("layout.edit_profile")) }
                                h.el("li") { $0.el("a", .href("/me/security"), text: t("layout.security")) }
                                h.el("li") { $0.el("a", .href("/me/privacy"), text: t("layout.privacy")) }
                                if viewer.isOperator { h.el("li") { $0.el("a", .href("/admin"), text: t("operator.title")) } }
                                h.el("li") { h in
                                    h.el("form", .method("post"), .action("/logout")) { h in
                                        Parts.csrf(model.csrf, into: &h)
                                        h.el("button", .type("submit"), .class("link-button"), text: t("layout.logout"))
                                    }
                                }
                            }
                        }
                    } else {
                        h.el("a", .href("/groups"), text: t("layout.groups"))
                        h.el("a", .href("/login"), text: t("layout.login"))
                        h.el("a", .class("button button-primary"), .href("/signup"), text: t("layout.signup"))
                    }
                }
            }
        }
        if let viewer = model.viewer, !viewer.isVerified {
            h.el("div", .class("verify-banner"), .attr("role", "status")) { h in
                h.el("span", text: t("layout.verify_banner"))
                h.el("form", .method("post"), .action("/verify/resend")) { h in
                    Parts.csrf(model.csrf, into: &h)
                    h.el("button", .type("submit"), .class("button button-secondary"), text: t("layout.verify_resend"))
                }
            }
        }
    }

    static func footer(_ model: Model, into h: inout HTML) {
        let t = model.t
        h.el("footer", .class("site-footer")) { h in
            h.el("div", .class("site-footer-inner")) { h in
                h.el("nav", .aria("label", t("layout.footer_nav"))) { h in
                    h.el("a", .href("/privacy"), text: t("layout.privacy"))
                    h.el("a", .href("/cookies"), text: t("layout.cookies"))
                }
                languageSwitch(model, into: &h)
            }
        }
    }

    static func languageSwitch(_ model: Model, into h: inout HTML) {
        let t = model.t
        h.el("form", .class("language-switch"), .method("post"), .action("/language")) { h in
            Parts.csrf(model.csrf, into: &h)
            h.void("input", .type("hidden"), .name("back"), .value(model.path))
            h.el("label", .for("language"), text: t("layout.language"))
            h.el("select", .id("language"), .name("language")) { h in
                for language in Language.allCases {
                    h.el("option", .value(language.rawValue), .flag("selected", language == t.language), text: language.nativeName)
                }
            }
            h.el("button", .type("submit"), .class("button button-secondary"), text: t("layout.language_change"))
        }
    }
}

extension Request {
    /// The layout data for a page with a title.
    package func layout(title: String, notice: Layout.Notice? = nil) -> Layout.Model {
        let t = self.t
        var notice = notice
        if notice == nil, url.query != nil, let key = query[String.self, at: "notice"], key.allSatisfy({ $0.isLetter || $0 == "_" }), t("notice." + key) != "notice." + key {
            notice = Layout.Notice(kind: .success, text: t("notice." + key))
        }
        let user = sessionIfStarted?.user
        return Layout.Model(
            title: title,
            t: t,
            viewer: user.map { Layout.Viewer(username: $0.username, name: $0.name, isVerified: $0.isVerified, isOperator: $0.isOperator, unreadNotices: $0.unreadNotices) },
            csrf: sessionIfStarted == nil ? "" : csrfToken,
            path: urlPath,
            siteName: application.settings.controller.name,
            notice: notice
        )
    }
}
