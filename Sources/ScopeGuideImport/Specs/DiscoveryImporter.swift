import Foundation
import ScopeGuideKit

/// Google API Discovery documents → catalog facts.
///
/// Every method with `scopes` is an action; each listed scope is one alternative (Google: "one
/// of the following scopes"), narrowest first (the scope fewer methods accept), then source
/// order. Id: `KEY_` + the method id without the API name, in snake_case
/// (`calendar.events.list` → `KEY_events_list`); label: the description's first sentence, else
/// the humanised id. `includes` is inferred: A includes B when every method that accepts B
/// also accepts A (and A more); written as inferred, for review.
struct DiscoveryImporter {
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
        guard root.isMapping, root["kind"]?.text == "discovery#restDescription" || root["resources"] != nil else {
            problems.error(root, path: path, "#: not a Google Discovery document (no 'kind: discovery#restDescription' or 'resources')")
            return (SpecCatalog(), problems)
        }
        guard let scopeNodes = root["auth"]?["oauth2"]?["scopes"]?.entries else {
            problems.error(root["auth"] ?? root, path: path, "#/auth/oauth2/scopes: no OAuth2 scopes in the document")
            return (SpecCatalog(), problems)
        }
        // A scope defined twice (a repeated JSON key) keeps its first definition.
        var scopes: [SpecScope] = []
        var defined = Set<String>()
        for (name, value) in scopeNodes {
            guard defined.insert(name).inserted else {
                problems.warning(value, path: path, "#/auth/oauth2/scopes: scope '\(name)' is defined twice; the first definition is kept")
                continue
            }
            scopes.append(SpecScope(name: name, description: SpecNames.oneLine(value["description"]?.text)))
        }

        // Methods in document order, depth first through resources.
        var methods: [(pointer: String, node: YAMLNode)] = []
        func collect(_ node: YAMLNode, pointer: String, depth: Int) {
            guard depth < 32 else { return }
            for (name, m) in node["methods"]?.entries ?? [] { methods.append((pointer + "/methods/" + SpecNames.pointerToken(name), m)) }
            for (name, r) in node["resources"]?.entries ?? [] {
                collect(r, pointer: pointer + "/resources/" + SpecNames.pointerToken(name), depth: depth + 1)
            }
        }
        collect(root, pointer: "#", depth: 0)

        var raw: [(key: String, base: String, node: YAMLNode, pointer: String, scopes: [String])] = []
        var owners: [String: String] = [:]
        for (pointer, node) in methods {
            guard let list = node["scopes"]?.items?.compactMap(\.text), !list.isEmpty else { continue }
            var unique: [String] = []
            for s in list where !unique.contains(s) { unique.append(s) }
            for s in unique where !defined.contains(s) {
                problems.warning(node["scopes"], path: path, "\(pointer)/scopes: scope '\(s)' is used but not defined in #/auth/oauth2/scopes")
                scopes.append(SpecScope(name: s))
                defined.insert(s)
            }
            let methodId = node["id"]?.text ?? pointer
            var parts = methodId.split(separator: ".").map(String.init)
            if parts.count > 1 { parts.removeFirst() }
            let base = SpecNames.snakeCase(parts.joined(separator: "."))
            let id = "\(options.connector)_\(base)"
            if let other = owners[id] {
                problems.error(node["id"] ?? node, path: path, "\(pointer): methods '\(methodId)' and '\(other)' both become the action id '\(id)'")
                continue
            }
            owners[id] = methodId
            raw.append((methodId, base, node, pointer, unique))
        }

        // How many methods accept each scope, and which.
        var accepted: [String: Set<String>] = [:]
        for m in raw { for s in m.scopes { accepted[s, default: []].insert(m.key) } }
        let order = Dictionary(scopes.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        var actions: [SpecAction] = []
        for m in raw {
            let sorted = m.scopes.sorted {
                let a = accepted[$0]?.count ?? 0, b = accepted[$1]?.count ?? 0
                return a != b ? a < b : (order[$0] ?? 0) < (order[$1] ?? 0)
            }
            let id = "\(options.connector)_\(m.base)"
            let sentence = m.node["description"]?.text.map(SpecNames.firstSentence) ?? ""
            let label = sentence.isEmpty ? SpecNames.humanise(m.base) : sentence
            actions.append(SpecAction(key: m.key, id: id, label: label, description: nil, alternatives: sorted.map { [$0] }))
        }

        // Methods that share a first sentence (patch and update) are told apart by their name.
        var labelCounts: [String: Int] = [:]
        for a in actions { labelCounts[a.label, default: 0] += 1 }
        for i in actions.indices where labelCounts[actions[i].label, default: 0] > 1 {
            actions[i].label += " (\(actions[i].key.split(separator: ".").last.map(String.init) ?? actions[i].key))"
        }

        // includes: A ⊇ B strictly, reduced to direct edges.
        let names = scopes.map(\.name).filter { accepted[$0] != nil }
        var covers: [String: Set<String>] = [:]
        for a in names {
            for b in names where a != b {
                let sa = accepted[a]!, sb = accepted[b]!
                if sb.isSubset(of: sa) && sa.count > sb.count { covers[a, default: []].insert(b) }
            }
        }
        for i in scopes.indices {
            let a = scopes[i].name
            guard let all = covers[a] else { continue }
            let direct = all.filter { b in !all.contains { c in c != b && covers[c]?.contains(b) == true } }
            scopes[i].includes = names.filter { direct.contains($0) }
            scopes[i].includesInferred = !scopes[i].includes.isEmpty
        }
        let used = Set(accepted.keys)
        scopes = scopes.filter { used.contains($0.name) }
        return (SpecCatalog(scopes: scopes, actions: actions), problems)
    }
}
