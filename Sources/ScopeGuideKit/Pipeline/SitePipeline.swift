import ScopeGuideCore

/// The build, in the order it happens:
///
///     load → validate → select → render → write
///
/// - **load** and **validate**: `ContentLoader` reads `Content/` into a checked `Connector`
///   per folder (`Loading/`, `YAML/`, `Markdown/`), or reports every problem as `Diagnostics`;
/// - **select**: each page asks `Selection` (ScopeGuideCore) which sections, steps and scopes
///   apply (`docs/selection-rules.md`);
/// - **render**: `SiteFiles` turns a connector into its files with the layouts of
///   `SiteRenderer` (`Pages/`, `Templates/`);
/// - **write**: a `SiteWriter` puts the files somewhere: `SiteStaging` swaps a complete site
///   into the output folder (`build`), `FolderWriter` updates a preview folder file by file
///   (`serve`), `MemoryWriter` keeps them for tests.
///
/// `build` runs every stage over the whole site (`build(renderer:into:)`); `serve` runs the
/// same stages on what a change touched (`IncrementalBuilder`).
public struct SitePipeline: Sendable {
    public let paths: ContentPaths

    public init(paths: ContentPaths) { self.paths = paths }

    /// What a whole build did.
    public struct Outcome: Sendable {
        public var settings: SiteSettings
        public var warnings: [Diagnostic]
        /// What the site-wide files show of each connector, in key order.
        public var connectors: [ConnectorSummary]
        /// Every file written.
        public var paths: [String]
    }

    /// One connector through the build: its summary and files when it loaded, and what was found.
    private struct Done: Sendable {
        var summary: ConnectorSummary?
        var paths: [String] = []
        var diagnostics: Diagnostics
    }

    /// The layouts and assets, read and checked before any page is rendered.
    public func renderer() throws(Diagnostics) -> SiteRenderer { try SiteRenderer(paths: paths) }

    /// Load and validate the whole site.
    public func load() throws(Diagnostics) -> LoadedSite { try ContentLoader(paths: paths).load() }

    /// Load and validate one connector, with the site settings it was loaded with.
    public func load(connector key: String) throws(Diagnostics) -> (SiteSettings, Connector) {
        try ContentLoader(paths: paths).loadConnector(key)
    }

    /// Select and render: one connector's files.
    public static func render(_ connector: Connector, settings: SiteSettings, renderer: SiteRenderer) -> [OutputFile] {
        SiteFiles.files(for: connector, settings: settings, renderer: renderer)
    }

    /// Render the files no one connector owns: index, 404, llms.txt, sitemap and assets.
    public static func renderSiteFiles(_ settings: SiteSettings, connectors: [ConnectorSummary],
                                       renderer: SiteRenderer) -> [OutputFile] {
        SiteFiles.siteFiles(settings, connectors: connectors, renderer: renderer)
    }

    /// Every stage for the whole site. Each connector is rendered and written right after it
    /// loads, on the same core, so no connector's pages wait in memory for the others; of a
    /// connector only its summary is kept, for the site-wide files written last. Nothing of
    /// an invalid site is written past the connectors already handed to `writer`, which is
    /// why `SiteStaging` only puts a site in place on `commit()`.
    public func build(renderer: SiteRenderer, into writer: some SiteWriter) throws(Diagnostics) -> Outcome {
        let loader = ContentLoader(paths: paths)
        let outline = try loader.outline()
        let settings = outline.settings
        let done = Parallel.map(outline.connectorKeys) { key -> Done in
            let (connector, found) = loader.connector(key, settings: settings)
            guard let connector else { return Done(diagnostics: found) }
            let files = Self.render(connector, settings: settings, renderer: renderer)
            do throws(Diagnostics) { try writer.write(files) } catch { return Done(diagnostics: found + error) }
            return Done(summary: ConnectorSummary(connector), paths: files.map(\.path), diagnostics: found)
        }
        let found = done.reduce(outline.problems) { $0 + $1.diagnostics }.sorted
        guard !found.hasErrors else { throw Diagnostics(found.errors) }
        let connectors = done.compactMap(\.summary)
        let siteFiles = Self.renderSiteFiles(settings, connectors: connectors, renderer: renderer)
        try writer.write(siteFiles)
        return Outcome(settings: settings, warnings: found.warnings, connectors: connectors,
                       paths: siteFiles.map(\.path) + done.flatMap(\.paths))
    }
}
