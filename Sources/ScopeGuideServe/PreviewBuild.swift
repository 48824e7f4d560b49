import Dispatch
import Foundation
import ScopeGuideKit

/// The incremental builder and the private output folder it writes to. All work runs on one
/// serial queue, off Swift's cooperative pool, so a long rebuild never stalls request handling.
final class PreviewBuild: @unchecked Sendable {
    enum Outcome: Sendable {
        case built(RebuildReport)
        case failed(Diagnostics)
    }

    let output: String
    private let writer: FolderWriter
    private let queue = DispatchQueue(label: "scopeguide.serve.build")
    private var builder: IncrementalBuilder  // only touched on `queue`
    private var hasSite = false

    init(paths: ContentPaths, output: String) {
        self.builder = IncrementalBuilder(paths: paths)
        self.output = output
        self.writer = FolderWriter(folder: output)
    }

    func fullBuild() async -> Outcome {
        await onQueue { self.apply { (b: inout IncrementalBuilder) throws(Diagnostics) in try b.fullBuild() } }
    }

    func rebuild(changed: [String]) async -> Outcome {
        await onQueue { self.apply { (b: inout IncrementalBuilder) throws(Diagnostics) in try b.rebuild(changed: changed) } }
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

    private func apply(_ step: (inout IncrementalBuilder) throws(Diagnostics) -> RebuildReport) -> Outcome {
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
    private func write(_ report: RebuildReport) throws(Diagnostics) {
        try writer.write(report.updated)
        try writer.remove(report.removed)
    }
}
