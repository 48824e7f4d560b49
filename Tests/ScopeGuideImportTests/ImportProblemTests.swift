import Foundation
import ScopeGuideImport
import ScopeGuideKit
import Testing

/// Malformed and unusual pages: clear diagnostics with a line number, never a crash.
@Suite struct ImportProblemTests {
    let page: String

    init() throws { page = try Repo.fixture("outlook-reference.mdx") }

    /// 1-based line of the first line containing `needle`.
    func line(of needle: String, in text: String) -> Int {
        (text.components(separatedBy: "\n").firstIndex { $0.contains(needle) } ?? -2) + 1
    }

    @Test func aTruncatedPageIsAnErrorAtTheUnclosedTag() {
        let cut = String(page.prefix { _ in true }.components(separatedBy: "\n").prefix(120).joined(separator: "\n"))
        let conversion = PageImporter.convert(cut, path: "cut.mdx")
        let errors = conversion.errors
        #expect(!errors.isEmpty)
        // The section open at line 120 is the outermost unclosed tag.
        let sectionLine = cut.components(separatedBy: "\n").lastIndex { $0.hasPrefix("<section") }! + 1
        #expect(errors.contains { $0.location.line == sectionLine && $0.message.contains("<section> is never closed") })
        #expect(errors.allSatisfy { $0.description.hasPrefix("cut.mdx:\($0.location.line): error: ") })
    }

    @Test func aPageCutInsideATagIsAnError() {
        let at = page.range(of: "<Step title=\"Grant Admin Consent\">")!.lowerBound
        let cut = String(page[..<at]) + "<Step title=\"Grant"
        let conversion = PageImporter.convert(cut, path: "cut.mdx")
        #expect(conversion.errors.contains { $0.message.contains("is not terminated") && $0.location.line == line(of: "<Step title=\"Grant", in: cut) })
    }

    @Test func mismatchedClosingTagsAreErrors() {
        let broken = page.replacingOccurrences(of: "<p>Open <strong>API permissions</strong>.</p>",
                                               with: "<p>Open <strong>API permissions</p>.</strong>")
        let conversion = PageImporter.convert(broken, path: "bad.mdx")
        let at = line(of: "<p>Open <strong>API permissions</p>", in: broken)
        #expect(conversion.errors.contains { $0.location.line == at && $0.message.contains("<strong> is not closed before </p>") })
    }

    @Test func brokenJSONInThePanelIsAnErrorAtThePanelLine() {
        let broken = page.replacingOccurrences(of: "&#x22;scopes&#x22;:[&#x22;Mail.ReadBasic&#x22;]},", with: "&#x22;scopes&#x22;:[&#x22;Mail.ReadBasic&#x22;},")
        #expect(broken != page)
        let conversion = PageImporter.convert(broken, path: "bad.mdx")
        let at = line(of: "data-guide-actions-json", in: broken)
        #expect(conversion.errors.contains { $0.location.line == at && $0.message.contains("data-guide-actions-json is not a valid actions list") })
    }

    @Test func actionsWithoutScopesAreErrors() {
        let broken = page.replacingOccurrences(of: "&#x22;scopes&#x22;:[&#x22;Mail.Send&#x22;]},{&#x22;id&#x22;:&#x22;microsoftoutlook_send_draft",
                                               with: "&#x22;scopes&#x22;:[]},{&#x22;id&#x22;:&#x22;microsoftoutlook_send_draft")
        #expect(broken != page)
        let conversion = PageImporter.convert(broken, path: "bad.mdx")
        #expect(conversion.errors.map(\.message) == ["action 'microsoftoutlook_send_mail' has no scopes in data-guide-actions-json"])
    }

    @Test func unknownComponentsAreKeptAsTextBlocksWithAWarning() throws {
        let odd = page.replacingOccurrences(of: "<p>Copy the <strong>Value</strong> now: it is shown only once.</p>",
                                            with: "<p>Copy the <strong>Value</strong> now.</p>\n        <Accordion title=\"More\">Hidden *detail*</Accordion>\n        <p>See <img src=\"x.png\" /> and <kbd>Ctrl</kbd>.</p>")
        let conversion = PageImporter.convert(odd, path: "odd.mdx")
        #expect(conversion.errors.isEmpty)
        let at = line(of: "<Accordion", in: odd)
        #expect(conversion.warnings.contains { $0.location.line == at && $0.message.contains("<accordion> has no Markdown form; kept as a text block") })
        #expect(conversion.warnings.contains { $0.message.contains("<img> cannot be written in Markdown") })
        let secret = try #require(conversion.files["guides/oauth2/generate-client-secret.md"])
        #expect(secret.contains("``` text\n<accordion title=\"More\">Hidden *detail*</accordion>\n```"))
        #expect(secret.contains("See `<img src=\"x.png\">` and Ctrl."))
    }

    /// The converter marks elements with private-use characters; the page's own private-use
    /// characters (found by fuzzing: one used to index past the element list) stay text.
    @Test func privateUseCharactersInThePageStayText() throws {
        let odd = page.replacingOccurrences(of: "<p>Copy the <strong>Value</strong> now: it is shown only once.</p>",
                                            with: "<p>A\u{E005}B \u{F0000}<strong>Value</strong>\u{F8FF} `x\u{F0001}` [l](http://h/\u{F0002})</p>")
        let conversion = PageImporter.convert(odd, path: "odd.mdx")
        #expect(conversion.errors.isEmpty)
        let secret = try #require(conversion.files["guides/oauth2/generate-client-secret.md"])
        #expect(secret.contains("A\u{E005}B \u{F0000}**Value**\u{F8FF} `x\u{F0001}` [l](http://h/\u{F0002})"), "\(secret)")
    }

    @Test func aPageWithoutAPanelImportsWithoutActions() throws {
        let start = page.range(of: "<Panel>")!.lowerBound, end = page.range(of: "</Panel>")!.upperBound
        let plain = page.replacingCharacters(in: start..<end, with: "")
        let scratch = try Scratch()
        let content = try scratch.content()
        let file = try scratch.write("plain.mdx", plain)
        let (conversion, _) = try PageImporter(options: .init(page: file, content: content, templates: Repo.templates)).run()
        #expect(conversion.warnings.contains { $0.message.contains("no selector panel") })
        #expect(conversion.files["catalog.yaml"]?.contains("actions: []") == true)
        // The loader takes the empty action list; the scopes the steps name are still defined.
        let (_, connector) = try ContentLoader(paths: ContentPaths(content: content, templates: Repo.templates))
            .loadConnector("microsoftoutlook")
        #expect(connector.catalog.actions.isEmpty)
        #expect(connector.catalog.scopeNames.count == 6)
    }

    @Test func importingOverAnExistingFolderNeedsForce() throws {
        let scratch = try Scratch()
        let content = try scratch.content()
        let options = PageImporter.Options(page: Repo.fixtures + "/outlook-reference.mdx", content: content, templates: Repo.templates)
        _ = try PageImporter(options: options).run()
        let marker = try scratch.write("Content/connectors/microsoftoutlook/extra.txt", "mine")
        #expect(throws: Diagnostics.self) { try PageImporter(options: options).run() }
        #expect(FileManager.default.fileExists(atPath: marker))
        var forced = options
        forced.force = true
        _ = try PageImporter(options: forced).run()
        #expect(!FileManager.default.fileExists(atPath: marker))
        #expect(FileManager.default.fileExists(atPath: content + "/connectors/microsoftoutlook/catalog.yaml"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: content + "/connectors")
        #expect(leftovers == ["microsoftoutlook"])
    }

    @Test func errorsWriteNothing() throws {
        let scratch = try Scratch()
        let content = try scratch.content()
        let file = try scratch.write("bad.mdx", page.replacingOccurrences(of: "</Panel>", with: ""))
        #expect(throws: Diagnostics.self) {
            try PageImporter(options: .init(page: file, content: content, templates: Repo.templates)).run()
        }
        #expect(!FileManager.default.fileExists(atPath: content + "/connectors"))
    }

    @Test func garbageNeverCrashes() {
        let inputs = ["", "<", "</", "<a", "<a b={", "`", "``x", "<!--", "{{", "<Steps><Step>", "<section data-guide-section>",
                      "# T\n<Panel><div data-guide-actions-json=\"nope\"></div></Panel>", "\u{0}\u{1}", "a\u{E000}b\u{F8FF}\u{F0000}<b>c</b>\u{FFFFD}", String(repeating: "<div>", count: 3000)]
        for input in inputs {
            let conversion = PageImporter.convert(input, path: "g.mdx")
            #expect(!conversion.diagnostics.isEmpty, "\(input.prefix(20))")
        }
    }
}
