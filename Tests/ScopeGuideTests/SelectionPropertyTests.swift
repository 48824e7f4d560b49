import Testing
import ScopeGuideCore

/// Randomized properties of the selection engine over seeded random catalogs. Each check
/// names its seed, so a failure can be replayed.
@Suite("Selection properties")
struct SelectionPropertyTests {
    static let runs = 300

    /// A random catalog: up to 12 scopes whose `includes` form a random DAG (a scope may only
    /// include scopes of lower random rank, so no cycles but edges in both display
    /// directions), and up to 15 actions needing 1–3 scopes each.
    static func randomCatalog(_ rng: inout SplitMix64) -> Catalog {
        let n = Int.random(in: 1...12, using: &rng)
        let names = (0..<n).map { "s\($0)" + (Bool.random(using: &rng) ? ":read" : ".Write") }
        let rank = Array(0..<n).shuffled(using: &rng)
        let scopes = (0..<n).map { i in
            let includes = (0..<n).filter { j in rank[j] < rank[i] && Int.random(in: 0..<4, using: &rng) == 0 }
            return Scope(name: names[i], includes: includes.shuffled(using: &rng).map { names[$0] })
        }
        let actions = (0..<Int.random(in: 1...15, using: &rng)).map { i in
            let k = Int.random(in: 1...min(3, n), using: &rng)
            return Action(id: "act_\(i)", label: "Action \(i)",
                          scopes: Array(names.shuffled(using: &rng).prefix(k)))
        }
        return Catalog(scopes: scopes, actions: actions)
    }

    /// A random request: all (nil), none, or a random subset in random order, sometimes
    /// with duplicates and unknown ids.
    static func randomRequest(_ catalog: Catalog, _ rng: inout SplitMix64) -> [String]? {
        switch Int.random(in: 0..<10, using: &rng) {
        case 0: return nil
        case 1: return []
        default:
            var ids = catalog.actions.map(\.id).filter { _ in Bool.random(using: &rng) }
            if Bool.random(using: &rng), let first = ids.first { ids.append(first) }
            if Int.random(in: 0..<4, using: &rng) == 0 { ids.append("ghost_\(Int.random(in: 0..<3, using: &rng))") }
            return ids.shuffled(using: &rng)
        }
    }

    /// Reference closure, computed independently of `Catalog.grants`.
    static func closure(_ scope: String, in catalog: Catalog) -> Set<String> {
        var seen: Set<String> = [scope]
        var queue = [scope]
        while let next = queue.popLast() {
            for included in catalog.scope(named: next)?.includes ?? [] where seen.insert(included).inserted {
                queue.append(included)
            }
        }
        return seen
    }

    @Test("random catalogs and subsets keep every selection property")
    func properties() {
        for seed in 1...UInt64(Self.runs) {
            var rng = SplitMix64(seed: seed)
            let catalog = Self.randomCatalog(&rng)
            let request = Self.randomRequest(catalog, &rng)
            let s = Selection(catalog: catalog, actionIDs: request)
            let index = catalog.scopeIndex
            let out = s.scopes

            // Every selected action's scopes are in the output, and nothing else is.
            let needed = Set(s.actions.flatMap(\.scopes))
            #expect(needed.isSubset(of: Set(out)), "seed \(seed)")
            #expect(Set(out) == needed, "seed \(seed)")
            // Output in catalog order, without duplicates.
            let positions = out.map { index[$0]! }
            #expect(zip(positions, positions.dropFirst()).allSatisfy { $0 < $1 }, "seed \(seed): \(out)")
            // Selected actions are exactly the known requested ids, in catalog order.
            let expectedIDs = request.map { r in catalog.actions.map(\.id).filter(r.contains) } ?? catalog.actions.map(\.id)
            #expect(s.actionIDs == expectedIDs, "seed \(seed)")
            #expect(s.unknownIDs.allSatisfy { $0.hasPrefix("ghost_") }, "seed \(seed)")
            #expect(Set(s.unknownIDs).count == s.unknownIDs.count, "seed \(seed)")

            // Minimal: a subset of the full output, in catalog order, whose closure covers it,
            // and no member is included (directly or by a chain) by another member.
            let minimal = s.minimalScopes
            #expect(Set(minimal).isSubset(of: Set(out)), "seed \(seed)")
            #expect(minimal == out.filter(minimal.contains), "seed \(seed)")
            let covered = minimal.reduce(into: Set<String>()) { $0.formUnion(Self.closure($1, in: catalog)) }
            #expect(covered.isSuperset(of: out), "seed \(seed): minimal \(minimal) does not cover \(out)")
            for a in minimal {
                for b in minimal where a != b {
                    #expect(!Self.closure(b, in: catalog).contains(a), "seed \(seed): \(b) includes \(a)")
                }
            }
            // The engine's own closure agrees with the reference.
            for scope in catalog.scopes {
                #expect(catalog.grants[scope.name] == Self.closure(scope.name, in: catalog).subtracting([scope.name]),
                        "seed \(seed): grants of \(scope.name)")
            }
            // Rule 5: the text is the output joined by the separator.
            for sep in ScopeSeparator.allCases {
                #expect(s.scopeText(separator: sep) == out.joined(separator: sep.character), "seed \(seed)")
            }
            // Rules 3–4 on the full scope list.
            #expect(s.displayedScopes(catalog.scopeNames) == out, "seed \(seed)")
            let labels = s.badgeLabels(catalog.scopeNames)
            #expect(labels == s.actions.map(\.label).sortedLikeJavaScript(), "seed \(seed)")
        }
    }

    @Test("random selections survive a guide URL round trip")
    func urlRoundTrip() {
        for seed in 1...UInt64(Self.runs) {
            var rng = SplitMix64(seed: seed &* 7919)
            let catalog = Self.randomCatalog(&rng)
            let s = Selection(catalog: catalog, actionIDs: Self.randomRequest(catalog, &rng))
            let sep = ScopeSeparator.allCases.randomElement(using: &rng)!
            let url = GuideURL.make(baseURL: "https://x.test", connector: "c", guide: "g", selection: s, separator: sep)
            let parsed = GuideURL.parse(url)
            #expect(parsed.separator == sep, "seed \(seed): \(url)")
            #expect(parsed.actionIDs == (s.isAll ? nil : s.actionIDs), "seed \(seed): \(url)")
            let again = Selection(catalog: catalog, actionIDs: parsed.actionIDs)
            #expect(again.actionIDs == s.actionIDs && again.scopes == s.scopes, "seed \(seed)")
        }
    }

    @Test("the generator is deterministic")
    func generatorIsSeeded() {
        var a = SplitMix64(seed: 42), b = SplitMix64(seed: 42), c = SplitMix64(seed: 43)
        let xs = (0..<5).map { _ in a.next() }
        #expect(xs == (0..<5).map { _ in b.next() })
        #expect(xs != (0..<5).map { _ in c.next() })
        // Reference value of SplitMix64 for seed 0 (Vigna's C implementation).
        var zero = SplitMix64(seed: 0)
        #expect(zero.next() == 0xE220_A839_7B1D_CDAF)
    }
}
