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
}
