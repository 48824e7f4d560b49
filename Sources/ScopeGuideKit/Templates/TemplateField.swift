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

/// The enum above is the one declaration of a template field: layouts are linked with
/// `TemplateNames.declared`, so a `{{name}}` that is not one of its cases is an error at load
/// time (file:line:col) instead of an empty string on every page.
extension TemplateField: CaseIterable {
    /// The declared field nearest to a mistyped name (for the error), when one is close.
    static func closest(to name: String) -> TemplateField? {
        let target = Array(name.lowercased().unicodeScalars)
        var best: (field: TemplateField, distance: Int)?
        for field in allCases {
            let distance = editDistance(target, Array(field.rawValue.lowercased().unicodeScalars))
            if distance < (best?.distance ?? Int.max) { best = (field, distance) }
        }
        guard let best, best.distance <= max(2, name.count / 3) else { return nil }
        return best.field
    }

    private static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
