import Foundation
import Testing
@testable import ScopeGuideKit

/// `scopeguide check --format text|github|json`: the one formatter over a diagnostic list.
@Suite("Diagnostic formats")
struct DiagnosticFormatTests {
    /// A planted content error (an unknown scope in a catalog), as the loader reports it.
    func plantedError() throws -> (TestSite, [Diagnostic]) {
        let site = try TestSite()
        try site.replace("requiredScopes: [a.write]", with: "requiredScopes: [a.write, a.nope]", in: TestSite.catalogPath)
        do {
            _ = try ContentLoader(paths: site.paths).load()
            Issue.record("the planted error was not reported")
            return (site, [])
        } catch {
            return (site, error.diagnostics)
        }
    }

    @Test("github: a planted content error becomes one ::error workflow command, path relative to the base")
    func githubPlanted() throws {
        let (site, diagnostics) = try plantedError()
        #expect(DiagnosticFormat.github.render(diagnostics, relativeTo: site.root) ==
            "::error file=Content/connectors/demo/catalog.yaml,line=12,col=31::action 'demo_update' requires unknown scope 'a.nope' (not in scopeDefinitions)\n")
    }

    @Test("json: a planted content error becomes an array of objects")
    func jsonPlanted() throws {
        let (site, diagnostics) = try plantedError()
        #expect(DiagnosticFormat.json.render(diagnostics, relativeTo: site.root + "/") == """
            [
              {
                "severity" : "error",
                "file" : "Content/connectors/demo/catalog.yaml",
                "line" : 12,
                "column" : 31,
                "message" : "action 'demo_update' requires unknown scope 'a.nope' (not in scopeDefinitions)"
              }
            ]

            """)
    }

    @Test("text is the compiler-style line check always printed")
    func textUnchanged() throws {
        let (site, diagnostics) = try plantedError()
        #expect(DiagnosticFormat.text.render(diagnostics) == diagnostics.map { "\($0.description)\n" }.joined())
        #expect(DiagnosticFormat.text.render(diagnostics).hasPrefix(site.root + "/Content/connectors/demo/catalog.yaml:12:31: error: action 'demo_update'"))
    }

    @Test("github escaping: %, CR and LF in messages; also ',' and ':' in properties")
    func githubEscaping() {
        let d = [
            Diagnostic(.warning, at: SourceLocation(path: "a,b:c%d.md", line: 3, column: 4), "100% done\r\nnext: a, b"),
            Diagnostic(.error, at: SourceLocation(path: "x.yaml"), "plain"),
        ]
        #expect(DiagnosticFormat.github.render(d) == """
            ::warning file=a%2Cb%3Ac%25d.md,line=3,col=4::100%25 done%0D%0Anext: a, b
            ::error file=x.yaml,line=1,col=1::plain

            """)
        #expect(DiagnosticFormat.githubData("%0A") == "%250A")  // escaped once, not read back as a line break
        #expect(DiagnosticFormat.githubProperty("C:\\x,y") == "C%3A\\x%2Cy")
    }

    @Test("json: an id when the diagnostic has one; quotes, backslashes and control characters escaped; [] when clean")
    func jsonDetails() throws {
        let d = [Diagnostic(.warning, at: SourceLocation(path: "/elsewhere/p\"q.md", line: 2, column: 7), "tab\there \\ \"quoted\"\n", id: "raw-html")]
        let json = DiagnosticFormat.json.render(d, relativeTo: "/work")
        #expect(json == """
            [
              {
                "severity" : "warning",
                "id" : "raw-html",
                "file" : "/elsewhere/p\\"q.md",
                "line" : 2,
                "column" : 7,
                "message" : "tab\\there \\\\ \\"quoted\\"\\n"
              }
            ]

            """)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(parsed.first?["message"] as? String == "tab\there \\ \"quoted\"\n")
        #expect(DiagnosticFormat.json.render([]) == "[]\n")
        #expect(DiagnosticFormat.github.render([]) == "")
    }

    @Test("a layout that does not parse is a diagnostic at its line and column")
    func templateError() throws {
        let sources = [(name: "guide", path: "Templates/layouts/guide.mustache", text: "a\n  {{#x}}")]
        #expect {
            _ = try TemplateLibrary(sources, names: .any)
        } throws: { error in
            guard let d = (error as? Diagnostics)?.diagnostics.first else { return false }
            return DiagnosticFormat.github.render([d]).hasPrefix("::error file=Templates/layouts/guide.mustache,line=2,col=3::template syntax: ")
                && d.id == "template"
        }
    }

    @Test("places without a line, a column or a file print without them, in every format")
    func partialPlaces() throws {
        let ds = [
            Diagnostic(at: .file("Public"), "cannot write the site"),
            Diagnostic(.warning, at: .line(12, of: "page.mdx"), "JSX expression is not imported"),
            Diagnostic(at: .none, "--connector KEY is required", notes: ["try --connector slack"]),
        ]
        #expect(DiagnosticFormat.text.render(ds) == """
            Public: error: cannot write the site
            page.mdx:12: warning: JSX expression is not imported
            error: --connector KEY is required
            note: try --connector slack

            """)
        #expect(DiagnosticFormat.github.render(ds) == """
            ::error file=Public::cannot write the site
            ::warning file=page.mdx,line=12::JSX expression is not imported
            ::error::--connector KEY is required%0Atry --connector slack

            """)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(DiagnosticFormat.json.render(ds).utf8)) as? [[String: Any]])
        #expect(json.map { $0["line"] as? Int } == [0, 12, 0])
        #expect(json[2]["notes"] as? [String] == ["try --connector slack"])
        #expect(json[0]["notes"] == nil)
    }

    @Test("a check run elsewhere reports the paths the user knows")
    func replacingPaths() {
        let d = Diagnostics(at: SourceLocation(path: "/tmp/x/connectors/a/catalog.yaml", line: 3), "section file '/tmp/x/connectors/a/s.md' not found")
        let shown = d.replacingPaths("/tmp/x", with: "Content")
        #expect(shown.description == "Content/connectors/a/catalog.yaml:3:1: error: section file 'Content/connectors/a/s.md' not found")
    }
}
