/// Markdown that has been parsed and rendered once at load time.
public struct RenderedMarkdown: Sendable, Hashable {
    /// HTML from cmark (safe mode: raw HTML and unsafe links never pass).
    public var html: String
    /// CommonMark re-rendered from the same AST, for the Markdown export.
    public var markdown: String

    public init(html: String, markdown: String) {
        self.html = html
        self.markdown = markdown
    }

    public static let empty = RenderedMarkdown(html: "", markdown: "")
    public var isEmpty: Bool { html.isEmpty }
}

public enum CalloutKind: String, Sendable, Hashable, CaseIterable, Codable {
    case warning, note, tip

    public var title: String {
        switch self {
        case .warning: "Warning"
        case .note: "Note"
        case .tip: "Tip"
        }
    }
}

public struct Callout: Sendable, Hashable {
    public var kind: CalloutKind
    public var text: RenderedMarkdown

    public init(kind: CalloutKind, text: RenderedMarkdown) {
        self.kind = kind
        self.text = text
    }
}

/// One numbered step of a section.
public struct Step: Sendable, Hashable {
    public var title: String
    public var body: RenderedMarkdown
    /// Shown iff empty or it meets the selected scopes (contract rule 2).
    public var condition: [String]
    /// The copyable scopes this step shows, filtered by the selection (rule 3).
    public var displayScopes: [String]
    /// Scopes whose actions the "Enables actions" badge lists (rule 4); empty = no badge.
    public var badgeScopes: [String]
    /// `when: admin-consent`: shown only when a scope of R needs admin consent (rule 2).
    public var whenAdminConsent: Bool

    public init(title: String, body: RenderedMarkdown, condition: [String] = [],
                displayScopes: [String] = [], badgeScopes: [String] = [], whenAdminConsent: Bool = false) {
        self.title = title
        self.body = body
        self.condition = condition
        self.displayScopes = displayScopes
        self.badgeScopes = badgeScopes
        self.whenAdminConsent = whenAdminConsent
    }
}

public struct Section: Sendable, Hashable {
    public var title: String
    public var intro: RenderedMarkdown
    public var condition: [String]
    public var steps: [Step]
    /// `when: admin-consent`: shown only when a scope of R needs admin consent (rule 2).
    public var whenAdminConsent: Bool

    public init(title: String, intro: RenderedMarkdown, condition: [String] = [], steps: [Step],
                whenAdminConsent: Bool = false) {
        self.title = title
        self.intro = intro
        self.condition = condition
        self.steps = steps
        self.whenAdminConsent = whenAdminConsent
    }
}

/// One guide per auth method of a connector.
public struct Guide: Sendable, Hashable {
    public var key: String
    public var title: String
    public var authMethod: String
    public var summary: String
    public var credentials: [String]
    public var callouts: [Callout]
    public var sections: [Section]

    public init(key: String, title: String, authMethod: String, summary: String,
                credentials: [String], callouts: [Callout], sections: [Section]) {
        self.key = key
        self.title = title
        self.authMethod = authMethod
        self.summary = summary
        self.credentials = credentials
        self.callouts = callouts
        self.sections = sections
    }
}

public struct Connector: Sendable {
    public var key: String
    public var name: String
    public var provider: String
    public var description: String
    public var redirectURI: String
    public var catalog: Catalog
    public var guides: [Guide]

    public init(key: String, name: String, provider: String, description: String,
                redirectURI: String, catalog: Catalog, guides: [Guide]) {
        self.key = key
        self.name = name
        self.provider = provider
        self.description = description
        self.redirectURI = redirectURI
        self.catalog = catalog
        self.guides = guides
    }

    public func guide(_ key: String) -> Guide? { guides.first { $0.key == key } }
}

public struct SiteSettings: Sendable, Hashable {
    public var title: String
    public var description: String
    /// Absolute, without a trailing slash.
    public var baseURL: String
    public var platform: String
    /// Default redirect URI; `{{connectorKey}}` is filled per connector.
    public var redirectURI: String

    public init(title: String, description: String, baseURL: String, platform: String, redirectURI: String) {
        self.title = title
        self.description = description
        self.baseURL = baseURL
        self.platform = platform
        self.redirectURI = redirectURI
    }
}

public struct Site: Sendable {
    public var settings: SiteSettings
    public var connectors: [Connector]

    public init(settings: SiteSettings, connectors: [Connector]) {
        self.settings = settings
        self.connectors = connectors
    }

    public func connector(_ key: String) -> Connector? { connectors.first { $0.key == key } }
}
