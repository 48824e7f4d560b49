import Dispatch
import Foundation
import ScopeGuideCore

/// What loading produced: the site and any warnings worth showing.
public struct LoadedSite: Sendable {
    public var site: Site
    public var warnings: [Diagnostic]
}

/// What must be known before any connector loads: the site settings and the connector
/// folders, with the problems found on the way (an unsafe folder name, say), which do not
/// stop the other connectors from being checked.
public struct SiteOutline: Sendable {
    public var settings: SiteSettings
    public var connectorKeys: [String]
    public var problems: Diagnostics
}

/// The load and validate stages of the pipeline: reads `Content/` and the shared step
/// templates into a validated `Site`, or reports every problem at once. `SitePipeline` runs
/// it connector by connector; `load()` is the whole site for commands that only read it.
public struct ContentLoader: Sendable {
    public let paths: ContentPaths
    /// Step templates read once per load and shared by every connector's guides.
    let stepTemplates = SharedFiles()

    public init(paths: ContentPaths = ContentPaths()) { self.paths = paths }

    /// Fails early, before any template work, when the content folder is not there.
    public func checkFolder() throws(Diagnostics) {
        guard FileSystem.isDirectory(paths.content) else {
            throw Diagnostics(at: SourceLocation(path: paths.content),
                              "content folder not found (run from the project root or pass --content DIR)")
        }
    }

    /// The whole site, loaded on all cores; every problem when it is not valid.
    public func load() throws(Diagnostics) -> LoadedSite {
        let outline = try self.outline()
        let loaded = Parallel.map(outline.connectorKeys) { connector($0, settings: outline.settings) }
        let found = loaded.reduce(outline.problems) { $0 + $1.diagnostics }.sorted
        guard !found.hasErrors else { throw Diagnostics(found.errors) }
        return LoadedSite(site: Site(settings: outline.settings, connectors: loaded.compactMap(\.connector)),
                          warnings: found.warnings)
    }

    /// site.yaml and the list of connector folders; throws when there is no site to load.
    public func outline() throws(Diagnostics) -> SiteOutline {
        try checkFolder()
        let sink = DiagnosticSink()
        let settings = loadSettings(sink: sink)
        var keys: [String] = []
        if FileSystem.isDirectory(paths.connectorsDirectory) {
            // A real folder in a `connectors/` that is itself inside the content folder cannot
            // lead outside it; only links need the full check.
            let connectorsInside = FileSystem.isInside(paths.connectorsDirectory, root: paths.content)
            let listing: [(name: String, kind: FileSystem.EntryKind)]
            do { listing = try FileSystem.listing(paths.connectorsDirectory) } catch {
                sink.add(error)
                listing = []
            }
            // Hidden names are listed too: a folder such as `..x` or `.draft` is reported as an
            // unsafe key instead of silently vanishing from the site.
            for (name, kind) in listing {
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
        guard let settings else { throw Diagnostics(sink.errors) }
        return SiteOutline(settings: settings, connectorKeys: keys, problems: Diagnostics(sink.all))
    }

    /// One connector of the outline: the connector when it is valid, and what was found.
    public func connector(_ key: String, settings: SiteSettings) -> (connector: Connector?, diagnostics: Diagnostics) {
        let sink = DiagnosticSink()
        let connector = loadConnector(key: key, settings: settings, stepTemplates: stepTemplates, sink: sink)
        return (sink.errorCount == 0 ? connector : nil, Diagnostics(sink.all))
    }

    /// Loads only one connector (for `scopes`, `url`, `table`, `render`).
    public func loadConnector(_ key: String) throws(Diagnostics) -> (SiteSettings, Connector) {
        let sink = DiagnosticSink()
        let dir = join(paths.connectorsDirectory, key)
        guard isSafeSlug(key), FileSystem.isDirectory(dir) else {
            let known = try FileSystem.entries(paths.connectorsDirectory).filter { FileSystem.isDirectory(join(paths.connectorsDirectory, $0)) }
            throw Diagnostics(at: SourceLocation(path: dir),
                               "unknown connector '\(key)' (known: \(known.joined(separator: ", ")))")
        }
        let settings = loadSettings(sink: sink)
        let connector = settings.flatMap { loadConnector(key: key, settings: $0, stepTemplates: stepTemplates, sink: sink) }
        guard let settings, let connector, sink.errors.isEmpty else { throw Diagnostics(sink.errors) }
        return (settings, connector)
    }

    // MARK: - site.yaml

    private func loadSettings(sink: DiagnosticSink) -> SiteSettings? {
        guard let map = readMapping(paths.siteFile, what: "site.yaml", allowed: ["title", "description", "baseURL", "platform", "redirectURI"],
                                    sink: sink) else { return nil }
        let title = map.string("title", required: true)
        var baseURL = map.string("baseURL", required: true)
        if let url = baseURL {
            if !(url.hasPrefix("https://") || url.hasPrefix("http://")) || url.contains(where: { $0.isWhitespace || $0 == "?" || $0 == "#" }) {
                sink.error(map.location(of: "baseURL"), "baseURL must be an absolute http(s) URL without query or fragment")
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
        guard let map = readMapping(join(dir, "connector.yaml"), what: "connector.yaml",
                                    allowed: ["name", "provider", "description", "redirectURI", "guides"], sink: sink) else { return nil }
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
            var listing: [(name: String, kind: FileSystem.EntryKind)]? = nil
            do { listing = try FileSystem.listing(guidesDir) } catch { sink.add(error) }
            guideKeys = (listing ?? [])
                .filter { !$0.name.hasPrefix(".") && ($0.kind == .folder || ($0.kind == .link && FileSystem.isDirectory(join(guidesDir, $0.name)))) }
                .map { ($0.name, SourceLocation(path: join(guidesDir, $0.name)), true) }
            if guideKeys.isEmpty && listing != nil {
                sink.error(SourceLocation(path: guidesDir), "connector '\(key)' has no guide folder")
            }
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
func readMapping(_ path: String, what: String, allowed: [String], sink: DiagnosticSink) -> YAMLMapping? {
    do {
        guard let text = try TextFile.readIfPresent(path, displayPath: path) else {
            sink.error(SourceLocation(path: path), "missing file \(what)")
            return nil
        }
        return YAMLMapping(try YAMLNode.parse(text, path: path), allowed: allowed, sink: sink, what: what)
    } catch {
        error.diagnostics.forEach { sink.error($0.location, $0.message) }
        return nil
    }
}
