import Foundation
import ScopeGuideCore

/// What one (re)build re-rendered and what changed on disk as a result.
public struct RebuildReport: Sendable {
    /// True when every file was rendered again (first build, site.yaml, layouts or assets).
    public var full: Bool
    /// Connectors whose pages were rendered again, in key order.
    public var connectors: [String]
    /// Connectors that disappeared.
    public var removedConnectors: [String]
    /// True when index.html, sitemap.xml and llms.txt were rendered again.
    public var siteIndex: Bool
    /// Every file rendered by this build.
    public var rendered: [String]
    /// Files whose bytes are new or differ from the previous build, to be written.
    public var updated: [OutputFile]
    /// Files of the previous build that no longer exist.
    public var removed: [String]
    public var duration: Duration

    /// One line for a terminal: `Rebuilt microsoftoutlook (4 files) in 12 ms`.
    public var summary: String {
        let took = " in \(Self.format(duration))"
        if full { return "Rebuilt the whole site (\(rendered.count) files, \(updated.count) changed)" + took }
        var parts: [String] = []
        let perConnector = rendered.count - (siteIndex ? SiteFiles.siteFileCount : 0)
        if !connectors.isEmpty { parts.append("\(connectors.joined(separator: ", ")) (\(perConnector) files)") }
        if siteIndex { parts.append("index.html, sitemap.xml, llms.txt") }
        let rebuilt = parts.isEmpty ? nil : parts.joined(separator: " + ")
        switch (removedConnectors.isEmpty, rebuilt) {
        case (true, nil): return "Nothing to rebuild (checked\(took))"
        case (true, let rebuilt?): return "Rebuilt \(rebuilt)\(took)"
        case (false, nil): return "Removed \(removedConnectors.joined(separator: ", "))\(took)"
        case (false, let rebuilt?): return "Removed \(removedConnectors.joined(separator: ", ")); rebuilt \(rebuilt)\(took)"
        }
    }

    static func format(_ d: Duration) -> String {
        let ms = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
        return ms < 10 ? String(format: "%.1f ms", ms) : "\(Int(ms.rounded())) ms"
    }
}

/// `serve`'s way through the pipeline: the same stages as `build`, run on what a change
/// touched, with the last good site kept in memory:
///
/// - a file under `Content/connectors/<key>/` reloads and re-renders that connector alone, and
///   the index, sitemap and llms.txt only when what they show of it changed;
/// - `Templates/steps/` or `site.yaml` reloads everything but re-renders only the connectors
///   whose model changed (all of them when the site settings changed);
/// - layouts or assets re-render every file.
/// A failed rebuild changes nothing: the last good site stays, and the paths that failed are
/// tried again with the next change, so fixing one file clears every error it caused.
public struct IncrementalBuilder: Sendable {
    public let pipeline: SitePipeline
    public var paths: ContentPaths { pipeline.paths }
    public private(set) var site: Site?
    /// The current output, path → bytes.
    public private(set) var files: [String: [UInt8]] = [:]
    public private(set) var warnings: [Diagnostic] = []
    private var renderer: SiteRenderer?
    /// Output paths of each connector, to delete the ones a rebuild no longer makes.
    private var connectorFiles: [String: [String]] = [:]
    private var siteFilePaths: [String] = []
    /// Changed paths of a failed rebuild, retried with the next one.
    private var pending: Set<String> = []

    public init(paths: ContentPaths) { pipeline = SitePipeline(paths: paths) }

    /// Loads and renders everything.
    @discardableResult
    public mutating func fullBuild() throws(Diagnostics) -> RebuildReport {
        let start = ContinuousClock.now
        let renderer: SiteRenderer
        renderer = try pipeline.renderer()
        let loaded: LoadedSite
        loaded = try pipeline.load()
        var next = self
        next.renderer = renderer
        next.warnings = loaded.warnings
        let report = next.render(loaded.site, connectors: loaded.site.connectors.map(\.key), siteIndex: true,
                                 full: true, start: start)
        next.pending = []
        self = next
        return report
    }

    /// Rebuilds after the files at `changed` (under the content or templates folder) changed.
    @discardableResult
    public mutating func rebuild(changed: [String]) throws(Diagnostics) -> RebuildReport {
        guard let site, renderer != nil else { return try fullBuild() }
        let start = ContinuousClock.now
        let all = pending.union(changed)
        do {
            let report = try rebuild(site: site, changed: all, start: start)
            pending = []
            return report
        } catch {
            pending = all
            throw error
        }
    }

    private mutating func rebuild(site: Site, changed: Set<String>, start: ContinuousClock.Instant) throws(Diagnostics) -> RebuildReport {
        var plan = Plan(changed: changed, paths: paths)
        // A folder the full loader would refuse (unsafe name, link to outside): let it say so.
        for key in plan.connectors {
            let dir = join(paths.connectorsDirectory, key)
            if FileSystem.exists(dir) && !(isSafeSlug(key) && FileSystem.isInside(dir, root: paths.content)) {
                plan.reloadAll = true
            }
        }
        var next = self
        if plan.renderer {
            next.renderer = try pipeline.renderer()
        }
        let report: RebuildReport
        if plan.reloadAll {
            report = try next.reloadAll(old: site, rerenderAll: plan.renderer, start: start)
        } else if let partial = try next.reload(plan.connectors, old: site, rerenderAll: plan.renderer, start: start) {
            report = partial
        } else {
            // site.yaml changed under us while loading a connector.
            report = try next.reloadAll(old: site, rerenderAll: true, start: start)
        }
        self = next
        return report
    }

    /// Loads everything again; re-renders the connectors whose model changed.
    private mutating func reloadAll(old: Site, rerenderAll: Bool, start: ContinuousClock.Instant) throws(Diagnostics) -> RebuildReport {
        let loaded: LoadedSite
        loaded = try pipeline.load()
        warnings = loaded.warnings
        let new = loaded.site
        if rerenderAll || new.settings != old.settings {
            return render(new, connectors: new.connectors.map(\.key), siteIndex: true, full: true, start: start)
        }
        let before = Dictionary(old.connectors.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let changedKeys = new.connectors.filter { c in before[c.key].map { !Self.same($0, c) } ?? true }.map(\.key)
        return render(new, connectors: changedKeys, siteIndex: Self.indexEntries(old) != Self.indexEntries(new),
                      full: false, start: start)
    }

    /// Loads only the given connectors; nil when the site settings no longer match.
    private mutating func reload(_ keys: Set<String>, old: Site, rerenderAll: Bool,
                                 start: ContinuousClock.Instant) throws(Diagnostics) -> RebuildReport? {
        var connectors = old.connectors
        var diagnostics: [Diagnostic] = []
        var reloaded: [String] = []
        for key in keys.sorted() {
            guard FileSystem.isDirectory(join(paths.connectorsDirectory, key)) else {
                connectors.removeAll { $0.key == key }
                continue
            }
            do {
                let (settings, connector) = try pipeline.load(connector: key)
                guard settings == old.settings else { return nil }
                if let i = connectors.firstIndex(where: { $0.key == key }) {
                    connectors[i] = connector
                } else {
                    connectors.append(connector)
                    connectors.sort { $0.key < $1.key }
                }
                reloaded.append(key)
            } catch {
                diagnostics += error.diagnostics
            }
        }
        if !diagnostics.isEmpty { throw Diagnostics(diagnostics) }
        let new = Site(settings: old.settings, connectors: connectors)
        return render(new, connectors: rerenderAll ? connectors.map(\.key) : reloaded,
                      siteIndex: rerenderAll || Self.indexEntries(old) != Self.indexEntries(new),
                      full: rerenderAll, start: start)
    }

    /// Renders the given connectors (and the site files), diffs against the current output
    /// and makes `site` the current one.
    private mutating func render(_ site: Site, connectors keys: [String], siteIndex: Bool, full: Bool,
                                 start: ContinuousClock.Instant) -> RebuildReport {
        guard let renderer else { preconditionFailure("render without a renderer") }
        let wanted = Set(keys)
        let targets = site.connectors.filter { wanted.contains($0.key) }
        let settings = site.settings
        let results = Parallel.map(targets) { SitePipeline.render($0, settings: settings, renderer: renderer) }
        var rendered: [OutputFile] = []
        var newConnectorFiles = connectorFiles
        let present = Set(site.connectors.map(\.key))
        let removedConnectors = newConnectorFiles.keys.filter { !present.contains($0) }.sorted()
        for key in removedConnectors { newConnectorFiles[key] = nil }
        for (i, c) in targets.enumerated() {
            let files = results[i]
            newConnectorFiles[c.key] = files.map(\.path)
            rendered += files
        }
        var newSiteFiles = siteFilePaths
        if siteIndex {
            let files = SitePipeline.renderSiteFiles(site.settings, connectors: Self.indexEntries(site), renderer: renderer)
            newSiteFiles = files.map(\.path)
            rendered += files
        }
        // What the output should hold now; everything else of the old output goes.
        let keep = Set(newSiteFiles + newConnectorFiles.values.flatMap { $0 })
        let removed = files.keys.filter { !keep.contains($0) }.sorted()
        var updated: [OutputFile] = []
        for file in rendered where files[file.path] != file.contents {
            updated.append(file)
            files[file.path] = file.contents
        }
        for path in removed { files[path] = nil }
        self.site = site
        connectorFiles = newConnectorFiles
        siteFilePaths = newSiteFiles
        return RebuildReport(full: full, connectors: targets.map(\.key).sorted(), removedConnectors: removedConnectors,
                             siteIndex: siteIndex, rendered: rendered.map(\.path), updated: updated, removed: removed,
                             duration: ContinuousClock.now - start)
    }

    // MARK: - Deciding what a change touches

    struct Plan {
        var changed: Set<String>
        var renderer = false
        var reloadAll = false
        var connectors: Set<String> = []

        init(changed: Set<String>, paths: ContentPaths) {
            self.changed = changed
            let content = Self.normalized(paths.content)
            let connectorsDir = Self.normalized(paths.connectorsDirectory)
            let steps = Self.normalized(paths.stepTemplatesDirectory)
            let templates = Self.normalized(paths.templates)
            for raw in changed {
                let path = Self.normalized(raw)
                if let rest = Self.relative(path, to: connectorsDir) {
                    if let key = rest.split(separator: "/").first { connectors.insert(String(key)) } else { reloadAll = true }
                } else if Self.relative(path, to: steps) != nil {
                    reloadAll = true
                } else if Self.relative(path, to: templates) != nil {
                    renderer = true
                } else if Self.relative(path, to: content) != nil {
                    reloadAll = true  // site.yaml or anything else the loader may read
                } else {
                    reloadAll = true  // unknown: be safe
                }
            }
        }

        static func normalized(_ path: String) -> String {
            URL(fileURLWithPath: path).standardizedFileURL.path
        }

        /// The part of `path` below `root`, or nil when it is not inside.
        static func relative(_ path: String, to root: String) -> String? {
            if path == root { return "" }
            let prefix = root.hasSuffix("/") ? root : root + "/"
            return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : nil
        }
    }

    // MARK: - Comparing models

    /// Two loads of a connector give the same pages.
    static func same(_ a: Connector, _ b: Connector) -> Bool {
        a.key == b.key && a.name == b.name && a.provider == b.provider && a.description == b.description
            && a.redirectURI == b.redirectURI && a.catalog.scopes == b.catalog.scopes
            && a.catalog.actions == b.catalog.actions && a.guides == b.guides
    }

    /// What the site-wide files show of each connector; when it is unchanged those files
    /// are not rendered again.
    static func indexEntries(_ site: Site) -> [ConnectorSummary] {
        site.connectors.map(ConnectorSummary.init)
    }
}
