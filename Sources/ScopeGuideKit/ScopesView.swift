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

        func write(_ key: TemplateKey, escaped: Bool, into out: inout OutputBuffer) -> Bool {
            switch key.field {
            case .name?: out.append(name, escaped: escaped)
            case .description?: out.append(description, escaped: escaped)
            case .source?: out.append(source, escaped: escaped)
            case .includes?: out.append(includes, escaped: escaped)
            case .actions?: out.append(actions, escaped: escaped)
            default: return writeValue(key, escaped: escaped, into: &out)
            }
            return true
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

        func write(_ key: TemplateKey, escaped: Bool, into out: inout OutputBuffer) -> Bool {
            switch key.field {
            case .id?: out.append(id, escaped: escaped)
            case .label?: out.append(label, escaped: escaped)
            case .scopes?: out.append(scopes, escaped: escaped)
            default: return writeValue(key, escaped: escaped, into: &out)
            }
            return true
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
        connectorName = connector.name
        actionCount = catalog.actions.count
        scopeCount = catalog.scopes.count
        guides = connector.guides.map { TemplateRecord(["key": .text($0.key), "title": .text($0.title)]) }
        let byScope = ScopeTables.actionPositionsByScope(catalog)
        scopes = catalog.scopes.enumerated().map { i, scope in
            ScopeRow(name: scope.name, description: scope.description, source: scope.source ?? "",
                     includes: scope.includes.joined(separator: ", "),
                     actions: byScope[i].map { catalog.actions[$0].label }.joined(separator: ", "),
                     hasSource: scope.source != nil, hasActions: !byScope[i].isEmpty)
        }
        actions = catalog.actions.map { ActionRow(id: $0.id, label: $0.label, scopes: catalog.ordered($0.scopes).joined(separator: ", ")) }
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
