import ArgumentParser
import Foundation
import ScopeGuideImport

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn a page in the reference format (MDX with data-guide-* attributes) into a connector folder.",
        discussion: """
        Writes Content/connectors/<key>/ (connector.yaml, catalog.yaml, guides/<guide>/…) after checking that \
        ScopeGuide loads it. Content that has no Markdown form is kept as a `text` code block and reported as \
        path:line: warning: …; errors exit 1 and write nothing.
        """)

    @Argument(help: "The page to import (.mdx or .md in the reference format).")
    var page: String

    @Option(help: "The connector key (folder name). Default: from the redirect URI, the action ids or the name.")
    var connector: String?

    @Flag(help: "Replace an existing connector folder.")
    var force = false

    @OptionGroup var content: ContentOptions

    func run() throws {
        let importer = PageImporter(options: .init(page: page, content: content.content, templates: content.templates,
                                                   connector: connector, force: force))
        do {
            let (conversion, directory) = try importer.run()
            conversion.warnings.forEach { CLI.printError($0.description) }
            let warnings = conversion.warnings.count
            print("Imported \(page) into \(directory) (\(conversion.order.count) files\(warnings > 0 ? ", \(warnings) warning\(warnings == 1 ? "" : "s")" : ""))")
        } catch {
            CLI.printError(error.description)
            throw ExitCode(1)
        }
    }
}
