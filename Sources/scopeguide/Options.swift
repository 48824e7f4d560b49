import ArgumentParser
import Foundation
import ScopeGuideCore
import ScopeGuideKit

struct ContentOptions: ParsableArguments {
    @Option(help: "The content folder (site.yaml and connectors/).")
    var content: String = "Content"

    @Option(help: "The templates folder (steps/, layouts/, assets/).")
    var templates: String = "Templates"

    var paths: ContentPaths { ContentPaths(content: content, templates: templates) }
}

/// Which guide of which connector, and which actions are selected.
struct SelectionOptions: ParsableArguments {
    @Argument(help: "The connector key (its folder name under Content/connectors).")
    var connector: String

    @Option(help: "The guide key; may be omitted when the connector has one guide.")
    var guide: String?

    @Option(help: ArgumentHelp("Comma-separated action ids; '' selects none. Default: all actions.", valueName: "id,id"))
    var actions: String?

    @Option(help: ArgumentHelp("A dynamic guide URL to read the selection (and separator) from.", valueName: "url"))
    var url: String?

    @Option(help: ArgumentHelp("How to choose among an action's alternative scope sets: least-privilege (the smallest grant) or fewest-scopes (the shortest list). Default: the URL's, else least-privilege.", valueName: "strategy"))
    var strategy: ScopeStrategy?

    func validate() throws {
        if actions != nil && url != nil { throw ValidationError("Use either --actions or --url, not both.") }
    }

    /// The requested ids: nil for all actions.
    var requestedIDs: [String]? {
        if let actions { return actions.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        if let url { return GuideURL.parse(url).actionIDs }
        return nil
    }

    var urlSeparator: ScopeSeparator? { url.map { GuideURL.parse($0).separator } }

    /// `--strategy`, else the URL's `grant`, else least privilege.
    var chosenStrategy: ScopeStrategy { strategy ?? url.map { GuideURL.parse($0).strategy } ?? .default }

    /// Loads the connector, picks the guide and checks the ids. Unknown ids are an error on the
    /// command line (a typo should not silently change the scope list); a URL's are reported.
    func resolve(_ content: ContentOptions) throws -> Resolved {
        let (settings, connector) = try CLI.run { () throws(Diagnostics) in
            try ContentLoader(paths: content.paths).loadConnector(self.connector)
        }
        let guide: Guide
        if let key = self.guide {
            guard let g = connector.guide(key) else {
                throw CLI.fail("unknown guide '\(key)' for connector '\(connector.key)' (known: \(connector.guides.map(\.key).joined(separator: ", ")))")
            }
            guide = g
        } else if connector.guides.count == 1 {
            guide = connector.guides[0]
        } else {
            throw CLI.fail("connector '\(connector.key)' has several guides; choose one with --guide (\(connector.guides.map(\.key).joined(separator: ", ")))")
        }
        let selection = Selection(catalog: connector.catalog, actionIDs: requestedIDs, strategy: chosenStrategy)
        if !selection.choice.proven {
            CLI.warn("the scope choice for this selection is the best found within the search budget (\(ScopeChoice.nodeBudget) alternatives tried), not proven minimal")
        }
        if !selection.unknownIDs.isEmpty {
            let message = "unknown action id\(selection.unknownIDs.count == 1 ? "" : "s") \(selection.unknownIDs.map { "'\($0)'" }.joined(separator: ", ")) for connector '\(connector.key)'"
            if actions != nil { throw CLI.fail(message) }
            CLI.warn(message + " (ignored)")
        }
        return Resolved(settings: settings, connector: connector, guide: guide, selection: selection)
    }

    struct Resolved {
        let settings: SiteSettings
        let connector: Connector
        let guide: Guide
        let selection: Selection
    }
}

extension ScopeSeparator: ExpressibleByArgument {}
extension ScopeStrategy: ExpressibleByArgument {}
extension ScopeTables.Format: ExpressibleByArgument {}
extension DiagnosticFormat: ExpressibleByArgument {}

enum CLI {
    /// Runs a pipeline step, printing its diagnostics compiler-style and exiting 1 on error.
    static func run<T>(_ body: () throws(Diagnostics) -> T) throws -> T {
        do { return try body() } catch { throw report(error) }
    }

    /// Prints every diagnostic (`path:line:col: error: …`, one per line) and returns exit 1.
    static func report(_ error: Diagnostics) -> ExitCode {
        printError(error.description)
        return ExitCode(1)
    }

    /// A problem that belongs to no file (`error: …`).
    static func fail(_ message: String) -> ExitCode { report(Diagnostics(message)) }

    static func warn(_ message: String) { printError(Diagnostic(.warning, at: .none, message).description) }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func milliseconds(since start: ContinuousClock.Instant) -> String {
        let d = ContinuousClock.now - start
        let ms = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
        return ms < 10 ? String(format: "%.1f ms", ms) : "\(Int(ms.rounded())) ms"
    }
}
