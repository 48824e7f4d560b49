import ArgumentParser
import Foundation
import ScopeGuideKit

/// Times the incremental rebuild `serve` performs after one connector changes, for `make bench`.
struct BenchIncremental: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-incremental",
        abstract: "Time an incremental rebuild of one connector (used by make bench).",
        shouldDisplay: false)

    @OptionGroup var content: ContentOptions
    @Option(help: "The connector to touch.") var connector: String
    @Option(help: "How many rebuilds to time.") var runs = 5

    func run() throws {
        var builder = IncrementalBuilder(paths: content.paths)
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("scopeguide-bench-\(getpid())")
        defer { try? FileManager.default.removeItem(at: out) }
        let fullStart = ContinuousClock.now
        do { try builder.fullBuild() } catch { throw CLI.report(error) }
        for (path, bytes) in builder.files { try write(Data(bytes), path, to: out) }
        let full = ContinuousClock.now - fullStart

        // Touch the connector the way an editor would: change its description, save.
        let file = "\(content.content)/connectors/\(connector)/connector.yaml"
        let original = try String(contentsOfFile: file, encoding: .utf8)
        defer { try? original.write(toFile: file, atomically: true, encoding: .utf8) }
        var times: [Double] = []
        var rendered = 0
        for i in 0..<runs {
            try (original + "\n# touched \(i)\n").write(toFile: file, atomically: true, encoding: .utf8)
            let start = ContinuousClock.now
            let report: RebuildReport
            do { report = try builder.rebuild(changed: [file]) } catch { throw CLI.report(error) }
            for f in report.updated { try write(f.data, f.path, to: out) }
            times.append(milliseconds(ContinuousClock.now - start))
            rendered = report.rendered.count
        }
        let sorted = times.sorted()
        let result: [String: Double] = [
            "fullMilliseconds": milliseconds(full),
            "medianMilliseconds": sorted[sorted.count / 2],
            "renderedFiles": Double(rendered),
        ]
        let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
        print(String(decoding: json, as: UTF8.self))
    }

    private func write(_ data: Data, _ path: String, to root: URL) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    private func milliseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }
}
