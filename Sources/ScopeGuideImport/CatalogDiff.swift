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

    public struct StepChange: Encodable, Sendable, Equatable {
        public enum Kind: String, Encodable, Sendable { case added, removed, condition, shownFor }
        public var guide: String
        public var section: String
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
    /// One concrete selection (action ids) that now needs more privilege, when one does.
    public var exampleSelection: [String]?

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
        // A requirement is a set of alternatives, each a set of scopes: order is preference only.
        func requirement(_ action: Action) -> Set<Set<String>> { Set(action.alternatives.map(Set.init)) }
        var changed: [ActionChange] = []
        for a in after.actions {
            guard let b = before.action(id: a.id), requirement(b) != requirement(a) else { continue }
            let several = a.alternatives.count > 1 || b.alternatives.count > 1
            let named = (before: b.alternatives.flatMap { $0 }, after: a.alternatives.flatMap { $0 })
            var seen = Set<String>()
            changed.append(ActionChange(id: a.id, label: a.label, before: b.scopes, after: a.scopes,
                                        anyOfBefore: several ? b.alternatives : nil, anyOfAfter: several ? a.alternatives : nil,
                                        gained: named.after.filter { !named.before.contains($0) && seen.insert($0).inserted },
                                        lost: named.before.filter { !named.after.contains($0) && seen.insert($0).inserted }))
        }
        actionsChanged = changed
        let oldScopes = Set(before.scopeNames), newScopes = Set(after.scopeNames)
        scopesAdded = after.scopeNames.filter { !oldScopes.contains($0) }
        scopesRemoved = before.scopeNames.filter { !newScopes.contains($0) }
        let allBefore = Selection.all(before).scopes, allAfter = Selection.all(after).scopes
        allActionsScopes = ScopeChange(before: allBefore, after: allAfter,
                                       gained: allAfter.filter { !allBefore.contains($0) },
                                       lost: allBefore.filter { !allAfter.contains($0) })

        // A gained scope that a scope required before already includes (Mail.Read → Mail.ReadBasic)
        // grants nothing new, so it does not call for review.
        func uncovered(_ gained: [String], by previous: [String]) -> [String] {
            let covered = previous.reduce(into: Set(previous)) { $0.formUnion(before.grants[$1] ?? []) }
            return gained.filter { !covered.contains($0) }
        }
        // A privilege increase: a selection whose chosen scopes (rule 0, least privilege) now
        // hold one that its scopes before did not grant. Checked for each action alone and
        // for every action, so the report can name a concrete selection.
        var reasons: [String] = []
        var example: [String]?
        for c in changed {
            let new = uncovered(Selection(catalog: after, actionIDs: [c.id]).scopes,
                                by: Selection(catalog: before, actionIDs: [c.id]).scopes)
            if !new.isEmpty {
                reasons.append("action '\(c.id)' now requires \(new.joined(separator: ", "))")
                if example == nil { example = [c.id] }
            }
        }
        let newForAll = uncovered(allActionsScopes.gained, by: allBefore)
        if !newForAll.isEmpty {
            reasons.append("selecting all actions now requires \(newForAll.joined(separator: ", "))")
            if example == nil { example = after.actions.map(\.id) }
        }
        self.reasons = reasons
        exampleSelection = example
        requiresNewScopes = !reasons.isEmpty

        if let guidesBefore, let guidesAfter {
            steps = Self.stepChanges(guidesBefore, guidesAfter, before: before, after: after)
        } else {
            steps = nil
        }
    }

    // MARK: - Steps

    private struct StepKey: Hashable { var section: String; var step: String; var occurrence: Int }
    private struct StepInfo { var key: StepKey; var condition: [String]; var sectionCondition: [String]; var stepCondition: [String] }

    private static func flatten(_ guide: Guide) -> [StepInfo] {
        var seen: [StepKey: Int] = [:]
        var out: [StepInfo] = []
        for section in guide.sections {
            for step in section.steps {
                var key = StepKey(section: section.title, step: step.title, occurrence: 0)
                key.occurrence = seen[key, default: 0]
                seen[key, default: 0] += 1
                out.append(StepInfo(key: key, condition: section.condition + step.condition.filter { !section.condition.contains($0) },
                                    sectionCondition: section.condition, stepCondition: step.condition))
            }
        }
        return out
    }

    /// Rule 2 for one action: the section's and the step's conditions both hold.
    private static func shown(_ info: StepInfo, for action: Action, in catalog: Catalog) -> Bool {
        // The action selected alone: its scopes are rule 0's choice, as the page would show it.
        let scopes = Selection(catalog: catalog, actionIDs: [action.id]).scopes
        func holds(_ c: [String]) -> Bool { c.isEmpty || c.contains(where: scopes.contains) }
        return holds(info.sectionCondition) && holds(info.stepCondition)
    }

    static func stepChanges(_ guidesBefore: [Guide], _ guidesAfter: [Guide], before: Catalog, after: Catalog) -> [StepChange] {
        let common = after.actions.filter { before.action(id: $0.id) != nil }
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
                for a in common {
                    let wasShown = shown(prior, for: a, in: before), isShown = shown(info, for: a, in: after)
                    if isShown && !wasShown { now.append(a.id) }
                    if wasShown && !isShown { noLonger.append(a.id) }
                }
                let conditionChanged = Set(prior.sectionCondition) != Set(info.sectionCondition)
                    || Set(prior.stepCondition) != Set(info.stepCondition)
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
