/// How rule 0 ranks the choices (docs/selection-rules.md).
public enum ScopeStrategy: String, Sendable, CaseIterable {
    /// Smallest |closure(R)|, then |R|: the least the grant lets the app do.
    case leastPrivilege = "least-privilege"
    /// Smallest |minimal(R)|, then |closure(R)|: the shortest list an admin types.
    case fewestScopes = "fewest-scopes"

    public static let `default` = ScopeStrategy.leastPrivilege

    /// What the page's control and reports call it.
    public var label: String { self == .leastPrivilege ? "Least privilege" : "Fewest scopes" }

    /// The value of the guide URL's `grant` parameter; nil for the default strategy.
    public var urlValue: String? { self == .fewestScopes ? "fewest" : nil }

    public init?(urlValue: String) {
        guard urlValue == "fewest" else { return nil }
        self = .fewestScopes
    }
}

/// Rule 0: the alternative each selected action uses, found by the exact search of
/// docs/selection-rules.md. `Templates/assets/selector.js` runs the same search step for step
/// (same order, same pruning, same node budget), so the page and the CLI agree even when the
/// budget stops the search.
public struct ScopeChoice: Sendable, Equatable {
    /// The chosen alternative's position for each catalog action; -1 where not selected.
    public let alternative: [Int]
    /// R: the union of the chosen alternatives, as scope positions in catalog order.
    public let scopes: [Int]
    /// False when the node budget stopped the search before it proved the answer minimal.
    public let proven: Bool
    /// Alternatives tried (search nodes); what the budget counts.
    public let nodes: Int

    /// The most nodes one search visits (rule 0, step 4).
    public static let nodeBudget = 5_000

    /// - Parameter selected: catalog positions of the selected actions, ascending.
    public init(catalog: Catalog, selected: [Int], strategy: ScopeStrategy = .default,
                budget: Int = ScopeChoice.nodeBudget) {
        var search = Search(catalog: catalog, strategy: strategy)
        var alternative = [Int](repeating: -1, count: catalog.actions.count)
        var open: [Int] = []
        for a in selected {
            if catalog.alternativePositions[a].count == 1 {
                alternative[a] = 0
                search.add(catalog.alternativePositions[a][0])  // step 1: fixed actions start R
            } else {
                open.append(a)
            }
        }
        let best = search.run(open: open, budget: budget)
        for (i, a) in open.enumerated() { alternative[a] = best.choice[i] }
        var inR = [Bool](repeating: false, count: catalog.scopes.count)
        for a in selected { for s in catalog.alternativePositions[a][alternative[a]] { inR[s] = true } }
        self.alternative = alternative
        self.scopes = inR.indices.filter { inR[$0] }
        self.proven = !search.stopped
        self.nodes = search.nodes
    }
}

/// The depth-first search of rule 0, with R kept as counts so that adding and removing an
/// alternative costs its scopes' closures, not a pass over R.
private struct Search {
    let catalog: Catalog
    let strategy: ScopeStrategy
    /// How many added alternatives hold each scope; R is the scopes with a count.
    var holders: [Int]
    var sizeR = 0
    /// How many scopes of R have each scope in their closure; closure(R) is those with a count.
    var covering: [Int]
    var sizeClosure = 0
    /// How many scopes of R include each scope; minimal(R) is the scopes of R with none.
    var includers: [Int]
    var sizeMinimal = 0
    /// Scratch marks for `independentScopes`: a scope is marked when it equals `stamp`.
    var marks: [Int]
    var stamp = 0
    var nodes = 0
    var stopped = false

    init(catalog: Catalog, strategy: ScopeStrategy) {
        self.catalog = catalog
        self.strategy = strategy
        holders = [Int](repeating: 0, count: catalog.scopes.count)
        covering = holders
        includers = holders
        marks = holders
    }

    mutating func add(_ alternative: [Int]) {
        for s in alternative {
            holders[s] += 1
            guard holders[s] == 1 else { continue }
            sizeR += 1
            if includers[s] == 0 { sizeMinimal += 1 }
            for x in catalog.closurePositions[s] {
                covering[x] += 1
                if covering[x] == 1 { sizeClosure += 1 }
                guard x != s else { continue }
                if includers[x] == 0 && holders[x] > 0 { sizeMinimal -= 1 }
                includers[x] += 1
            }
        }
    }

    mutating func remove(_ alternative: [Int]) {
        for s in alternative {
            holders[s] -= 1
            guard holders[s] == 0 else { continue }
            sizeR -= 1
            if includers[s] == 0 { sizeMinimal -= 1 }
            for x in catalog.closurePositions[s] {
                covering[x] -= 1
                if covering[x] == 0 { sizeClosure -= 1 }
                guard x != s else { continue }
                includers[x] -= 1
                if includers[x] == 0 && holders[x] > 0 { sizeMinimal += 1 }
            }
        }
    }

    func isInsideR(_ alternative: [Int]) -> Bool { alternative.allSatisfy { holders[$0] > 0 } }

    /// Fewest scopes' lower bound: scopes of R no two of which one scope can include, picked
    /// greedily in catalog order (first those nothing includes). minimal(R) of any leaf below
    /// needs a different scope for each, so their count bounds its size.
    mutating func independentScopes() -> Int {
        stamp += 1
        var count = 0
        for pass in [false, true] {
            for s in holders.indices where holders[s] > 0 && catalog.isIncluded[s] == pass {
                let includers = catalog.includersOf[s]
                guard !includers.contains(where: { marks[$0] == stamp }) else { continue }
                count += 1
                for t in includers { marks[t] = stamp }
            }
        }
        return count
    }

    /// The leaf's (1st, 2nd) key; the 3rd, the vector, is the order leaves are met in.
    func leafKey() -> (Int, Int) {
        strategy == .leastPrivilege ? (sizeClosure, sizeR) : (sizeMinimal, sizeClosure)
    }

    /// Step 3: whether no leaf below the current node can beat `best`; `later` are the open
    /// actions after this node's.
    mutating func cannotBeat(_ best: (Int, Int), later: ArraySlice<Int>) -> Bool {
        switch strategy {
        case .leastPrivilege:
            return sizeClosure > best.0 || (sizeClosure == best.0 && sizeR >= best.1)
        case .fewestScopes:
            let bound = independentScopes()
            if bound > best.0 || (bound == best.0 && sizeClosure >= best.1) { return true }
            return bound == 1 && best.0 == 1 && !oneScopeCanBeat(best.1, later: later)
        }
    }

    /// Fewest scopes, when the best leaf and the bound both say one scope: a leaf below with
    /// minimal(R) = {m} has R inside closure(m) and closure(R) = closure(m), so it can beat the
    /// best only through a scope m whose closure holds R and an alternative of every later
    /// open action, and is smaller than the best's closure.
    mutating func oneScopeCanBeat(_ bestClosure: Int, later: ArraySlice<Int>) -> Bool {
        guard let first = holders.indices.first(where: { holders[$0] > 0 }) else { return true }
        for m in catalog.includersOf[first] where catalog.closurePositions[m].count < bestClosure {
            stamp += 1
            for x in catalog.closurePositions[m] { marks[x] = stamp }
            let holdsR = holders.indices.allSatisfy { holders[$0] == 0 || marks[$0] == stamp }
            if holdsR && later.allSatisfy({ action in
                catalog.alternativePositions[action].contains { $0.allSatisfy { marks[$0] == stamp } }
            }) { return true }
        }
        return false
    }


    /// Step 3's alternatives that cannot win. An alternative already inside R adds nothing and
    /// comes first, so a later one (least privilege), or a later one that includes no scope and
    /// so cannot shorten minimal(R) (fewest scopes), is not tried; nor is one holding an earlier
    /// alternative of the same action, under the same conditions.
    func isSkipped(_ action: Int, _ k: Int, dominated: Bool, insideSeen: Bool) -> Bool {
        guard dominated || insideSeen else { return false }
        return strategy == .leastPrivilege || !catalog.alternativeIncludes[action][k]
    }

    /// Steps 2–4 over the open actions; returns the best leaf's alternative per open action.
    mutating func run(open: [Int], budget: Int) -> (key: (Int, Int), choice: [Int]) {
        let n = open.count
        var best: (key: (Int, Int), choice: [Int])?
        var next = [Int](repeating: 0, count: n)      // the next alternative to try, per depth
        var added = [Int](repeating: -1, count: n)    // the alternative now in R, per depth
        var insideSeen = [Bool](repeating: false, count: n)  // an alternative inside R was tried
        var depth = 0
        if n == 0 { return (leafKey(), []) }
        while depth >= 0 {
            if depth == n {
                let key = leafKey()
                if best == nil || key < best!.key { best = (key, added) }
                depth -= 1
                continue
            }
            let alternatives = catalog.alternativePositions[open[depth]]
            let dominated = catalog.holdsEarlierAlternative[open[depth]]
            if added[depth] >= 0 {
                remove(alternatives[added[depth]])
                added[depth] = -1
            }
            var k = next[depth]
            while k < alternatives.count && isSkipped(open[depth], k, dominated: dominated[k], insideSeen: insideSeen[depth]) { k += 1 }
            if k == alternatives.count || (best != nil && nodes >= budget) {
                if k < alternatives.count { stopped = true }
                next[depth] = 0
                insideSeen[depth] = false
                depth -= 1
                continue
            }
            next[depth] = k + 1
            if isInsideR(alternatives[k]) { insideSeen[depth] = true }
            nodes += 1
            add(alternatives[k])
            added[depth] = k
            if let best, cannotBeat(best.key, later: open[(depth + 1)...]) { continue }
            depth += 1
        }
        return best!
    }
}
