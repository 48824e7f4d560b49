import ScopeGuideCore

/// What the reviewer page (`scopes.mustache`) shows: both scope-to-action tables.
///
/// Rows read the catalog in place: a row is the page's shared `Tables` and a position, so
/// a row copies no strings, and lists are written joined without making the joined string.
struct ScopesView: TemplateObject {
    final class Tables: Sendable {
        let catalog: Catalog
        /// Each scope's actions, as positions in catalog order.
        let byScope: [[Int]]

        init(_ catalog: Catalog) {
            self.catalog = catalog
            byScope = catalog.actionsByScope
        }
    }

    struct ScopeRow: TemplateObject {
        let tables: Tables
        let index: Int

        private var scope: Scope { tables.catalog.scopes[index] }
        private var actionLabels: [String] { tables.byScope[index].map { tables.catalog.actions[$0].label } }

        func field(_ key: TemplateKey) -> TemplateValue? {
            switch key.field {
            case .name?: .text(scope.name)
            case .description?: .text(scope.description)
            case .source?: .text(scope.source ?? "")
            case .hasSource?: .bool(scope.source != nil)
            case .includes?: .text(scope.includes.joined(separator: ", "))
            case .hasActions?: .bool(!tables.byScope[index].isEmpty)
            case .adminConsent?: .bool(scope.adminConsent == true)
            case .actions?: .text(actionLabels.joined(separator: ", "))
            default: nil
            }
        }

        func write(_ key: TemplateKey, escaped: Bool, into out: inout OutputBuffer) -> Bool {
            switch key.field {
            case .name?: out.append(tables.catalog.scopes[index].name, escaped: escaped)
            case .description?: out.append(tables.catalog.scopes[index].description, escaped: escaped)
            case .includes?: out.append(tables.catalog.scopes[index].includes, separator: ", ", escaped: escaped)
            case .actions?:
                for (i, position) in tables.byScope[index].enumerated() {
                    if i > 0 { out.append(", " as StaticString) }
                    out.append(tables.catalog.actions[position].label, escaped: escaped)
                }
            default: return writeValue(key, escaped: escaped, into: &out)
            }
            return true
        }
    }

    struct ActionRow: TemplateObject {
        let tables: Tables
        let index: Int

        private var scopes: [String] { tables.catalog.ordered(tables.catalog.actions[index].scopes) }

        func field(_ key: TemplateKey) -> TemplateValue? {
            switch key.field {
            case .id?: .text(tables.catalog.actions[index].id)
            case .label?: .text(tables.catalog.actions[index].label)
            case .scopes?: .text(scopes.joined(separator: ", "))
            case .alternatives?: .list(tables.catalog.actions[index].alternatives.map {
                .object(GuideView.AlternativeView(scopes: tables.catalog.ordered($0)))
            })
            default: nil
            }
        }

        func write(_ key: TemplateKey, escaped: Bool, into out: inout OutputBuffer) -> Bool {
            switch key.field {
            case .id?: out.append(tables.catalog.actions[index].id, escaped: escaped)
            case .label?: out.append(tables.catalog.actions[index].label, escaped: escaped)
            case .scopes?: out.append(scopes, separator: ", ", escaped: escaped)
            default: return writeValue(key, escaped: escaped, into: &out)
            }
            return true
        }
    }

    let connectorName: String
    let guides: [TemplateRecord]
    let tables: Tables

    init(_ connector: Connector) {
        connectorName = connector.name
        guides = connector.guides.map { TemplateRecord([.key: .text($0.key), .title: .text($0.title)]) }
        tables = Tables(connector.catalog)
    }

    func field(_ key: TemplateKey) -> TemplateValue? {
        switch key.field {
        case .connectorName?: .text(connectorName)
        case .actionCount?: .int(tables.catalog.actions.count)
        case .scopeCount?: .int(tables.catalog.scopes.count)
        case .guides?: .list(guides)
        case .scopes?: .list(tables.catalog.scopes.indices.map { .object(ScopeRow(tables: tables, index: $0)) })
        case .actions?: .list(tables.catalog.actions.indices.map { .object(ActionRow(tables: tables, index: $0)) })
        case .hasAlternatives?: .bool(tables.catalog.hasAlternatives)
        // Rows of the action → alternatives table: the actions with more than one.
        case .alternatives?: .list(tables.catalog.actions.indices.filter { tables.catalog.actions[$0].alternatives.count > 1 }
            .map { .object(ActionRow(tables: tables, index: $0)) })
        default: nil
        }
    }
}
