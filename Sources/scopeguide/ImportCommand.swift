import ArgumentParser
import Foundation
import ScopeGuideImport
import ScopeGuideKit

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Make a connector from a reference-format page, or its catalog from an API description.",
        discussion: """
        scopeguide import [page] PAGE: turns a page in the reference format (MDX with data-guide-* attributes) into \
        Content/connectors/<key>/ after checking that ScopeGuide loads it. Content that has no Markdown form is kept \
        as a `text` code block and reported as path:line: warning: …

        scopeguide import openapi|discovery|graph|nango FILE --connector KEY: writes the connector's catalog.yaml \
        from an OpenAPI 3.x / Swagger 2.0 document, a Google Discovery document, Microsoft Graph's permissions.json \
        (with --actions FILE) or a Nango catalog, and import.yaml (the source and what was generated, so a re-import \
        keeps your edits of catalog.yaml). A new connector also gets connector.yaml and a minimal guide. With --check \
        nothing is written: exit 3 when the source now needs scopes the catalog does not grant, 0 when in sync.

        Errors exit 1 and write nothing.
        """)

    @Argument(help: "page, openapi, discovery, graph or nango, then the file; or just the page to import.")
    var kindOrPage: String

    @Argument(help: "The file to import (after a kind).")
    var file: String?

    @Option(help: "The connector key (folder name). Pages: default from the redirect URI, the action ids or the name; required for API descriptions.")
    var connector: String?

    @Flag(help: "Replace an existing connector folder (pages).")
    var force = false

    @Option(help: "OpenAPI: the OAuth2 security scheme when there are several. Graph: DelegatedWork (default), DelegatedPersonal or Application.")
    var scheme: String?

    @Option(help: "Graph: the actions file (YAML list of id, label, method, path); a re-import reuses the recorded one.")
    var actions: String?

    @Option(help: "A new connector's display name (default: from the key).")
    var name: String?

    @Option(help: "A new connector's provider (default: the name).")
    var provider: String?

    @Flag(help: "Compare the catalog with the source and write nothing: exit 3 on drift, 0 when in sync.")
    var check = false

    @OptionGroup var content: ContentOptions

    func run() throws {
        if let file, let kind = SpecKind(rawValue: kindOrPage) {
            try runSpec(kind, file: file)
        } else if kindOrPage == "page", let file {
            try runPage(file)
        } else if file == nil {
            try runPage(kindOrPage)
        } else {
            throw CLI.fail("unknown import kind '\(kindOrPage)' (expected page, openapi, discovery, graph or nango)")
        }
    }

    func runPage(_ page: String) throws {
        let importer = PageImporter(options: .init(page: page, content: content.content, templates: content.templates,
                                                   connector: connector, force: force))
        do {
            let (conversion, directory) = try importer.run()
            conversion.warnings.forEach { CLI.printError($0.description) }
            let warnings = conversion.warnings.count
            print("Imported \(page) into \(directory) (\(conversion.order.count) files\(warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")" : ""))")
        } catch {
            throw CLI.report(error)
        }
    }

    func runSpec(_ kind: SpecKind, file: String) throws {
        guard let connector else {
            throw CLI.fail("--connector KEY is required when importing an API description")
        }
        let importer = SpecImport(options: .init(kind: kind, file: file, connector: connector, content: content.content,
                                                 templates: content.templates, scheme: scheme, actionsFile: actions,
                                                 name: name, provider: provider))
        if check {
            let report: DriftReport
            do {
                let (r, warnings) = try importer.check()
                warnings.forEach { CLI.printError($0.description) }
                report = r
            } catch {
                throw CLI.report(error)
            }
            print(report.text(connector: connector, source: file), terminator: "")
            if report.hasDrift { throw ExitCode(3) }
            return
        }
        do {
            let outcome = try importer.run()
            outcome.warnings.forEach { CLI.printError($0.description) }
            outcome.notes.forEach { CLI.printError(Diagnostic(.note, at: .none, $0).description) }
            let c = outcome.catalog
            var line = "Imported \(file) into \(outcome.directory) (\(c.actions.count) action\(c.actions.count == 1 ? "" : "s"), \(c.scopes.count) scope\(c.scopes.count == 1 ? "" : "s")"
            if outcome.keptEdits > 0 { line += ", \(outcome.keptEdits) curated value\(outcome.keptEdits == 1 ? "" : "s") kept" }
            if outcome.created { line += "; new connector: \(outcome.files.joined(separator: ", "))" }
            print(line + ")")
        } catch {
            throw CLI.report(error)
        }
    }
}
