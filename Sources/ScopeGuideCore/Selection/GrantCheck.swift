/// Checking an existing grant against a selection (docs/selection-rules.md, "Checking a
/// grant"). The one Swift home of these definitions; `Templates/assets/selector.js` is their
/// twin in the page and the browser tests compare the two.
public struct GrantCheck: Sendable {
    /// A selected action the grant does not cover, and the least scopes to add for it.
    public struct Missing: Sendable, Equatable {
        public let action: Action
        /// The alternative with the fewest scopes outside closure(granted), ties to author order.
        public let alternative: [String]
        /// That alternative's scopes outside closure(granted), in catalog order.
        public let add: [String]
    }

    /// The granted scopes the catalog knows, in catalog order (G).
    public let granted: [String]
    /// Granted names the catalog does not know, in input order; never dropped.
    public let unknown: [String]
    /// Selected actions the grant covers, in catalog order.
    public let covered: [Action]
    /// Selected actions it does not cover, in catalog order.
    public let missing: [Missing]
    /// Every scope to add: the union of the missing actions' `add`, in catalog order.
    public let toAdd: [String]
    /// Granted scopes that no selected action needs (over-privilege), in catalog order.
    public let unneeded: [String]

    /// True when every selected action is covered.
    public var coversAll: Bool { missing.isEmpty }

    public init(selection: Selection, granted names: [String]) {
        let catalog = selection.catalog
        var inGranted = [Bool](repeating: false, count: catalog.scopes.count)
        var unknown: [String] = []
        for name in names {
            if let i = catalog.scopeIndex[name] { inGranted[i] = true } else if !unknown.contains(name) { unknown.append(name) }
        }
        let closure = GrantCheck.closure(catalog, inGranted)
        // The target alternative of each selected action: the fewest scopes outside
        // closure(G), ties to the author's order. Covered iff that count is 0.
        var covered: [Action] = []
        var missing: [Missing] = []
        var target = [Bool](repeating: false, count: catalog.scopes.count)
        var toAdd = [Bool](repeating: false, count: catalog.scopes.count)
        for position in catalog.actions.indices where selection.isSelected(actionAt: position) {
            let alternatives = catalog.alternativePositions[position]
            var best = 0
            var bestCount = Int.max
            for (k, alternative) in alternatives.enumerated() {
                let count = alternative.filter { !closure[$0] }.count
                if count < bestCount { best = k; bestCount = count }
            }
            for s in alternatives[best] { target[s] = true }
            let action = catalog.actions[position]
            if bestCount == 0 {
                covered.append(action)
            } else {
                let add = alternatives[best].filter { !closure[$0] }
                for s in add { toAdd[s] = true }
                missing.append(Missing(action: action, alternative: catalog.ordered(action.alternatives[best]),
                                       add: add.map { catalog.scopes[$0].name }))
            }
        }
        // Over-privilege: drop granted scopes, broadest first (largest closure, then later in
        // catalog order), while closure(kept) still holds every target scope closure(G) held.
        var kept = inGranted
        let order = inGranted.indices.filter { inGranted[$0] }.sorted { a, b in
            let (ca, cb) = (catalog.closurePositions[a].count, catalog.closurePositions[b].count)
            return ca != cb ? ca > cb : a > b
        }
        for g in order {
            kept[g] = false
            let without = GrantCheck.closure(catalog, kept)
            if target.indices.contains(where: { target[$0] && closure[$0] && !without[$0] }) { kept[g] = true }
        }
        self.granted = inGranted.indices.filter { inGranted[$0] }.map { catalog.scopes[$0].name }
        self.unknown = unknown
        self.covered = covered
        self.missing = missing
        self.toAdd = toAdd.indices.filter { toAdd[$0] }.map { catalog.scopes[$0].name }
        self.unneeded = inGranted.indices.filter { inGranted[$0] && !kept[$0] }.map { catalog.scopes[$0].name }
    }

    /// closure(X) as marks by scope position.
    static func closure(_ catalog: Catalog, _ marks: [Bool]) -> [Bool] {
        var out = [Bool](repeating: false, count: marks.count)
        for s in marks.indices where marks[s] { for x in catalog.closurePositions[s] { out[x] = true } }
        return out
    }
}

/// What the admin pasted: granted scopes, or an access token whose claims name them.
public struct GrantInput: Sendable, Equatable {
    /// The granted names, distinct, in the order met.
    public let scopes: [String]
    /// The claims read, in order (`scp`, `scope`, `roles`); empty for a pasted scope list.
    public let claims: [String]

    /// The most input read, in UTF-16 code units (what the page counts).
    public static let maxLength = 65_536

    public enum Failure: Error, Sendable, Equatable, CustomStringConvertible {
        case empty
        case tooLong(Int)
        case encrypted
        case notJWT(parts: Int)
        case badBase64(part: String)
        case badJSON(part: String)
        case noClaims
        case badClaim(String)

        public var description: String {
            switch self {
            case .empty: "Nothing to check: paste granted scopes or an access token."
            case .tooLong(let n): "The input is too long (\(n) characters; the limit is \(GrantInput.maxLength))."
            case .encrypted: "This is an encrypted token (JWE, five parts); it cannot be read without the key."
            case .notJWT(let parts): "This is not a complete JWT: it has \(parts) part\(parts == 1 ? "" : "s") separated by dots, not 3 (truncated?)."
            case .badBase64(let part): "The token's \(part) is not valid base64url."
            case .badJSON(let part): "The token's \(part) is not a JSON object."
            case .noClaims: "The token has no scp, scope or roles claim."
            case .badClaim(let name): "The token's \(name) claim is not a string or a list of strings."
            }
        }
    }

    public init(scopes: [String], claims: [String]) {
        self.scopes = scopes
        self.claims = claims
    }

    /// Reads pasted text: a token when, after white space and an optional `Bearer `, it
    /// starts with `eyJ` (a JSON object in base64url); otherwise a scope list.
    public static func parse(_ text: String) throws(Failure) -> GrantInput {
        try checkLength(text)
        let token = strippedToken(text)
        if token.hasPrefix("eyJ") { return try decodeToken(token) }
        let list = try scopeList(text)
        if list.scopes.isEmpty { throw .empty }
        return list
    }

    /// A scope list as given (`scopeguide grant --scopes`), never read as a token; it may be empty.
    public static func scopeList(_ text: String) throws(Failure) -> GrantInput {
        try checkLength(text)
        return GrantInput(scopes: split(text), claims: [])
    }

    /// Input longer than `maxLength` is refused before it is read.
    static func checkLength(_ text: String) throws(Failure) {
        let n = text.utf16.count
        if n > maxLength { throw .tooLong(n) }
    }

    /// A scope list split on any run of the five separators (space, comma, semicolon, pipe,
    /// newline; tab and carriage return count as space), distinct, in the order met.
    public static func split(_ text: String) -> [String] {
        var out: [String] = []
        var seen = Set<String>()
        for part in text.unicodeScalars.split(whereSeparator: isSeparator) {
            let name = String(String.UnicodeScalarView(part))
            if seen.insert(name).inserted { out.append(name) }
        }
        return out
    }

    static func isSeparator(_ c: Unicode.Scalar) -> Bool { ScopeSeparator.pastedListSeparators.contains(c) }

    /// The text without surrounding white space and a leading `Bearer ` (any case), scalar by
    /// scalar as the page does it.
    static func strippedToken(_ text: String) -> String {
        var s = Substring(text).unicodeScalars[...]
        func trim() {
            while let c = s.first, isBlank(c) { s = s.dropFirst() }
            while let c = s.last, isBlank(c) { s = s.dropLast() }
        }
        trim()
        let bearer = Array("bearer ".unicodeScalars)
        if s.count > 7, zip(s.prefix(7), bearer).allSatisfy({ a, b in
            (a.value >= 0x41 && a.value <= 0x5A ? a.value + 0x20 : a.value) == b.value
        }) {
            s = s.dropFirst(7)
            while let c = s.first, isBlank(c) { s = s.dropFirst() }
        }
        return String(String.UnicodeScalarView(s))
    }

    static func isBlank(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\n" || c == "\r" || c == "\t" }

    /// Decodes a JWT's header and payload (base64url, UTF-8, JSON) and reads `scp`, `scope`
    /// and `roles`. The signature is not checked: this says what the token claims.
    public static func decodeToken(_ text: String) throws(Failure) -> GrantInput {
        try checkLength(text)
        let token = strippedToken(text)
        if token.isEmpty { throw .empty }
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 5 { throw .encrypted }
        if parts.count != 3 { throw .notJWT(parts: parts.count) }
        guard let headerBytes = base64URL(parts[0]) else { throw .badBase64(part: "header") }
        guard case .object? = MiniJSON.parse(headerBytes) else { throw .badJSON(part: "header") }
        guard let payloadBytes = base64URL(parts[1]) else { throw .badBase64(part: "payload") }
        guard case .object(let claims)? = MiniJSON.parse(payloadBytes) else { throw .badJSON(part: "payload") }
        var scopes: [String] = []
        var seen = Set<String>()
        var found: [String] = []
        for name in ["scp", "scope", "roles"] {
            guard let value = claims.last(where: { $0.0 == name })?.1 else { continue }
            var names: [String] = []
            switch value {
            case .string(let s): names = split(s)
            case .array(let items):
                for item in items {
                    guard case .string(let s) = item else { throw .badClaim(name) }
                    names += split(s)
                }
            default: throw .badClaim(name)
            }
            found.append(name)
            for s in names where seen.insert(s).inserted { scopes.append(s) }
        }
        if found.isEmpty { throw .noClaims }
        return GrantInput(scopes: scopes, claims: found)
    }

    /// base64url without padding (trailing `=` tolerated); nil on any other character or an
    /// impossible length.
    static func base64URL(_ text: Substring) -> [UInt8]? {
        var chars = Array(text.utf8)
        while chars.last == UInt8(ascii: "=") { chars.removeLast() }
        if chars.count % 4 == 1 { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        for c in chars {
            let v: UInt32
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): v = UInt32(c - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): v = UInt32(c - UInt8(ascii: "a")) + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = UInt32(c - UInt8(ascii: "0")) + 52
            case UInt8(ascii: "-"): v = 62
            case UInt8(ascii: "_"): v = 63
            default: return nil
            }
            buffer = (buffer << 6) | v
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((buffer >> UInt32(bits)) & 0xFF))
            }
        }
        return out
    }
}

/// A small strict JSON reader for token parts (RFC 8259; nesting deeper than 64 is refused),
/// so the core needs no Foundation and hostile input cannot exhaust the stack.
enum MiniJSON: Equatable {
    case object([(String, MiniJSON)])
    case array([MiniJSON])
    case string(String)
    case number
    case bool(Bool)
    case null

    static func == (a: MiniJSON, b: MiniJSON) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)): x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case (.array(let x), .array(let y)): x == y
        case (.string(let x), .string(let y)): x == y
        case (.number, .number), (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        default: false
        }
    }

    static func parse(_ bytes: [UInt8]) -> MiniJSON? {
        guard String(validating: bytes, as: UTF8.self) != nil else { return nil }
        var p = Parser(bytes: bytes)
        guard let value = p.value(depth: 0) else { return nil }
        p.skipSpace()
        return p.i == bytes.count ? value : nil
    }

    private struct Parser {
        let bytes: [UInt8]
        var i = 0

        mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        }

        mutating func literal(_ word: String) -> Bool {
            let w = Array(word.utf8)
            guard i + w.count <= bytes.count, Array(bytes[i..<i + w.count]) == w else { return false }
            i += w.count
            return true
        }

        mutating func value(depth: Int) -> MiniJSON? {
            guard depth < 64 else { return nil }
            skipSpace()
            guard i < bytes.count else { return nil }
            switch bytes[i] {
            case UInt8(ascii: "{"):
                i += 1
                var members: [(String, MiniJSON)] = []
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
                while true {
                    skipSpace()
                    guard let key = string() else { return nil }
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
                    i += 1
                    guard let v = value(depth: depth + 1) else { return nil }
                    members.append((key, v))
                    skipSpace()
                    guard i < bytes.count else { return nil }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
                    return nil
                }
            case UInt8(ascii: "["):
                i += 1
                var items: [MiniJSON] = []
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                while true {
                    guard let v = value(depth: depth + 1) else { return nil }
                    items.append(v)
                    skipSpace()
                    guard i < bytes.count else { return nil }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                    return nil
                }
            case UInt8(ascii: "\""):
                return string().map(MiniJSON.string)
            case UInt8(ascii: "t"): return literal("true") ? .bool(true) : nil
            case UInt8(ascii: "f"): return literal("false") ? .bool(false) : nil
            case UInt8(ascii: "n"): return literal("null") ? .null : nil
            default: return number() ? .number : nil
            }
        }

        mutating func digits() -> Int {
            let start = i
            while i < bytes.count, bytes[i] >= 0x30 && bytes[i] <= 0x39 { i += 1 }
            return i - start
        }

        mutating func number() -> Bool {
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.count else { return false }
            if bytes[i] == UInt8(ascii: "0") { i += 1 } else if digits() == 0 { return false }
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") { i += 1; if digits() == 0 { return false } }
            if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
                i += 1
                if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
                if digits() == 0 { return false }
            }
            return true
        }

        mutating func hex4() -> UInt32? {
            guard i + 4 <= bytes.count else { return nil }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = bytes[i]
                let d: UInt32
                switch c {
                case 0x30...0x39: d = UInt32(c - 0x30)
                case 0x41...0x46: d = UInt32(c - 0x41 + 10)
                case 0x61...0x66: d = UInt32(c - 0x61 + 10)
                default: return nil
                }
                v = v * 16 + d
                i += 1
            }
            return v
        }

        /// A string; lone surrogates become U+FFFD, as JavaScript keeps them as code units.
        mutating func string() -> String? {
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
            i += 1
            var out: [UInt8] = []
            func scalar(_ v: UInt32) { out += Array(String(Character(Unicode.Scalar(v) ?? "\u{FFFD}")).utf8) }
            while i < bytes.count {
                let c = bytes[i]
                if c == UInt8(ascii: "\"") { i += 1; return String(decoding: out, as: UTF8.self) }
                if c < 0x20 { return nil }
                if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
                i += 1
                guard i < bytes.count else { return nil }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    guard let high = hex4() else { return nil }
                    if (0xD800...0xDBFF).contains(high), i + 6 <= bytes.count, bytes[i] == UInt8(ascii: "\\"),
                       bytes[i + 1] == UInt8(ascii: "u") {
                        let save = i
                        i += 2
                        if let low = hex4(), (0xDC00...0xDFFF).contains(low) {
                            scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
                        } else {
                            i = save
                            scalar(0xFFFD)
                        }
                    } else {
                        scalar(high)
                    }
                default: return nil
                }
            }
            return nil
        }
    }
}
