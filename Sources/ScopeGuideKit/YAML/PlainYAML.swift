/// A reader for the everyday YAML that content files are written in: block mappings and
/// lists, one-line plain and quoted scalars, one-line flow lists and mappings, comments.
/// It returns nil for anything else — block scalars, anchors, tags, escapes, multi-line
/// scalars, tabs, unusual characters, any error — and `YAMLNode.parse` then hands the file
/// to libyaml, which stays the reference for every message and position.
///
/// Why it exists: libyaml's scanner and our tree builder were a quarter of loading a
/// connector, most of it spent on generality a catalog never uses. For what this reader
/// accepts it produces the same tree, text, lines and columns as libyaml; tests compare the
/// two on every content file and on generated documents, and the content fuzzer on every
/// input it tries.
struct PlainYAML {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let file: Unmanaged<YAMLFile>
    /// Whether some byte is outside ASCII: columns then count characters, as libyaml does.
    private let hasMultibyte: Bool
    /// The current line: its number, where it starts, and its indentation.
    private var line = 1
    private var lineStart = 0
    private var indent = 0
    private var depth = 0

    private struct Unsupported: Error {}

    static func read(_ bytes: UnsafeBufferPointer<UInt8>, file: Unmanaged<YAMLFile>) -> YAMLNode? {
        guard let hasMultibyte = plainCharacters(bytes) else { return nil }
        var reader = PlainYAML(bytes: bytes, file: file, hasMultibyte: hasMultibyte)
        return try? reader.document()
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, file: Unmanaged<YAMLFile>, hasMultibyte: Bool) {
        self.bytes = bytes
        self.file = file
        self.hasMultibyte = hasMultibyte
    }

    /// Whether every character is one this reader treats exactly as libyaml does: no tab,
    /// carriage return or other control character, and none of the non-ASCII characters
    /// YAML gives a meaning (NEL, the line and paragraph separators, the byte-order mark,
    /// C1 controls, non-characters). Returns whether there is any non-ASCII byte; nil when
    /// the text is not plain.
    private static func plainCharacters(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        var multibyte = false
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b >= 0x20 && b < 0x7F || b == 0x0A { i += 1; continue }
            guard b >= 0x80 else { return nil }
            multibyte = true
            let next = i + 1 < bytes.count ? bytes[i + 1] : 0
            let third = i + 2 < bytes.count ? bytes[i + 2] : 0
            if b == 0xC2 && next < 0xA0 { return nil }                                  // C1 controls, NEL
            if b == 0xE2 && next == 0x80 && (third == 0xA8 || third == 0xA9) { return nil }  // U+2028, U+2029
            if b == 0xEF && next == 0xBB && third == 0xBF { return nil }                // U+FEFF
            if b == 0xEF && next == 0xBF && third >= 0xBE { return nil }                // U+FFFE, U+FFFF
            i += 1
        }
        return multibyte
    }

    // MARK: Structure

    private mutating func document() throws(Unsupported) -> YAMLNode {
        guard let start = nextContentLine(from: 0), indent == 0 else { throw Unsupported() }
        let node = try block(at: start)
        guard atEnd else { throw Unsupported() }
        return node
    }

    /// The block list or mapping starting at `p`, whose column is the block's indentation.
    private mutating func block(at p: Int) throws(Unsupported) -> YAMLNode {
        depth += 1
        defer { depth -= 1 }
        guard depth < YAMLNode.maxDepth - 4 else { throw Unsupported() }
        if isEntry(p) { return try list(at: p) }
        if colon(ofKeyAt: p) != nil { return try mapping(at: p) }
        throw Unsupported()
    }

    /// A block list whose first `-` is at `p`. Entries are scalars, flow collections or
    /// mappings that start on the entry's line.
    private mutating func list(at first: Int) throws(Unsupported) -> YAMLNode {
        let column = first - lineStart
        let (startLine, startColumn) = (line, self.column(of: first))
        var items: [YAMLNode] = []
        var p = first
        while true {
            guard p + 1 < bytes.count, bytes[p + 1] == UInt8(ascii: " ") else { throw Unsupported() }  // "-" alone
            let item = skipSpaces(p + 1)
            if isEntry(item) { throw Unsupported() }  // "- - x"
            if colon(ofKeyAt: item) != nil {
                items.append(try block(at: item))
            } else {
                let (value, end) = try inlineValue(at: item)
                items.append(value)
                try finishLine(at: end)
            }
            if atEnd || indent < column { break }
            guard indent == column else { throw Unsupported() }
            p = lineStart + indent
            guard isEntry(p) else { break }  // a key of the mapping that holds an indentless list
        }
        return node(.sequence(items), line: startLine, column: startColumn)
    }

    /// A block mapping whose first key starts at `p`.
    private mutating func mapping(at first: Int) throws(Unsupported) -> YAMLNode {
        let column = first - lineStart
        let (startLine, startColumn) = (line, self.column(of: first))
        var pairs: [(key: YAMLNode, value: YAMLNode)] = []
        pairs.reserveCapacity(4)  // content mappings have a few keys: one allocation, not one per doubling
        var p = first
        while true {
            guard let colon = colon(ofKeyAt: p) else { throw Unsupported() }
            let key = node(.scalar(text(p, trimmedBefore: colon)), line: line, column: self.column(of: p))
            let afterColon = skipSpaces(colon + 1)
            if isLineEnd(afterColon) || isComment(afterColon, after: colon + 1) {
                // The value is the block on the following lines: deeper, or a list at this indentation.
                guard let next = nextContentLine(from: afterColon), indent > column || indent == column && isEntry(next) else {
                    throw Unsupported()  // an empty value
                }
                pairs.append((key, indent > column ? try block(at: next) : try list(at: next)))
            } else {
                guard afterColon > colon + 1 else { throw Unsupported() }
                let (value, end) = try inlineValue(at: afterColon)
                pairs.append((key, value))
                try finishLine(at: end)
            }
            if atEnd || indent < column { break }
            guard indent == column else { throw Unsupported() }  // a continued scalar, or misplaced
            p = lineStart + indent
            if isEntry(p) { break }
        }
        return node(.mapping(pairs), line: startLine, column: startColumn)
    }

    // MARK: Values on one line

    /// A scalar or flow collection at `p` in a block; returns it and where it ends.
    private mutating func inlineValue(at p: Int) throws(Unsupported) -> (YAMLNode, Int) {
        guard !isLineEnd(p) else { throw Unsupported() }  // nothing there: an empty value
        switch bytes[p] {
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            return try quoted(at: p)
        case UInt8(ascii: "["):
            return try flowList(at: p)
        case UInt8(ascii: "{"):
            return try flowMapping(at: p)
        default:
            guard !Self.isIndicator(bytes[p]) else { throw Unsupported() }
            var end = p
            while !isLineEnd(end) {
                if bytes[end] == UInt8(ascii: ":") && (isLineEnd(end + 1) || bytes[end + 1] == UInt8(ascii: " ")) {
                    throw Unsupported()  // "a: b: c", an error libyaml words
                }
                if bytes[end] == UInt8(ascii: " ") && end + 1 < bytes.count && bytes[end + 1] == UInt8(ascii: "#") { break }
                end += 1
            }
            return (node(.scalar(text(p, trimmedBefore: end)), line: line, column: column(of: p)), end)
        }
    }

    /// A one-line quoted scalar: double quotes without escapes, or single quotes with `''`.
    private func quoted(at p: Int) throws(Unsupported) -> (YAMLNode, Int) {
        let quote = bytes[p]
        var end = p + 1
        var doubled = false
        while true {
            guard end < bytes.count, bytes[end] != UInt8(ascii: "\n") else { throw Unsupported() }
            if bytes[end] == UInt8(ascii: "\\") && quote == UInt8(ascii: "\"") { throw Unsupported() }
            if bytes[end] == quote {
                guard quote == UInt8(ascii: "'"), end + 1 < bytes.count, bytes[end + 1] == quote else { break }
                doubled = true
                end += 1
            }
            end += 1
        }
        var value = String(decoding: UnsafeBufferPointer(rebasing: bytes[(p + 1)..<end]), as: UTF8.self)
        if doubled { value = value.replacingAll("''", with: "'") }
        return (node(.scalar(value), line: line, column: column(of: p)), end + 1)
    }

    /// `[a, "b", c]` on one line, of scalars.
    private func flowList(at p: Int) throws(Unsupported) -> (YAMLNode, Int) {
        var items: [YAMLNode] = []
        items.reserveCapacity(4)
        let end = try flowEntries(at: p, closing: UInt8(ascii: "]")) { (i) throws(Unsupported) -> Int in
            let (item, end) = try flowScalar(at: i)
            items.append(item)
            return end
        }
        return (node(.sequence(items), line: line, column: column(of: p)), end)
    }

    /// `{key: value, …}` on one line; values are scalars or flow lists.
    private func flowMapping(at p: Int) throws(Unsupported) -> (YAMLNode, Int) {
        var pairs: [(key: YAMLNode, value: YAMLNode)] = []
        pairs.reserveCapacity(4)
        let end = try flowEntries(at: p, closing: UInt8(ascii: "}")) { (i) throws(Unsupported) -> Int in
            guard !isQuote(i) else { throw Unsupported() }
            let (key, keyEnd) = try flowScalar(at: i)
            guard keyEnd + 1 < bytes.count, bytes[keyEnd] == UInt8(ascii: ":"), bytes[keyEnd + 1] == UInt8(ascii: " ") else {
                throw Unsupported()
            }
            let at = skipSpaces(keyEnd + 1)
            let (value, end) = at < bytes.count && bytes[at] == UInt8(ascii: "[") ? try flowList(at: at) : try flowScalar(at: at)
            pairs.append((key, value))
            return end
        }
        return (node(.mapping(pairs), line: line, column: column(of: p)), end)
    }

    /// The entries of a one-line flow collection whose opening bracket is at `p`: `entry`
    /// reads one from its first character and returns where it ends; entries are separated
    /// by commas (no trailing one) up to `closing`. Returns where the collection ends.
    private func flowEntries(at p: Int, closing: UInt8, _ entry: (Int) throws(Unsupported) -> Int) throws(Unsupported) -> Int {
        var i = skipSpaces(p + 1)
        if i < bytes.count && bytes[i] == closing { return i + 1 }
        while true {
            i = skipSpaces(try entry(i))
            guard i < bytes.count else { throw Unsupported() }
            if bytes[i] == closing { return i + 1 }
            guard bytes[i] == UInt8(ascii: ",") else { throw Unsupported() }
            i = skipSpaces(i + 1)
        }
    }

    /// A quoted or plain scalar inside a flow collection. Plain ones stop at `,`, `]` or
    /// `}`, and any character with a meaning there (`:` `#` `[` `{` quotes) sends the file
    /// to libyaml.
    private func flowScalar(at p: Int) throws(Unsupported) -> (YAMLNode, Int) {
        guard p < bytes.count else { throw Unsupported() }
        if isQuote(p) { return try quoted(at: p) }
        guard !Self.isIndicator(bytes[p]), bytes[p] != UInt8(ascii: " ") else { throw Unsupported() }
        var end = p
        loop: while !isLineEnd(end) {
            switch bytes[end] {
            case UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"): break loop
            case UInt8(ascii: ":"):
                // A key's colon ends it; any other colon is left to libyaml.
                if end + 1 < bytes.count, bytes[end + 1] == UInt8(ascii: " ") { break loop }
                throw Unsupported()
            case UInt8(ascii: "#"), UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: "\""), UInt8(ascii: "'"):
                throw Unsupported()
            default: end += 1
            }
        }
        let text = text(p, trimmedBefore: end)
        guard !text.isEmpty else { throw Unsupported() }
        return (node(.scalar(text), line: line, column: column(of: p)), end)
    }

    // MARK: Lines

    private var atEnd: Bool { lineStart >= bytes.count }

    /// After a value: nothing but spaces and a comment may follow on its line. Moves to the
    /// next line that holds content.
    private mutating func finishLine(at p: Int) throws(Unsupported) {
        let q = skipSpaces(p)
        guard isLineEnd(q) || isComment(q, after: p) else { throw Unsupported() }
        _ = nextContentLine(from: q)
    }

    /// Moves to the first line at or after the one holding `p` (past its end when `p` is
    /// not at a line start) that is not blank or a comment; returns where its content starts
    /// and sets `indent`. At the end of the text, nil, with `lineStart` past the end.
    private mutating func nextContentLine(from p: Int) -> Int? {
        var i = p
        if i != lineStart {  // finish the current line
            while i < bytes.count && bytes[i] != UInt8(ascii: "\n") { i += 1 }
            if i < bytes.count { i += 1; line += 1 }
            lineStart = i
        }
        while i < bytes.count {
            let content = skipSpaces(i)
            if content < bytes.count && bytes[content] != UInt8(ascii: "\n") && bytes[content] != UInt8(ascii: "#") {
                lineStart = i
                indent = content - i
                return content
            }
            i = content
            while i < bytes.count && bytes[i] != UInt8(ascii: "\n") { i += 1 }
            if i < bytes.count { i += 1; line += 1 }
            lineStart = i
        }
        lineStart = bytes.count
        return nil
    }

    // MARK: Characters

    /// Where the colon of a plain key starting at `p` is (`key:` followed by a space or the
    /// line's end), or nil when `p` starts no such key.
    private func colon(ofKeyAt p: Int) -> Int? {
        guard p < bytes.count, !Self.isIndicator(bytes[p]), !isQuote(p), bytes[p] != UInt8(ascii: " ") else { return nil }
        var i = p
        while !isLineEnd(i) && i - p < 1024 {  // libyaml's limit for a key on one line
            if bytes[i] == UInt8(ascii: ":") && (isLineEnd(i + 1) || bytes[i + 1] == UInt8(ascii: " ")) { return i }
            if bytes[i] == UInt8(ascii: " ") && i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "#") { return nil }
            i += 1
        }
        return nil
    }

    /// A list entry's `-`: followed by a space or the line's end.
    private func isEntry(_ p: Int) -> Bool {
        p < bytes.count && bytes[p] == UInt8(ascii: "-") && (isLineEnd(p + 1) || bytes[p + 1] == UInt8(ascii: " "))
    }

    private func isQuote(_ p: Int) -> Bool {
        p < bytes.count && (bytes[p] == UInt8(ascii: "\"") || bytes[p] == UInt8(ascii: "'"))
    }

    private func isLineEnd(_ p: Int) -> Bool { p >= bytes.count || bytes[p] == UInt8(ascii: "\n") }

    /// A `#` that starts a comment: one space or more before it.
    private func isComment(_ p: Int, after start: Int) -> Bool {
        p < bytes.count && bytes[p] == UInt8(ascii: "#") && p > start
    }

    private func skipSpaces(_ p: Int) -> Int {
        var i = p
        while i < bytes.count && bytes[i] == UInt8(ascii: " ") { i += 1 }
        return i
    }

    /// Characters that give a plain scalar's first position a meaning (and `-` always, though
    /// `-x` would be plain: libyaml then decides).
    private static func isIndicator(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["),
             UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"),
             UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"),
             UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"), UInt8(ascii: "`"):
            true
        default:
            false
        }
    }

    /// The text from `p` up to `end`, without the spaces before `end`.
    private func text(_ p: Int, trimmedBefore end: Int) -> String {
        var e = end
        while e > p && bytes[e - 1] == UInt8(ascii: " ") { e -= 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[p..<e]), as: UTF8.self)
    }

    /// libyaml's 1-based column: characters, not bytes, since the line's start.
    private func column(of p: Int) -> Int {
        guard hasMultibyte else { return p - lineStart + 1 }
        var count = 0
        for i in lineStart..<p where bytes[i] & 0xC0 != 0x80 { count += 1 }
        return count + 1
    }

    private func node(_ value: YAMLNode.Value, line: Int, column: Int) -> YAMLNode {
        YAMLNode(value, file: file, line: line, column: column)
    }
}
