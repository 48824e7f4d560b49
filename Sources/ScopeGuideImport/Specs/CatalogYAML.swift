import Foundation
import ScopeGuideKit

/// Writes and reads `catalog.yaml` in the format with alternatives:
/// `requiredScopes: [a, b]` for one alternative, `requiredScopes: {anyOf: [[a, b], [c]]}` for several.
public enum CatalogYAML {
    public static func write(_ catalog: SpecCatalog, header: [String] = [], sources: [String: String] = [:]) -> String {
        var out = header.map { $0.isEmpty ? "#\n" : "# \($0)\n" }.joined()
        if catalog.scopes.isEmpty {
            out += "scopeDefinitions: []\n"
        } else {
            out += "scopeDefinitions:\n"
            for s in catalog.scopes {
                out += "  - name: \(YAMLText.scalar(s.name))\n"
                if let d = s.description, !d.isEmpty { out += "    description: \(YAMLText.quoted(d))\n" }
                if !s.includes.isEmpty {
                    out += "    includes: \(YAMLText.list(s.includes))\(s.includesInferred ? "   # inferred: review" : "")\n"
                }
                if let a = s.adminConsent { out += "    adminConsent: \(a)\n" }
                if let p = s.privilege { out += "    privilege: \(p)\n" }
                if let src = sources[s.name] { out += "    source: \(YAMLText.scalar(src))\n" }
            }
        }
        if catalog.actions.isEmpty {
            out += "actions: []\n"
        } else {
            out += "actions:\n"
            for a in catalog.actions {
                out += "  - id: \(YAMLText.scalar(a.id))\n    label: \(YAMLText.scalar(a.label))\n"
                if let d = a.description, !d.isEmpty { out += "    description: \(YAMLText.quoted(d))\n" }
                out += requirement(a.alternatives, indent: "    ")
            }
        }
        return out
    }

    static func requirement(_ alternatives: [[String]], indent: String) -> String {
        if alternatives.count == 1 { return "\(indent)requiredScopes: \(YAMLText.list(alternatives[0]))\n" }
        var out = "\(indent)requiredScopes:\n\(indent)  anyOf:\n"
        for alt in alternatives { out += "\(indent)    - \(YAMLText.list(alt))\n" }
        return out
    }

    /// Reads a catalog (the current, possibly hand-edited one). Only what merging and drift
    /// need is read; `scopeguide check` is the validator. `source` values are returned apart.
    /// With the file's `text`, an `includes` line still carrying `# inferred` reads as inferred
    /// (a person removes the comment once they have reviewed it).
    public static func read(_ root: YAMLNode, path: String, text: String? = nil) -> (SpecCatalog, sources: [String: String], Diagnostics) {
        let lines = text.map { $0.split(separator: "\n", omittingEmptySubsequences: false) }
        var problems = Diagnostics()
        var catalog = SpecCatalog()
        var sources: [String: String] = [:]
        guard root.isMapping else {
            problems.error(root, path: path, "a catalog must be a mapping")
            return (catalog, sources, problems)
        }
        for node in root["scopeDefinitions"]?.items ?? [] {
            guard let name = node["name"]?.text else { problems.error(node, path: path, "a scope needs a name"); continue }
            var scope = SpecScope(name: name, description: node["description"]?.text)
            scope.includes = strings(node["includes"]) ?? []
            if let lines, let n = node["includes"]?.lineNumber, n >= 1, n <= lines.count {
                scope.includesInferred = !scope.includes.isEmpty && lines[n - 1].contains("# inferred")
            }
            if let a = node["adminConsent"]?.text { scope.adminConsent = a == "true" }
            if let p = node["privilege"]?.text { scope.privilege = Int(p) }
            if let s = node["source"]?.text { sources[name] = s }
            catalog.scopes.append(scope)
        }
        for node in root["actions"]?.items ?? [] {
            guard let id = node["id"]?.text else { problems.error(node, path: path, "an action needs an id"); continue }
            let label = node["label"]?.text ?? id
            var alternatives: [[String]] = []
            if let req = node["requiredScopes"] {
                if let any = req["anyOf"] {
                    alternatives = (any.items ?? []).compactMap { strings($0) }
                } else if let one = strings(req) {
                    alternatives = [one]
                } else {
                    problems.error(req, path: path, "requiredScopes must be a list or {anyOf: [[…], …]}")
                }
            }
            catalog.actions.append(SpecAction(key: id, id: id, label: label, description: node["description"]?.text,
                                              alternatives: alternatives))
        }
        return (catalog, sources, problems)
    }

    static func strings(_ node: YAMLNode?) -> [String]? {
        guard let node else { return nil }
        if let t = node.text { return [t] }
        guard let items = node.items else { return nil }
        let texts = items.compactMap(\.text)
        return texts.count == items.count ? texts : nil
    }
}
