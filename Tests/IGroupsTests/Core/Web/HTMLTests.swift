@testable import IGroupsCore
import Testing

@Suite("HTML builder")
struct HTMLTests {
    @Test("< > & \" ' are escaped in text and in attribute values")
    func escaping() {
        var h = HTML()
        let hostile = "<script>alert('x') & \"y\"</script>"
        h.el("p", .class(hostile), .attr("title", "\" onmouseover=\"alert(1)"), text: hostile)
        #expect(h.output == "<p class=\"&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;\" title=\"&quot; onmouseover=&quot;alert(1)\">&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;</p>")
    }

    @Test("href, src and action refuse javascript: and data: URLs in any spelling")
    func urls() {
        for bad in ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)", "java\nscript:x", "data:text/html,<b>x</b>", "DATA:image/svg+xml,x", "vbscript:x"] {
            var h = HTML()
            h.el("a", .href(bad), text: "x")
            h.void("img", .src(bad))
            h.el("form", .action(bad)) { _ in }
            #expect(h.output == "<a href=\"#\">x</a><img src=\"#\"><form action=\"#\"></form>", "\(bad)")
        }
        var h = HTML()
        h.el("a", .href("https://example.org/?a=1&b=2"), text: "ok")
        h.el("a", .href("/u/mette"), text: "ok")
        h.el("a", .href("mailto:x@example.org"), text: "ok")
        h.el("a", .href("/search?q=a:b"), text: "ok")
        #expect(h.output == "<a href=\"https://example.org/?a=1&amp;b=2\">ok</a><a href=\"/u/mette\">ok</a><a href=\"mailto:x@example.org\">ok</a><a href=\"/search?q=a:b\">ok</a>")
    }

    @Test("Raw HTML enters a page only as sanitised Markdown")
    func rawOnlyThroughMarkdown() {
        var h = HTML()
        h.text("<b>not bold</b>")
        h.sanitized(SanitizedHTML(sanitizedByRenderer: Markdown.render("**bold** <b>x</b>")))
        #expect(h.output.hasPrefix("&lt;b&gt;not bold&lt;/b&gt;"))
        #expect(h.output.contains("<strong>bold</strong>"))
        #expect(h.output.contains("&lt;b&gt;x&lt;/b&gt;"))
    }

    @Test("Boolean attributes appear only when on")
    func flags() {
        var h = HTML()
        h.void("input", .type("checkbox"), .flag("checked", true), .flag("disabled", false))
        #expect(h.output == "<input type=\"checkbox\" checked>")
    }
}
