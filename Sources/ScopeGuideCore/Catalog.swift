/// A permission a provider grants, such as `Mail.Read` or `read:org`.
public struct Scope: Sendable, Hashable, Codable {
    public var name: String
    public var description: String
    /// Scopes this one grants too (`Mail.ReadWrite` includes `Mail.Read`).
    public var includes: [String]
    /// Where the provider documents the scope, when known.
    public var source: String?
    /// Granting it needs an administrator's consent, when the provider says so.
    public var adminConsent: Bool?
    /// The provider's privilege level (Microsoft Graph's 1–4), when known.
    public var privilege: Int?

    public init(name: String, description: String = "", includes: [String] = [], source: String? = nil,
                adminConsent: Bool? = nil, privilege: Int? = nil) {
        self.name = name
        self.description = description
        self.includes = includes
        self.source = source
        self.adminConsent = adminConsent
        self.privilege = privilege
    }
}

/// Something a connector can do, and the scopes it needs.
public struct Action: Sendable, Hashable, Codable {
    public var id: String
    public var label: String
    /// The requirement: any one alternative suffices, and each alternative's scopes are all
    /// needed. Never empty; the order is the author's preference (rule 0's tie-break).
    public var alternatives: [[String]]
    public var description: String

    /// The first alternative: the whole requirement of a one-alternative action.
    public var scopes: [String] { alternatives[0] }

    public init(id: String, label: String, scopes: [String], description: String = "") {
        self.init(id: id, label: label, alternatives: [scopes], description: description)
    }

    public init(id: String, label: String, alternatives: [[String]], description: String = "") {
        precondition(!alternatives.isEmpty, "an action needs at least one alternative")
        self.id = id
        self.label = label
        self.alternatives = alternatives
        self.description = description
    }
}

/// A connector's actions and scopes. The scope order is the display order everywhere.
///
/// A catalog is built only from validated input: every scope an action or `includes`
/// names is defined, ids are unique and `includes` has no cycle.
public struct Catalog: Sendable {
    public let scopes: [Scope]
    public let actions: [Action]
    /// Position of each scope in display order.
    public let scopeIndex: [String: Int]
    /// Position of each action in catalog order.
    public let actionIndex: [String: Int]
    /// Each scope's actions (those with an alternative that holds it), as positions in
    /// catalog order, by scope position: the reviewer page's scope → actions table and
    /// catalog.json's.
    public let actionsByScope: [[Int]]
    /// Each action's alternatives as scope positions, sorted: what rule 0's search works on.
    public let alternativePositions: [[[Int]]]
    /// For each action's alternatives, whether it holds an earlier alternative of the same
    /// action (least privilege never needs it: rule 0, step 3).
    public let holdsEarlierAlternative: [[Bool]]
    /// For each action's alternatives, whether one of its scopes includes another scope.
    public let alternativeIncludes: [[Bool]]
    /// True when some action has more than one alternative, so a selection has a choice to make.
    public let hasAlternatives: Bool
    /// Each scope's closure as positions, itself first, by scope position.
    public let closurePositions: [[Int]]
    /// Whether some other scope includes the scope at each position (directly or by a chain).
    public let isIncluded: [Bool]
    /// Each scope's includers: the scopes whose closure holds it, itself first, by position.
    public let includersOf: [[Int]]
    /// For each scope, every scope it grants through `includes`, directly or by a chain.
    public let grants: [String: Set<String>]
    /// The same, as lists in display order by scope position (what every guide page embeds).
    public let grantsInOrder: [[String]]
    /// Action positions ordered by label as JavaScript sorts strings (rule 4's badge order),
    /// sorted once here so no selection sorts labels again.
    public let labelOrder: [Int]
    /// Each action's place in `labelOrder`, by action position.
    public let labelRank: [Int]

    public init(scopes: [Scope], actions: [Action]) {
        var actionIndex: [String: Int] = Dictionary(minimumCapacity: actions.count)
        for (i, a) in actions.enumerated() where actionIndex[a.id] == nil { actionIndex[a.id] = i }
        self.init(scopes: scopes, actions: actions, actionIndex: actionIndex)
    }

    /// With each action's position by id as the caller already has it (the catalog loader
    /// builds it while checking ids for duplicates), so the ids are not hashed twice.
    public init(scopes: [Scope], actions: [Action], actionIndex: [String: Int]) {
        assert(actionIndex.count == actions.count && actions.indices.allSatisfy { actionIndex[actions[$0].id] == $0 })
        self.scopes = scopes
        self.actions = actions
        var scopeIndex: [String: Int] = Dictionary(minimumCapacity: scopes.count)
        for (i, s) in scopes.enumerated() where scopeIndex[s.name] == nil { scopeIndex[s.name] = i }
        self.scopeIndex = scopeIndex
        self.actionIndex = actionIndex
        var byScope = [[Int]](repeating: [], count: scopes.count)
        var alternativePositions: [[[Int]]] = []
        alternativePositions.reserveCapacity(actions.count)
        for position in actions.indices {
            let alternatives = actions[position].alternatives.map { Catalog.sortedPositions($0, in: scopeIndex) }
            let used = alternatives.count == 1 ? alternatives[0] : Catalog.sortedUnique(alternatives.flatMap { $0 })
            for i in used { byScope[i].append(position) }
            alternativePositions.append(alternatives)
        }
        self.actionsByScope = byScope
        self.alternativePositions = alternativePositions
        // Only actions with several alternatives are searched; the rest share one array.
        self.holdsEarlierAlternative = alternativePositions.map { alternatives in
            alternatives.count == 1 ? Catalog.oneFalse : alternatives.indices.map { k in
                alternatives[..<k].contains { earlier in earlier.allSatisfy(alternatives[k].contains) }
            }
        }
        self.hasAlternatives = actions.contains { $0.alternatives.count > 1 }
        let grants = Catalog.closure(of: scopes)
        self.grants = grants
        let grantPositions = scopes.map { scope in (grants[scope.name] ?? []).compactMap { scopeIndex[$0] }.sorted() }
        self.alternativeIncludes = alternativePositions.map { alternatives in
            alternatives.count == 1 ? Catalog.oneFalse : alternatives.map { $0.contains { !grantPositions[$0].isEmpty } }
        }
        self.grantsInOrder = grantPositions.map { $0.map { scopes[$0].name } }
        self.closurePositions = grantPositions.enumerated().map { [$0.offset] + $0.element }  // grants never hold the scope itself
        var isIncluded = [Bool](repeating: false, count: scopes.count)
        var includersOf = scopes.indices.map { [$0] }
        for (t, list) in grantPositions.enumerated() {
            for i in list {
                isIncluded[i] = true
                includersOf[i].append(t)
            }
        }
        self.isIncluded = isIncluded
        self.includersOf = includersOf
        let labelOrder = actions.map(\.label).orderLikeJavaScript()
        var labelRank = [Int](repeating: 0, count: actions.count)
        for (rank, position) in labelOrder.enumerated() { labelRank[position] = rank }
        self.labelOrder = labelOrder
        self.labelRank = labelRank
    }

    /// Scope names and action ids travel in comma- and space-separated lists (URLs, the
    /// page's data attributes), so neither may contain white space or a comma.
    public static func isValidName(_ name: String) -> Bool {
        // ASCII names (the usual) are decided from their bytes, by the same rule.
        let ascii = name.utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
            for b in bytes {
                if b >= 0x80 { return nil }
                if b == 0x2C || b == 0x20 || (0x09...0x0D).contains(b) { return false }
            }
            return !bytes.isEmpty
        }
        if let ascii, let ascii { return ascii }
        return !name.isEmpty && !name.unicodeScalars.contains { scalar in
            scalar.isASCII ? scalar == "," || scalar == " " || (scalar.value >= 0x09 && scalar.value <= 0x0D)
                : scalar.properties.isWhitespace
        }
    }

    public var scopeNames: [String] { scopes.map(\.name) }

    public func scope(named name: String) -> Scope? { scopeIndex[name].map { scopes[$0] } }
    public func action(id: String) -> Action? { actionIndex[id].map { actions[$0] } }

    /// Sorts scope names into catalog order, dropping duplicates and unknown names.
    public func ordered<S: Sequence>(_ names: S) -> [String] where S.Element == String {
        if let list = names as? [String], list.count <= 1 {  // most actions need one scope: no new array
            return list.allSatisfy { scopeIndex[$0] != nil } ? list : []
        }
        var positions: [Int] = []
        var seen: Set<Int>?  // only for long lists: short ones (the usual) dedupe by scanning
        for name in names {
            guard let i = scopeIndex[name] else { continue }
            if positions.count == 16, seen == nil { seen = Set(positions) }
            if seen != nil ? seen!.insert(i).inserted : !positions.contains(i) { positions.append(i) }
        }
        return positions.sorted().map { scopes[$0].name }
    }

    private static let oneFalse = [false]

    /// Scope names as their positions, sorted, each once (unknown names dropped). Most
    /// alternatives hold one or two scopes, so this sorts in place rather than hashing.
    static func sortedPositions(_ names: [String], in index: [String: Int]) -> [Int] {
        sortedUnique(names.compactMap { index[$0] })
    }

    static func sortedUnique(_ values: [Int]) -> [Int] {
        guard values.count > 1 else { return values }
        var out = values.sorted()
        var kept = 1
        for i in 1..<out.count where out[i] != out[kept - 1] {
            out[kept] = out[i]
            kept += 1
        }
        out.removeLast(out.count - kept)
        return out
    }

    /// Transitive closure of `includes`; a cycle (rejected by validation) simply stops.
    private static func closure(of scopes: [Scope]) -> [String: Set<String>] {
        let direct = Dictionary(scopes.map { ($0.name, $0.includes) }, uniquingKeysWith: { a, b in a + b })
        var result: [String: Set<String>] = [:]
        for scope in scopes {
            var seen = Set<String>()
            var stack = direct[scope.name] ?? []
            while let next = stack.popLast() {
                guard next != scope.name, seen.insert(next).inserted else { continue }
                stack.append(contentsOf: direct[next] ?? [])
            }
            result[scope.name] = seen
        }
        return result
    }
}
