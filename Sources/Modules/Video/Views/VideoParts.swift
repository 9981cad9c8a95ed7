import IGroupsCore
import Vapor

/// The pieces the video pages share: lengths, posters, the placeholder we draw, the script.
enum VideoParts {
    /// A length as a player shows it: 0:07, 3:05, 1:02:03.
    static func duration(_ seconds: Double) -> String {
        let total = max(0, Int(seconds.rounded()))
        let hours = total / 3600, minutes = total / 60 % 60, rest = total % 60
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return hours > 0 ? "\(hours):\(two(minutes)):\(two(rest))" : "\(minutes):\(two(rest))"
    }

    /// A length for the eye, with its word for screen readers.
    static func duration(_ seconds: Double?, t: Localizer, into h: inout HTML) {
        guard let seconds else { return }
        h.el("span", .class("video-duration")) { h in
            h.el("span", .class("visually-hidden"), text: t("video.length") + " ")
            h.text(duration(seconds))
        }
    }

    /// The still of a video in a list: the poster we made, or a placeholder we draw ourselves (never a
    /// picture from the provider).
    static func thumbnail(_ item: VideoList.Item, href: String, t: Localizer, into h: inout HTML) {
        // The title beside it is the link for keyboards and screen readers.
        h.el("a", .class("video-thumb"), .href(href), .attr("tabindex", "-1"), .aria("hidden", "true")) { h in
            if let poster = item.posterURL {
                h.voidElement("img", [
                    .src(poster), .attr("alt", ""), .attr("loading", "lazy"),
                    .attr("width", String(item.posterSize?.width ?? 320)), .attr("height", String(item.posterSize?.height ?? 180)),
                ])
            } else {
                placeholder(label: item.provider, into: &h)
            }
            duration(item.duration, t: t, into: &h)
        }
    }

    /// A neutral frame with a play mark, drawn by the stylesheet.
    static func placeholder(label: String?, into h: inout HTML) {
        h.el("span", .class("video-placeholder")) { h in
            h.el("span", .class("video-play-mark"), text: "")
            if let label { h.el("span", .class("video-provider"), text: label) }
        }
    }

    /// The script that loads a linked video's player on a click; the page works without it.
    static func script(into h: inout HTML) {
        h.el("script", .src("/js/video.js"), .flag("defer")) { _ in }
    }
}
