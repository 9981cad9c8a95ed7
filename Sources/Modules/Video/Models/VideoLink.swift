import Foundation
import IGroupsCore

/// A YouTube or Vimeo video named by its address. Only the address forms people copy from those sites
/// are taken: `youtube.com/watch?v=…`, `youtu.be/…`, `youtube.com/shorts/…` and `vimeo.com/<digits>`.
/// Nothing is ever fetched from the provider to check it: the id is read from the address alone.
struct VideoLink: Sendable, Equatable {
    let source: Video.Source
    let id: String

    /// The id in an address, or nil for any other address.
    init?(address text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count <= 500, !trimmed.contains(where: \.isWhitespace),
              let components = URLComponents(string: trimmed), let scheme = components.scheme?.lowercased(),
              scheme == "https" || scheme == "http", components.user == nil, components.password == nil, components.port == nil,
              let host = components.host?.lowercased()
        else { return nil }
        let path = components.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        // A slash at the end is the same address.
        let parts = path.last == "" ? Array(path.dropLast()) : path
        switch host {
        case "youtube.com", "www.youtube.com", "m.youtube.com":
            if parts == ["watch"], let id = components.queryItems?.first(where: { $0.name == "v" })?.value, Self.isYouTubeID(id) {
                self.init(source: .youtube, id: id)
            } else if parts.count == 2, parts[0] == "shorts", Self.isYouTubeID(parts[1]) {
                self.init(source: .youtube, id: parts[1])
            } else {
                return nil
            }
        case "youtu.be":
            guard parts.count == 1, Self.isYouTubeID(parts[0]) else { return nil }
            self.init(source: .youtube, id: parts[0])
        case "vimeo.com", "www.vimeo.com":
            guard parts.count == 1, Self.isVimeoID(parts[0]) else { return nil }
            self.init(source: .vimeo, id: parts[0])
        default:
            return nil
        }
    }

    init(source: Video.Source, id: String) {
        self.source = source
        self.id = id
    }

    /// YouTube's ids are 11 characters of letters, digits, `-` and `_`.
    static func isYouTubeID(_ text: String) -> Bool {
        text.utf8.count == 11 && text.utf8.allSatisfy { isASCIILetterOrDigit($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
    }

    /// Vimeo's ids are numbers.
    static func isVimeoID(_ text: String) -> Bool {
        (1...12).contains(text.utf8.count) && text.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    private static func isASCIILetterOrDigit(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    /// The provider's player, which the page frames once the visitor clicks: YouTube's without cookies
    /// until it plays, Vimeo's asked not to track.
    var playerURL: String {
        switch source {
        case .youtube: "\(FrameSource.youtube.rawValue)/embed/\(id)?autoplay=1&rel=0"
        case .vimeo: "\(FrameSource.vimeo.rawValue)/video/\(id)?autoplay=1&dnt=1"
        case .upload: ""
        }
    }

    /// The video's own page at the provider, for those who would rather watch it there.
    var pageURL: String {
        switch source {
        case .youtube: "https://www.youtube.com/watch?v=\(id)"
        case .vimeo: "https://vimeo.com/\(id)"
        case .upload: ""
        }
    }

    /// The host the page must allow to be framed.
    var frameSource: FrameSource {
        source == .vimeo ? .vimeo : .youtube
    }

    /// The provider's name as people know it.
    var providerName: String {
        source == .vimeo ? "Vimeo" : "YouTube"
    }
}
