import Foundation

/// Three-way merge of a re-import: the base is what the last import generated (`import.yaml`),
/// "ours" the current `catalog.yaml` (a person's edits), "theirs" what the source says now.
/// A field a person changed (it differs from the base) is kept; otherwise the source's value
/// is taken. Actions the person removed stay removed; actions and scopes they added stay.
/// Where a kept edit and the source now disagree on a requirement or `includes`, a note says so.
public struct ImportMerge {
    public var catalog: SpecCatalog
    /// Readable notes: disagreements between the source and curated values, removals.
    public var notes: [String] = []
    /// How many curated values were kept.
    public var keptEdits = 0

    static func describe(_ alternatives: [[String]]) -> String {
        alternatives.map { $0.count == 1 ? $0[0] : "(" + $0.joined(separator: " AND ") + ")" }.joined(separator: " OR ")
    }

    public init(base: SpecCatalog?, ours: SpecCatalog?, theirs: SpecCatalog) {
        catalog = theirs
        guard let ours else { return }
        var result = SpecCatalog()
        let baseScopes = Dictionary((base?.scopes ?? []).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let theirScopes = Dictionary(theirs.scopes.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })

        /// The merged value of one field: ours when a person changed it (or, with no base,
        /// when ours has one), else theirs.
        func pick<T: Equatable>(_ o: T, _ b: T?, _ t: T, empty: T, what: String, note: Bool) -> T {
            let curated = b.map { o != $0 } ?? (o != empty)
            guard curated else { return t }
            if o != t {
                keptEdits += 1
                if note { notes.append(what) }
            }
            return o
        }

        // Scopes: ours in their order (kept, updated), then new ones from the source.
        for o in ours.scopes {
            let b = baseScopes[o.name]
            guard let t = theirScopes[o.name] else {
                if b != nil { notes.append("scope \(o.name) is no longer in the source; kept while an action needs it") }
                result.scopes.append(o)
                continue
            }
            var s = t
            s.description = pick(o.description, b.map(\.description), t.description, empty: nil,
                                 what: "", note: false)
            let includes = pick(o.includes, b?.includes, t.includes, empty: [],
                                what: "scope \(o.name): curated includes [\(o.includes.joined(separator: ", "))] kept; the source suggests [\(t.includes.joined(separator: ", "))]",
                                note: true)
            // Still marked `# inferred` only while nobody removed the comment.
            s.includesInferred = includes == o.includes && b != nil ? o.includesInferred
                : (includes == t.includes ? t.includesInferred : false)
            s.includes = includes
            s.adminConsent = pick(o.adminConsent, b?.adminConsent, t.adminConsent, empty: nil, what: "", note: false)
            s.privilege = pick(o.privilege, b?.privilege, t.privilege, empty: nil, what: "", note: false)
            result.scopes.append(s)
        }
        let oursScopeNames = Set(ours.scopes.map(\.name))
        var removedScopes = Set<String>()
        for t in theirs.scopes where !oursScopeNames.contains(t.name) {
            if baseScopes[t.name] != nil { removedScopes.insert(t.name); continue }  // a person removed it
            result.scopes.append(t)
        }

        // Actions.
        let baseByKey = Dictionary((base?.actions ?? []).map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let baseIds = Set((base?.actions ?? []).map(\.id))
        let theirById = Dictionary(theirs.actions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let oursIds = Set(ours.actions.map(\.id))
        for o in ours.actions {
            guard let t = theirById[o.id] else {
                if baseIds.contains(o.id) {
                    notes.append("action \(o.id) is no longer in the source: removed")
                } else {
                    result.actions.append(o)  // added by hand
                }
                continue
            }
            let b = baseByKey[t.key]
            var a = t
            a.label = pick(o.label, b?.label, t.label, empty: "", what: "", note: false)
            a.description = pick(o.description, b.map(\.description), t.description, empty: nil, what: "", note: false)
            // With no base (a first import over a hand-written catalog) requirements come from the source.
            if let b {
                a.alternatives = pick(o.alternatives, b.alternatives, t.alternatives, empty: [],
                                      what: "action \(o.id): curated requirement \(Self.describe(o.alternatives)) kept; the source says \(Self.describe(t.alternatives))",
                                      note: true)
            } else if o.alternatives != t.alternatives {
                notes.append("action \(o.id): requirement taken from the source, \(Self.describe(t.alternatives)) (was \(Self.describe(o.alternatives)))")
            }
            result.actions.append(a)
        }
        for t in theirs.actions where !oursIds.contains(t.id) {
            if baseByKey[t.key] != nil { continue }  // a person removed it: stays removed
            result.actions.append(t)
        }

        // Every scope an action needs must be defined: a removed one comes back.
        var defined = Set(result.scopes.map(\.name))
        for a in result.actions {
            for s in a.alternatives.joined() where !defined.contains(s) {
                defined.insert(s)
                if let t = theirScopes[s] {
                    if removedScopes.contains(s) { notes.append("scope \(s) was removed by hand but action \(a.id) needs it: restored") }
                    result.scopes.append(t)
                } else {
                    result.scopes.append(SpecScope(name: s))
                }
            }
        }
        // Scopes the source dropped and no action needs go.
        let needed = Set(result.actions.flatMap { $0.alternatives.joined() })
        result.scopes.removeAll { s in baseScopes[s.name] != nil && theirScopes[s.name] == nil && !needed.contains(s.name) }
        catalog = result
    }
}

/// `import --check`: does the catalog still grant what the source requires?
public struct DriftReport {
    public struct Finding { public var id: String; public var message: String }
    /// Actions for which the source now needs a scope the catalog does not grant.
    public var drift: [Finding] = []
    /// Everything else worth knowing (curated overrides, new and vanished actions).
    public var notes: [String] = []

    public var hasDrift: Bool { !drift.isEmpty }

    /// `includes` closure of a set of scopes in `catalog`.
    static func closure(_ scopes: [String], in catalog: SpecCatalog) -> Set<String> {
        let includes = Dictionary(catalog.scopes.map { ($0.name, $0.includes) }, uniquingKeysWith: { a, _ in a })
        var out = Set<String>()
        var stack = scopes
        while let s = stack.popLast() { if out.insert(s).inserted { stack += includes[s] ?? [] } }
        return out
    }

    public init(catalog: SpecCatalog, base: SpecCatalog?, source: SpecCatalog) {
        let ours = Dictionary(catalog.actions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let baseByKey = Dictionary((base?.actions ?? []).map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let sourceIds = Set(source.actions.map(\.id))
        for t in source.actions {
            let b = baseByKey[t.key]
            guard let o = ours[t.id] else {
                notes.append(b != nil ? "\(t.id): removed from the catalog by hand (the source has it)"
                                      : "\(t.id): new in the source, not in the catalog (re-import to add it)")
                continue
            }
            if let b, o.alternatives != b.alternatives, t.alternatives == b.alternatives {
                notes.append("\(o.id): curated requirement \(ImportMerge.describe(o.alternatives)); the source says \(ImportMerge.describe(t.alternatives)) (unchanged since the last import)")
                continue
            }
            let unmet = o.alternatives.filter { alt in
                let granted = Self.closure(alt, in: catalog)
                return !t.alternatives.contains { Set($0).isSubset(of: granted) }
            }
            if !unmet.isEmpty {
                drift.append(Finding(id: o.id, message: "\(o.id) (\(o.label)): the catalog grants \(ImportMerge.describe(unmet)), which no longer satisfies the source: \(ImportMerge.describe(t.alternatives))"))
            } else if o.alternatives != t.alternatives {
                notes.append("\(o.id): the catalog's requirement \(ImportMerge.describe(o.alternatives)) satisfies the source's \(ImportMerge.describe(t.alternatives))")
            }
        }
        for o in catalog.actions where !sourceIds.contains(o.id) && base?.actions.contains(where: { $0.id == o.id }) == true {
            notes.append("\(o.id): no longer in the source")
        }
    }

    public func text(connector: String, source: String) -> String {
        var out = ""
        if drift.isEmpty {
            out += "\(connector): catalog in sync with \(source)\n"
        } else {
            out += "\(connector): \(drift.count) action\(drift.count == 1 ? "" : "s") drifted from \(source): the source now needs scopes the catalog does not grant\n"
            for d in drift { out += "  - \(d.message)\n" }
        }
        if !notes.isEmpty {
            out += "notes:\n"
            for n in notes { out += "  - \(n)\n" }
        }
        return out
    }
}
