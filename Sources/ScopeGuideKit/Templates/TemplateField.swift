/// Every field name the site's views answer to. Templates name fields as text; the linker
/// resolves each name once, so a view finds a field with a `switch` over this enum (a jump)
/// instead of comparing strings for every `{{name}}` on every page.
enum TemplateField: String, Sendable {
    case actionCount, actions, authMethod, badgeHidden, badgeLabels, badgeScopes, bodyHTML, callouts, canonical
    case catalogJSON, checked, condition, connectorCount, connectorKey, connectorName, connectors, csp, description
    case displayList, guide, guideCount, guideKey, guideURL, guides, hasActions, hasBadge, hasCanonical
    case hasDescription, hasDisplayList, hasInlineCSS, hasIntro, hasProvider, hasSource, hasSteps, hasSummary
    case hasUnknownIDs, home, html, id, includes, index, inlineCSS, introHTML, key, kind, label, links, minimal
    case name, number, page, provider, root, scopeCount, scopes, scopesHidden, scopesText, scripts, searchText
    case sections, selected, selectedCount, separators, siteDescription, siteTitle, source, `static`, steps
    case summary, tables, title, unknownIDs, value
    case alternatives, hasAlternatives, labels, proven, scopeReasons, strategies, adminConsent
    case whenAdminConsent, consentMarker
}

/// One part of a `{{a.b}}` name: its text, and the field it names when a view has one.
struct TemplateKey: Sendable, Hashable {
    let name: String
    let field: TemplateField?

    init(_ name: String) {
        self.name = name
        field = TemplateField(rawValue: name)
    }
}
