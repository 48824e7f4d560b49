import Testing
@testable import ScopeGuideKit

/// Each output context escapes content strings for itself (hardening issue: injection).
@Suite("Escaping per context")
struct EscapeTests {
    static let hostile = [
        "<script>alert(1)</script>", "[x](javascript:alert(1))", "# Heading", "1. item", "- item",
        "**bold** _em_ `code`", "a | b", "&amp; <!-- c -->", "line\nbreak", "![img](x.png)",
    ]

    @Test("Markdown: a hostile label renders through cmark as its own literal text")
    func markdownStaysLiteral() {
        for text in Self.hostile {
            let html = MarkdownDocument.renderText("Label: " + Escape.markdown(text)).html
            let expected = "<p>Label: " + Escape.html(text.replacingAll("\n", with: " ")) + "</p>\n"
            #expect(html == expected, "\(text.debugDescription) rendered as \(html.debugDescription)")
        }
    }

    @Test("Markdown: block starters at the start of a line stay text")
    func markdownLineStart() {
        for text in ["# Heading", "1. item", "12) item", "- item", "+ item", "> quote"] {
            let html = MarkdownDocument.renderText(Escape.markdown(text)).html
            #expect(html == "<p>" + Escape.html(text) + "</p>\n", "\(text) rendered as \(html)")
        }
        #expect(Escape.markdown("OAuth 2.0 one-time setup") == "OAuth 2.0 one-time setup")
    }

    @Test("HTML: the five characters Mustache escapes")
    func html() {
        #expect(Escape.html(#"<a href="x" title='y'>&</a>"#) == "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;")
        #expect(Escape.html("plain é text") == "plain é text")
    }

    @Test("JSON in a script element cannot close it")
    func jsonInScript() {
        var writer = JSONWriter()
        writer.object { $0.field("label", "</script><!-- \u{2028} & >") }
        let json = writer.text
        let safe = Escape.scriptSafe(json)
        #expect(!safe.contains("<") && !safe.contains(">") && !safe.contains("&") && !safe.contains("\u{2028}"))
        #expect(safe == #"{"label":"\u003c/script\u003e\u003c!-- \u2028 \u0026 \u003e"}"#)
    }

    @Test("JSON strings: quotes, backslashes and control characters")
    func jsonQuoting() {
        var writer = JSONWriter()
        writer.strings(["a\"b", "c\\d", "e\nf", "\u{01}", "\u{1F}\t"])
        #expect(writer.text == #"["a\"b","c\\d","e\nf","\u0001","\u001f\t"]"#)
    }

    @Test("JSON layout: nesting, empty containers and pretty indentation")
    func jsonLayout() {
        func sample(_ json: inout JSONWriter) {
            json.object { json in
                json.field("a", strings: [])
                json.key("b")
                json.object { _ in }
                json.key("c")
                json.array { json in
                    json.number(1)
                    json.object { $0.field("d", "e") }
                }
            }
        }
        var compact = JSONWriter()
        sample(&compact)
        #expect(compact.text == #"{"a":[],"b":{},"c":[1,{"d":"e"}]}"#)
        var pretty = JSONWriter(pretty: true)
        sample(&pretty)
        #expect(pretty.text == "{\n  \"a\" : [],\n  \"b\" : {},\n  \"c\" : [\n    1,\n    {\n      \"d\" : \"e\"\n    }\n  ]\n}")
    }

    @Test("CSV: formula cells neutralised, separators quoted")
    func csv() {
        #expect(Escape.csv("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(Escape.csv("+1") == "'+1")
        #expect(Escape.csv("-1") == "'-1")
        #expect(Escape.csv("@SUM(A1)") == "'@SUM(A1)")
        #expect(Escape.csv("a,b") == "\"a,b\"")
        #expect(Escape.csv("Mail.Read") == "Mail.Read")
    }

    @Test("Sitemap XML")
    func xml() {
        #expect(Escape.xml("https://x/?a=1&b='2'") == "https://x/?a=1&amp;b=&apos;2&apos;")
    }
}

/// The byte search behind `containsBytes`, `firstRange(ofBytes:)` and `replacingAll`
/// (`sg_memmem`: memchr and a compare for short needles, glibc's memmem for long ones).
@Suite("Byte search")
struct ByteSearchTests {
    /// The first match by plain comparison at every offset.
    static func naive(_ hay: [UInt8], _ needle: [UInt8]) -> Int? {
        guard !needle.isEmpty else { return 0 }
        guard needle.count <= hay.count else { return nil }
        return (0...(hay.count - needle.count)).first { Array(hay[$0..<($0 + needle.count)]) == needle }
    }

    @Test("finds the first match like a plain comparison, on 20,000 random texts and needles")
    func randomTexts() {
        var rng = SplitMix64(seed: 20_261_127)
        let alphabet = Array("ab`{}]:~ ".utf8)  // few letters, so partial matches are common
        for _ in 0..<20_000 {
            let hay = (0..<Int.random(in: 0...40, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            let needle = (0..<Int.random(in: 1...12, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            let text = String(decoding: hay, as: UTF8.self), pattern = String(decoding: needle, as: UTF8.self)
            let found = text.firstRange(ofBytes: pattern).map { text.utf8.distance(from: text.utf8.startIndex, to: $0.lowerBound) }
            #expect(found == Self.naive(hay, needle), "\(text.debugDescription) / \(pattern.debugDescription)")
        }
    }
}
