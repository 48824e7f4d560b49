import ScopeGuideCore

/// What changes between two versions of a connector's catalog (and guides, when both sides
/// have them), as reviewers need it. Encodes to the JSON that `scopeguide diff --format json` prints.
public struct CatalogDiff: Encodable, Sendable {
    public struct ActionRef: Encodable, Sendable, Equatable {
        public var id: String
        public var label: String
        public var scopes: [String]
    }

    public struct ActionChange: Encodable, Sendable, Equatable {
        public var id: String
        public var label: String
        /// The first alternative on each side (the whole requirement of most actions).
        public var before: [String]
        public var after: [String]
        /// Every alternative on each side, when either side has several.
        public var anyOfBefore: [[String]]?
        public var anyOfAfter: [[String]]?
        /// Scopes that appear in some alternative only after / only before.
        public var gained: [String]
        public var lost: [String]
    }

    public struct ScopeChange: Encodable, Sendable, Equatable {
        public var before: [String]
        public var after: [String]
        public var gained: [String]
        public var lost: [String]
    }

    /// A selection of actions that needs a scope it did not need before, with its scopes on
    /// both sides: what a reviewer can try (`scopeguide scopes KEY --actions …`).
    public struct PrivilegeIncrease: Encodable, Sendable, Equatable {
        /// The selected action ids; nil for every action (the guide without an `actions` parameter).
        public var actions: [String]?
        /// True when the selection's actions are new (the old catalog did not have them).
        public var newActions: Bool
        /// The scopes that selection asked for before (unknown ids select nothing) and asks for now.
        public var scopesBefore: [String]
        public var scopesAfter: [String]
        /// Scopes asked for now that nothing asked for before granted.
        public var newScopes: [String]
    }

    public struct StepChange: Encodable, Sendable, Equatable {
        public enum Kind: String, Encodable, Sendable { case added, removed, condition, shownFor }
        public var guide: String
        public var section: String
        /// Empty for a section without steps.
        public var step: String
        public var change: Kind
        /// The step's condition joined with its section's (empty = always shown).
        public var conditionBefore: [String]?
        public var conditionAfter: [String]?
        /// Actions present on both sides whose selection now shows / no longer shows the step.
        public var nowShownFor: [String]
        public var noLongerShownFor: [String]
    }

    public var connector: String
    public var old: String
    public var new: String
    public var actionsAdded: [ActionRef]
    public var actionsRemoved: [ActionRef]
    public var actionsChanged: [ActionChange]
    public var scopesAdded: [String]
    public var scopesRemoved: [String]
    /// The scopes selecting every action requires (the guide without an `actions` parameter).
    public var allActionsScopes: ScopeChange
    /// nil when a side has no guides (a bare catalog.yaml).
    public var steps: [StepChange]?
    /// True when some selection of actions now requires a scope it did not require before.
    public var requiresNewScopes: Bool
    /// Why `requiresNewScopes` is true, one sentence each.
    public var reasons: [String]
    /// For each reason, one concrete selection that now needs more.
    public var increases: [PrivilegeIncrease]

    public var isEmpty: Bool {
        actionsAdded.isEmpty && actionsRemoved.isEmpty && actionsChanged.isEmpty && scopesAdded.isEmpty
            && scopesRemoved.isEmpty && (steps ?? []).isEmpty
    }

    /// - Parameters: guides are compared only when both sides have them.
    public init(connector: String, old: String, new: String, before: Catalog, after: Catalog,
                guidesBefore: [Guide]?, guidesAfter: [Guide]?) {
        self.connector = connector
        self.old = old
        self.new = new
        let oldIDs = Set(before.actions.map(\.id)), newIDs = Set(after.actions.map(\.id))
        actionsAdded = after.actions.filter { !oldIDs.contains($0.id) }.map { ActionRef(id: $0.id, label: $0.label, scopes: $0.scopes) }
        actionsRemoved = before.actions.filter { !newIDs.contains($0.id) }.map { ActionRef(id: $0.id, label: $0.label, scopes: $0.scopes) }
        var changed: [ActionChange] = []
        var reasons: [String] = []
        var increases: [PrivilegeIncrease] = []
        for a in after.actions {
            guard let b = before.action(id: a.id), let change = Self.requirementChange(b, a, before: before, after: after) else { continue }
            changed.append(change.change)
            if !change.newScopes.isEmpty {
                reasons.append("action '\(a.id)' now requires \(change.newScopes.joined(separator: ", "))")
                increases.append(change.increase)
            }
        }
        actionsChanged = changed
        let oldScopes = Set(before.scopeNames), newScopes = Set(after.scopeNames)
        scopesAdded = after.scopeNames.filter { !oldScopes.contains($0) }
        scopesRemoved = before.scopeNames.filter { !newScopes.contains($0) }
        let all = Selection.all(after)
        let allBefore = Selection.all(before).scopes, allAfter = all.scopes
        allActionsScopes = ScopeChange(before: allBefore, after: allAfter,
                                       gained: allAfter.filter { !allBefore.contains($0) },
                                       lost: allBefore.filter { !allAfter.contains($0) })
        let newForAll = Self.uncovered(allActionsScopes.gained, by: allBefore, in: before)
        if !newForAll.isEmpty {
            reasons.append("selecting all actions now requires \(newForAll.joined(separator: ", "))")
            // The concrete selection: the first action that needs such a scope (usually a new
            // action), else every action.
            if let i = after.actions.indices.first(where: { (all.chosenScopes(actionAt: $0) ?? []).contains(where: newForAll.contains) }) {
                let id = after.actions[i].id
                increases.append(Self.increase(selectingAlone: id, newAction: before.action(id: id) == nil, before: before, after: after))
            } else {
                increases.append(PrivilegeIncrease(actions: nil, newActions: false, scopesBefore: allBefore, scopesAfter: allAfter, newScopes: newForAll))
            }
        }
        self.reasons = reasons
        self.increases = increases
        requiresNewScopes = !reasons.isEmpty

        if let guidesBefore, let guidesAfter {
            steps = Self.stepChanges(guidesBefore, guidesAfter, before: before, after: after)
        } else {
            steps = nil
        }
    }

    // MARK: - Requirements

    /// How one action's requirement changed between two catalogs, or nil when it did not: the
    /// one place requirements are compared. A requirement is a set of alternatives, each a set
    /// of scopes all needed (`Action.alternatives`); the selection that proves an increase is that action alone,
    /// with its scopes worked out by `Selection` on each side, so the rules that pick scopes
    /// for a selection decide what "needs more" means.
    static func requirementChange(_ b: Action, _ a: Action, before: Catalog, after: Catalog)
        -> (change: ActionChange, newScopes: [String], increase: PrivilegeIncrease)? {
        // A requirement is a set of alternatives, each a set of scopes: order is preference only.
        func requirement(_ action: Action) -> Set<Set<String>> { Set(action.alternatives.map(Set.init)) }
        guard requirement(b) != requirement(a) else { return nil }
        let several = a.alternatives.count > 1 || b.alternatives.count > 1
        let named = (before: b.alternatives.flatMap { $0 }, after: a.alternatives.flatMap { $0 })
        var seen = Set<String>()
        let change = ActionChange(id: a.id, label: a.label, before: b.scopes, after: a.scopes,
                                  anyOfBefore: several ? b.alternatives : nil, anyOfAfter: several ? a.alternatives : nil,
                                  gained: named.after.filter { !named.before.contains($0) && seen.insert($0).inserted },
                                  lost: named.before.filter { !named.after.contains($0) && seen.insert($0).inserted })
        let increase = increase(selectingAlone: a.id, newAction: false, before: before, after: after)
        return (change, increase.newScopes, increase)
    }

    /// One action selected alone on each side, the concrete selection a reviewer can try: its
    /// scopes are rule 0's least-privilege choice on each side, so a new alternative that is
    /// not chosen is no increase. (A new action selects nothing on the old side.)
    static func increase(selectingAlone id: String, newAction: Bool, before: Catalog, after: Catalog) -> PrivilegeIncrease {
        let was = Selection(catalog: before, actionIDs: [id]).scopes
        let now = Selection(catalog: after, actionIDs: [id]).scopes
        return PrivilegeIncrease(actions: [id], newActions: newAction, scopesBefore: was, scopesAfter: now,
                                 newScopes: uncovered(now.filter { !was.contains($0) }, by: was, in: before))
    }

    /// The scopes of `gained` that no scope of `previous` grants (itself or through `includes`
    /// in the old catalog): a gained scope that a scope required before already includes
    /// (Mail.Read → Mail.ReadBasic) grants nothing new, so it does not call for review.
    static func uncovered(_ gained: [String], by previous: [String], in before: Catalog) -> [String] {
        let covered = previous.reduce(into: Set(previous)) { $0.formUnion(before.grants[$1] ?? []) }
        return gained.filter { !covered.contains($0) }
    }

    // MARK: - Steps

    private struct StepKey: Hashable { var section: String; var step: String; var occurrence: Int }
    /// A step as the diff compares it: the section and step themselves, so visibility is
    /// what `Selection` says (rule 2 with `when: admin-consent`), never a copy of the rule.
    private struct StepInfo {
        var key: StepKey
        var section: Section
        /// nil for a section without steps, which follows its own condition.
        var step: Step?

        /// The condition as written in the content, for the report: the section's, then what
        /// the step adds; `admin-consent` where one of them says so.
        var condition: [String] {
            var out = section.condition + (step?.condition.filter { !section.condition.contains($0) } ?? [])
            if section.whenAdminConsent || step?.whenAdminConsent == true { out.append("admin-consent") }
            return out
        }

        /// What decides visibility, to tell a changed condition from a changed catalog.
        var rule: [Set<String>] {
            [Set(section.condition), Set(step?.condition ?? []),
             Set(section.whenAdminConsent ? ["admin-consent"] : []), Set(step?.whenAdminConsent == true ? ["admin-consent"] : [])]
        }

        func isShown(to selection: Selection) -> Bool {
            selection.isVisible(section) && (step.map(selection.isVisible) ?? true)
        }
    }

    private static func flatten(_ guide: Guide) -> [StepInfo] {
        var seen: [StepKey: Int] = [:]
        var out: [StepInfo] = []
        func add(_ section: Section, _ step: Step?) {
            var key = StepKey(section: section.title, step: step?.title ?? "", occurrence: 0)
            key.occurrence = seen[key, default: 0]
            seen[key, default: 0] += 1
            out.append(StepInfo(key: key, section: section, step: step))
        }
        for section in guide.sections {
            // A section without steps follows its own condition (rule 2): it counts as one
            // step with an empty title.
            if section.steps.isEmpty { add(section, nil) }
            for step in section.steps { add(section, step) }
        }
        return out
    }

    static func stepChanges(_ guidesBefore: [Guide], _ guidesAfter: [Guide], before: Catalog, after: Catalog) -> [StepChange] {
        let common = after.actions.filter { before.action(id: $0.id) != nil }
        // Each common action selected alone on each side, once: rule 0 picks its scopes as the
        // page would, and every step is checked against the same two selections.
        let alone = common.map { (before: Selection(catalog: before, actionIDs: [$0.id]),
                                  after: Selection(catalog: after, actionIDs: [$0.id])) }
        var out: [StepChange] = []
        for guide in guidesAfter {
            guard let old = guidesBefore.first(where: { $0.key == guide.key }) else { continue }
            let oldSteps = flatten(old), newSteps = flatten(guide)
            let oldByKey = Dictionary(oldSteps.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
            let newKeys = Set(newSteps.map(\.key))
            for info in newSteps {
                guard let prior = oldByKey[info.key] else {
                    out.append(StepChange(guide: guide.key, section: info.key.section, step: info.key.step, change: .added,
                                          conditionBefore: nil, conditionAfter: info.condition, nowShownFor: [], noLongerShownFor: []))
                    continue
                }
                var now: [String] = [], noLonger: [String] = []
                for (a, selection) in zip(common, alone) {
                    let wasShown = prior.isShown(to: selection.before), isShown = info.isShown(to: selection.after)
                    if isShown && !wasShown { now.append(a.id) }
                    if wasShown && !isShown { noLonger.append(a.id) }
                }
                let conditionChanged = prior.rule != info.rule
                guard conditionChanged || !now.isEmpty || !noLonger.isEmpty else { continue }
                out.append(StepChange(guide: guide.key, section: info.key.section, step: info.key.step,
                                      change: conditionChanged ? .condition : .shownFor,
                                      conditionBefore: prior.condition, conditionAfter: info.condition,
                                      nowShownFor: now, noLongerShownFor: noLonger))
            }
            for info in oldSteps where !newKeys.contains(info.key) {
                out.append(StepChange(guide: guide.key, section: info.key.section, step: info.key.step, change: .removed,
                                      conditionBefore: info.condition, conditionAfter: nil, nowShownFor: [], noLongerShownFor: []))
            }
        }
        return out
    }
}
