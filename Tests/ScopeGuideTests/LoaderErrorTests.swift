import Foundation
import Testing
@testable import ScopeGuideKit

/// One test per content error kind: each starts from the valid `TestSite`, breaks one thing
/// and asserts the exact `path:line:col: error: message` the loader reports.
@Suite("Loader errors")
struct LoaderErrorTests {
    let catalog = TestSite.catalogPath
    let section = TestSite.sectionPath

    @Test("the untouched test site loads without errors")
    func validSiteLoads() throws {
        let site = try TestSite()
        #expect(site.errors() == [])
        let loaded = try ContentLoader(paths: site.paths).load()
        let demo = try #require(loaded.site.connector("demo"))
        #expect(demo.catalog.actions.map(\.id) == ["demo_list", "demo_update"])
        #expect(demo.guides.first?.sections.map(\.title) == ["Set Up", "Finish"])
    }

    @Test("unknown scope in an action's requiredScopes")
    func unknownScopeInAction() throws {
        let site = try TestSite()
        try site.replace("requiredScopes: [a.write]", with: "requiredScopes: [a.write, a.nope]", in: catalog)
        #expect(site.errors() == [
            "\(catalog):12:31: error: action 'demo_update' requires unknown scope 'a.nope' (not in scopeDefinitions)",
        ])
    }

    @Test("unknown scope in a step's guide block is reported at the Markdown file's line")
    func unknownScopeInGuideBlock() throws {
        let site = try TestSite()
        try site.replace("when: [a.read, a.write]", with: "when: [a.read, b.nope]", in: section)
        try site.replace("badge: all", with: "badge: [a.write, zz]", in: section)
        #expect(site.errors() == [
            "\(section):12:16: error: unknown scope 'b.nope' (not in this connector's catalog.yaml)",
            "\(section):14:18: error: unknown scope 'zz' (not in this connector's catalog.yaml)",
        ])
    }

    @Test("duplicate action id")
    func duplicateActionID() throws {
        let site = try TestSite()
        try site.replace("id: demo_update", with: "id: demo_list", in: catalog)
        #expect(site.errors() == [
            "\(catalog):10:9: error: duplicate action id 'demo_list' (first defined at line 7)",
        ])
    }

    @Test("duplicate scope definition")
    func duplicateScope() throws {
        let site = try TestSite()
        try site.replace("actions:\n", with: "  - name: a.read\nactions:\n", in: catalog)
        #expect(site.errors() == [
            "\(catalog):6:11: error: duplicate scope 'a.read' (first defined at line 2)",
        ])
    }

    @Test("action without requiredScopes")
    func actionWithoutScopes() throws {
        let site = try TestSite()
        try site.replace("    requiredScopes: [a.write]\n", with: "", in: catalog)
        #expect(site.errors() == [
            "\(catalog):10:5: error: action 'demo_update' has no 'requiredScopes'; every action needs at least one scope",
        ])
    }

    @Test("action with an empty requiredScopes list")
    func emptyRequiredScopes() throws {
        let site = try TestSite()
        try site.replace("requiredScopes: [a.write]", with: "requiredScopes: []", in: catalog)
        #expect(site.errors() == [
            "\(catalog):12:21: error: action 'demo_update' has an empty 'requiredScopes' list",
        ])
    }

    @Test("includes cycle")
    func includesCycle() throws {
        let site = try TestSite()
        try site.replace("description: Read things.", with: "includes: [a.write]", in: catalog)
        #expect(site.errors() == [
            "\(catalog):2:11: error: 'includes' forms a cycle: a.read → a.write → a.read",
        ])
    }

    @Test("a scope that includes itself is a cycle")
    func selfInclude() throws {
        let site = try TestSite()
        try site.replace("includes: [a.read]", with: "includes: [a.write]", in: catalog)
        #expect(site.errors() == [
            "\(catalog):4:11: error: 'includes' forms a cycle: a.write → a.write",
        ])
    }

    @Test("includes names an unknown scope")
    func includesUnknownScope() throws {
        let site = try TestSite()
        try site.replace("includes: [a.read]", with: "includes: [a.read, a.ghost]", in: catalog)
        #expect(site.errors() == [
            "\(catalog):5:24: error: scope 'a.write' includes unknown scope 'a.ghost'",
        ])
    }

    @Test("unknown template variable in Markdown")
    func unknownTemplateVariable() throws {
        let site = try TestSite()
        try site.replace("Intro for {{connectorName}}.", with: "Intro for {{connectorNme}}.", in: section)
        #expect(site.errors() == [
            "\(section):3:1: error: unknown template variable 'connectorNme' (known: connectorName, connectorKey, provider, redirectURI, platformName, authMethod, guideTitle, credentialFields)",
        ])
    }

    @Test("raw HTML block in Markdown")
    func rawHTMLBlock() throws {
        let site = try TestSite()
        try site.replace("Do the first thing.", with: "<script>alert(1)</script>", in: section)
        #expect(site.errors() == [
            "\(section):7:1: error: raw HTML is not allowed in Markdown content; use Markdown syntax",
        ])
    }

    @Test("raw inline HTML in Markdown")
    func rawInlineHTML() throws {
        let site = try TestSite()
        try site.replace("Do the first thing.", with: "Do the <b>first</b> thing.", in: section)
        #expect(site.errors() == [
            "\(section):7:8: error: raw HTML is not allowed in Markdown content; use Markdown syntax",
            "\(section):7:16: error: raw HTML is not allowed in Markdown content; use Markdown syntax",
        ])
    }

    @Test("variable values are text: a hostile connector name is escaped, never markup")
    func variablesAreEscaped() throws {
        let site = try TestSite()
        try site.replace("name: Demo", with: "name: \"<img src=x onerror=alert(1)> & Co\"", in: TestSite.connectorPath)
        #expect(site.errors() == [])
        let guide = try #require(try ContentLoader(paths: site.paths).load().site.connector("demo")?.guides.first)
        let intro = guide.sections[0].intro.html
        #expect(intro == "<p>Intro for &lt;img src=x onerror=alert(1)&gt; &amp; Co.</p>\n")
        #expect(!guide.sections[1].steps[0].body.html.contains("<img"))
    }

    @Test("malformed YAML carries libyaml's line and column")
    func malformedYAML() throws {
        let site = try TestSite()
        try site.replace("label: List Things", with: "label: List: Things", in: catalog)
        #expect(site.errors() == [
            "\(catalog):8:16: error: malformed YAML: mapping values are not allowed in this context",
        ])
    }

    @Test("missing catalog.yaml")
    func missingCatalog() throws {
        let site = try TestSite()
        try site.remove(catalog)
        #expect(site.errors() == ["\(catalog):1:1: error: missing file catalog.yaml"])
    }

    @Test("missing YAML files", arguments: ["Content/site.yaml", TestSite.connectorPath, TestSite.guidePath])
    func missingYAML(path: String) throws {
        let site = try TestSite()
        try site.remove(path)
        let name = path.split(separator: "/").last!
        #expect(site.errors() == ["\(path):1:1: error: missing file \(name)"])
    }

    @Test("missing section file listed in guide.yaml")
    func missingSectionFile() throws {
        let site = try TestSite()
        try site.remove(section)
        #expect(site.errors() == [
            "\(TestSite.guidePath):4:5: error: section file '\(section)' not found",
        ])
    }

    /// Section files are opened without following links; a link is then checked for where it
    /// leads: inside the folder it loads, outside it is an error.
    @Test("section files that are links: inside the folder they load, outside they are errors")
    func sectionLinks() throws {
        let site = try TestSite()
        let folder = site.root + "/Content/connectors/demo/guides/main"
        try FileManager.default.moveItem(atPath: folder + "/setup.md", toPath: folder + "/real-setup.md")
        try FileManager.default.createSymbolicLink(atPath: folder + "/setup.md", withDestinationPath: "real-setup.md")
        #expect(site.errors() == [])
        let loaded = try ContentLoader(paths: site.paths).load()
        #expect(loaded.site.connector("demo")?.guides.first?.sections.map(\.title) == ["Set Up", "Finish"])

        try FileManager.default.removeItem(atPath: folder + "/setup.md")
        try FileManager.default.createSymbolicLink(atPath: folder + "/setup.md", withDestinationPath: site.root + "/Content/site.yaml")
        #expect(site.errors() == [
            "\(TestSite.guidePath):4:5: error: section file '\(section)' is a link to outside its folder",
        ])
    }

    @Test("missing shared step template")
    func missingTemplate() throws {
        let site = try TestSite()
        try site.remove("Templates/steps/final.md")
        #expect(site.errors() == [
            "\(TestSite.guidePath):5:5: error: section file 'Templates/steps/final.md' not found",
        ])
    }

    @Test("non-UTF-8 bytes are reported at the first bad byte")
    func invalidUTF8() throws {
        let site = try TestSite()
        // Line 3 is "Intro é " then a lone lead byte 0xC3 followed by "(".
        let bytes = Array("# Set Up\n\n".utf8) + Array("Intro é ".utf8) + [0xC3] + Array("(\n".utf8)
        try site.writeBytes(section, bytes)
        #expect(site.errors() == ["\(section):3:9: error: file is not valid UTF-8"])
    }

    @Test("non-UTF-8 bytes in a YAML file")
    func invalidUTF8InYAML() throws {
        let site = try TestSite()
        try site.writeBytes(TestSite.connectorPath, Array("name: Demo\nprovider: D".utf8) + [0xFF] + Array("\n".utf8))
        #expect(site.errors() == ["\(TestSite.connectorPath):2:12: error: file is not valid UTF-8"])
    }

    @Test("connector folder names that are not safe slugs", arguments: ["Bad Name", "UPPER", "..x", "-lead", "a.b"])
    func unsafeConnectorFolder(name: String) throws {
        let site = try TestSite()
        try site.addConnector(name)
        #expect(site.errors() == [
            "Content/connectors/\(name):1:1: error: connector folder name '\(name)' is not a safe key (use a-z, 0-9, '-' and '_', starting with a letter or digit)",
        ])
    }

    @Test("a second connector with a safe name loads")
    func safeSecondConnector() throws {
        let site = try TestSite()
        try site.addConnector("demo-2_b")
        #expect(site.errors() == [])
    }

    @Test("unknown key in YAML (typo requiredScope)")
    func unknownKey() throws {
        let site = try TestSite()
        try site.replace("requiredScopes: [a.write]", with: "requiredScope: [a.write]", in: catalog)
        #expect(site.errors() == [
            "\(catalog):10:5: error: action 'demo_update' has no 'requiredScopes'; every action needs at least one scope",
            "\(catalog):12:5: error: unknown key 'requiredScope' (expected one of: description, id, label, requiredScopes)",
        ])
    }

    @Test("duplicate YAML key")
    func duplicateKey() throws {
        let site = try TestSite()
        try site.replace("    label: List Things\n", with: "    label: List Things\n    label: Again\n", in: catalog)
        #expect(site.errors() == ["\(catalog):9:5: error: duplicate key 'label'"])
    }

    @Test("an unknown key written twice is reported once, and its second line as a duplicate")
    func duplicateUnknownKey() throws {
        let site = try TestSite()
        try site.replace("    label: List Things\n", with: "    label: List Things\n    note: a\n    note: b\n", in: catalog)
        #expect(site.errors() == [
            "\(catalog):9:5: error: unknown key 'note' (expected one of: description, id, label, requiredScopes)",
            "\(catalog):10:5: error: duplicate key 'note'",
        ])
    }

    @Test("section file that does not start with '# '")
    func sectionWithoutTitle() throws {
        let site = try TestSite()
        try site.replace("# Set Up", with: "## Set Up", in: section)
        #expect(site.errors() == [
            "\(section):1:1: error: a section file must start with a level-1 heading ('# Title')",
        ])
        try site.replace("## Set Up", with: "Set Up", in: section)
        #expect(site.errors() == [
            "\(section):1:1: error: a section file must start with a level-1 heading ('# Title')",
        ])
    }

    @Test("a broken catalog does not hide the errors of its guides")
    func catalogAndGuideErrors() throws {
        let site = try TestSite()
        try site.replace("requiredScopes: [a.write]", with: "requiredScopes: [a.nope]", in: catalog)
        try site.replace("# Set Up", with: "Set Up", in: section)
        #expect(site.errors() == [
            "\(catalog):12:22: error: action 'demo_update' requires unknown scope 'a.nope' (not in scopeDefinitions)",
            "\(section):1:1: error: a section file must start with a level-1 heading ('# Title')",
        ])
    }

    @Test("all errors of a run are reported together")
    func allErrorsTogether() throws {
        let site = try TestSite()
        try site.addConnector("other")
        try site.replace("requiredScopes: [a.write]", with: "requiredScopes: [a.nope]", in: catalog)
        try site.replace("Intro for {{connectorName}}.", with: "Intro for {{nope}}.", in: section)
        try site.replace("name: Demo", with: "nam: Demo", in: "Content/connectors/other/connector.yaml")
        let errors = site.errors()
        #expect(errors.count == 4)
        #expect(errors.contains("\(catalog):12:22: error: action 'demo_update' requires unknown scope 'a.nope' (not in scopeDefinitions)"))
        #expect(errors.contains { $0.hasPrefix("\(section):3:1: error: unknown template variable 'nope'") })
        #expect(errors.contains("Content/connectors/other/connector.yaml:1:1: error: missing required key 'name'"))
        #expect(errors.contains { $0.hasPrefix("Content/connectors/other/connector.yaml:1:1: error: unknown key 'nam'") })
    }
}
