/// Escaping for each context a content string can reach. Templates' `{{…}}` handles HTML
/// text and attributes (`html`); the others cover the rest.
enum Escape {
    /// What `html(_:)` escapes.
    static let htmlSpecial = ByteSet(Array("&<>\"'".utf8))
    /// `<`, `>`, `&`, and 0xE2, the lead byte of U+2028 and U+2029.
    private static let scriptSpecial = ByteSet([0x3C, 0x3E, 0x26, 0xE2])

    /// JSON made safe inside `<script type="application/json">`: no `</script>`, no `<!--`.
    static func scriptSafe(_ json: String) -> String {
        guard scriptSpecial.occurs(in: json) else { return json }
        var out = ""
        out.reserveCapacity(json.utf8.count + 64)
        for scalar in json.unicodeScalars {
            switch scalar {
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Text for HTML element content and attribute values: `& < > " '` escaped, the same
    /// set as Mustache's own HTML escaping. Text without them is returned as it is.
    static func html(_ text: String) -> String {
        guard htmlSpecial.occurs(in: text) else {
            return text
        }
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case 0x26: out += Array("&amp;".utf8)
            case 0x3C: out += Array("&lt;".utf8)
            case 0x3E: out += Array("&gt;".utf8)
            case 0x22: out += Array("&quot;".utf8)
            case 0x27: out += Array("&#39;".utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// XML text (sitemap).
    static func xml(_ text: String) -> String { html(text).replacingAll("&#39;", with: "&apos;") }

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

    /// Inline Markdown text that stays literal: characters that start inline markup
    /// (`\\ ` * _ [ ] < > | & ~`) are always backslash-escaped; those that only matter at the
    /// start of a line (`# - + =`, and the `.`/`)` after leading digits) only there. Line breaks
    /// become spaces, so a label cannot start a new block.
    static func markdown(_ text: String) -> String {
        // Most labels and titles need nothing: no special character, no line break, no
        // block starter at the front.
        if !markdownAnywhere.occurs(in: text), let first = text.utf8.first,
           !(first == 0x23 || first == 0x2D || first == 0x2B || first == 0x3D || (0x30...0x39).contains(first)) {
            return text
        }
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count + 8)
        let bytes = Array(text.utf8)
        let leadingDigits = bytes.prefix(while: { $0 >= 0x30 && $0 <= 0x39 }).count
        for (i, byte) in bytes.enumerated() {
            if byte == 0x0A || byte == 0x0D { out.append(0x20); continue }
            let atStart = i == 0 && (byte == 0x23 || byte == 0x2D || byte == 0x2B || byte == 0x3D)
            let listMarker = i == leadingDigits && leadingDigits > 0 && (byte == 0x2E || byte == 0x29)
            if markdownSpecial.contains(byte) || atStart || listMarker { out.append(0x5C) }
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let backtickOrNewline = ByteSet([0x60, 0x0A])

    /// Text that a single pair of backticks holds as it is (the usual scope name or id).
    static func isPlainCodeSpan(_ text: String) -> Bool { !text.isEmpty && !backtickOrNewline.occurs(in: text) }
    /// Characters that start inline markup anywhere in a line.
    private static let markdownSpecialBytes = Array("\\`*_[]<>|&~".utf8)
    private static let markdownSpecial = ByteSet(markdownSpecialBytes)
    private static let markdownAnywhere = ByteSet(markdownSpecialBytes + [0x0A, 0x0D])

    /// Inline code span that can hold any text (picks a fence longer than any backtick run).
    static func codeSpan(_ text: String) -> String {
        if isPlainCodeSpan(text) { return "`" + text + "`" }
        var longest = 0, run = 0, hasNewline = false
        for byte in text.utf8 {
            run = byte == 0x60 ? run + 1 : 0
            longest = max(longest, run)
            if byte == 0x0A { hasNewline = true }
        }
        let fence = longest == 0 ? "`" : String(repeating: "`", count: longest + 1)
        let pad = text.utf8.first == 0x60 || text.utf8.last == 0x60 ? " " : ""
        return fence + pad + (hasNewline ? text.replacingAll("\n", with: " ") : text) + pad + fence
    }
}
