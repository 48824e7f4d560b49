/// The selected actions of one catalog and everything the contract derives from them.
///
/// This is the single Swift home of the selection rules (docs/selection-rules.md);
/// `Templates/assets/selector.js` mirrors them in the browser and the parity tests keep the
/// two in step.
public struct Selection: Sendable {
    public let catalog: Catalog
    /// Selected actions, in catalog order (A).
    public let actions: [Action]
    /// Requested ids that are not in the catalog, in request order (rule 7).
    public let unknownIDs: [String]
    /// The union of the selected actions' chosen alternatives, in catalog order (R).
    public let scopes: [String]
    /// How rule 0 chose between alternatives.
    public let strategy: ScopeStrategy
    /// Rule 0's answer: the chosen alternative per catalog action, and whether it is proven.
    public let choice: ScopeChoice
    private let scopeSet: Set<String>
    /// Whether some scope of R needs an administrator's consent (rule 2's `admin-consent`).
    public let needsAdminConsent: Bool
    /// Which catalog actions are selected, by position; nil when all are.
    private let picked: [Bool]?

    /// - Parameter actionIDs: `nil` selects every action (rule 1); an empty list selects none.
    public init(catalog: Catalog, actionIDs: [String]?, strategy: ScopeStrategy = .default) {
        self.catalog = catalog
        self.strategy = strategy
        var unknown: [String] = []
        var picked: [Bool]?
        if let actionIDs {
            var chosen = [Bool](repeating: false, count: catalog.actions.count)
            var seenUnknown = Set<String>()
            for id in actionIDs {
                if let i = catalog.actionIndex[id] {
                    chosen[i] = true
                } else if seenUnknown.insert(id).inserted {
                    unknown.append(id)
                }
            }
            picked = chosen
        }
        let positions = picked.map { p in p.indices.filter { p[$0] } } ?? Array(catalog.actions.indices)
        let choice = ScopeChoice(catalog: catalog, selected: positions, strategy: strategy)
        self.actions = picked == nil ? catalog.actions : positions.map { catalog.actions[$0] }
        self.unknownIDs = unknown
        self.picked = picked
        self.choice = choice
        self.scopes = choice.scopes.map { catalog.scopes[$0].name }
        self.scopeSet = Set(scopes)
        self.needsAdminConsent = choice.scopes.contains { catalog.scopes[$0].adminConsent == true }
    }

    public static func all(_ catalog: Catalog, strategy: ScopeStrategy = .default) -> Selection {
        Selection(catalog: catalog, actionIDs: nil, strategy: strategy)
    }

    /// True when every action of the catalog is selected, however it was asked for.
    public var isAll: Bool { actions.count == catalog.actions.count }

    public var actionIDs: [String] { actions.map(\.id) }

    /// Whether the catalog's action at `position` is selected.
    public func isSelected(actionAt position: Int) -> Bool { picked?[position] ?? true }

    /// Rule 2: a condition holds iff it is empty or shares a scope with R.
    public func satisfies(_ condition: [String]) -> Bool {
        condition.isEmpty || condition.contains(where: scopeSet.contains)
    }

    /// Rule 2 with the `admin-consent` keyword: such a condition holds iff a scope of R needs
    /// an administrator's consent (`adminConsent: true`).
    public func satisfies(_ condition: [String], whenAdminConsent: Bool) -> Bool {
        (!whenAdminConsent || needsAdminConsent) && satisfies(condition)
    }

    public func isVisible(_ section: Section) -> Bool {
        satisfies(section.condition, whenAdminConsent: section.whenAdminConsent)
    }

    public func isVisible(_ step: Step) -> Bool {
        satisfies(step.condition, whenAdminConsent: step.whenAdminConsent)
    }

    /// Rule 3: the display list narrowed to R, in catalog order.
    public func displayedScopes(_ list: [String]) -> [String] {
        catalog.ordered(list.filter(scopeSet.contains))
    }

    /// The scopes an action uses under this choice (its chosen alternative, as written); nil
    /// when it is not selected.
    public func chosenScopes(actionAt position: Int) -> [String]? {
        let k = choice.alternative[position]
        return k < 0 ? nil : catalog.actions[position].alternatives[k]
    }

    /// Rule 5's "why": labels of the selected actions whose chosen alternative holds `scope`,
    /// in catalog order.
    public func reasons(for scope: String) -> [String] {
        guard let s = catalog.scopeIndex[scope] else { return [] }
        return catalog.actionsByScope[s].filter { uses($0, s) }.map { catalog.actions[$0].label }
    }

    /// Whether the action at `position` is selected and its chosen alternative holds scope `s`.
    private func uses(_ position: Int, _ s: Int) -> Bool {
        let k = choice.alternative[position]
        return k >= 0 && catalog.alternativePositions[position][k].contains(s)
    }

    /// Rule 4: labels of selected actions whose chosen alternative holds a scope in
    /// (badge scopes ∩ R), sorted.
    public func badgeLabels(_ badgeScopes: [String]) -> [String] {
        // The actions come from the catalog's table of each scope's actions (not a pass over
        // every action per step), and are put in label order by the catalog's precomputed
        // ranks, so no label is compared here.
        var positions: [Int] = []
        for name in badgeScopes where scopeSet.contains(name) {
            if let i = catalog.scopeIndex[name] { positions += catalog.actionsByScope[i].filter { uses($0, i) } }
        }
        guard !positions.isEmpty else { return [] }
        let rank = catalog.labelRank
        positions.sort { rank[$0] < rank[$1] }
        var labels: [String] = []
        labels.reserveCapacity(positions.count)
        for (n, i) in positions.enumerated() where n == 0 || positions[n - 1] != i {
            labels.append(catalog.actions[i].label)
        }
        return labels
    }

    /// Rule 6: R without every scope that another scope of R includes.
    public var minimalScopes: [String] {
        var implied = Set<String>()
        for s in scopes { implied.formUnion(catalog.grants[s] ?? []) }
        return scopes.filter { !implied.contains($0) }
    }

    /// Rule 5 (and 6 when `minimal`): the text of *Scopes Selected*.
    public func scopeText(separator: ScopeSeparator = .space, minimal: Bool = false) -> String {
        (minimal ? minimalScopes : scopes).joined(separator: separator.character)
    }

    /// Rules 2–4 applied to a whole guide: what is shown, numbered and listed.
    public func filter(_ guide: Guide) -> FilteredGuide {
        var sections: [FilteredSection] = []
        for section in guide.sections where isVisible(section) {
            var steps: [FilteredStep] = []
            for step in section.steps where isVisible(step) {
                steps.append(FilteredStep(
                    number: steps.count + 1, step: step,
                    scopes: displayedScopes(step.displayScopes),
                    badgeLabels: badgeLabels(step.badgeScopes)))
            }
            // A section whose steps are all hidden is hidden; one that never had steps is not.
            if !section.steps.isEmpty && steps.isEmpty { continue }
            sections.append(FilteredSection(section: section, steps: steps))
        }
        return FilteredGuide(guide: guide, sections: sections)
    }
}

public struct FilteredStep: Sendable {
    public let number: Int
    public let step: Step
    public let scopes: [String]
    public let badgeLabels: [String]
}

public struct FilteredSection: Sendable {
    public let section: Section
    public let steps: [FilteredStep]
}

public struct FilteredGuide: Sendable {
    public let guide: Guide
    public let sections: [FilteredSection]
}

extension Array where Element == String {
    /// Sorts as JavaScript's default `Array.prototype.sort` does (UTF-16 code units), so the
    /// page and the build tool order badge labels identically.
    public func sortedLikeJavaScript() -> [String] { orderLikeJavaScript().map { self[$0] } }

    /// The positions of the strings in that order; equal strings keep their order.
    public func orderLikeJavaScript() -> [Int] {
        // UTF-8 byte order is code point order, which is UTF-16 order unless a string holds a
        // character beyond U+FFFF (a 4-byte sequence, lead byte 0xF0 and up): then compare
        // UTF-16 code units themselves. Labels are sorted once per catalog.
        let bytes = map { [UInt8]($0.utf8) }
        if bytes.contains(where: { $0.contains { $0 >= 0xF0 } }) {
            let units = map { [UInt16]($0.utf16) }
            return indices.sorted { a, b in units[a] == units[b] ? a < b : units[a].lexicographicallyPrecedes(units[b]) }
        }
        return indices.sorted { a, b in bytes[a] == bytes[b] ? a < b : bytes[a].lexicographicallyPrecedes(bytes[b]) }
    }
}
