import ArgumentParser
import Foundation
import ScopeGuideCore
import ScopeGuideImport

struct Diff: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable { case markdown, json }

    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what a catalog change does: actions, scopes and step visibility.",
        discussion: """
        Each side is a content folder, a connector folder, a catalog.yaml, or git:REV (what the other side \
        names, as it was in that git revision). With --base REF instead of the two sides, every connector of \
        the content folder as it is in that revision (read with git archive; nothing is checked out) is \
        compared with the working tree: the Markdown is a pull-request comment. Exit status: 0 when no selection of actions requires a new \
        scope, 3 when one does (an action kept on both sides gained a scope, or selecting all actions needs \
        a scope it did not need before; a scope that a previously required scope includes does not count), \
        1 on errors.
        """)

    @Argument(help: "The old side: a folder, a catalog.yaml or git:REV.")
    var old: String?
    @Argument(help: "The new side: a folder, a catalog.yaml or git:REV.")
    var new: String?
    @Option(help: ArgumentHelp("Compare every connector of --content with this git revision (for example origin/main).", valueName: "git-ref"))
    var base: String?
    @Option(help: "The connector key, when a content folder holds several (with --base: only that connector).")
    var connector: String?
    @Option(help: "markdown (for a pull-request comment) or json.")
    var format: Format = .markdown
    @OptionGroup var content: ContentOptions

    func validate() throws {
        if base != nil, old != nil || new != nil { throw ValidationError("Use either --base REF or the two sides <old> <new>, not both.") }
        if base == nil, old == nil || new == nil { throw ValidationError("Give the two sides <old> <new>, or --base REF.") }
    }

    func run() throws {
        let loader = DiffLoader(connector: connector, content: content.content, templates: content.templates)
        if let base { return try runBase(base, loader) }
        guard let old, let new else { return }
        let (before, after): (DiffSide, DiffSide)
        do { (before, after) = try loader.load(old: old, new: new) } catch { throw CLI.report(error) }
        let diff = CatalogDiff(connector: after.connector, old: old, new: new, before: before.catalog, after: after.catalog,
                               guidesBefore: before.guides, guidesAfter: after.guides)
        print(format == .json ? DiffReport.json(diff) : DiffReport.markdown(diff), terminator: "")
        if diff.requiresNewScopes { throw ExitCode(3) }
    }

    /// `--base REF`: every connector at that revision against the working tree.
    private func runBase(_ base: String, _ loader: DiffLoader) throws {
        var (before, after): (Site, Site)
        do { (before, after) = try loader.loadSites(base: base) } catch { throw CLI.report(error) }
        if let connector {
            guard before.connectors.contains(where: { $0.key == connector }) || after.connectors.contains(where: { $0.key == connector }) else {
                throw CLI.fail("unknown connector '\(connector)' on both sides")
            }
            before.connectors.removeAll { $0.key != connector }
            after.connectors.removeAll { $0.key != connector }
        }
        let diff = SiteDiff(base: base, new: "working tree", before: before, after: after)
        print(format == .json ? DiffReport.json(diff) : DiffReport.markdown(diff), terminator: "")
        if diff.requiresNewScopes { throw ExitCode(3) }
    }
}
