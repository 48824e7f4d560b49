import ScopeGuideCore

/// What the reviewer page (`scopes.mustache`) shows: both scope-to-action tables.
struct ScopesView: TemplateObject {
    struct ScopeRow: TemplateObject {
        let name, description, source, includes, actions: String
        let hasSource, hasActions: Bool

        func field(_ key: TemplateKey) -> TemplateValue? {
            switch key.field {
            case .name?: .text(name)
            case .description?: .text(description)
            case .source?: .text(source)
            case .hasSource?: .bool(hasSource)
            case .includes?: .text(includes)
            case .hasActions?: .bool(hasActions)
            case .actions?: .text(actions)
            default: nil
            }
        }
    }

    struct ActionRow: TemplateObject {
        let id, label, scopes: String

        func field(_ key: TemplateKey) -> TemplateValue? {
            switch key.field {
            case .id?: .text(id)
            case .label?: .text(label)
            case .scopes?: .text(scopes)
            default: nil
            }
        }
    }

    let connectorName: String
    let actionCount: Int
    let scopeCount: Int
    let guides: [TemplateRecord]
    let scopes: [ScopeRow]
    let actions: [ActionRow]

    init(_ connector: Connector) {
        let catalog = connector.catalog
        let tables = ScopeTables(catalog)
        let labels = Dictionary(catalog.actions.map { ($0.id, $0.label) }, uniquingKeysWith: { a, _ in a })
        connectorName = connector.name
        actionCount = catalog.actions.count
        scopeCount = catalog.scopes.count
        guides = connector.guides.map { TemplateRecord(["key": .text($0.key), "title": .text($0.title)]) }
        scopes = tables.scopes.map { row in
            let scope = catalog.scope(named: row.name)
            return ScopeRow(name: row.name, description: scope?.description ?? "", source: scope?.source ?? "",
                            includes: scope?.includes.joined(separator: ", ") ?? "",
                            actions: row.actions.map { labels[$0] ?? $0 }.joined(separator: ", "),
                            hasSource: scope?.source != nil, hasActions: !row.actions.isEmpty)
        }
        actions = tables.actions.map { ActionRow(id: $0.id, label: $0.label, scopes: $0.scopes.joined(separator: ", ")) }
    }

    func field(_ key: TemplateKey) -> TemplateValue? {
        switch key.field {
        case .connectorName?: .text(connectorName)
        case .actionCount?: .int(actionCount)
        case .scopeCount?: .int(scopeCount)
        case .guides?: .list(guides)
        case .scopes?: .list(scopes)
        case .actions?: .list(actions)
        default: nil
        }
    }
}
