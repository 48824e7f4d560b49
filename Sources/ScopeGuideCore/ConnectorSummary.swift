/// What the site-wide files (index page, sitemap, llms.txt) show of a connector. A build keeps
/// only this of each connector once its own pages are written, and a rebuild renders those
/// files again only when some connector's summary changed.
public struct ConnectorSummary: Sendable, Hashable {
    public struct GuideLink: Sendable, Hashable {
        public var key: String
        public var title: String
    }

    public var key: String
    public var name: String
    public var provider: String
    public var description: String
    public var guides: [GuideLink]
    public var actionCount: Int
    /// In display order.
    public var scopeNames: [String]

    public init(_ connector: Connector) {
        key = connector.key
        name = connector.name
        provider = connector.provider
        description = connector.description
        guides = connector.guides.map { GuideLink(key: $0.key, title: $0.title) }
        actionCount = connector.catalog.actions.count
        scopeNames = connector.catalog.scopeNames
    }
}
