import ScopeGuideCore

extension ContentLoader {
    /// Reads and validates one `catalog.yaml` on its own (for `scopeguide diff`).
    public static func loadCatalog(path: String) throws(Diagnostics) -> Catalog {
        let sink = DiagnosticSink()
        guard let catalog = CatalogLoader.load(path: path, sink: sink), sink.errors.isEmpty else {
            throw Diagnostics(sink.errors)
        }
        return catalog
    }

    /// Reads catalog text the plain way or entry by entry, for `bench-render`, which measures
    /// what the plain reading saves (see `CatalogLoader`); the number of actions read.
    public static func benchReadCatalog(_ text: String, path: String, plain: Bool) -> Int {
        CatalogLoader.parse(text, path: path, sink: DiagnosticSink(), plain: plain)?.actions.count ?? 0
    }
}
