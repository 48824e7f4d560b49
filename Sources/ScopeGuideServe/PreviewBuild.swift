import Dispatch
import Foundation
import ScopeGuideKit

/// The incremental builder and the private output folder it writes to. All work runs on one
/// serial queue, off Swift's cooperative pool, so a long rebuild never stalls request handling.
final class PreviewBuild: @unchecked Sendable {
    enum Outcome: Sendable {
        case built(RebuildReport)
        case failed(BuildFailure)
    }

    let output: String
    private let queue = DispatchQueue(label: "scopeguide.serve.build")
    private var builder: IncrementalBuilder  // only touched on `queue`
    private var hasSite = false

    init(paths: ContentPaths, output: String) {
        self.builder = IncrementalBuilder(paths: paths)
        self.output = output
    }

    func fullBuild() async -> Outcome {
        await onQueue { self.apply { (b: inout IncrementalBuilder) throws(BuildFailure) in try b.fullBuild() } }
    }

    func rebuild(changed: [String]) async -> Outcome {
        await onQueue { self.apply { (b: inout IncrementalBuilder) throws(BuildFailure) in try b.rebuild(changed: changed) } }
    }

    func snapshot(_ watcher: SourceWatcher) async -> SourceWatcher.Snapshot {
        await onQueue { watcher.snapshot() }
    }

    /// True once a build succeeded, so the output folder holds a whole site.
    var ready: Bool { queue.sync { hasSite } }

    private func onQueue<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: work()) }
        }
    }

    private func apply(_ step: (inout IncrementalBuilder) throws(BuildFailure) -> RebuildReport) -> Outcome {
        var next = builder
        let report: RebuildReport
        do {
            report = try step(&next)
        } catch {
            builder = next  // keeps the last good site, and what to retry next time
            return .failed(error)
        }
        do {
            try write(report)
        } catch {
            return .failed(error)
        }
        builder = next
        hasSite = true
        return .built(report)
    }

    /// Writes what changed, each file atomically (a request sees the old bytes or the new).
    private func write(_ report: RebuildReport) throws(BuildFailure) {
        let fm = FileManager.default
        do {
            for file in report.updated {
                let url = URL(fileURLWithPath: output).appendingPathComponent(file.path)
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try file.data.write(to: url, options: .atomic)
            }
            for path in report.removed {
                let url = URL(fileURLWithPath: output).appendingPathComponent(path)
                try? fm.removeItem(at: url)
                removeEmptyParents(of: url)
            }
        } catch {
            throw BuildFailure([Diagnostic(at: SourceLocation(path: output), "cannot write the preview: \(error.localizedDescription)")])
        }
    }

    private func removeEmptyParents(of url: URL) {
        let root = URL(fileURLWithPath: output).standardizedFileURL.path
        var dir = url.deletingLastPathComponent().standardizedFileURL
        while dir.path.hasPrefix(root + "/"),
              (try? FileManager.default.contentsOfDirectory(atPath: dir.path))?.isEmpty == true {
            try? FileManager.default.removeItem(at: dir)
            dir = dir.deletingLastPathComponent()
        }
    }
}
