import ScopeGuideCore

/// What the index page (`index.mustache`) shows of each connector: a card read from its
/// `ConnectorSummary` in place. The page has one card per connector and renders on the
/// build's critical path, after every connector, so its rows write their fields straight
/// from the summary instead of going through a record of values per card.
struct IndexCard: TemplateObject {
    let summary: ConnectorSummary

    /// The lowercased words the page's filter matches: names, guide titles and scopes.
    private var searchText: String {
        ([summary.name, summary.key, summary.provider] + summary.guides.map(\.title) + summary.scopeNames)
            .joined(separator: " ").lowercased()
    }

    func field(_ key: TemplateKey) -> TemplateValue? {
        switch key.field {
        case .key?: .text(summary.key)
        case .name?: .text(summary.name)
        case .provider?: .text(summary.provider)
        case .description?: .text(summary.description)
        case .hasProvider?: .bool(!summary.provider.isEmpty)
        case .hasDescription?: .bool(!summary.description.isEmpty)
        case .actionCount?: .int(summary.actionCount)
        case .scopeCount?: .int(summary.scopeNames.count)
        case .searchText?: .text(searchText)
        case .guides?: .list(summary.guides.map { .object(GuideLinkRow(connectorKey: summary.key, link: $0)) })
        default: nil
        }
    }

    func write(_ key: TemplateKey, escaped: Bool, into out: inout OutputBuffer) -> Bool {
        switch key.field {
        case .key?: out.append(summary.key, escaped: escaped)
        case .name?: out.append(summary.name, escaped: escaped)
        case .provider?: out.append(summary.provider, escaped: escaped)
        case .description?: out.append(summary.description, escaped: escaped)
        default: return writeValue(key, escaped: escaped, into: &out)
        }
        return true
    }

    /// A guide's link on its connector's card; `key` is the connector's, as on the card.
    struct GuideLinkRow: TemplateObject {
        let connectorKey: String
        let link: ConnectorSummary.GuideLink

        func field(_ key: TemplateKey) -> TemplateValue? {
            switch key.field {
            case .key?: .text(connectorKey)
            case .guideKey?: .text(link.key)
            case .title?: .text(link.title)
            default: nil
            }
        }
    }
}
