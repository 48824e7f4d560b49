/// A small JSON tree and writer for the build's own files (catalog.json and the catalog
/// embedded in each page). Foundation's JSONEncoder goes through Codable's dynamic machinery
/// and cost more than rendering the page around it; this writes the same JSON directly:
/// keys sorted, slashes not escaped, two-space indentation when pretty.
enum JSONValue {
    case string(String)
    case number(Int)
    case array([JSONValue])
    case object([(String, JSONValue)])
    case null

    static func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }

    func serialized(pretty: Bool = false) -> String {
        var out = ""
        write(to: &out, pretty: pretty, indent: 0)
        return out
    }

    private func write(to out: inout String, pretty: Bool, indent: Int) {
        switch self {
        case .string(let s): JSONValue.quote(s, into: &out)
        case .number(let n): out += String(n)
        case .null: out += "null"
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                if pretty { JSONValue.newline(indent + 1, into: &out) }
                item.write(to: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { JSONValue.newline(indent, into: &out) }
            out += "]"
        case .object(let fields):
            guard !fields.isEmpty else { out += "{}"; return }
            out += "{"
            let before: ((String, JSONValue), (String, JSONValue)) -> Bool = { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
            let sorted = zip(fields, fields.dropFirst()).allSatisfy { !before($1, $0) } ? fields : fields.sorted(by: before)
            for (i, (key, value)) in sorted.enumerated() {
                if i > 0 { out += "," }
                if pretty { JSONValue.newline(indent + 1, into: &out) }
                JSONValue.quote(key, into: &out)
                out += pretty ? " : " : ":"
                value.write(to: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { JSONValue.newline(indent, into: &out) }
            out += "}"
        }
    }

    private static let indents = (0..<16).map { "\n" + String(repeating: "  ", count: $0) }

    private static func newline(_ depth: Int, into out: inout String) {
        out += depth < indents.count ? indents[depth] : "\n" + String(repeating: "  ", count: depth)
    }

    /// A JSON string literal: `"` and `\` escaped, control characters as `\n`, `\t`… or `\u00XX`.
    static func quote(_ s: String, into out: inout String) {
        out += "\""
        guard s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else {
            out += s  // the usual case: nothing to escape
            out += "\""
            return
        }
        var start = s.utf8.startIndex
        var index = start
        let utf8 = s.utf8
        func flush() { out += Substring(utf8[start..<index]) }
        while index < utf8.endIndex {
            let byte = utf8[index]
            let escaped: String?
            switch byte {
            case 0x22: escaped = "\\\""
            case 0x5C: escaped = "\\\\"
            case 0x0A: escaped = "\\n"
            case 0x0D: escaped = "\\r"
            case 0x09: escaped = "\\t"
            case 0x08: escaped = "\\b"
            case 0x0C: escaped = "\\f"
            case 0..<0x20: escaped = "\\u00" + (byte < 0x10 ? "0" : "1") + String(byte & 0xF, radix: 16)
            default: escaped = nil
            }
            if let escaped {
                flush()
                out += escaped
                index = utf8.index(after: index)
                start = index
            } else {
                index = utf8.index(after: index)
            }
        }
        flush()
        out += "\""
    }
}
