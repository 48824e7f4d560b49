import ArgumentParser
import Foundation
import ScopeGuideCore
import ScopeGuideKit

/// An in-process micro-benchmark of the load and render steps: each connector is loaded
/// again (files read, YAML and Markdown parsed, validated), then each kind of output is
/// rendered for every connector, several rounds, on one thread. Whole-build timings are too
/// noisy on a shared machine to tell a 3% change; this is not.
struct BenchRender: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-render",
        abstract: "Time rendering each kind of output file (a developer tool).",
        shouldDisplay: false)

    @OptionGroup var content: ContentOptions
    @Option(help: "Rounds over all connectors; the median round is reported.") var rounds = 5
    @Option(help: "Time only the steps whose name contains this (e.g. load, guide).") var only: String?

    func run() throws {
        let site = try CLI.run { () throws(Diagnostics) in try ContentLoader(paths: content.paths).load().site }
        let renderer: SiteRenderer
        do { renderer = try SiteRenderer(paths: content.paths) } catch { throw CLI.report(error) }
        let settings = site.settings
        let loader = ContentLoader(paths: content.paths)
        let files = SiteFiles.ConnectorFileKind.allCases.map { kind -> (String, (Connector) -> Int) in
            (kind.rawValue, { c in SiteFiles.size(of: kind, for: c, settings: settings, renderer: renderer) })
        }
        let kinds: [(String, (Connector) -> Int)] = [
            ("load", { c in (try? loader.loadConnector(c.key))?.1.catalog.actions.count ?? 0 }),
            ("load catalog", { c in
                (try? ContentLoader.loadCatalog(path: "\(content.content)/connectors/\(c.key)/catalog.yaml"))?.actions.count ?? 0 }),
            ("load catalog entry by entry", { c in
                let path = "\(content.content)/connectors/\(c.key)/catalog.yaml"
                let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
                return ContentLoader.benchReadCatalog(text, path: path, plain: false) }),
            ("load catalog plain", { c in
                let path = "\(content.content)/connectors/\(c.key)/catalog.yaml"
                let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
                return ContentLoader.benchReadCatalog(text, path: path, plain: true) }),
        ] + files + [
            ("all files", { c in
                SiteFiles.files(for: c, settings: settings, renderer: renderer).reduce(0) { $0 + $1.contents.count } }),
        ]
        for (name, render) in kinds where only.map(name.contains) ?? true {
            var times: [Double] = []
            var bytes = 0
            for _ in 0..<rounds {
                let start = ContinuousClock.now
                bytes = site.connectors.reduce(0) { $0 + render($1) }
                let d = ContinuousClock.now - start
                times.append(Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12)
            }
            let median = times.sorted()[times.count / 2]
            print("\(name): \(String(format: "%.1f", median / Double(site.connectors.count))) µs per connector"
                  + (name.hasPrefix("load") ? "" : ", \(bytes / site.connectors.count) bytes"))
        }
    }
}
