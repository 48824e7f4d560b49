import Foundation
import Mustache
import ScopeGuideCore
import Testing
@testable import ScopeGuideKit

/// The site's template renderer (`TemplateLibrary`) against swift-mustache, the reference
/// implementation: the same templates and values must give the same bytes.
@Suite("Templates")
struct TemplateTests {
    // MARK: - Both engines

    /// swift-mustache reads a `TemplateValue` tree through this.
    private struct MustacheBridge: MustacheParent {
        let object: any TemplateObject
        func child(named name: String) -> Any? { object.field(TemplateKey(name)).map(Self.bridge) }

        static func bridge(_ value: TemplateValue) -> Any {
            switch value {
            case .text(let text): text
            case .int(let number): number
            case .bool(let flag): flag
            case .list(let items): items.map(bridge)
            case .view(let object): MustacheBridge(object: object)
            }
        }
    }

    /// Made-up templates and data use any names (`.any`); the site's layouts are linked as the
    /// site links them, every name a declared field (`.declared`).
    static func ours(_ templates: [String: String], _ name: String, _ root: TemplateValue,
                     names: TemplateNames = .any) throws -> String {
        let library = try TemplateLibrary(templates.map { ($0.key, "\($0.key).mustache", $0.value) }, names: names)
        return library.render(name, root).string
    }

    static func reference(_ templates: [String: String], _ name: String, _ root: TemplateValue) throws -> String {
        var library = MustacheLibrary()
        for (key, text) in templates { try library.register(text, named: key) }
        return try #require(library.render(MustacheBridge.bridge(root), withTemplate: name))
    }

    static func record(_ fields: [String: TemplateValue]) -> TemplateValue { .object(SpecRecord(fields)) }

    static var data: TemplateValue { record([
        "name": .text("Mail <b>\"Read\"</b> & 'Write'"),
        "count": .int(3),
        "yes": .bool(true),
        "no": .bool(false),
        "empty": .list([]),
        "words": .strings(["a", "b<", "c"]),
        "items": .list([record(["id": .text("one"), "on": .bool(true)]),
                        record(["id": .text("two"), "on": .bool(false)])]),
        "outer": record(["inner": record(["leaf": .text("deep")])]),
        "html": .text("<em>raw</em>"),
    ]) }

    /// Each case: templates by name (the first is rendered).
    static let cases: [(String, [String: String])] = [
        ("interpolation", ["t": "Hi {{name}}, {{{name}}} {{& name}}; {{count}} {{yes}} {{missing}}."]),
        ("sections", ["t": "{{#items}}[{{id}}{{#on}}+{{/on}}{{^on}}-{{/on}}]{{/items}}{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{#empty}}E{{/empty}}{{^empty}}e{{/empty}}{{^missing}}m{{/missing}}"]),
        ("dotted and climbing", ["t": "{{outer.inner.leaf}} {{#outer}}{{#inner}}{{leaf}} {{name}} {{count}}{{/inner}}{{/outer}} {{outer.nope.leaf}}"]),
        ("current value", ["t": "{{#words}}<{{.}}>{{/words}}"]),
        ("standalone lines", ["t": "a\n  {{#items}}\n  - {{id}}\n  {{/items}}\n\t{{! note }}\nb\n{{^yes}}\nhidden\n{{/yes}}\nc"]),
        ("standalone with CRLF and at the end", ["t": "a\r\n{{#yes}}\r\nb\r\n{{/yes}}\r\n{{#yes}}c{{/yes}}\n  {{/yes}}".replacingOccurrences(of: "\n  {{/yes}}", with: "\n{{#no}}\n{{/no}}")]),
        ("tags sharing a line", ["t": "a {{#yes}}b{{/yes}} c\n {{#yes}}{{/yes}}\n{{#yes}}x{{/yes}}\n"]),
        ("multi-line comment", ["t": "a\n{{! one\n two }}\nb {{! inline }}c\n"]),
        ("partials", ["t": "start\n{{> p}}\n  {{> p}}\nend {{>p}}\n", "p": "p1 {{count}}\n{{name}} p2\n"]),
        ("layout blocks", ["t": "{{<layout}}ignored{{$body}}B {{count}}{{/body}}{{/layout}}",
                           "layout": "<{{$title}}default title{{/title}}|{{$body}}default body{{/body}}>"]),
        ("standalone layout tags", ["t": "{{<layout}}\n{{$body}}\nline {{name}}\n{{/body}}\n{{/layout}}\n",
                                    "layout": "<main>\n{{$body}}{{/body}}\n</main>\n"]),
        ("nested layouts", ["t": "{{<middle}}{{$a}}outer{{/a}}{{/middle}}",
                            "middle": "{{<base}}{{$a}}middle{{/a}}{{$b}}mid-b{{/b}}{{/base}}",
                            "base": "[{{$a}}base{{/a}}][{{$b}}base-b{{/b}}]"]),
    ]

    @Test("matches swift-mustache", arguments: cases.indices)
    func matchesReference(_ index: Int) throws {
        let (name, templates) = Self.cases[index]
        let ours = try Self.ours(templates, "t", Self.data)
        let reference = try Self.reference(templates, "t", Self.data)
        #expect(ours == reference, "case \(name)")
        #expect(!ours.isEmpty)
    }

    @Test("escapes & < > \" ' and keeps triple braces raw")
    func escaping() throws {
        let out = try Self.ours(["t": "{{name}}|{{{html}}}"], "t", Self.data)
        #expect(out == "Mail &lt;b&gt;&quot;Read&quot;&lt;/b&gt; &amp; &#39;Write&#39;|<em>raw</em>")
    }

    @Test("spec: standalone partials are indented, layouts resolve outermost override first")
    func specBehaviour() throws {
        let partial = try Self.ours(["t": "  {{> p}}\n", "p": "x\n{{count}}\n"], "t", Self.data)
        #expect(partial == "  x\n  3\n")
        let nested = try Self.ours(Dictionary(uniqueKeysWithValues: Self.cases[11].1.map { ($0.key, $0.value) }), "t", Self.data)
        #expect(nested == "[outer][mid-b]")
    }

    // MARK: - The site's pages

    static func sitePages(content: String) throws -> [(String, SiteRenderer.PageContext)] {
        let paths = ContentPaths(content: content, templates: Repo.templates)
        let site = try ContentLoader(paths: paths).load().site
        let renderer = try SiteRenderer(paths: paths)
        var pages: [(String, SiteRenderer.PageContext)] = [
            ("index", renderer.indexPageContext(site: site.settings, connectors: site.connectors.map(ConnectorSummary.init))),
            ("404", renderer.notFoundPageContext(site: site.settings)),
        ]
        for connector in site.connectors {
            pages.append(("\(connector.key) scopes", renderer.scopesPageContext(site: site.settings, connector: connector)))
            for guide in connector.guides {
                pages.append(("\(connector.key)/\(guide.key)",
                              renderer.guidePageContext(site: site.settings, connector: connector, guide: guide)))
                let some = Selection(catalog: connector.catalog, actionIDs: connector.catalog.actions.prefix(2).map(\.id) + ["nope"])
                pages.append(("\(connector.key)/\(guide.key) filtered",
                              renderer.standaloneGuideContext(site: site.settings, connector: connector, guide: guide,
                                                              selection: some, separator: .comma, minimal: true)))
            }
        }
        return pages
    }

    static func layouts() throws -> [String: String] {
        var out: [String: String] = [:]
        for name in SiteRenderer.layoutNames {
            out[name] = try String(contentsOfFile: Repo.templates + "/layouts/\(name).mustache", encoding: .utf8)
        }
        return out
    }

    @Test("every page of Content/ and of the hostile fixture matches swift-mustache byte for byte",
          arguments: ["Content", "Tests/fixtures/hostile"])
    func sitePagesMatchReference(_ folder: String) throws {
        let layouts = try Self.layouts()
        let pages = try Self.sitePages(content: Repo.root.appendingPathComponent(folder).path)
        #expect(pages.count >= 4)
        for (name, page) in pages {
            let ours = try Self.ours(layouts, page.template, page.root, names: .declared)
            let reference = try Self.reference(layouts, page.template, page.root)
            #expect(ours == reference, "page \(name)")
            #expect(ours.hasPrefix("<!doctype html>"), "page \(name)")
        }
    }

    // MARK: - Errors

    static let errors: [(template: String, partials: [String: String], expected: String)] = [
        ("a\n{{#items}}\nb\n", [:], "t.mustache:2:1: error: template syntax: this section is never closed"),
        ("{{#a}}x{{/b}}", [:], "t.mustache:1:8: error: template syntax: {{/b}} does not close {{#a}} opened at line 1"),
        ("x\n  {{/a}}", [:], "t.mustache:2:3: error: template syntax: {{/a}} closes nothing"),
        ("x {{name", [:], "t.mustache:1:3: error: template syntax: the tag is not closed with \"}}\""),
        ("{{=<% %>=}}", [:], "t.mustache:1:1: error: template syntax: changing delimiters ({{=…=}}) is not supported"),
        ("{{a b}}", [:], "t.mustache:1:1: error: template syntax: \"a b\" is not a valid name"),
        ("\n{{> nothere}}", [:], "t.mustache:2:1: error: no partial named \"nothere\" (templates: t)"),
        ("{{> p}}", ["p": "{{> p}}"], "p.mustache:1:1: error: partial \"p\" includes itself"),
        ("é ✓ {{#a}}", [:], "t.mustache:1:5: error: template syntax: this section is never closed"),
        ("<p>\n  {{titel}}", [:], "t.mustache:2:3: error: unknown template field \"titel\" (did you mean \"title\"?); "
            + "the fields views answer to are the cases of TemplateField"),
        ("{{#page}}{{page.nonexistent}}{{/page}}", [:], "t.mustache:1:10: error: unknown template field \"nonexistent\" in {{page.nonexistent}}; "
            + "the fields views answer to are the cases of TemplateField"),
        ("{{> p}}", ["p": "x\n{{^zzzzzz}}{{/zzzzzz}}"], "p.mustache:2:1: error: unknown template field \"zzzzzz\"; "
            + "the fields views answer to are the cases of TemplateField"),
    ]

    @Test("a layout naming an unknown field is an error when the site's layouts are loaded")
    func unknownFieldInLayout() throws {
        let folder = try TemporaryDirectory()
        for name in SiteRenderer.layoutNames {
            var text = try String(contentsOfFile: Repo.templates + "/layouts/\(name).mustache", encoding: .utf8)
            if name == "404" { text += "<p>{{page.siteTitel}}</p>\n" }
            try folder.write("Templates/layouts/\(name).mustache", text)
        }
        let paths = ContentPaths(content: Repo.content, templates: folder.path + "/Templates")
        let layout = paths.layoutsDirectory + "/404.mustache"
        let line = try folder.read("Templates/layouts/404.mustache").split(separator: "\n", omittingEmptySubsequences: false).count - 1
        do {
            _ = try SiteRenderer(paths: paths)
            Issue.record("the layouts loaded")
        } catch {
            #expect(error.description == "\(layout):\(line):4: error: unknown template field \"siteTitel\" in {{page.siteTitel}} "
                    + "(did you mean \"siteTitle\"?); the fields views answer to are the cases of TemplateField")
        }
    }

    @Test("syntax errors and unknown fields name the file, line and column", arguments: errors.indices)
    func syntaxErrors(_ index: Int) {
        let (template, partials, expected) = Self.errors[index]
        var sources = [("t", "t.mustache", template)]
        for (name, text) in partials { sources.append((name, "\(name).mustache", text)) }
        #expect(throws: Diagnostics.self) { try TemplateLibrary(sources) }
        do {
            _ = try TemplateLibrary(sources)
        } catch {
            #expect(error.description == expected)
        }
    }
}
