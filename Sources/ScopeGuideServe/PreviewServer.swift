import Foundation
import Hummingbird
import Logging
import ScopeGuideKit
import ServiceLifecycle

extension Diagnostics {
    static func portInUse(host: String, port: Int) -> Diagnostics {
        Diagnostics("port \(port) is already in use\(host == "127.0.0.1" ? "" : " on \(host)"); try --port \(port + 1)",
                    id: "port-in-use")
    }

    static func cannotStart(_ reason: String) -> Diagnostics {
        Diagnostics("cannot start the preview server: \(reason)", id: "serve-start")
    }
}

/// `scopeguide serve`: builds the site into a private temporary folder (never `Public/`),
/// serves it, watches the sources and rebuilds incrementally, pushing reloads to open pages.
public struct PreviewServer: Sendable {
    public var paths: ContentPaths
    public var host: String
    public var port: Int

    public init(paths: ContentPaths, host: String = "127.0.0.1", port: Int = 8080) {
        self.paths = paths
        self.host = host
        self.port = port
    }

    public func run() async throws(Diagnostics) {
        let folder: String
        do { folder = try Self.makePrivateFolder() } catch { throw .cannotStart("cannot make a temporary folder: \(error)") }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let output = folder + "/site"
        do { try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true) } catch {
            throw .cannotStart("cannot make the preview folder: \(error.localizedDescription)")
        }

        let watcher = SourceWatcher(roots: [paths.content, paths.templates])
        let snapshot = watcher.snapshot()  // before building: no edit falls between the two
        let build = PreviewBuild(paths: paths, output: output)
        let hub = ReloadHub()
        Console.out("Preview folder: \(output) (removed on exit; Public/ is not touched)")
        switch await build.fullBuild() {
        case .built(let report):
            Console.out("Built \(report.rendered.count) files in \(report.durationText)")
        case .failed(let failure):
            Console.err(failure.description)
            Console.out("The content has errors: serving an error page until they are fixed")
            await hub.failed(failure)
        }

        var logger = Logger(label: "scopeguide.serve")
        logger.logLevel = .critical  // failures are reported below, in our own words
        let host = self.host
        let contentPath = paths.content, templatesPath = paths.templates
        let app = Application(
            responder: PreviewResponder(files: ServedPath(root: output), hub: hub),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "scopeguide"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                let shown = host.contains(":") ? "[\(host)]" : host
                Console.out("Serving http://\(shown):\(port)/ (watching \(contentPath)/ and \(templatesPath)/; Ctrl-C to stop)")
            },
            logger: logger)
        let watch = WatchService(build: build, hub: hub, watcher: watcher, initial: snapshot)
        // Services stop in reverse order: the watcher first, closing the event streams, so the
        // HTTP server's graceful shutdown does not wait on pages that never finish loading.
        let group = ServiceGroup(configuration: .init(services: [app, watch],
                                                      gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            let reason = String(describing: error)
            if reason.contains("Address already in use") || reason.contains("EADDRINUSE") {
                throw .portInUse(host: host, port: port)
            }
            throw .cannotStart(reason)
        }
        Console.out("Stopped.")
    }

    static func makePrivateFolder() throws -> String {
        let tmp = NSTemporaryDirectory()
        var template = Array(((tmp.hasSuffix("/") ? tmp : tmp + "/") + "scopeguide-serve-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        return String(cString: made)
    }
}

/// Polls the sources and runs a rebuild once a burst of edits has settled.
struct WatchService: Service {
    let build: PreviewBuild
    let hub: ReloadHub
    let watcher: SourceWatcher
    let initial: SourceWatcher.Snapshot

    func run() async throws {
        var last = initial
        var sincePing = 0
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(200))
            sincePing += 1
            if sincePing >= 75 {  // every ~15 s
                sincePing = 0
                await hub.ping()
            }
            var current = await build.snapshot(watcher)
            var changed = Set(SourceWatcher.changes(from: last, to: current))
            guard !changed.isEmpty else { continue }
            // Debounce: an editor's save or a copy may touch several files over a few ms.
            let settleStart = ContinuousClock.now
            while ContinuousClock.now - settleStart < .seconds(1) {
                try? await Task.sleep(for: .milliseconds(60))
                let again = await build.snapshot(watcher)
                let more = SourceWatcher.changes(from: current, to: again)
                current = again
                if more.isEmpty { break }
                changed.formUnion(more)
            }
            last = current
            switch await build.rebuild(changed: changed.sorted()) {
            case .built(let report):
                Console.out(report.summary)
                await hub.built(changedOutput: !report.updated.isEmpty || !report.removed.isEmpty)
            case .failed(let failure):
                Console.err(failure.description)
                Console.out("Build failed (\(failure.diagnostics.count) error\(failure.diagnostics.count == 1 ? "" : "s")); still serving the last good site")
                await hub.failed(failure)
            }
        }
        await hub.close()
    }
}

/// Lines that appear at once even when output goes to a pipe.
enum Console {
    static func out(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }
    static func err(_ line: String) { FileHandle.standardError.write(Data((line + "\n").utf8)) }
}

extension RebuildReport {
    var durationText: String {
        let ms = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        return ms < 10 ? String(format: "%.1f ms", ms) : "\(Int(ms.rounded())) ms"
    }
}
