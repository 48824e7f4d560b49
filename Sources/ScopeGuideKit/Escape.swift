import Foundation

/// Escaping for each context a content string can reach. Mustache's `{{…}}` handles HTML
/// text and attributes; these cover the rest.
enum Escape {
    /// JSON safe inside `<script type="application/json">`: no `</script>`, no `<!--`.
    static func jsonForScript<T: Encodable>(_ value: T) -> String {
        json(value)
            .replacingOccurrences(of: "<", with: "\\u003c")
            .replacingOccurrences(of: ">", with: "\\u003e")
            .replacingOccurrences(of: "&", with: "\\u0026")
            .replacingOccurrences(of: "\u{2028}", with: "\\u2028")
            .replacingOccurrences(of: "\u{2029}", with: "\\u2029")
    }

    /// Deterministic JSON: sorted keys, no escaped slashes.
    static func json<T: Encodable>(_ value: T, pretty: Bool = false) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted] : [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain structs of strings cannot fail.
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "{}"
    }

    /// Text for HTML element content and attribute values.
    static func html(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// XML text (sitemap).
    static func xml(_ text: String) -> String { html(text).replacingOccurrences(of: "&#39;", with: "&apos;") }

    /// A CSV cell (RFC 4180), with spreadsheet formulas neutralised: a cell that starts with
    /// `=`, `+`, `-`, `@`, tab or CR gets a leading `'`.
    static func csv(_ text: String) -> String {
        var cell = text
        if let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { cell = "'" + cell }
        if cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            cell = "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return cell
    }

    /// Inline Markdown text: backslash-escapes every ASCII punctuation character that could
    /// start markup, so a label like `<script>` or `[x](javascript:…)` stays literal.
    static func markdown(_ text: String) -> String {
        var out = ""
        for c in text.unicodeScalars {
            if c.isASCII, "\\`*_{}[]()<>#+-.!|~&\"'=:".unicodeScalars.contains(c) {
                out += "\\"
            }
            if c == "\n" || c == "\r" { out += " "; continue }
            out.unicodeScalars.append(c)
        }
        return out
    }

    /// Inline code span that can hold any text (picks a fence longer than any backtick run).
    static func codeSpan(_ text: String) -> String {
        var longest = 0, run = 0
        for c in text { run = c == "`" ? run + 1 : 0; longest = max(longest, run) }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = text.hasPrefix("`") || text.hasSuffix("`") ? " " : ""
        return fence + pad + text.replacingOccurrences(of: "\n", with: " ") + pad + fence
    }
}
