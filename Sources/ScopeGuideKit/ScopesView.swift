import Mustache
import ScopeGuideCore

/// What the reviewer page (`scopes.mustache`) shows: both scope-to-action tables.
struct ScopesView: MustacheParent {
    struct ScopeRow: MustacheParent {
        let name, description, source, includes, actions: String
        let hasSource, hasActions: Bool

        func child(named key: String) -> Any? {
            switch key {
            case "name": name
            case "description": description
            case "source": source
            case "hasSource": hasSource
            case "includes": includes
            case "hasActions": hasActions
            case "actions": actions
            default: nil
            }
        }
    }

    struct ActionRow: MustacheParent {
        let id, label, scopes: String

        func child(named key: String) -> Any? {
            switch key {
            case "id": id
            case "label": label
            case "scopes": scopes
            default: nil
            }
        }
    }

    let connectorName: String
    let actionCount: Int
    let scopeCount: Int
    let guides: [[String: String]]
    let scopes: [ScopeRow]
    let actions: [ActionRow]

    init(_ connector: Connector) {
        let catalog = connector.catalog
        let tables = ScopeTables(catalog)
        let labels = Dictionary(catalog.actions.map { ($0.id, $0.label) }, uniquingKeysWith: { a, _ in a })
        connectorName = connector.name
        actionCount = catalog.actions.count
        scopeCount = catalog.scopes.count
        guides = connector.guides.map { ["key": $0.key, "title": $0.title] }
        scopes = tables.scopes.map { row in
            let scope = catalog.scope(named: row.name)
            return ScopeRow(name: row.name, description: scope?.description ?? "", source: scope?.source ?? "",
                            includes: scope?.includes.joined(separator: ", ") ?? "",
                            actions: row.actions.map { labels[$0] ?? $0 }.joined(separator: ", "),
                            hasSource: scope?.source != nil, hasActions: !row.actions.isEmpty)
        }
        actions = tables.actions.map { ActionRow(id: $0.id, label: $0.label, scopes: $0.scopes.joined(separator: ", ")) }
    }

    func child(named key: String) -> Any? {
        switch key {
        case "connectorName": connectorName
        case "actionCount": actionCount
        case "scopeCount": scopeCount
        case "guides": guides
        case "scopes": scopes
        case "actions": actions
        default: nil
        }
    }
}
