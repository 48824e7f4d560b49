import Foundation
import ScopeGuideKit

/// Microsoft Graph permissions (`permissions.json` of microsoft-graph-devx-content) plus a
/// small actions file → catalog facts.
///
/// The actions file lists `id`, `label`, `method`, `path` (and optionally `description`) per
/// action. Every permission whose `pathSets` list that method and path for the chosen scheme
/// (`--scheme`, default DelegatedWork) is one alternative: those marked `least=` for the scheme
/// first, then by `privilegeLevel`, then by name. Paths compare case-insensitively with every
/// `{…}` segment the same; a `...` segment in the file matches one or more segments. Scope
/// descriptions (`adminDescription`), `adminConsent` and `privilege` come from the scheme.
struct GraphImporter {
    let root: YAMLNode
    let path: String
    let options: SpecOptions
    var problems = Diagnostics()

    init(root: YAMLNode, path: String, options: SpecOptions) {
        self.root = root
        self.path = path
        self.options = options
    }

    struct Grant { var permission: String; var least: Bool }

    static func normalise(_ path: String) -> [String] {
        var p = path.lowercased()
        if let q = p.firstIndex(of: "?") { p = String(p[..<q]) }
        return p.split(separator: "/").map { $0.hasPrefix("{") && $0.hasSuffix("}") ? "{id}" : String($0) }
    }

    static func matches(_ pattern: [String], _ path: [String]) -> Bool {
        guard let dots = pattern.firstIndex(of: "...") else { return pattern == path }
        let head = Array(pattern[..<dots]), tail = Array(pattern[(dots + 1)...])
        guard path.count >= head.count + tail.count + 1 else { return false }
        return Array(path.prefix(head.count)) == head && (tail.isEmpty || matches(tail, Array(path.suffix(tail.count))))
    }

    mutating func run() -> (SpecCatalog, Diagnostics) {
        let scheme = options.scheme ?? "DelegatedWork"
        guard let permissions = root["permissions"]?.entries else {
            problems.error(root, path: path, "#/permissions: not a Microsoft Graph permissions file (no 'permissions' mapping)")
            return (SpecCatalog(), problems)
        }
        guard let actionsFile = options.actionsFile else {
            problems.error(nil, path: path, "graph import needs --actions FILE (id, label, method, path per action)")
            return (SpecCatalog(), problems)
        }
        let actionsRoot: YAMLNode
        do { actionsRoot = try YAMLNode.readSpec(path: actionsFile) } catch {
            problems.diagnostics += error.diagnostics
            return (SpecCatalog(), problems)
        }
        guard let entries = (actionsRoot["actions"] ?? actionsRoot).items else {
            problems.error(actionsRoot, path: actionsFile, "the actions file must be a list of actions (or a mapping with 'actions:')")
            return (SpecCatalog(), problems)
        }

        // Index: METHOD path → grants, for the scheme; patterns with `...` kept apart.
        var exact: [String: [Grant]] = [:]
        var patterns: [(method: String, segments: [String], grant: Grant)] = []
        var info: [String: YAMLNode] = [:]
        var sawScheme = false
        for (name, node) in permissions {
            guard let details = node["schemes"]?[scheme] else { continue }
            sawScheme = true
            info[name] = details
            for set in node["pathSets"]?.items ?? [] {
                guard set["schemeKeys"]?.items?.contains(where: { $0.text == scheme }) == true else { continue }
                let methods = set["methods"]?.items?.compactMap { $0.text?.uppercased() } ?? []
                for (route, marker) in set["paths"]?.entries ?? [] {
                    let least = (marker.text ?? "").split(separator: ";").contains { part in
                        part.hasPrefix("least=") && part.dropFirst(6).split(separator: ",").contains { $0 == scheme }
                    }
                    let segments = Self.normalise(route)
                    for m in methods {
                        let grant = Grant(permission: name, least: least)
                        if segments.contains("...") { patterns.append((m, segments, grant)) } else {
                            exact[m + " /" + segments.joined(separator: "/"), default: []].append(grant)
                        }
                    }
                }
            }
        }
        guard sawScheme else {
            problems.error(root["permissions"], path: path, "#/permissions: no permission has the scheme '\(scheme)' (DelegatedWork, DelegatedPersonal or Application)")
            return (SpecCatalog(), problems)
        }

        var actions: [SpecAction] = []
        var scopeOrder: [String] = []
        var seenIds = Set<String>()
        for entry in entries {
            guard let rawId = entry["id"]?.text, let method = entry["method"]?.text?.uppercased(), let route = entry["path"]?.text else {
                problems.error(entry, path: actionsFile, "an action needs 'id', 'method' and 'path'")
                continue
            }
            let id = rawId.hasPrefix(options.connector + "_") ? rawId : "\(options.connector)_\(SpecNames.snakeCase(rawId))"
            guard seenIds.insert(id).inserted else {
                problems.error(entry["id"], path: actionsFile, "duplicate action id '\(id)'")
                continue
            }
            let segments = Self.normalise(route)
            var grants = exact[method + " /" + segments.joined(separator: "/")] ?? []
            for p in patterns where p.method == method && Self.matches(p.segments, segments) { grants.append(p.grant) }
            var best: [String: Bool] = [:]
            for g in grants { best[g.permission] = (best[g.permission] ?? false) || g.least }
            guard !best.isEmpty else {
                problems.warning(entry, path: actionsFile, "no permission lists \(method) \(route) for \(scheme): action '\(rawId)' skipped")
                continue
            }
            func level(_ p: String) -> Int { info[p]?["privilegeLevel"]?.text.flatMap { Int($0) } ?? 99 }
            let sorted = best.keys.sorted { a, b in
                if best[a]! != best[b]! { return best[a]! }
                if level(a) != level(b) { return level(a) < level(b) }
                return a < b
            }
            for p in sorted where !scopeOrder.contains(p) { scopeOrder.append(p) }
            let label = entry["label"]?.text ?? SpecNames.humanise(rawId)
            actions.append(SpecAction(key: rawId, id: id, label: label, description: SpecNames.oneLine(entry["description"]?.text),
                                      alternatives: sorted.map { [$0] }))
        }
        let scopes = scopeOrder.map { name -> SpecScope in
            let d = info[name]
            return SpecScope(name: name, description: SpecNames.oneLine(d?["adminDescription"]?.text),
                             adminConsent: d?["requiresAdminConsent"]?.text.map { $0 == "true" },
                             privilege: d?["privilegeLevel"]?.text.flatMap { Int($0) })
        }
        return (SpecCatalog(scopes: scopes, actions: actions), problems)
    }
}
