import Testing
import ScopeGuideCore

/// Rule 0 (docs/selection-rules.md): the choice among alternative scope sets, checked against
/// a brute force that knows nothing of `ScopeChoice`'s search. The random catalogs are built
/// from the test's own model (scope `includes` and action alternatives as positions), and the
/// brute force works on that model with its own closure, never on the catalog's tables.
/// Each check names its seed, so a failure can be replayed.
@Suite("Choice properties")
struct ChoicePropertyTests {
    static let runs = 300

    /// The most leaves one brute force enumerates; a random selection is cut down to fit, so a
    /// debug run stays fast (the search then needs far fewer than its 20,000-node budget).
    static let maxLeaves = 4096

    // MARK: The model

    /// A small catalog as positions: what the test generates, the brute force reads, and the
    /// `Catalog` under test is built from. Scope sets are bit masks (at most 9 scopes).
    struct Model: CustomStringConvertible {
        /// Scope names, in catalog order (deliberately not in alphabetical order).
        let names: [String]
        /// Each scope's direct `includes`, as positions.
        let includes: [[Int]]
        /// Each action's alternatives in the author's order, each a list of distinct positions.
        let alternatives: [[[Int]]]
        /// Each scope's closure (itself and everything it includes by a chain), as a mask.
        let closureMask: [Int]
        let catalog: Catalog

        init(names: [String], includes: [[Int]], alternatives: [[[Int]]], rng: inout SplitMix64) {
            self.names = names
            self.includes = includes
            self.alternatives = alternatives
            // Reference closure: a plain graph walk over `includes`.
            closureMask = includes.indices.map { s in
                var seen = 1 << s
                var stack = [s]
                while let x = stack.popLast() {
                    for y in includes[x] where seen & (1 << y) == 0 {
                        seen |= 1 << y
                        stack.append(y)
                    }
                }
                return seen
            }
            let scopes = names.indices.map { Scope(name: names[$0], includes: includes[$0].map { names[$0] }) }
            // Each alternative's scopes are handed over in a random order: order within an
            // alternative means nothing; the order of the alternatives is the tie-break.
            let actions = alternatives.indices.map { a in
                Action(id: "act_\(a)", label: "Action \(a)",
                       alternatives: alternatives[a].map { $0.shuffled(using: &rng).map { names[$0] } })
            }
            catalog = Catalog(scopes: scopes, actions: actions)
        }

        /// Builds a hand-written catalog; scopes named in `includes` must come from `names`.
        init(names: [String], includes: [String: [String]] = [:], actions: [[[String]]]) {
            var dummy = SplitMix64(seed: 0)
            let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
            self.init(names: names, includes: names.map { (includes[$0] ?? []).map { index[$0]! } },
                      alternatives: actions.map { $0.map { $0.map { index[$0]! } } }, rng: &dummy)
        }

        func mask(_ positions: [Int]) -> Int { positions.reduce(0) { $0 | 1 << $1 } }
        func mask(names list: [String]) -> Int { mask(list.map { catalog.scopeIndex[$0]! }) }
        func alternativeMask(_ a: Int, _ k: Int) -> Int { mask(alternatives[a][k]) }

        func closure(_ r: Int) -> Int {
            names.indices.reduce(0) { r & (1 << $1) != 0 ? $0 | closureMask[$1] : $0 }
        }

        /// minimal(R): R less every scope that another scope of R includes.
        func minimal(_ r: Int) -> Int {
            var implied = 0
            for s in names.indices where r & (1 << s) != 0 { implied |= closureMask[s] & ~(1 << s) }
            return r & ~implied
        }

        func positions(_ m: Int) -> [Int] { names.indices.filter { m & (1 << $0) != 0 } }
        func scopeNames(_ m: Int) -> [String] { positions(m).map { names[$0] } }

        /// Whether some alternative of action `a` lies inside `granted` (a mask).
        func satisfied(_ a: Int, by granted: Int) -> Bool {
            alternatives[a].indices.contains { alternativeMask(a, $0) & ~granted == 0 }
        }

        var description: String {
            let scopes = names.indices.map { s in
                includes[s].isEmpty ? names[s] : "\(names[s]) ⊇ {\(includes[s].map { names[$0] }.joined(separator: ","))}"
            }
            let actions = alternatives.indices.map { a in
                "act_\(a): " + alternatives[a].map { "[" + $0.sorted().map { names[$0] }.joined(separator: ",") + "]" }
                    .joined(separator: " | ")
            }
            return "scopes: " + scopes.joined(separator: "; ") + "\nactions: " + actions.joined(separator: "; ")
        }
    }

    /// A random model: 2–9 scopes whose `includes` form a random DAG (a scope may include only
    /// scopes of lower random rank, so no cycle but edges in both display directions), and
    /// 1–8 actions with 1–`maxAlternatives` alternatives of 1–3 distinct scopes, no two
    /// alternatives of an action the same set.
    static func randomModel(_ rng: inout SplitMix64, maxAlternatives: Int = 4) -> Model {
        let n = Int.random(in: 2...9, using: &rng)
        let rank = Array(0..<n).shuffled(using: &rng)
        let includes = (0..<n).map { i in
            (0..<n).filter { j in rank[j] < rank[i] && Int.random(in: 0..<3, using: &rng) == 0 }.shuffled(using: &rng)
        }
        let label = Array(0..<n).shuffled(using: &rng)
        let names = (0..<n).map { "s\(label[$0])" + (Bool.random(using: &rng) ? ":read" : ".Write") }
        let alternatives = (0..<Int.random(in: 1...8, using: &rng)).map { _ -> [[Int]] in
            let wanted = Int.random(in: 1...maxAlternatives, using: &rng)
            var list: [[Int]] = []
            var sets: Set<Set<Int>> = []
            for _ in 0..<(wanted * 4) where list.count < wanted {  // few scopes: give up on repeats
                var alternative: [Int]
                if let earlier = list.randomElement(using: &rng), earlier.count < 3, Int.random(in: 0..<3, using: &rng) == 0 {
                    // A superset of an earlier alternative: never better under least privilege,
                    // but it can be under fewest scopes (its extra scope may include others).
                    alternative = earlier + [Int.random(in: 0..<n, using: &rng)]
                    if Set(alternative).count < alternative.count { continue }
                } else {
                    let k = Int.random(in: 1...min(3, n), using: &rng)
                    alternative = Array(Array(0..<n).shuffled(using: &rng).prefix(k))
                }
                if sets.insert(Set(alternative)).inserted { list.append(alternative) }
            }
            return list
        }
        return Model(names: names, includes: includes, alternatives: alternatives, rng: &rng)
    }

    /// A random selection as catalog positions (ascending), and the request that asks for it:
    /// all (nil), none, or a random subset in random order; cut down to `maxLeaves` choices.
    static func randomSelection(_ model: Model, _ rng: inout SplitMix64) -> (positions: [Int], request: [String]?) {
        let count = model.alternatives.count
        var positions: [Int]
        var all = false
        switch Int.random(in: 0..<10, using: &rng) {
        case 0: positions = Array(0..<count); all = true
        case 1: positions = []
        default: positions = (0..<count).filter { _ in Int.random(in: 0..<3, using: &rng) != 0 }
        }
        while positions.reduce(1, { $0 * model.alternatives[$1].count }) > maxLeaves {
            positions.remove(at: Int.random(in: 0..<positions.count, using: &rng))
            all = false
        }
        return (positions, all ? nil : positions.map { "act_\($0)" }.shuffled(using: &rng))
    }

    // MARK: The brute force

    struct Optimum {
        /// The chosen alternative per catalog action; -1 where not selected.
        let vector: [Int]
        /// R as a mask.
        let r: Int
        /// The strategy's 1st and 2nd keys.
        let key: (Int, Int)
    }

    /// The strategy's (1st, 2nd) key of R.
    static func key(_ model: Model, _ r: Int, _ strategy: ScopeStrategy) -> (Int, Int) {
        let closure = model.closure(r).nonzeroBitCount
        switch strategy {
        case .leastPrivilege: return (closure, r.nonzeroBitCount)
        case .fewestScopes: return (model.minimal(r).nonzeroBitCount, closure)
        }
    }

    /// Every choice for the selected actions (the cartesian product of their alternatives),
    /// ranked by the strategy's key with the vector of alternative positions last. The
    /// product is walked with the *first* action changing fastest, so that the answer owes
    /// nothing to the order leaves are met in: the vector is compared explicitly.
    static func bruteForce(_ model: Model, selected: [Int], strategy: ScopeStrategy) -> Optimum {
        var vector = [Int](repeating: -1, count: model.alternatives.count)
        for a in selected { vector[a] = 0 }
        var best: Optimum?
        while true {
            let r = selected.reduce(0) { $0 | model.alternativeMask($1, vector[$1]) }
            let key = Self.key(model, r, strategy)
            if let b = best {
                if key < b.key || (key == b.key && vector.lexicographicallyPrecedes(b.vector)) {
                    best = Optimum(vector: vector, r: r, key: key)
                }
            } else {
                best = Optimum(vector: vector, r: r, key: key)
            }
            // Next choice: an odometer whose first selected action is the fastest wheel.
            var i = 0
            while i < selected.count {
                let a = selected[i]
                vector[a] += 1
                if vector[a] < model.alternatives[a].count { break }
                vector[a] = 0
                i += 1
            }
            if i == selected.count { return best! }
        }
    }

    /// R of a choice the engine made, as a mask, checked to be the union of its alternatives.
    static func checkedR(_ model: Model, _ choice: ScopeChoice, selected: [Int], _ context: String) -> Int {
        let r = model.mask(choice.scopes)
        #expect(choice.scopes == model.positions(r), "\(context): R not in catalog order: \(choice.scopes)")
        let union = selected.reduce(0) { k, a in
            let c = choice.alternative[a]
            return c >= 0 && c < model.alternatives[a].count ? k | model.alternativeMask(a, c) : k
        }
        #expect(r == union, "\(context): R \(model.scopeNames(r)) is not the union of the chosen alternatives")
        for a in model.alternatives.indices {
            let c = choice.alternative[a]
            if selected.contains(a) {
                #expect(c >= 0 && c < model.alternatives[a].count, "\(context): act_\(a) chose \(c)")
            } else {
                #expect(c == -1, "\(context): act_\(a) is not selected but chose \(c)")
            }
        }
        return r
    }

    // MARK: Properties

    @Test("the choice equals the brute-force optimum, for both strategies")
    func matchesBruteForce() {
        var leaves = 0, notFirst = 0, differ = 0
        for seed in 1...UInt64(Self.runs) {
            var rng = SplitMix64(seed: seed)
            let model = Self.randomModel(&rng)
            let (selected, request) = Self.randomSelection(model, &rng)
            leaves += selected.reduce(1) { $0 * model.alternatives[$1].count }
            var optima: [[Int]] = []
            for strategy in ScopeStrategy.allCases {
                let context = "seed \(seed), \(strategy), selected \(selected.map { "act_\($0)" })\n\(model)"
                let s = Selection(catalog: model.catalog, actionIDs: request, strategy: strategy)
                let expected = Self.bruteForce(model, selected: selected, strategy: strategy)
                let r = Self.checkedR(model, s.choice, selected: selected, context)
                optima.append(expected.vector)
                if expected.vector.contains(where: { $0 > 0 }) { notFirst += 1 }
                #expect(s.choice.alternative == expected.vector,
                        "\(context)\nexpected \(expected.vector) R \(model.scopeNames(expected.r)) key \(expected.key), got \(s.choice.alternative) R \(model.scopeNames(r)) key \(Self.key(model, r, strategy))")
                #expect(s.scopes == model.scopeNames(expected.r), "\(context)")
                #expect(s.choice.proven, "\(context): not proven after \(s.choice.nodes) nodes")
                #expect(s.actionIDs == selected.map { "act_\($0)" }, "\(context)")
                for a in selected {
                    // chosenScopes keeps the alternative as the author wrote it; compare as sets.
                    #expect(Set(s.chosenScopes(actionAt: a) ?? []) == Set(model.scopeNames(model.alternativeMask(a, expected.vector[a]))),
                            "\(context): act_\(a)")
                }
            }
            if optima[0] != optima[1] { differ += 1 }
        }
        // The generator really makes choices: many selections with more than one candidate,
        // optima other than every first alternative, and strategies that disagree.
        #expect(leaves > 10 * Self.runs, "only \(leaves) choices in all")
        #expect(notFirst > Self.runs / 2, "only \(notFirst) optima not every first alternative")
        #expect(differ > Self.runs / 10, "the strategies disagree only \(differ) times")
    }

    @Test("every selected action is satisfied by closure(R), for both strategies")
    func everyActionSatisfied() {
        for seed in 1...UInt64(Self.runs) {
            var rng = SplitMix64(seed: seed &* 6_364_136_223_846_793_005)
            let model = Self.randomModel(&rng)
            let (selected, request) = Self.randomSelection(model, &rng)
            for strategy in ScopeStrategy.allCases {
                let context = "seed \(seed), \(strategy), selected \(selected.map { "act_\($0)" })\n\(model)"
                let s = Selection(catalog: model.catalog, actionIDs: request, strategy: strategy)
                let granted = model.closure(model.mask(names: s.scopes))
                for a in selected {
                    #expect(model.satisfied(a, by: granted), "\(context): act_\(a) not satisfied by \(s.scopes)")
                    // Stronger: the chosen alternative itself is in R.
                    let chosen = model.mask(names: s.chosenScopes(actionAt: a) ?? [])
                    #expect(chosen != 0 && chosen & ~model.mask(names: s.scopes) == 0, "\(context): act_\(a)")
                }
            }
        }
    }

    @Test("one-alternative catalogs give the union of the selected actions' scopes, for both strategies")
    func oneAlternativeIsTheUnion() {
        for seed in 1...UInt64(Self.runs) {
            var rng = SplitMix64(seed: seed &+ 1_000_003)
            let model = Self.randomModel(&rng, maxAlternatives: 1)
            let (selected, request) = Self.randomSelection(model, &rng)
            let union = selected.reduce(0) { $0 | model.alternativeMask($1, 0) }
            for strategy in ScopeStrategy.allCases {
                let context = "seed \(seed), \(strategy), selected \(selected.map { "act_\($0)" })\n\(model)"
                let s = Selection(catalog: model.catalog, actionIDs: request, strategy: strategy)
                #expect(s.scopes == model.scopeNames(union), "\(context)")
                #expect(s.choice.alternative == model.alternatives.indices.map { selected.contains($0) ? 0 : -1 }, "\(context)")
                #expect(s.choice.proven && s.choice.nodes == 0, "\(context): \(s.choice.nodes) nodes")
            }
        }
    }

    @Test("a tiny budget still gives a valid choice, unproven; a proven one is the optimum")
    func budget() {
        var unproven = 0
        for seed in 1...UInt64(Self.runs) {
            var rng = SplitMix64(seed: seed &+ 77_777)
            let model = Self.randomModel(&rng)
            let (selected, _) = Self.randomSelection(model, &rng)
            let open = selected.filter { model.alternatives[$0].count > 1 }.count
            let budget = Int.random(in: 0...8, using: &rng)
            for strategy in ScopeStrategy.allCases {
                let context = "seed \(seed), \(strategy), budget \(budget), selected \(selected.map { "act_\($0)" })\n\(model)"
                let choice = ScopeChoice(catalog: model.catalog, selected: selected, strategy: strategy, budget: budget)
                let r = Self.checkedR(model, choice, selected: selected, context)
                let granted = model.closure(r)
                for a in selected { #expect(model.satisfied(a, by: granted), "\(context): act_\(a)") }
                // Step 4: the budget, except that the first leaf is always reached.
                #expect(choice.nodes <= max(budget, open), "\(context): \(choice.nodes) nodes")
                let expected = Self.bruteForce(model, selected: selected, strategy: strategy)
                if choice.proven {
                    #expect(choice.alternative == expected.vector, "\(context)")
                } else {
                    unproven += 1
                    #expect(Self.key(model, r, strategy) >= expected.key, "\(context)")
                }
                let full = ScopeChoice(catalog: model.catalog, selected: selected, strategy: strategy)
                #expect(full.proven && full.alternative == expected.vector, "\(context)")
            }
        }
        #expect(unproven > Self.runs / 4, "only \(unproven) searches stopped by the budget")
    }

    @Test("a budget of 3 stops at the first leaf; the default budget proves the optimum")
    func budgetByHand() {
        // Four actions, each [[big_i], [small]], every big_i including x and y. The first leaf
        // (every action's first alternative, 4 nodes) is R = {big0..big3}: |closure| 6,
        // |minimal| 4. The optimum for both strategies is every action's second alternative:
        // R = {small}, |closure| = |minimal| = 1. A budget of 3 is spent by the first leaf, so
        // the search stops there, unproven, with a valid but not optimal answer.
        let bigs = (0..<4).map { "big\($0)" }
        let model = Model(names: ["small", "x", "y"] + bigs,
                          includes: Dictionary(uniqueKeysWithValues: bigs.map { ($0, ["x", "y"]) }),
                          actions: bigs.map { [[$0], ["small"]] })
        let selected = [0, 1, 2, 3]
        for strategy in ScopeStrategy.allCases {
            let tiny = ScopeChoice(catalog: model.catalog, selected: selected, strategy: strategy, budget: 3)
            #expect(!tiny.proven, "\(strategy)")
            #expect(tiny.nodes == 4, "\(strategy)")
            #expect(tiny.alternative == [0, 0, 0, 0], "\(strategy)")
            #expect(tiny.scopes.map { model.names[$0] } == bigs, "\(strategy)")
            let granted = model.closure(model.mask(tiny.scopes))
            #expect(selected.allSatisfy { model.satisfied($0, by: granted) }, "\(strategy)")

            let full = ScopeChoice(catalog: model.catalog, selected: selected, strategy: strategy)
            #expect(full.proven, "\(strategy)")
            #expect(full.alternative == [1, 1, 1, 1], "\(strategy)")
            #expect(full.scopes.map { model.names[$0] } == ["small"], "\(strategy)")
            #expect(full.alternative == Self.bruteForce(model, selected: selected, strategy: strategy).vector)

            let s = Selection(catalog: model.catalog, actionIDs: nil, strategy: strategy)
            #expect(s.choice.proven && s.scopes == ["small"], "\(strategy)")
        }
    }

    @Test("rule 6: minimal after the choice never changes which actions are covered")
    func minimalKeepsCoverage() {
        for seed in 1...UInt64(Self.runs) {
            var rng = SplitMix64(seed: seed &+ 424_242)
            let model = Self.randomModel(&rng)
            let (selected, request) = Self.randomSelection(model, &rng)
            for strategy in ScopeStrategy.allCases {
                let context = "seed \(seed), \(strategy), selected \(selected.map { "act_\($0)" })\n\(model)"
                let s = Selection(catalog: model.catalog, actionIDs: request, strategy: strategy)
                let r = model.mask(names: s.scopes)
                let minimal = model.mask(names: s.minimalScopes)
                #expect(minimal == model.minimal(r), "\(context): minimal \(s.minimalScopes) of \(s.scopes)")
                #expect(s.minimalScopes == model.scopeNames(minimal), "\(context): not in catalog order")
                #expect(model.closure(minimal) == model.closure(r), "\(context)")
                // Every catalog action, selected or not, is covered by both or by neither.
                for a in model.alternatives.indices {
                    #expect(model.satisfied(a, by: model.closure(minimal)) == model.satisfied(a, by: model.closure(r)),
                            "\(context): act_\(a)")
                }
                for a in selected {
                    #expect(model.satisfied(a, by: model.closure(minimal)), "\(context): act_\(a)")
                }
                #expect(s.scopeText(minimal: true) == s.minimalScopes.joined(separator: " "), "\(context)")
            }
        }
    }

    // MARK: Hand-written cases

    /// One hand-worked case: the selection (nil = all), and per strategy the expected chosen
    /// alternatives (per catalog action) and R.
    static func expectChoice(_ model: Model, _ strategy: ScopeStrategy, ids: [String]? = nil,
                       alternative: [Int], scopes: [String], minimal: [String]? = nil,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        let s = Selection(catalog: model.catalog, actionIDs: ids, strategy: strategy)
        #expect(s.choice.alternative == alternative, "\(strategy)", sourceLocation: sourceLocation)
        #expect(s.scopes == scopes, "\(strategy)", sourceLocation: sourceLocation)
        #expect(s.choice.proven, "\(strategy)", sourceLocation: sourceLocation)
        if let minimal { #expect(s.minimalScopes == minimal, "\(strategy)", sourceLocation: sourceLocation) }
        // The brute force agrees with the hand-worked answer.
        let selected = model.alternatives.indices.filter { ids?.contains("act_\($0)") ?? true }
        let brute = bruteForce(model, selected: selected, strategy: strategy)
        #expect(brute.vector == alternative && model.scopeNames(brute.r) == scopes, "\(strategy)",
                sourceLocation: sourceLocation)
    }

    /// Scopes a, b and big, where big includes a and b.
    static func abBig(_ actions: [[[String]]]) -> Model {
        Model(names: ["a", "b", "big"], includes: ["big": ["a", "b"]], actions: actions)
    }

    @Test("X: [[a],[big]], Y: [[a],[big]], Z: [[b]] with big ⊇ {a, b}")
    func twoWaysToGrant() {
        // act_0 = X, act_1 = Y, act_2 = Z. Z is fixed: R starts {b}. The four choices for X, Y:
        //   (0,0): R {a,b}       closure {a,b}      |closure| 2, |R| 2, |minimal| 2
        //   (0,1): R {a,b,big}   closure {a,b,big}  |closure| 3, |R| 3, |minimal| 1 ({big})
        //   (1,0): R {a,b,big}   the same as (0,1)
        //   (1,1): R {b,big}     closure {a,b,big}  |closure| 3, |R| 2, |minimal| 1 ({big})
        // Least privilege: (0,0) alone has |closure| 2 → [0, 0, 0], R = [a, b].
        // Fewest scopes: (0,1), (1,0), (1,1) tie at |minimal| 1, |closure| 3; the vector
        // decides: [0, 1, 0] < [1, 0, 0] < [1, 1, 0] → X takes a, Y takes big, and
        // R = [a, b, big] (catalog order) whose minimal is [big].
        let model = Self.abBig([[["a"], ["big"]], [["a"], ["big"]], [["b"]]])
        Self.expectChoice(model, .leastPrivilege, alternative: [0, 0, 0], scopes: ["a", "b"], minimal: ["a", "b"])
        Self.expectChoice(model, .fewestScopes, alternative: [0, 1, 0], scopes: ["a", "b", "big"], minimal: ["big"])
        // Only Y and Z: least privilege the same ({a, b}); fewest scopes Y takes big, as
        // {b, big} has |minimal| 1 against {a, b}'s 2.
        Self.expectChoice(model, .leastPrivilege, ids: ["act_1", "act_2"], alternative: [-1, 0, 0], scopes: ["a", "b"])
        Self.expectChoice(model, .fewestScopes, ids: ["act_1", "act_2"], alternative: [-1, 1, 0], scopes: ["b", "big"],
                    minimal: ["big"])
        // Only X: R {a} (|closure| 1, |minimal| 1) beats {big} (3, 1) under both strategies.
        Self.expectChoice(model, .leastPrivilege, ids: ["act_0"], alternative: [0, -1, -1], scopes: ["a"])
        Self.expectChoice(model, .fewestScopes, ids: ["act_0"], alternative: [0, -1, -1], scopes: ["a"])
    }

    @Test("each key decides in its turn")
    func keysInOrder() {
        // [[big, a], [big]]: both closures are {a, b, big} (3). Least privilege's 2nd key |R|
        // (2 against 1) picks [big]; fewest scopes ties on |minimal| 1 and |closure| 3, so the
        // vector keeps the first alternative.
        let sameClosure = Self.abBig([[["big", "a"], ["big"]]])
        Self.expectChoice(sameClosure, .leastPrivilege, alternative: [1], scopes: ["big"])
        Self.expectChoice(sameClosure, .fewestScopes, alternative: [0], scopes: ["a", "big"], minimal: ["big"])

        // [[big], [a, b]]: least privilege's 1st key, |closure| 3 against 2, picks [a, b];
        // fewest scopes' 1st key, |minimal| 1 against 2, picks [big].
        let split = Self.abBig([[["big"], ["a", "b"]]])
        Self.expectChoice(split, .leastPrivilege, alternative: [1], scopes: ["a", "b"])
        Self.expectChoice(split, .fewestScopes, alternative: [0], scopes: ["big"])

        // [[big], [a]]: |minimal| ties at 1; fewest scopes' 2nd key |closure| (3 against 1)
        // picks [a], as least privilege's 1st key does.
        let second = Self.abBig([[["big"], ["a"]]])
        Self.expectChoice(second, .leastPrivilege, alternative: [1], scopes: ["a"])
        Self.expectChoice(second, .fewestScopes, alternative: [1], scopes: ["a"])

        // [[b], [a]]: every key ties, the author's order decides.
        let tie = Self.abBig([[["b"], ["a"]]])
        Self.expectChoice(tie, .leastPrivilege, alternative: [0], scopes: ["b"])
        Self.expectChoice(tie, .fewestScopes, alternative: [0], scopes: ["b"])

        // [[b], [a]] with a fixed [[a]] before it: the second alternative is already inside R
        // ({a}), so it adds nothing: R {a} (1, 1) beats {a, b} (2, 2) under both strategies.
        let inside = Self.abBig([[["a"]], [["b"], ["a"]]])
        Self.expectChoice(inside, .leastPrivilege, alternative: [0, 1], scopes: ["a"])
        Self.expectChoice(inside, .fewestScopes, alternative: [0, 1], scopes: ["a"])

        // [[a], [a, big]] with a fixed [[b]]: the second alternative holds the first. Least
        // privilege never needs it ({a, b}: closure 2, against 3). Fewest scopes does:
        // {a, b} has |minimal| 2, {a, b, big} has |minimal| 1 ({big}).
        let superset = Self.abBig([[["a"], ["a", "big"]], [["b"]]])
        Self.expectChoice(superset, .leastPrivilege, alternative: [0, 0], scopes: ["a", "b"])
        Self.expectChoice(superset, .fewestScopes, alternative: [1, 0], scopes: ["a", "b", "big"], minimal: ["big"])

        // A later action changes an earlier one's best: X [[a], [big]], Y [[big], [b, a]].
        //   (0,0): {a, big}  closure 3, |R| 2, |minimal| 1
        //   (0,1): {a, b}    closure 2, |R| 2, |minimal| 2
        //   (1,0): {big}     closure 3, |R| 1, |minimal| 1
        //   (1,1): {a,b,big} closure 3, |R| 3, |minimal| 1
        // Least privilege: (0,1). Fewest scopes: |minimal| 1 for (0,0), (1,0), (1,1), all with
        // |closure| 3; the vector picks (0,0): R [a, big], minimal [big].
        let later = Self.abBig([[["a"], ["big"]], [["big"], ["b", "a"]]])
        Self.expectChoice(later, .leastPrivilege, alternative: [0, 1], scopes: ["a", "b"])
        Self.expectChoice(later, .fewestScopes, alternative: [0, 0], scopes: ["a", "big"], minimal: ["big"])
    }

    @Test("the brute force itself: a chain a ⊂ b ⊂ c")
    func bruteForceSanity() {
        // c includes b, b includes a. X: [[c], [a]], Y: [[b]]. R is {b, c} or {a, b}:
        // closures {a, b, c} (3) and {a, b} (2); minimals {c} (1) and {b} (1). Least privilege
        // and fewest scopes (2nd key |closure|) both take [a]: R [a, b], minimal [b].
        let model = Model(names: ["a", "b", "c"], includes: ["c": ["b"], "b": ["a"]],
                          actions: [[["c"], ["a"]], [["b"]]])
        #expect(model.closureMask == [0b001, 0b011, 0b111])
        #expect(model.minimal(0b111) == 0b100 && model.minimal(0b011) == 0b010 && model.minimal(0b101) == 0b100)
        Self.expectChoice(model, .leastPrivilege, alternative: [1, 0], scopes: ["a", "b"], minimal: ["b"])
        Self.expectChoice(model, .fewestScopes, alternative: [1, 0], scopes: ["a", "b"], minimal: ["b"])
        // The generator is deterministic and the models it makes are sound.
        var x = SplitMix64(seed: 5), y = SplitMix64(seed: 5)
        #expect(Self.randomModel(&x).description == Self.randomModel(&y).description)
        for seed in 1...UInt64(50) {
            var rng = SplitMix64(seed: seed)
            let m = Self.randomModel(&rng)
            #expect((2...9).contains(m.names.count) && (1...8).contains(m.alternatives.count), "seed \(seed)")
            for alternatives in m.alternatives {
                #expect((1...4).contains(alternatives.count), "seed \(seed)")
                #expect(Set(alternatives.map(Set.init)).count == alternatives.count, "seed \(seed)")
                #expect(alternatives.allSatisfy { (1...3).contains($0.count) && Set($0).count == $0.count }, "seed \(seed)")
            }
            for s in m.names.indices {
                #expect(m.catalog.grants[m.names[s]] == Set(m.scopeNames(m.closureMask[s] & ~(1 << s))), "seed \(seed)")
            }
        }
    }
}
