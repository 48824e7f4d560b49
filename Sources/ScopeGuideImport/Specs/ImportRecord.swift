import Foundation
import ScopeGuideKit

/// `Content/connectors/KEY/import.yaml`: where a catalog came from and what the last import
/// generated, so the next import can tell a person's edits of `catalog.yaml` from the source's.
///
/// ```yaml
/// source: ../shared/specs/slack-web-openapi-v2.json   # as given to import
/// kind: openapi                                     # openapi | discovery | graph | nango
/// scheme: slackAuth                                 # optional (--scheme)
/// actionsFile: outlook-actions.yaml                 # graph only (--actions)
/// ids:                                              # renames: source key → action id
///   calendar.events.list: googlecalendar_list_events
/// generated:                                        # the catalog as generated, before curation
///   scopeDefinitions: [...]
///   actions: [{key: …, id: …, label: …, requiredScopes: …}]
/// ```
public struct ImportRecord: Equatable, Sendable {
    public var source: String
    public var kind: SpecKind
    public var scheme: String?
    public var actionsFile: String?
    /// Source key → action id, for actions a person renamed (kept in file order).
    public var ids: [(key: String, id: String)] = []
    /// What the last import generated (source facts with `ids` applied); nil before the first.
    public var generated: SpecCatalog?

    public init(source: String, kind: SpecKind, scheme: String? = nil, actionsFile: String? = nil,
                ids: [(key: String, id: String)] = [], generated: SpecCatalog? = nil) {
        self.source = source
        self.kind = kind
        self.scheme = scheme
        self.actionsFile = actionsFile
        self.ids = ids
        self.generated = generated
    }

    public static func == (a: ImportRecord, b: ImportRecord) -> Bool {
        a.source == b.source && a.kind == b.kind && a.scheme == b.scheme && a.actionsFile == b.actionsFile
            && a.ids.map(\.key) == b.ids.map(\.key) && a.ids.map(\.id) == b.ids.map(\.id) && a.generated == b.generated
    }

    public func id(forKey key: String) -> String? { ids.first { $0.key == key }?.id }

    public func write() -> String {
        var out = "# Written by `scopeguide import`: the source of catalog.yaml and what the last import generated.\n"
        out += "# Edit catalog.yaml, not `generated` (it tells your edits from the source's changes); rename an\n"
        out += "# action under `ids` (source key → action id). See README, \"Import from API descriptions\".\n"
        out += "source: \(YAMLText.scalar(source))\nkind: \(kind.rawValue)\n"
        if let scheme { out += "scheme: \(YAMLText.scalar(scheme))\n" }
        if let actionsFile { out += "actionsFile: \(YAMLText.scalar(actionsFile))\n" }
        if !ids.isEmpty {
            out += "ids:\n"
            for (k, v) in ids { out += "  \(YAMLText.scalar(k)): \(YAMLText.scalar(v))\n" }
        }
        if let generated {
            out += "generated:\n"
            var body = "scopeDefinitions:\n"
            if generated.scopes.isEmpty { body = "scopeDefinitions: []\n" }
            for s in generated.scopes {
                body += "  - name: \(YAMLText.scalar(s.name))\n"
                if let d = s.description { body += "    description: \(YAMLText.quoted(d))\n" }
                if !s.includes.isEmpty { body += "    includes: \(YAMLText.list(s.includes))\n" }
                if s.includesInferred { body += "    inferred: true\n" }
                if let a = s.adminConsent { body += "    adminConsent: \(a)\n" }
                if let p = s.privilege { body += "    privilege: \(p)\n" }
            }
            body += generated.actions.isEmpty ? "actions: []\n" : "actions:\n"
            for a in generated.actions {
                body += "  - key: \(YAMLText.scalar(a.key))\n    id: \(YAMLText.scalar(a.id))\n    label: \(YAMLText.scalar(a.label))\n"
                if let d = a.description { body += "    description: \(YAMLText.quoted(d))\n" }
                body += CatalogYAML.requirement(a.alternatives, indent: "    ")
            }
            out += body.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  " + $0 }
                .joined(separator: "\n")
        }
        return out
    }

    public static func read(_ root: YAMLNode, path: String) -> (ImportRecord?, Diagnostics) {
        var problems = Diagnostics()
        guard let source = root["source"]?.text, let kindText = root["kind"]?.text else {
            problems.error(root, path: path, "import.yaml needs 'source' and 'kind'")
            return (nil, problems)
        }
        guard let kind = SpecKind(rawValue: kindText) else {
            problems.error(root["kind"], path: path, "unknown kind '\(kindText)' (expected \(SpecKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            return (nil, problems)
        }
        var record = ImportRecord(source: source, kind: kind, scheme: root["scheme"]?.text, actionsFile: root["actionsFile"]?.text)
        for (k, v) in root["ids"]?.entries ?? [] {
            guard let id = v.text else { problems.error(v, path: path, "ids: '\(k)' must map to an action id"); continue }
            record.ids.append((k, id))
        }
        if let generated = root["generated"] {
            var (catalog, _, more) = CatalogYAML.read(generated, path: path)
            problems.diagnostics += more.diagnostics
            let nodes = generated["actions"]?.items ?? []
            for i in catalog.actions.indices where i < nodes.count {
                catalog.actions[i].key = nodes[i]["key"]?.text ?? catalog.actions[i].id
            }
            let scopeNodes = generated["scopeDefinitions"]?.items ?? []
            for i in catalog.scopes.indices where i < scopeNodes.count {
                catalog.scopes[i].includesInferred = scopeNodes[i]["inferred"]?.text == "true"
            }
            record.generated = catalog
        }
        return (record, problems)
    }
}
