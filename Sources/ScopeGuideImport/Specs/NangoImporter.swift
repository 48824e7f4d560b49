import Foundation
import ScopeGuideKit

/// Compiled Nango integration catalogs (`.nango/nango.json`) → catalog facts: each action or
/// sync with `scopes` is an action whose scopes are one alternative (all needed). Id: `KEY_` +
/// the name in snake_case; label: the humanised name; description from the source.
struct NangoImporter {
    let root: YAMLNode
    let path: String
    let options: SpecOptions
    var problems = Diagnostics()

    init(root: YAMLNode, path: String, options: SpecOptions) {
        self.root = root
        self.path = path
        self.options = options
    }

    mutating func run() -> (SpecCatalog, Diagnostics) {
        let integrations = root.items ?? (root.isMapping ? [root] : nil)
        guard let integrations, integrations.allSatisfy({ $0["actions"] != nil || $0["syncs"] != nil }) else {
            problems.error(root, path: path, "#: not a Nango catalog (a list of integrations with 'actions' and 'syncs')")
            return (SpecCatalog(), problems)
        }
        var actions: [SpecAction] = []
        var scopeOrder: [String] = []
        var owners: [String: String] = [:]
        for (i, integration) in integrations.enumerated() {
            for kind in ["actions", "syncs"] {
                for (j, item) in (integration[kind]?.items ?? []).enumerated() {
                    let pointer = "#/\(i)/\(kind)/\(j)"
                    guard let name = item["name"]?.text else {
                        problems.error(item, path: path, "\(pointer): an \(kind.dropLast()) needs a name")
                        continue
                    }
                    var scopes: [String] = []
                    for s in item["scopes"]?.items?.compactMap(\.text) ?? [] where !scopes.contains(s) { scopes.append(s) }
                    guard !scopes.isEmpty else { continue }
                    let base = SpecNames.snakeCase(name)
                    let id = "\(options.connector)_\(base)"
                    let key = "\(kind.dropLast()):\(name)"
                    if let other = owners[id] {
                        problems.error(item["name"], path: path, "\(pointer): '\(key)' and '\(other)' both become the action id '\(id)'")
                        continue
                    }
                    owners[id] = key
                    for s in scopes where !scopeOrder.contains(s) { scopeOrder.append(s) }
                    actions.append(SpecAction(key: key, id: id, label: SpecNames.humanise(base),
                                              description: SpecNames.oneLine(item["description"]?.text), alternatives: [scopes]))
                }
            }
        }
        if actions.isEmpty { problems.warning(root, path: path, "#: no action or sync lists scopes") }
        return (SpecCatalog(scopes: scopeOrder.map { SpecScope(name: $0) }, actions: actions), problems)
    }
}
