import ScopeGuideImport
import ScopeGuideKit

/// The API-description importers (OpenAPI/Swagger, Discovery, Graph, Nango) on arbitrary
/// bytes read as YAML/JSON: any input ends in a catalog or located diagnostics, never a trap.
/// Property: the catalog an importer makes, written as catalog.yaml and read back, is the same
/// catalog (ids, labels, descriptions, alternatives, scopes and includes), and a catalog never
/// drifts from the source it was made from.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let root = try? YAMLNode.readSpec(text: text, path: "spec.yaml") else { return 0 }
    for kind in SpecKind.allCases {
        let (catalog, problems) = SpecImporter.run(kind, root: root, path: "spec.yaml",
                                                   options: SpecOptions(connector: "f", actionsFile: kind == .graph ? "/nonexistent" : nil))
        for d in problems.diagnostics { precondition(d.location.path == "spec.yaml" || d.location.path == "/nonexistent", "unlocated: \(d)") }
        guard !problems.hasErrors else { continue }
        let written = CatalogYAML.write(catalog)
        guard let back = try? YAMLNode.readSpec(text: written, path: "catalog.yaml") else {
            preconditionFailure("the written catalog does not parse:\n\(written)")
        }
        let (read, _, _) = CatalogYAML.read(back, path: "catalog.yaml", text: written)
        precondition(read.actions.map(\.id) == catalog.actions.map(\.id), "ids differ")
        precondition(read.actions.map(\.label) == catalog.actions.map(\.label), "labels differ")
        precondition(read.actions.map(\.description) == catalog.actions.map(\.description), "descriptions differ")
        precondition(read.actions.map(\.alternatives) == catalog.actions.map(\.alternatives), "alternatives differ")
        precondition(read.scopes.map(\.name) == catalog.scopes.map(\.name), "scopes differ")
        precondition(read.scopes.map(\.includes) == catalog.scopes.map(\.includes), "includes differ")
        precondition(!DriftReport(catalog: catalog, base: catalog, source: catalog).hasDrift, "a catalog drifts from itself")
    }
    return 0
}
