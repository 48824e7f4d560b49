/// The dynamic guide URL: `<base>/<connector>/<guide>/?actions=<id>,<id>&sep=<separator>&grant=fewest`
/// (docs/selection-rules.md, "The guide URL").
///
/// Ids are percent-encoded exactly as JavaScript's `encodeURIComponent` does, so the page and
/// the build tool write the same bytes for the same selection.
public enum GuideURL {
    public static func make(baseURL: String, connector: String, guide: String,
                            selection: Selection, separator: ScopeSeparator = .default) -> String {
        // The strategy travels with the selection: the URL reproduces the choice it was made for.
        let strategy = selection.strategy
        var url = "\(baseURL)/\(encode(connector))/\(encode(guide))/"
        var query: [String] = []
        if !selection.isAll {
            query.append("actions=" + selection.actionIDs.map(encode).joined(separator: ","))
        }
        if separator != .default { query.append("sep=" + separator.rawValue) }
        if let grant = strategy.urlValue { query.append("grant=" + grant) }
        if !query.isEmpty { url += "?" + query.joined(separator: "&") }
        return url
    }

    public struct Parsed: Sendable, Equatable {
        /// `nil` when the URL has no `actions` parameter (all actions).
        public var actionIDs: [String]?
        public var separator: ScopeSeparator
        public var strategy: ScopeStrategy = .default
    }

    /// Reads the selection back from a URL (or just its query). Never fails: malformed
    /// escapes are kept as raw text and end up reported as unknown ids.
    public static func parse(_ url: String) -> Parsed {
        var result = Parsed(actionIDs: nil, separator: .default)
        var rest = Substring(url)
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        guard let q = rest.firstIndex(of: "?") else { return result }
        for pair in rest[rest.index(after: q)...].split(separator: "&", omittingEmptySubsequences: true) {
            let (key, value) = splitPair(pair)
            switch key {
            case "actions":
                result.actionIDs = value.split(separator: ",", omittingEmptySubsequences: true)
                    .map { decode(String($0)) }
            case "sep":
                result.separator = ScopeSeparator(rawValue: decode(value)) ?? .default
            case "grant":
                result.strategy = ScopeStrategy(urlValue: decode(value)) ?? .default
            default:
                continue
            }
        }
        return result
    }

    private static func splitPair(_ pair: Substring) -> (String, String) {
        guard let eq = pair.firstIndex(of: "=") else { return (decode(String(pair)), "") }
        return (decode(String(pair[..<eq])), String(pair[pair.index(after: eq)...]))
    }

    /// `encodeURIComponent`: everything but `A-Z a-z 0-9 - _ . ! ~ * ' ( )` as UTF-8 `%XX`.
    public static func encode(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + hex(byte >> 4) + hex(byte & 0xF)
            }
        }
        return out
    }

    /// `decodeURIComponent`, except that malformed input comes back unchanged instead of throwing.
    public static func decode(_ text: String) -> String {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        var it = Array(text.utf8)[...]
        while let b = it.popFirst() {
            if b == UInt8(ascii: "%") {
                guard it.count >= 2, let hi = hexValue(it[it.startIndex]),
                      let lo = hexValue(it[it.startIndex + 1]) else { return text }
                bytes.append(hi << 4 | lo)
                it = it.dropFirst(2)
            } else {
                bytes.append(b)
            }
        }
        return String(validating: bytes, as: UTF8.self) ?? text
    }

    private static func isUnreserved(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "-_.!~*'()".utf8.contains(b)
        }
    }

    private static func hex(_ nibble: UInt8) -> String {
        String(UnicodeScalar(nibble < 10 ? nibble + 48 : nibble + 55))
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - 48
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - 87
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - 55
        default: nil
        }
    }
}
