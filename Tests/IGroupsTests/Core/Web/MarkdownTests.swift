import Foundation
@testable import IGroupsCore
import Testing

@Suite("Markdown")
struct MarkdownTests {
    let rel = "rel=\"nofollow ugc noopener\""

    // MARK: - Features

    @Test("Blank lines separate paragraphs and single newlines become line breaks")
    func paragraphs() {
        #expect(Markdown.render("one\ntwo\n\nthree") == "<p>one<br>\ntwo</p>\n<p>three</p>")
        #expect(Markdown.render("  padded  \r\nwindows\r\rold mac") == "<p>padded<br>\nwindows</p>\n<p>old mac</p>")
        #expect(Markdown.render("") == "")
        #expect(Markdown.render("\n\n  \n") == "")
    }

    @Test("Headings start at h2 so user content never gets an h1, and deeper levels stop at h4")
    func headings() {
        #expect(Markdown.render("# One") == "<h2>One</h2>")
        #expect(Markdown.render("## Two ##") == "<h3>Two</h3>")
        #expect(Markdown.render("### Three") == "<h4>Three</h4>")
        #expect(Markdown.render("###### Six *em*") == "<h4>Six <em>em</em></h4>")
        #expect(Markdown.render("####### seven") == "<p>####### seven</p>")
        #expect(Markdown.render("#hashtag") == "<p>#hashtag</p>")
        #expect(Markdown.render("# C\\#") == "<h2>C#</h2>")
        #expect(Markdown.render("text\n# heading") == "<p>text</p>\n<h2>heading</h2>")
    }

    @Test("Emphasis and strong emphasis with asterisks and underscores")
    func emphasis() {
        #expect(Markdown.render("*a* _b_ **c** __d__") == "<p><em>a</em> <em>b</em> <strong>c</strong> <strong>d</strong></p>")
        #expect(Markdown.render("***both***") == "<p><em><strong>both</strong></em></p>")
        #expect(Markdown.render("*a **b** c*") == "<p><em>a <strong>b</strong> c</em></p>")
        #expect(Markdown.render("**a*") == "<p>*<em>a</em></p>")
        #expect(Markdown.render("snake_case_name and 2*3*4") == "<p>snake_case_name and 2<em>3</em>4</p>")
        #expect(Markdown.render("a * b * c") == "<p>a * b * c</p>")
        #expect(Markdown.render("\\*not em\\*") == "<p>*not em*</p>")
        #expect(Markdown.render("*über*") == "<p><em>über</em></p>")
    }

    @Test("Inline code keeps its content literal and escaped")
    func inlineCode() {
        #expect(Markdown.render("use `a < b && *c*`") == "<p>use <code>a &lt; b &amp;&amp; *c*</code></p>")
        #expect(Markdown.render("``a ` b``") == "<p><code>a ` b</code></p>")
        #expect(Markdown.render("` x `") == "<p><code>x</code></p>")
        #expect(Markdown.render("`unclosed *em*") == "<p>`unclosed <em>em</em></p>")
    }

    @Test("Fenced code blocks escape their content and ignore the language")
    func fencedCode() {
        #expect(Markdown.render("```swift\nlet a = \"<b>\" & 'c'\n\n*x*\n```\nafter") ==
            "<pre><code>let a = &quot;&lt;b&gt;&quot; &amp; &#39;c&#39;\n\n*x*\n</code></pre>\n<p>after</p>")
        #expect(Markdown.render("~~~\n<script>\n") == "<pre><code>&lt;script&gt;\n</code></pre>")
        #expect(Markdown.render("```\n```") == "<pre><code></code></pre>")
        #expect(Markdown.render("```onerror=\"x\"\ncode\n```") == "<pre><code>code\n</code></pre>")
    }

    @Test("Blockquotes nest and take lazy continuation lines")
    func blockquotes() {
        #expect(Markdown.render("> a\nb\n> > c") == "<blockquote>\n<p>a<br>\nb</p>\n<blockquote>\n<p>c</p>\n</blockquote>\n</blockquote>")
        #expect(Markdown.render("> a\n\nb") == "<blockquote>\n<p>a</p>\n</blockquote>\n<p>b</p>")
        #expect(Markdown.render(">") == "<blockquote>\n</blockquote>")
    }

    @Test("Unordered lists with -, * and +, nested by indentation")
    func unorderedLists() {
        #expect(Markdown.render("- a\n- b") == "<ul>\n<li>a</li>\n<li>b</li>\n</ul>")
        #expect(Markdown.render("* a\n  * b\n    + c\n* d") ==
            "<ul>\n<li>a\n<ul>\n<li>b\n<ul>\n<li>c</li>\n</ul>\n</li>\n</ul>\n</li>\n<li>d</li>\n</ul>")
        #expect(Markdown.render("- a\n\n- b") == "<ul>\n<li>\n<p>a</p>\n</li>\n<li>\n<p>b</p>\n</li>\n</ul>")
        #expect(Markdown.render("- a\n  - b\n\n  - c\n- d") ==
            "<ul>\n<li>a\n<ul>\n<li>\n<p>b</p>\n</li>\n<li>\n<p>c</p>\n</li>\n</ul>\n</li>\n<li>d</li>\n</ul>")
        #expect(Markdown.render("- a\n  - b\n\n  after") ==
            "<ul>\n<li>\n<p>a</p>\n<ul>\n<li>b</li>\n</ul>\n<p>after</p>\n</li>\n</ul>")
        #expect(Markdown.render("- a\n+ b") == "<ul>\n<li>a</li>\n</ul>\n<ul>\n<li>b</li>\n</ul>")
        #expect(Markdown.render("text\n- item") == "<p>text</p>\n<ul>\n<li>item</li>\n</ul>")
        #expect(Markdown.render("-not a list") == "<p>-not a list</p>")
    }

    @Test("Ordered lists keep their start number; only 1. interrupts a paragraph")
    func orderedLists() {
        #expect(Markdown.render("1. a\n2. b") == "<ol>\n<li>a</li>\n<li>b</li>\n</ol>")
        #expect(Markdown.render("3) a\n4) b") == "<ol start=\"3\">\n<li>a</li>\n<li>b</li>\n</ol>")
        #expect(Markdown.render("1. a\n   - b") == "<ol>\n<li>a\n<ul>\n<li>b</li>\n</ul>\n</li>\n</ol>")
        #expect(Markdown.render("In\n2019. it rained") == "<p>In<br>\n2019. it rained</p>")
        #expect(Markdown.render("1234567890. too long") == "<p>1234567890. too long</p>")
    }

    @Test("A list item can hold code, quotes and several paragraphs")
    func listItemBlocks() {
        #expect(Markdown.render("- a\n\n  more\n- ```\n  <x>\n  ```") ==
            "<ul>\n<li>\n<p>a</p>\n<p>more</p>\n</li>\n<li>\n<pre><code>&lt;x&gt;\n</code></pre>\n</li>\n</ul>")
        #expect(Markdown.render("- > q") == "<ul>\n<li>\n<blockquote>\n<p>q</p>\n</blockquote>\n</li>\n</ul>")
        #expect(Markdown.render("- a\nlazy") == "<ul>\n<li>a<br>\nlazy</li>\n</ul>")
    }

    @Test("Horizontal rules from ---, *** and ___")
    func rules() {
        #expect(Markdown.render("a\n\n---\n\nb") == "<p>a</p>\n<hr>\n<p>b</p>")
        #expect(Markdown.render("* * *") == "<hr>")
        #expect(Markdown.render("___") == "<hr>")
        #expect(Markdown.render("--") == "<p>--</p>")
    }

    @Test("Links carry rel=nofollow ugc noopener and may contain emphasis")
    func links() {
        #expect(Markdown.render("[a *b*](https://example.org)") == "<p><a href=\"https://example.org\" \(rel)>a <em>b</em></a></p>")
        #expect(Markdown.render("[t](https://x.org/?a=1&b=\"2\" \"title\")") == "<p><a href=\"https://x.org/?a=1&amp;b=&quot;2&quot;\" \(rel)>t</a></p>")
        #expect(Markdown.render("[t](<https://x.org/a b>)") == "<p><a href=\"https://x.org/a%20b\" \(rel)>t</a></p>")
        #expect(Markdown.render("[t](https://en.wikipedia.org/wiki/Foo_(bar))") == "<p><a href=\"https://en.wikipedia.org/wiki/Foo_(bar)\" \(rel)>t</a></p>")
        #expect(Markdown.render("[t](HTTPS://X.ORG) [m](mailto:a@b.c)") == "<p><a href=\"HTTPS://X.ORG\" \(rel)>t</a> <a href=\"mailto:a@b.c\" \(rel)>m</a></p>")
        #expect(Markdown.render("*[a](/x)*") == "<p><em><a href=\"/x\" \(rel)>a</a></em></p>")
        #expect(Markdown.render("[not a link] and [x] (y)") == "<p>[not a link] and [x] (y)</p>")
        #expect(Markdown.render("[](https://x.org/?a&b)") == "<p><a href=\"https://x.org/?a&amp;b\" \(rel)>https://x.org/?a&amp;b</a></p>")
        #expect(Markdown.render("[a [b] c](/u)") == "<p><a href=\"/u\" \(rel)>a [b] c</a></p>")
    }

    @Test("Relative links starting with / or # or without a scheme are allowed")
    func relativeLinks() {
        #expect(Markdown.render("[p](/u/mette)") == "<p><a href=\"/u/mette\" \(rel)>p</a></p>")
        #expect(Markdown.render("[f](#top)") == "<p><a href=\"#top\" \(rel)>f</a></p>")
        #expect(Markdown.render("[q](/search?q=a:b)") == "<p><a href=\"/search?q=a:b\" \(rel)>q</a></p>")
        #expect(Markdown.render("[r](page.html)") == "<p><a href=\"page.html\" \(rel)>r</a></p>")
    }

    @Test("Links inside lists and quotes")
    func linksInContainers() {
        #expect(Markdown.render("- see [docs](https://d.org)\n- *[x](/y)*") ==
            "<ul>\n<li>see <a href=\"https://d.org\" \(rel)>docs</a></li>\n<li><em><a href=\"/y\" \(rel)>x</a></em></li>\n</ul>")
        #expect(Markdown.render("> [q](https://q.org)") == "<blockquote>\n<p><a href=\"https://q.org\" \(rel)>q</a></p>\n</blockquote>")
    }

    @Test("Angle-bracket autolinks and bare URLs become links")
    func autolinks() {
        #expect(Markdown.render("<https://a.org/x?y=1&z=2>") == "<p><a href=\"https://a.org/x?y=1&amp;z=2\" \(rel)>https://a.org/x?y=1&amp;z=2</a></p>")
        #expect(Markdown.render("<me@example.org>") == "<p><a href=\"mailto:me@example.org\" \(rel)>me@example.org</a></p>")
        #expect(Markdown.render("go to https://a.org/p_q, now.") == "<p>go to <a href=\"https://a.org/p_q\" \(rel)>https://a.org/p_q</a>, now.</p>")
        #expect(Markdown.render("(see http://a.org/b)") == "<p>(see <a href=\"http://a.org/b\" \(rel)>http://a.org/b</a>)</p>")
        #expect(Markdown.render("**https://a.org**") == "<p><strong><a href=\"https://a.org\" \(rel)>https://a.org</a></strong></p>")
        #expect(Markdown.render("xhttps://a.org") == "<p>xhttps://a.org</p>")
        #expect(Markdown.render("https:// nothing") == "<p>https:// nothing</p>")
    }

    @Test("A link is never nested inside another link")
    func noNestedAnchors() {
        #expect(Markdown.render("[https://a.org](https://b.org)") == "<p><a href=\"https://b.org\" \(rel)>https://a.org</a></p>")
        #expect(Markdown.render("[<https://a.org>](/b)") == "<p><a href=\"/b\" \(rel)>https://a.org</a></p>")
        #expect(Markdown.render("[a [b](/c) d](/e)") == "<p>[a <a href=\"/c\" \(rel)>b</a> d](/e)</p>")
        #expect(Markdown.render("![a [b](/c)](/e)") == "<p><a href=\"/e\" \(rel)>a b</a></p>")
    }

    @Test("Images become a link with the alt text, or only the alt text for a refused URL")
    func images() {
        #expect(Markdown.render("![a cat](https://i.org/c.png)") == "<p><a href=\"https://i.org/c.png\" \(rel)>a cat</a></p>")
        #expect(Markdown.render("![x](javascript:alert(1))") == "<p>x</p>")
        #expect(Markdown.render("![x](data:image/svg+xml,<svg/onload=alert(1)>)") == "<p>x</p>")
        #expect(!Markdown.render("![a](https://i.org/c.png)").contains("<img"))
    }

    // MARK: - Escaping and hostile input

    @Test("< > & \" ' are escaped everywhere")
    func escaping() {
        #expect(Markdown.render("< > & \" '") == "<p>&lt; &gt; &amp; &quot; &#39;</p>")
        #expect(Markdown.render("&amp; &#60;") == "<p>&amp;amp; &amp;#60;</p>")
        #expect(Markdown.render("[\"><script>](/a'b\"c)") == "<p><a href=\"/a&#39;b&quot;c\" \(rel)>&quot;&gt;&lt;script&gt;</a></p>")
        #expect(Markdown.render("# <i>") == "<h2>&lt;i&gt;</h2>")
    }

    @Test("Raw HTML appears as escaped text", arguments: [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<b>bold</b>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<svg/onload=alert(1)>",
        "<!-- comment -->",
        "<style>*{}</style>",
    ])
    func rawHTML(source: String) {
        let html = Markdown.render(source)
        #expect(html.hasPrefix("<p>&lt;"))
        #expect(!html.contains("<script") && !html.contains("<img") && !html.contains("<iframe") && !html.contains("<b>") && !html.contains("<svg") && !html.contains("<!--") && !html.contains("<style"))
        expectSafe(html)
    }

    @Test("Links with a dangerous scheme render only their text", arguments: [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "\tjavascript:alert(1)",
        "java&#09;script:alert(1)",
        "java&#x09;script:alert(1)",
        "jav&#x61;script:alert(1)",
        "jav&#97;script:alert(1)",
        "javascript&colon;alert(1)",
        "java\\tscript:alert(1)",
        "%6Aavascript:alert(1)",
        "javascript%3Aalert(1)",
        "<javascript:alert(1)>",
        "data:text/html,<script>alert(1)</script>",
        "DATA:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "foo:bar/baz",
        "&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)",
        "\u{1}javascript:alert(1)",
        "java\u{0}script:alert(1)",
    ])
    func dangerousLinks(url: String) {
        let html = Markdown.render("[x](\(url))")
        #expect(!html.contains("<a"), "\(url) → \(html)")
        // Controls end a destination, so some of these stay literal text: just as safe.
        #expect(html.hasPrefix("<p>x") || html.hasPrefix("<p>[x]("), "\(url) → \(html)")
        let image = Markdown.render("![x](\(url))")
        #expect(!image.contains("<a"), "\(url) → \(image)")
    }

    @Test("A real tab or newline inside the scheme does not sneak a link through")
    func controlCharactersInScheme() {
        for source in ["[x](java\tscript:alert(1))", "[x](<java\tscript:alert(1)>)", "[x](\u{7F}javascript:alert(1))"] {
            #expect(!Markdown.render(source).contains("<a"), "\(source)")
        }
    }

    @Test("Autolinks with a dangerous scheme render as text without an anchor")
    func dangerousAutolinks() {
        #expect(Markdown.render("<javascript:alert(1)>") == "<p>javascript:alert(1)</p>")
        #expect(Markdown.render("<data:text/html,x>") == "<p>data:text/html,x</p>")
        #expect(Markdown.render("<JAVASCRIPT:alert(1)>") == "<p>JAVASCRIPT:alert(1)</p>")
        #expect(Markdown.render("javascript:alert(1)") == "<p>javascript:alert(1)</p>")
    }

    @Test("Attribute values cannot break out of their quotes")
    func attributeBreakout() {
        let html = Markdown.render("[x](https://a.org/\"onmouseover=\"alert(1))")
        #expect(html == "<p><a href=\"https://a.org/&quot;onmouseover=&quot;alert(1)\" \(rel)>x</a></p>")
        let bare = Markdown.render("https://a.org/'onfocus='alert(1)'x")
        #expect(bare.contains("href=\"https://a.org/&#39;onfocus=&#39;alert(1)&#39;x\""))
        expectSafe(bare)
    }

    // MARK: - Limits

    @Test("Nesting stops at 8 levels of lists and quotes; deeper content joins the 8th level")
    func depthCap() {
        let quotes = Markdown.render(String(repeating: "> ", count: 12) + "deep")
        #expect(count("<blockquote>", in: quotes) == 8 && maxDepth(quotes) == 8)
        #expect(quotes.contains("<p>deep</p>"))
        let lists = Markdown.render((0..<12).map { String(repeating: "  ", count: $0) + "- l\($0)" }.joined(separator: "\n"))
        #expect(count("<ul>", in: lists) == 8 && maxDepth(lists) == 8)
        #expect(lists.contains("l11"))
        expectSafe(quotes)
        expectSafe(lists)
    }

    @Test("10,000 nested quotes or list items render without crashing, nested at most 8 deep", arguments: [
        Input("10,000 >", String(repeating: ">", count: 10_000) + " x"),
        Input("10,000 > with spaces", String(repeating: "> ", count: 10_000) + "x"),
        Input("10,000 - on one line", String(repeating: "- ", count: 10_000) + "x"),
        Input("10,000 1. on one line", String(repeating: "1. ", count: 10_000) + "x"),
        Input("5,000 > - pairs", String(repeating: "> - ", count: 5_000) + "x"),
        Input("10,000 quoted lines", (0..<10_000).map { _ in "> x" }.joined(separator: "\n")),
        Input("300-step indented staircase", (0..<300).map { String(repeating: "  ", count: $0) + "- item" }.joined(separator: "\n")),
    ])
    func deepNesting(input: Input) {
        let html = Markdown.render(input.source)
        #expect(maxDepth(html) <= 8)
        expectSafe(html)
    }

    @Test("100 KB of pathological input renders to well-formed, safe HTML", arguments: [
        Input("100,000 *", String(repeating: "*", count: 100_000)),
        Input("a and 100,000 *", "a" + String(repeating: "*", count: 100_000)),
        Input("100,000 [", String(repeating: "[", count: 100_000)),
        Input("100,000 ]", String(repeating: "]", count: 100_000)),
        Input("a* repeated", String(repeating: "a*", count: 50_000)),
        Input("*a repeated", String(repeating: "*a", count: 50_000)),
        Input("_a* repeated", String(repeating: "_a*", count: 33_000)),
        Input("*_ repeated", String(repeating: "*_", count: 50_000)),
        Input("[]( repeated", String(repeating: "[](", count: 33_000)),
        Input("[a](< repeated", String(repeating: "[a](<", count: 20_000)),
        Input("unclosed titles", String(repeating: "[a](b \"", count: 15_000)),
        Input("20,000 nested images", String(repeating: "![", count: 20_000) + "x" + String(repeating: "](/u)", count: 20_000)),
        Input("links after 20,000 [", String(repeating: "[", count: 20_000) + String(repeating: "[a](b)", count: 13_000)),
        Input("100,000 backticks", String(repeating: "`", count: 100_000)),
        Input("backtick runs of every length", (1...440).map { String(repeating: "`", count: $0) + "x" }.joined()),
        Input("unclosed autolinks", String(repeating: "<https://a ", count: 10_000)),
        Input("bare URLs with parentheses", String(repeating: "https://a.org/))))) ", count: 5_000)),
        Input("bare URL with 100,000 )", "https://a.org/" + String(repeating: ")", count: 100_000)),
        Input("100,000 <", String(repeating: "<", count: 100_000)),
        Input("&# repeated", String(repeating: "&#", count: 50_000)),
        Input("100,000 backslashes", String(repeating: "\\", count: 100_000)),
        Input("100,000 #", String(repeating: "#", count: 100_000)),
        Input("100,000 spaces", String(repeating: " ", count: 100_000) + "x"),
        Input("100,000 newlines", String(repeating: "\n", count: 100_000)),
        Input("25,000 fences", String(repeating: "```\n", count: 25_000)),
        Input("20,000 loose items", String(repeating: "- a\n\n", count: 20_000)),
        Input("every inline syntax", String(repeating: "*a _b **c __d [e](f) `g` <h> ", count: 3_500)),
    ])
    func pathological(input: Input) {
        expectSafe(Markdown.render(input.source))
    }

    @Test("Texts that stop Ink 0.6.0 with a fatal error render as a reader expects")
    func inputsThatStopInk() {
        #expect(Markdown.render("---\nx\n") == "<hr>\n<p>x</p>")
        #expect(Markdown.render("- a\n ") == "<ul>\n<li>a</li>\n</ul>")
        #expect(Markdown.render("- \n  ") == "<ul>\n<li></li>\n</ul>")
        #expect(Markdown.render("Intro\n\n- *a*\n    ") == "<p>Intro</p>\n<ul>\n<li><em>a</em></li>\n</ul>")
    }

    @Test("Random mixes of Markdown syntax always give well-formed, safe HTML")
    func fuzz() {
        let tokens = ["*", "_", "**", "__", "[", "]", "(", ")", "![", "](", "`", "```", "\n", "\n\n", "> ", "- ", "1. ", "  ", "    ",
                      "#", "# ", "<", ">", "&", "\"", "'", "javascript:", "JAVA\tSCRIPT:", "https://x.y/", "www", "mailto:", "a", "b ",
                      "\\", "&#x61;", "&colon;", "\t", "---", "~~~", ":", "/", "<https://q.r>", "<x@y.z>", "ü", "😀", "\u{0}", "\r"]
        var rng = SplitMix(seed: 42)
        for _ in 0..<3_000 {
            var source = ""
            for _ in 0..<Int(rng.next() % 80) { source += tokens[Int(rng.next() % UInt64(tokens.count))] }
            let html = Markdown.render(source)
            expectSafe(html, source: source)
        }
    }

    // MARK: - Helpers

    /// A large test input shown by a short name.
    struct Input: CustomTestStringConvertible, Sendable {
        let name: String
        let source: String

        init(_ name: String, _ source: String) {
            self.name = name
            self.source = source
        }

        var testDescription: String { name }
    }

    /// Checks that every tag is allowed, balanced and properly nested, and that every href is safe.
    func expectSafe(_ html: String, source: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
        let voids: Set<String> = ["br", "hr"]
        let allowed: Set<String> = ["p", "br", "h2", "h3", "h4", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "hr", "a"]
        var stack: [String] = []
        var rest = Substring(html)
        while let lt = rest.firstIndex(of: "<") {
            guard let gt = rest[lt...].firstIndex(of: ">") else {
                Issue.record("unterminated tag in \(html.debugDescription) from \(source.debugDescription)", sourceLocation: sourceLocation)
                return
            }
            let tag = rest[rest.index(after: lt)..<gt]
            rest = rest[rest.index(after: gt)...]
            if tag.hasPrefix("/") {
                let name = String(tag.dropFirst())
                guard stack.popLast() == name else {
                    Issue.record("misnested </\(name)> in \(html.debugDescription) from \(source.debugDescription)", sourceLocation: sourceLocation)
                    return
                }
                continue
            }
            let name = String(tag.prefix { $0 != " " })
            guard allowed.contains(name) else {
                Issue.record("tag <\(tag)> in \(html.debugDescription) from \(source.debugDescription)", sourceLocation: sourceLocation)
                return
            }
            let attributes = tag.dropFirst(name.count)
            if name == "a" {
                let prefix = " href=\"", suffix = "\" rel=\"nofollow ugc noopener\""
                guard attributes.hasPrefix(prefix), attributes.hasSuffix(suffix) else {
                    Issue.record("bad anchor <\(tag)>", sourceLocation: sourceLocation)
                    return
                }
                let href = attributes.dropFirst(prefix.count).dropLast(suffix.count)
                #expect(!href.contains("\"") && !href.contains("<") && !href.contains(">"), sourceLocation: sourceLocation)
                let decoded = href.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
                    .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
                let compact = decoded.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }.map(String.init).joined().lowercased()
                let scheme = compact.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
                let relative = scheme.count == 1 || scheme[0].contains { "/?#".contains($0) }
                #expect(relative || ["http", "https", "mailto"].contains(String(scheme[0])), "href \(decoded) from \(source.debugDescription)", sourceLocation: sourceLocation)
                #expect(!stack.contains("a"), "nested anchor in \(html.debugDescription)", sourceLocation: sourceLocation)
            } else if name == "ol" {
                #expect(attributes.isEmpty || attributes.wholeMatch(of: /\ start="\d+"/) != nil, sourceLocation: sourceLocation)
            } else {
                #expect(attributes.isEmpty, "attributes on <\(tag)>", sourceLocation: sourceLocation)
            }
            if !voids.contains(name) { stack.append(name) }
        }
        #expect(stack.isEmpty, "unclosed \(stack) in \(html.debugDescription) from \(source.debugDescription)", sourceLocation: sourceLocation)
    }

    /// How many times `needle` occurs in `haystack`.
    func count(_ needle: String, in haystack: String) -> Int {
        haystack.components(separatedBy: needle).count - 1
    }

    /// The deepest nesting of lists and quotes.
    func maxDepth(_ html: String) -> Int {
        var depth = 0, deepest = 0
        for tag in html.matches(of: /<(\/?)(?:blockquote|ul|ol)[ >]/) {
            depth += tag.output.1.isEmpty ? 1 : -1
            deepest = max(deepest, depth)
        }
        return deepest
    }
}

/// A small deterministic random number generator, so fuzz failures reproduce.
private struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
