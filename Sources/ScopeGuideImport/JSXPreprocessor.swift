/// Turns an MDX page into HTML that libxml2's HTML parser reads the same way MDX would.
///
/// JSX is stricter than HTML and richer in syntax, so this pass
/// - blanks out attribute expressions (`style={{ … }}`, `tabIndex={0}`) with a balanced-brace
///   scanner that skips string literals,
/// - expands self-closed non-void tags (`<div />`) into `<div></div>`,
/// - escapes `<` and `&` inside Markdown code spans, which MDX keeps literal,
/// - checks that every tag is closed, in order (MDX's own rule), reporting where not.
/// Every newline is kept, so libxml2's line numbers are the page's line numbers.
struct JSXPreprocessor {
    static let voidElements: Set<String> = ["area", "base", "br", "col", "embed", "hr", "img", "input",
                                            "link", "meta", "param", "source", "track", "wbr"]
    /// Attribute expressions that only style the page; dropped without a warning.
    static let presentational: Set<String> = ["style", "tabindex", "classname", "class"]

    private let bytes: [UInt8]
    private var i = 0
    private var line = 1
    private var out: [UInt8] = []
    private var stack: [(name: String, line: Int)] = []
    private var diagnostics: PageDiagnostics

    private init(_ text: String, path: String) {
        bytes = Array(text.utf8)
        diagnostics = PageDiagnostics(path: path)
        out.reserveCapacity(bytes.count + 64)
    }

    static func run(_ text: String, path: String) -> (html: String, diagnostics: PageDiagnostics) {
        var p = JSXPreprocessor(text, path: path)
        p.scan()
        return (String(decoding: p.out, as: UTF8.self), p.diagnostics)
    }

    private static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    private static func isNameByte(_ b: UInt8) -> Bool {
        isLetter(b) || (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x2E || b == 0x3A || b == 0x5F
    }
    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    private func peek(_ offset: Int = 0) -> UInt8? { i + offset < bytes.count ? bytes[i + offset] : nil }

    /// Copies one byte, counting lines.
    private mutating func copy() {
        let b = bytes[i]
        if b == 0x0A { line += 1 }
        out.append(b)
        i += 1
    }

    /// Drops one byte from the output but keeps newlines, so lines stay where they were.
    private mutating func blank() {
        let b = bytes[i]
        if b == 0x0A { line += 1; out.append(b) } else if b != 0x0D { out.append(0x20) }
        i += 1
    }

    private mutating func scan() {
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "<") {
                if peek(1) == UInt8(ascii: "!"), peek(2) == UInt8(ascii: "-"), peek(3) == UInt8(ascii: "-") {
                    comment()
                } else if peek(1) == UInt8(ascii: "/"), let c = peek(2), Self.isLetter(c) {
                    closingTag()
                } else if let c = peek(1), Self.isLetter(c) {
                    openingTag()
                } else {
                    copy()
                }
            } else if b == UInt8(ascii: "`") {
                codeSpan()
            } else {
                copy()
            }
        }
        for open in stack.reversed() {
            diagnostics.error(open.line, "<\(open.name)> is never closed (the page looks truncated or a closing tag is missing)")
        }
    }

    private mutating func name() -> String {
        let start = i
        while let b = peek(), Self.isNameByte(b) { copy() }
        return String(decoding: bytes[start..<i], as: UTF8.self)
    }

    private mutating func comment() {
        let startLine = line
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "-"), peek(1) == UInt8(ascii: "-"), peek(2) == UInt8(ascii: ">") {
                copy(); copy(); copy()
                return
            }
            copy()
        }
        diagnostics.error(startLine, "HTML comment is never closed ('-->' missing)")
    }

    /// A backtick run opens a code span when the same run closes it before a blank line.
    private mutating func codeSpan() {
        var n = 0
        while peek(n) == UInt8(ascii: "`") { n += 1 }
        var j = i + n
        var close: Int?
        while j < bytes.count {
            if bytes[j] == 0x0A, j + 1 < bytes.count, bytes[j + 1] == 0x0A { break }
            if bytes[j] == UInt8(ascii: "`") {
                var m = 0
                while j + m < bytes.count, bytes[j + m] == UInt8(ascii: "`") { m += 1 }
                if m == n { close = j; break }
                j += m
                continue
            }
            j += 1
        }
        guard let close else {
            for _ in 0..<n { copy() }
            return
        }
        for _ in 0..<n { copy() }
        while i < close {
            switch bytes[i] {
            case UInt8(ascii: "<"): out += Array("&lt;".utf8); i += 1
            case UInt8(ascii: ">"): out += Array("&gt;".utf8); i += 1
            case UInt8(ascii: "&"): out += Array("&amp;".utf8); i += 1
            default: copy()
            }
        }
        for _ in 0..<n { copy() }
    }

    private mutating func openingTag() {
        let startLine = line
        copy()  // <
        let tag = name()
        let lower = tag.lowercased()
        while i < bytes.count {
            let b = bytes[i]
            if Self.isSpace(b) {
                copy()
            } else if b == UInt8(ascii: ">") {
                copy()
                if !Self.voidElements.contains(lower) { stack.append((tag, startLine)) }
                return
            } else if b == UInt8(ascii: "/"), peek(1) == UInt8(ascii: ">") {
                i += 2
                out.append(UInt8(ascii: ">"))
                if !Self.voidElements.contains(lower) { out += Array("</\(tag)>".utf8) }
                return
            } else if b == UInt8(ascii: "{") {
                // `{...props}` spread: nothing to keep.
                let exprLine = line
                if !expression(blanking: true) { return unterminated(tag, startLine) }
                diagnostics.warning(exprLine, "JSX expression in <\(tag)> is not imported")
            } else {
                guard attribute(tag: tag, startLine: startLine) else { return unterminated(tag, startLine) }
            }
        }
        unterminated(tag, startLine)
    }

    private mutating func unterminated(_ tag: String, _ startLine: Int) {
        diagnostics.error(startLine, "tag <\(tag)> is not terminated ('>' missing: the page looks truncated)")
    }

    /// One attribute; expression values are blanked out. Returns false at the end of input.
    private mutating func attribute(tag: String, startLine: Int) -> Bool {
        let nameStart = i
        while let b = peek(), !Self.isSpace(b), b != UInt8(ascii: "="), b != UInt8(ascii: ">"),
              !(b == UInt8(ascii: "/") && peek(1) == UInt8(ascii: ">")) {
            i += 1
        }
        if i == nameStart { copy(); return i < bytes.count }  // a stray byte: keep it
        let attrName = String(decoding: bytes[nameStart..<i], as: UTF8.self)
        var j = i
        while j < bytes.count, Self.isSpace(bytes[j]) { j += 1 }
        guard j < bytes.count, bytes[j] == UInt8(ascii: "=") else {
            out += bytes[nameStart..<i]
            return i < bytes.count
        }
        var k = j + 1
        while k < bytes.count, Self.isSpace(bytes[k]) { k += 1 }
        guard k < bytes.count else { i = k; return false }
        if bytes[k] == UInt8(ascii: "{") {
            // Blank the name, `=` and the whole expression.
            let exprLine = line
            let end = i
            i = nameStart
            while i < end { blank() }
            while i < k { blank() }
            guard expression(blanking: true) else { return false }
            if !Self.presentational.contains(attrName.lowercased()) {
                diagnostics.warning(exprLine, "JSX expression attribute '\(attrName)' of <\(tag)> is not imported")
            }
            return true
        }
        out += bytes[nameStart..<i]
        while i < k { copy() }
        let quote = bytes[i]
        guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
            while let b = peek(), !Self.isSpace(b), b != UInt8(ascii: ">") { copy() }
            return i < bytes.count
        }
        copy()
        while let b = peek(), b != quote { copy() }
        guard i < bytes.count else { return false }
        copy()
        return true
    }

    /// Skips a balanced `{ … }` expression, honouring JavaScript string literals.
    private mutating func expression(blanking: Bool) -> Bool {
        var depth = 0
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "{"): depth += 1; blank()
            case UInt8(ascii: "}"):
                depth -= 1
                blank()
                if depth == 0 { return true }
            case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`"):
                blank()
                while let c = peek(), c != b {
                    if c == UInt8(ascii: "\\") { blank(); if i < bytes.count { blank() } } else { blank() }
                }
                if i < bytes.count { blank() }
            default:
                blank()
            }
        }
        return false
    }

    private mutating func closingTag() {
        let startLine = line
        copy(); copy()  // </
        let tag = name()
        while let b = peek(), b != UInt8(ascii: ">") { copy() }
        guard i < bytes.count else {
            diagnostics.error(startLine, "closing tag </\(tag)> is not terminated ('>' missing: the page looks truncated)")
            return
        }
        copy()
        let lower = tag.lowercased()
        if Self.voidElements.contains(lower) { return }
        guard let at = stack.lastIndex(where: { $0.name.lowercased() == lower }) else {
            diagnostics.error(startLine, "</\(tag)> closes nothing: no <\(tag)> is open")
            return
        }
        for open in stack[(at + 1)...].reversed() {
            diagnostics.error(open.line, "<\(open.name)> is not closed before </\(tag)> at line \(startLine)")
        }
        stack.removeSubrange(at...)
    }
}
