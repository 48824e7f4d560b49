import Testing
import ScopeGuideCore

@Suite("Guide URL")
struct GuideURLTests {
    /// Ids that need escaping; a catalog built by hand may hold any of them.
    static let awkwardIDs = [
        "plain_id", "café_ünïcode", "日本語", "emoji😀", "100%", "a&b=c", "hash#tag", "a+b",
        "<script>alert(1)</script>", "quote\"d", "single'q", "sp ace", "a,b", "slash/and?q", "%zz", "%41",
    ]
    static let catalog = Catalog(
        scopes: [Scope(name: "s")],
        actions: awkwardIDs.enumerated().map { Action(id: $1, label: "L\($0)", scopes: ["s"]) })

    func make(_ ids: [String]?, _ sep: ScopeSeparator = .space) -> String {
        GuideURL.make(baseURL: "https://guides.example.test", connector: "demo", guide: "oauth2",
                      selection: Selection(catalog: Self.catalog, actionIDs: ids), separator: sep)
    }

    @Test("random selections of awkward ids round-trip")
    func roundTrip() {
        var rng = SplitMix64(seed: 2024)
        for _ in 0..<300 {
            let ids = Self.awkwardIDs.filter { _ in Bool.random(using: &rng) }.shuffled(using: &rng)
            let sep = ScopeSeparator.allCases.randomElement(using: &rng)!
            let url = make(ids, sep)
            let parsed = GuideURL.parse(url)
            let expected = Self.awkwardIDs.filter(ids.contains)  // catalog order
            #expect(parsed.actionIDs == (expected.count == Self.awkwardIDs.count ? nil : expected), "\(url)")
            #expect(parsed.separator == sep)
            // Everything that is not URL syntax is escaped: plain ASCII, no quotes, spaces or markup.
            #expect(url.unicodeScalars.allSatisfy { $0.isASCII }, "\(url)")
            #expect(!url.contains("<") && !url.contains("\"") && !url.contains(" ") && !url.contains("#"), "\(url)")
        }
    }

    @Test("all actions selected: no actions parameter")
    func allSelected() {
        #expect(make(nil) == "https://guides.example.test/demo/oauth2/")
        #expect(make(Self.awkwardIDs.reversed()) == "https://guides.example.test/demo/oauth2/")
        #expect(GuideURL.parse(make(nil)).actionIDs == nil)
        #expect(make(nil, .pipe) == "https://guides.example.test/demo/oauth2/?sep=pipe")
    }

    @Test("nothing selected: an empty actions parameter that parses back to none")
    func noneSelected() {
        #expect(make([]) == "https://guides.example.test/demo/oauth2/?actions=")
        #expect(GuideURL.parse(make([])).actionIDs == [])
        #expect(make([], .comma) == "https://guides.example.test/demo/oauth2/?actions=&sep=comma")
    }

    @Test("ids come out in catalog order, escaped")
    func escapedIDs() {
        #expect(make(["a+b", "plain_id", "hash#tag"])
            == "https://guides.example.test/demo/oauth2/?actions=plain_id,hash%23tag,a%2Bb")
        #expect(make(["<script>alert(1)</script>"])
            == "https://guides.example.test/demo/oauth2/?actions=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    }

    @Test("sep appears only when the separator is not space", arguments: ScopeSeparator.allCases)
    func separatorParameter(sep: ScopeSeparator) {
        let url = make(["plain_id"], sep)
        if sep == .space {
            #expect(url == "https://guides.example.test/demo/oauth2/?actions=plain_id")
        } else {
            #expect(url == "https://guides.example.test/demo/oauth2/?actions=plain_id&sep=\(sep.rawValue)")
        }
        #expect(GuideURL.parse(url).separator == sep)
    }

    @Test("encode matches encodeURIComponent", arguments: [
        ("a b", "a%20b"), ("é", "%C3%A9"), ("!'()*-._~", "!'()*-._~"), (",", "%2C"),
        ("AZaz09", "AZaz09"), ("&", "%26"), ("=", "%3D"), ("#", "%23"), ("+", "%2B"), ("%", "%25"),
        ("/", "%2F"), ("?", "%3F"), (":", "%3A"), ("@", "%40"), ("$", "%24"), (";", "%3B"),
        ("\"", "%22"), ("<>", "%3C%3E"), ("\n", "%0A"), ("😀", "%F0%9F%98%80"), ("日", "%E6%97%A5"),
        ("[]{}|\\^`", "%5B%5D%7B%7D%7C%5C%5E%60"), ("", ""),
    ])
    func encodeTable(input: String, expected: String) {
        #expect(GuideURL.encode(input) == expected)
        #expect(GuideURL.decode(expected) == input)
    }

    @Test("malformed escapes are kept raw")
    func malformedEscapes() {
        #expect(GuideURL.decode("%zz") == "%zz")
        #expect(GuideURL.decode("ab%4") == "ab%4")
        #expect(GuideURL.decode("%E9") == "%E9")  // a lone Latin-1 byte is not UTF-8
        #expect(GuideURL.decode("a+b") == "a+b")  // decodeURIComponent leaves '+' alone
        let parsed = GuideURL.parse("https://x.test/c/g/?actions=ok,%zz,%E9,caf%C3%A9")
        #expect(parsed.actionIDs == ["ok", "%zz", "%E9", "café"])
    }

    @Test("parse ignores fragments, other parameters and unknown separators")
    func parseEdges() {
        #expect(GuideURL.parse("https://x.test/c/g/").actionIDs == nil)
        #expect(GuideURL.parse("?actions=a,b#actions=c").actionIDs == ["a", "b"])
        #expect(GuideURL.parse("?utm=1&actions=a,,b&x").actionIDs == ["a", "b"])
        #expect(GuideURL.parse("?actions=a&sep=tab").separator == .space)
        #expect(GuideURL.parse("?sep=newline").separator == .newline)
        #expect(GuideURL.parse("?sep=newline").actionIDs == nil)
        #expect(GuideURL.parse("?actions").actionIDs == [])
    }

    @Test("connector and guide keys are escaped in the path")
    func pathEscaping() {
        let s = Selection(catalog: Self.catalog, actionIDs: nil)
        #expect(GuideURL.make(baseURL: "https://x.test", connector: "a b", guide: "g/h", selection: s)
            == "https://x.test/a%20b/g%2Fh/")
    }
}
