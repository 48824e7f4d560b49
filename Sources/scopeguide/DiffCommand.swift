import ArgumentParser
import Foundation
import ScopeGuideImport

struct Diff: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable { case markdown, json }

    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what a catalog change does: actions, scopes and step visibility.",
        discussion: """
        Each side is a content folder, a connector folder, a catalog.yaml, or git:REV (what the other side \
        names, as it was in that git revision). Exit status: 0 when no selection of actions requires a new \
        scope, 3 when one does (an action kept on both sides gained a scope, or selecting all actions needs \
        a scope it did not need before; a scope that a previously required scope includes does not count), \
        1 on errors.
        """)

    @Argument(help: "The old side: a folder, a catalog.yaml or git:REV.")
    var old: String
    @Argument(help: "The new side: a folder, a catalog.yaml or git:REV.")
    var new: String
    @Option(help: "The connector key, when a content folder holds several.")
    var connector: String?
    @Option(help: "markdown (for a pull-request comment) or json.")
    var format: Format = .markdown
    @OptionGroup var content: ContentOptions

    func run() throws {
        let loader = DiffLoader(connector: connector, content: content.content, templates: content.templates)
        let (before, after): (DiffSide, DiffSide)
        do { (before, after) = try loader.load(old: old, new: new) } catch {
            CLI.printError(error.description.hasPrefix("error:") || error.description.contains(": error:") ? error.description : "error: \(error.description)")
            throw ExitCode(1)
        }
        let diff = CatalogDiff(connector: after.connector, old: old, new: new, before: before.catalog, after: after.catalog,
                               guidesBefore: before.guides, guidesAfter: after.guides)
        print(format == .json ? DiffReport.json(diff) : DiffReport.markdown(diff), terminator: "")
        if diff.requiresNewScopes { throw ExitCode(3) }
    }
}
