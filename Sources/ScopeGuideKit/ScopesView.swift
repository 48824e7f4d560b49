import ScopeGuideCore

/// What the reviewer page (`scopes.mustache`) shows: both scope-to-action tables.
struct ScopesView: TemplateObject {
    /// Lists are kept as arrays and written joined (`{{includes}}`, `{{actions}}`,
    /// `{{scopes}}`), so a row makes no joined string it only passes on.
    struct ScopeRow: TemplateObject {
        let name, description: String
        let source: String?
        let includes, actions: [String]

        func field(_ key: TemplateKey) -> TemplateValue? {
            switch key.field {
            case .name?: .text(name)
            case .description?: .text(description)
            case .source?: .text(source ?? "")
            case .hasSource?: .bool(source != nil)
            case .includes?: .text(includes.joined(separator: ", "))
            case .hasActions?: .bool(!actions.isEmpty)
            case .actions?: .text(actions.joined(separator: ", "))
            default: nil
            }
        }

        func write(_ key: TemplateKey, escaped: Bool, into out: inout OutputBuffer) -> Bool {
            switch key.field {
            case .name?: out.append(name, escaped: escaped)
            case .description?: out.append(description, escaped: escaped)
            case .source?: out.append(source ?? "", escaped: escaped)
            case .includes?: out.append(includes, separator: ", ", escaped: escaped)
            case .actions?: out.append(actions, separator: ", ", escaped: escaped)
            default: return writeValue(key, escaped: escaped, into: &out)
            }
            return true
        }
    }

    struct ActionRow: TemplateObject {
        let id, label: String
        let scopes: [String]

        func field(_ key: TemplateKey) -> TemplateValue? {
            switch key.field {
            case .id?: .text(id)
            case .label?: .text(label)
            case .scopes?: .text(scopes.joined(separator: ", "))
            default: nil
            }
        }

        func write(_ key: TemplateKey, escaped: Bool, into out: inout OutputBuffer) -> Bool {
            switch key.field {
            case .id?: out.append(id, escaped: escaped)
            case .label?: out.append(label, escaped: escaped)
            case .scopes?: out.append(scopes, separator: ", ", escaped: escaped)
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
            ScopeRow(name: scope.name, description: scope.description, source: scope.source,
                     includes: scope.includes, actions: byScope[i].map { catalog.actions[$0].label })
        }
        actions = catalog.actions.map { ActionRow(id: $0.id, label: $0.label, scopes: catalog.ordered($0.scopes)) }
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
