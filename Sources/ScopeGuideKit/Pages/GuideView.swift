import ScopeGuideCore

/// What the guide template shows: a guide either unfiltered (the site page, which the browser
/// script then filters) or filtered for one selection (`scopeguide render`).
struct GuideView {
    struct CalloutView { let kind: String; let title: String; let html: String }
    struct ScopeView { let name: String; let adminConsent: Bool }
    /// Lists stay arrays and are written joined (`{{condition}}` with commas…), so a step
    /// makes no joined string it only passes on. Lists of views are kept as the template
    /// values the renderer iterates, each view boxed once as it is made.
    struct StepView {
        let number: Int
        let title: String
        let condition: [String]
        let displayList: [String]
        let badgeScopes: [String]
        let hasBadge: Bool
        let badgeLabels: [String]
        let badgeHidden: Bool
        let bodyHTML: String
        let scopes: [TemplateValue]
        let scopesHidden: Bool
        let hasDisplayList: Bool
        let whenAdminConsent: Bool
    }
    struct SectionView {
        let index: Int
        let title: String
        let condition: String
        let introHTML: String
        let hasSteps: Bool
        let hasIntro: Bool
        let steps: [TemplateValue]
        let whenAdminConsent: Bool
    }
    /// `scopes` is what the action uses under the current choice (rule 0), or its first
    /// alternative when it is not selected; `alternatives` lists every way to allow it.
    struct ActionView {
        let id: String
        let label: String
        let scopes: [String]
        let checked: Bool
        let alternatives: [TemplateValue]
        let hasAlternatives: Bool
        /// The catalog has admin-consent scopes, so each row carries a marker…
        let consentMarker: Bool
        /// …shown when the scopes the row lists need admin consent.
        let adminConsent: Bool
    }
    struct AlternativeView { let scopes: [String] }
    struct SeparatorView { let value: String; let label: String; let selected: Bool }
    /// One scope of R and the selected actions whose chosen alternative holds it (rule 5's "why").
    struct ReasonView { let name: String; let labels: [String]; let adminConsent: Bool }

    let connectorName: String
    let connectorKey: String
    let guideKey: String
    let title: String
    let summary: String
    let authMethod: String
    let callouts: [CalloutView]
    let sections: [TemplateValue]
    let actions: [TemplateValue]
    let selectedCount: Int
    let actionCount: Int
    let separators: [SeparatorView]
    let strategies: [SeparatorView]
    /// Only catalogs with alternative scope sets show the strategy control and the reasons.
    let hasAlternatives: Bool
    let proven: Bool
    let scopeReasons: [ReasonView]
    let guideURL: String
    let scopesText: String
    let minimal: Bool
    let unknownIDs: String
    let hasUnknownIDs: Bool
    let catalogJSON: String
    let hasSummary: Bool

    /// - Parameter filtered: leave out what the selection hides and renumber (static render);
    ///   otherwise show everything and let the page's script apply the selection.
    init(site: SiteSettings, connector: Connector, guide: Guide, selection: Selection,
         separator: ScopeSeparator, minimal: Bool, filtered: Bool) {
        connectorName = connector.name
        connectorKey = connector.key
        guideKey = guide.key
        title = guide.title
        summary = guide.summary
        hasSummary = !guide.summary.isEmpty
        authMethod = guide.authMethod
        callouts = guide.callouts.map { CalloutView(kind: $0.kind.rawValue, title: $0.kind.title, html: $0.text.html) }

        let catalog = connector.catalog
        func needsConsent(_ name: String) -> Bool { catalog.scope(named: name)?.adminConsent == true }
        func stepView(_ step: Step, number: Int) -> StepView {
            let labels = selection.badgeLabels(step.badgeScopes)
            let scopes = filtered ? selection.displayedScopes(step.displayScopes) : step.displayScopes
            return StepView(
                number: number, title: step.title,
                condition: step.condition,
                displayList: step.displayScopes,
                badgeScopes: step.badgeScopes,
                hasBadge: !step.badgeScopes.isEmpty,
                badgeLabels: labels,
                badgeHidden: labels.isEmpty,
                bodyHTML: step.body.html,
                scopes: scopes.map { .object(ScopeView(name: $0, adminConsent: needsConsent($0))) },
                scopesHidden: scopes.isEmpty,
                hasDisplayList: !step.displayScopes.isEmpty,
                whenAdminConsent: step.whenAdminConsent)
        }

        if filtered {
            sections = selection.filter(guide).sections.enumerated().map { i, s in
                .object(SectionView(index: i + 1, title: s.section.title, condition: s.section.condition.joined(separator: ","),
                                    introHTML: s.section.intro.html, hasSteps: !s.steps.isEmpty,
                                    hasIntro: !s.section.intro.isEmpty,
                                    steps: s.steps.map { .object(stepView($0.step, number: $0.number)) },
                                    whenAdminConsent: s.section.whenAdminConsent))
            }
        } else {
            sections = guide.sections.enumerated().map { i, s in
                .object(SectionView(index: i + 1, title: s.title, condition: s.condition.joined(separator: ","),
                                    introHTML: s.intro.html, hasSteps: !s.steps.isEmpty,
                                    hasIntro: !s.intro.isEmpty,
                                    steps: s.steps.enumerated().map { .object(stepView($1, number: $0 + 1)) },
                                    whenAdminConsent: s.whenAdminConsent))
            }
        }

        let anyConsent = catalog.scopes.contains { $0.adminConsent == true }
        actions = connector.catalog.actions.enumerated().map { i, action in
            let several = action.alternatives.count > 1
            let scopes = selection.chosenScopes(actionAt: i) ?? action.scopes
            return .object(ActionView(
                id: action.id, label: action.label,
                scopes: scopes,
                checked: selection.isSelected(actionAt: i),
                alternatives: several ? action.alternatives.map { .object(AlternativeView(scopes: connector.catalog.ordered($0))) } : [],
                hasAlternatives: several,
                consentMarker: anyConsent,
                adminConsent: anyConsent && scopes.contains(where: needsConsent)))
        }
        hasAlternatives = connector.catalog.hasAlternatives
        strategies = ScopeStrategy.allCases.map { SeparatorView(value: $0.rawValue, label: $0.label, selected: $0 == selection.strategy) }
        proven = selection.choice.proven
        scopeReasons = hasAlternatives ? selection.scopes.map { ReasonView(name: $0, labels: selection.reasons(for: $0), adminConsent: needsConsent($0)) } : []
        selectedCount = selection.actions.count
        actionCount = connector.catalog.actions.count
        separators = ScopeSeparator.allCases.map { SeparatorView(value: $0.rawValue, label: $0.label, selected: $0 == separator) }
        guideURL = GuideURL.make(baseURL: site.baseURL, connector: connector.key, guide: guide.key,
                                 selection: selection, separator: separator)
        scopesText = selection.scopeText(separator: separator, minimal: minimal)
        self.minimal = minimal
        unknownIDs = selection.unknownIDs.joined(separator: ", ")
        hasUnknownIDs = !selection.unknownIDs.isEmpty
        catalogJSON = EmbeddedCatalog.json(site: site, connector: connector, guide: guide)
    }
}

/// The catalog as the browser script reads it from `<script type="application/json">`.
enum EmbeddedCatalog {
    /// `grants` is the transitive closure of `includes`, computed once here so the page does
    /// not re-implement chain following.
    static func json(site: SiteSettings, connector: Connector, guide: Guide) -> String {
        let catalog = connector.catalog
        var json = JSONWriter(capacity: 4096)
        json.object { json in
            json.key("actions")
            json.array { json in
                for action in catalog.actions {
                    json.action(action, scopes: action.scopes)
                }
            }
            json.field("baseURL", site.baseURL)
            json.field("connector", connector.key)
            json.field("guide", guide.key)
            json.key("scopes")
            json.array { json in
                for (i, scope) in catalog.scopes.enumerated() {
                    json.object { json in
                        json.scopeMetadata(scope)
                        json.field("grants", strings: catalog.grantsInOrder[i])
                        json.field("name", scope.name)
                    }
                }
            }
        }
        return Escape.scriptSafe(json.text)
    }
}
