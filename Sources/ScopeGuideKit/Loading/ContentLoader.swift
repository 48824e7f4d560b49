import Dispatch
import Foundation
import ScopeGuideCore

/// What loading produced: the site and any warnings worth showing.
public struct LoadedSite: Sendable {
    public var site: Site
    public var warnings: [Diagnostic]
}

/// Step one of the pipeline (load → validate → select → render → write): reads `Content/`
/// and the shared step templates into a validated `Site`, or throws every problem at once.
public struct ContentLoader: Sendable {
    public var paths: ContentPaths

    public init(paths: ContentPaths = ContentPaths()) { self.paths = paths }

    /// Fails early, before any template work, when the content folder is not there.
    public func checkFolder() throws(ContentError) {
        guard FileSystem.isDirectory(paths.content) else {
            throw ContentError(at: SourceLocation(path: paths.content),
                               "content folder not found (run from the project root or pass --content DIR)")
        }
    }

    public func load() throws(ContentError) -> LoadedSite {
        let loaded = try load { _, connector in connector }
        return LoadedSite(site: Site(settings: loaded.settings, connectors: loaded.results), warnings: loaded.warnings)
    }

    /// Loads the site and runs `work` on each connector as soon as it is loaded, on the same
    /// worker, so a build renders connectors while others are still loading. Only what `work`
    /// returns is kept (a build keeps each connector's `ConnectorSummary`, not its catalog
    /// and guides). The results come back in connector order, and only when the whole site
    /// is valid.
    public func load<T: Sendable>(then work: @escaping @Sendable (SiteSettings, Connector) -> T)
        throws(ContentError) -> (settings: SiteSettings, warnings: [Diagnostic], results: [T]) {
        let sink = DiagnosticSink()
        try checkFolder()
        let settings = loadSettings(sink: sink)
        var keys: [String] = []
        if FileSystem.isDirectory(paths.connectorsDirectory) {
            // A real folder in a `connectors/` that is itself inside the content folder cannot
            // lead outside it; only links need the full check.
            let connectorsInside = FileSystem.isInside(paths.connectorsDirectory, root: paths.content)
            // Hidden names are listed too: a folder such as `..x` or `.draft` is reported as an
            // unsafe key instead of silently vanishing from the site.
            for (name, kind) in FileSystem.listing(paths.connectorsDirectory) {
                let dir = join(paths.connectorsDirectory, name)
                guard kind == .folder || (kind == .link && FileSystem.isDirectory(dir)) else { continue }
                guard !reservedConnectorKeys.contains(name) else {
                    sink.error(SourceLocation(path: dir), "connector key '\(name)' is reserved (it names a folder of the generated site)")
                    continue
                }
                guard isSafeSlug(name) else {
                    sink.error(SourceLocation(path: dir),
                               "connector folder name '\(name)' is not a safe key (use a-z, 0-9, '-' and '_', starting with a letter or digit)")
                    continue
                }
                guard (kind == .folder && connectorsInside) || FileSystem.isInside(dir, root: paths.content) else {
                    sink.error(SourceLocation(path: dir), "connector folder is a link to outside the content folder")
                    continue
                }
                keys.append(name)
            }
        } else {
            sink.error(SourceLocation(path: paths.connectorsDirectory), "folder not found (one sub-folder per connector)")
        }
        guard let settings else { throw ContentError(sink.errors) }

        // Connectors are independent: load them on all cores.
        let connectorKeys = keys
        let stepTemplates = SharedFiles()
        let results = ConcurrentResults<T>(count: connectorKeys.count)
        DispatchQueue.concurrentPerform(iterations: connectorKeys.count) { i in
            // A sink per connector: its "did this add errors?" checks must not see another
            // connector's errors arriving from the other core.
            let own = DiagnosticSink()
            defer { sink.merge(own) }
            guard let connector = loadConnector(key: connectorKeys[i], settings: settings, stepTemplates: stepTemplates, sink: own) else { return }
            results[i] = work(settings, connector)
        }
        let errors = sink.errors
        guard errors.isEmpty else { throw ContentError(errors) }
        return (settings, sink.warnings, results.values.compactMap { $0 })
    }

    /// Loads only one connector (for `scopes`, `url`, `table`, `render`).
    public func loadConnector(_ key: String) throws(ContentError) -> (SiteSettings, Connector) {
        let sink = DiagnosticSink()
        let dir = join(paths.connectorsDirectory, key)
        guard isSafeSlug(key), FileSystem.isDirectory(dir) else {
            let known = FileSystem.entries(paths.connectorsDirectory).filter { FileSystem.isDirectory(join(paths.connectorsDirectory, $0)) }
            throw ContentError(at: SourceLocation(path: dir),
                               "unknown connector '\(key)' (known: \(known.joined(separator: ", ")))")
        }
        let settings = loadSettings(sink: sink)
        let connector = settings.flatMap { loadConnector(key: key, settings: $0, stepTemplates: SharedFiles(), sink: sink) }
        guard let settings, let connector, sink.errors.isEmpty else { throw ContentError(sink.errors) }
        return (settings, connector)
    }

    // MARK: - site.yaml

    private func loadSettings(sink: DiagnosticSink) -> SiteSettings? {
        guard let map = readMapping(paths.siteFile, what: "site.yaml", sink: sink) else { return nil }
        map.allowOnly(["title", "description", "baseURL", "platform", "redirectURI"])
        let title = map.string("title", required: true)
        var baseURL = map.string("baseURL", required: true)
        if let url = baseURL {
            if !(url.hasPrefix("https://") || url.hasPrefix("http://")) || url.contains(where: { $0.isWhitespace || $0 == "?" || $0 == "#" }) {
                sink.error(map.value("baseURL")!.location, "baseURL must be an absolute http(s) URL without query or fragment")
                baseURL = nil
            }
            while baseURL?.hasSuffix("/") == true { baseURL?.removeLast() }
        }
        guard let title, let baseURL else { return nil }
        return SiteSettings(title: title, description: map.string("description") ?? "",
                            baseURL: baseURL, platform: map.string("platform") ?? "the platform",
                            redirectURI: map.string("redirectURI") ?? "")
    }

    // MARK: - One connector

    private func loadConnector(key: String, settings: SiteSettings, stepTemplates: SharedFiles,
                               sink: DiagnosticSink) -> Connector? {
        let dir = join(paths.connectorsDirectory, key)
        let before = sink.errorCount
        guard let map = readMapping(join(dir, "connector.yaml"), what: "connector.yaml", sink: sink) else { return nil }
        map.allowOnly(["name", "provider", "description", "redirectURI", "guides"])
        let name = map.string("name", required: true) ?? key
        let provider = map.string("provider") ?? ""
        let redirectURI = map.string("redirectURI")
            ?? settings.redirectURI.replacingAll("{{connectorKey}}", with: key)
        let catalog = CatalogLoader.load(path: join(dir, "catalog.yaml"), sink: sink)

        let guidesDir = join(dir, "guides")
        // Guides named in connector.yaml, or every folder in guides/ (known to be folders).
        var guideKeys: [(key: String, at: SourceLocation, isFolder: Bool)]
        if let listed = map.strings("guides") {
            guideKeys = listed.located.map { ($0.0, $0.1, false) }
        } else {
            guideKeys = FileSystem.listing(guidesDir)
                .filter { !$0.name.hasPrefix(".") && ($0.kind == .folder || ($0.kind == .link && FileSystem.isDirectory(join(guidesDir, $0.name)))) }
                .map { ($0.name, SourceLocation(path: join(guidesDir, $0.name)), true) }
            if guideKeys.isEmpty { sink.error(SourceLocation(path: guidesDir), "connector '\(key)' has no guide folder") }
        }
        // A broken catalog does not stop the guides from being checked, so one run reports
        // every error; their scope names are then left unchecked.
        let context = GuideLoader.Context(connectorKey: key, connectorName: name, provider: provider,
                                          redirectURI: redirectURI, platform: settings.platform,
                                          catalog: catalog ?? Catalog(scopes: [], actions: []),
                                          paths: paths, checkScopes: catalog != nil, stepTemplates: stepTemplates)
        var guides: [Guide] = []
        for (guideKey, at, isFolder) in guideKeys {
            guard guideKey != "scopes" else {
                sink.error(at, "guide key 'scopes' is reserved for the connector's reviewer page")
                continue
            }
            guard isSafeSlug(guideKey) else {
                sink.error(at, "guide key '\(guideKey)' is not a safe folder name (use a-z, 0-9, '-' and '_')")
                continue
            }
            let guideDir = join(guidesDir, guideKey)
            guard isFolder || FileSystem.isDirectory(guideDir) else {
                sink.error(at, "guide folder '\(guideDir)' not found")
                continue
            }
            if let guide = GuideLoader.load(key: guideKey, directory: guideDir, context: context, sink: sink) {
                guides.append(guide)
            }
        }
        guard let catalog, sink.errorCount == before else { return nil }
        return Connector(key: key, name: name, provider: provider, description: map.string("description") ?? "",
                         redirectURI: redirectURI, catalog: catalog, guides: guides)
    }
}

/// Top-level folders of the generated site that a connector key must not shadow.
let reservedConnectorKeys: Set<String> = ["assets", "index.html", "404.html"]

/// Reads a YAML file that must hold a mapping, reporting problems to `sink`.
func readMapping(_ path: String, what: String, sink: DiagnosticSink) -> YAMLMapping? {
    do {
        guard let text = try TextFile.readIfPresent(path, displayPath: path) else {
            sink.error(SourceLocation(path: path), "missing file \(what)")
            return nil
        }
        return YAMLMapping(try YAMLNode.parse(text, path: path), sink: sink, what: what)
    } catch {
        error.diagnostics.forEach { sink.error($0.location, $0.message) }
        return nil
    }
}

/// Results written by index from concurrent work.
final class ConcurrentResults<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [T?]

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    subscript(i: Int) -> T? {
        get { lock.withLock { storage[i] } }
        set { lock.withLock { storage[i] = newValue } }
    }

    var values: [T?] { lock.withLock { storage } }
}
