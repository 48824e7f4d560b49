/// A template file parsed into a tree, before partials and layouts are linked in. The syntax
/// is Mustache's (spec v1.3 with inheritance): `{{name}}`, `{{{name}}}`/`{{&name}}`,
/// `{{#section}}`, `{{^inverted}}`, `{{! comment}}`, `{{> partial}}`, `{{<parent}}` with
/// `{{$block}}`, dotted names and `{{.}}`. Changing delimiters and pragmas are rejected.
struct ParsedTemplate: Sendable {
    indirect enum Node: Sendable {
        case text(String)
        case variable(TemplatePath, escaped: Bool, at: TemplateLocation)
        case section(TemplatePath, inverted: Bool, [Node], at: TemplateLocation)
        case partial(String, indentation: String, at: TemplateLocation)
        case parent(String, blocks: [String: [Node]], at: TemplateLocation)
        case block(String, [Node])
    }

    let path: String
    let nodes: [Node]

    init(path: String, source: String) throws(Diagnostics) {
        self.path = path
        var parser = TemplateParser(path: path, bytes: Array(source.utf8))
        nodes = try parser.parse()
    }
}

/// `a.b.c` as its parts; `.` (the current value) is the empty path.
typealias TemplatePath = [String]

struct TemplateLocation: Sendable {
    let line: Int
    let column: Int
}

private struct TemplateParser {
    let path: String
    let bytes: [UInt8]

    private enum Frame {
        case root
        case section(TemplatePath, name: String, inverted: Bool, at: TemplateLocation)
        case parent(String, at: TemplateLocation)
        case block(String)
    }
    private var frames: [(frame: Frame, nodes: [ParsedTemplate.Node], blocks: [String: [ParsedTemplate.Node]], openedAt: Int)] = []

    /// Where each line starts, so a tag's line and column are a binary search away: every
    /// value and section records where it is, for the linker's errors.
    private let lineStarts: [Int]

    init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
        var starts = [0]
        for i in bytes.indices where bytes[i] == 0x0A { starts.append(i + 1) }
        lineStarts = starts
    }

    mutating func parse() throws(Diagnostics) -> [ParsedTemplate.Node] {
        frames = [(.root, [], [:], 0)]
        var textStart = 0
        var position = 0
        while let open = find([0x7B, 0x7B], from: position) {  // "{{"
            var start = open + 2
            let sigil: UInt8 = start < bytes.count ? bytes[start] : 0
            var closing: [UInt8] = [0x7D, 0x7D]  // "}}"
            if sigil == 0x7B { closing = [0x7D, 0x7D, 0x7D] }  // "{{{" … "}}}"
            if Self.sigils.contains(sigil) || sigil == 0x7B { start += 1 }
            guard let end = find(closing, from: start) else {
                throw error(at: open, "the tag is not closed with \"\(String(decoding: closing, as: UTF8.self))\"")
            }
            let content = String(decoding: bytes[start..<end], as: UTF8.self).trimmingASCIIWhitespace
            let tagEnd = end + closing.count

            // A standalone tag (alone on its line, but for whitespace) takes its line with it.
            var textEnd = open
            var next = tagEnd
            var indentation = ""
            if Self.standaloneSigils.contains(sigil), let line = standaloneLine(tagStart: open, tagEnd: tagEnd) {
                textEnd = line.start
                next = line.next
                indentation = String(decoding: bytes[line.start..<open], as: UTF8.self)
            }
            if textEnd > textStart { append(.text(String(decoding: bytes[textStart..<textEnd], as: UTF8.self))) }
            try tag(sigil: sigil, content: content, at: open, indentation: indentation)
            position = next
            textStart = next
        }
        if bytes.count > textStart { append(.text(String(decoding: bytes[textStart...], as: UTF8.self))) }
        guard frames.count == 1, let root = frames.first else {
            let open = frames[frames.count - 1]
            throw error(at: open.openedAt, "this section is never closed")
        }
        return root.nodes
    }

    // "#" "^" "/" "!" ">" "<" "$" "=" "%" "&"
    private static let sigils: Set<UInt8> = [0x23, 0x5E, 0x2F, 0x21, 0x3E, 0x3C, 0x24, 0x3D, 0x25, 0x26]
    private static let standaloneSigils: Set<UInt8> = [0x23, 0x5E, 0x2F, 0x21, 0x3E, 0x3C, 0x24, 0x3D, 0x25]

    private mutating func tag(sigil: UInt8, content: String, at offset: Int, indentation: String) throws(Diagnostics) {
        switch sigil {
        case 0x21: break  // comment
        case 0x23, 0x5E:
            frames.append((.section(try name(content, at: offset), name: content, inverted: sigil == 0x5E,
                                    at: location(offset)), [], [:], offset))
        case 0x3C: frames.append((.parent(try plainName(content, at: offset), at: location(offset)), [], [:], offset))
        case 0x24: frames.append((.block(try plainName(content, at: offset)), [], [:], offset))
        case 0x2F: try close(content, at: offset)
        case 0x3E: append(.partial(try plainName(content, at: offset), indentation: indentation, at: location(offset)))
        case 0x3D: throw error(at: offset, "changing delimiters ({{=…=}}) is not supported")
        case 0x25: throw error(at: offset, "pragmas ({{%…}}) are not supported")
        case 0x7B, 0x26: append(.variable(try name(content, at: offset), escaped: false, at: location(offset)))
        default: append(.variable(try name(content, at: offset), escaped: true, at: location(offset)))
        }
    }

    private mutating func close(_ content: String, at offset: Int) throws(Diagnostics) {
        guard frames.count > 1 else { throw error(at: offset, "{{/\(content)}} closes nothing") }
        let open = frames.removeLast()
        let opened = location(open.openedAt)
        switch open.frame {
        case .root: break
        case let .section(path, name, inverted, at):
            guard name == content else {
                throw error(at: offset, "{{/\(content)}} does not close {{\(inverted ? "^" : "#")\(name)}} opened at line \(opened.line)")
            }
            append(.section(path, inverted: inverted, open.nodes, at: at))
        case let .parent(name, at):
            guard name == content else {
                throw error(at: offset, "{{/\(content)}} does not close {{<\(name)}} opened at line \(opened.line)")
            }
            append(.parent(name, blocks: open.blocks, at: at))
        case let .block(name):
            guard name == content else {
                throw error(at: offset, "{{/\(content)}} does not close {{$\(name)}} opened at line \(opened.line)")
            }
            // Inside a parent, a block is an override; anywhere else, a slot with its default.
            if case .parent = frames[frames.count - 1].frame {
                frames[frames.count - 1].blocks[name] = open.nodes
            } else {
                append(.block(name, open.nodes))
            }
        }
    }

    /// Content inside `{{<parent}}…{{/parent}}` other than block overrides is ignored (spec).
    private mutating func append(_ node: ParsedTemplate.Node) {
        if case .parent = frames[frames.count - 1].frame { return }
        frames[frames.count - 1].nodes.append(node)
    }

    private func name(_ content: String, at offset: Int) throws(Diagnostics) -> TemplatePath {
        if content == "." { return [] }
        let parts = content.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !content.isEmpty, parts.allSatisfy({ !$0.isEmpty && !$0.contains(where: \.isWhitespace) }) else {
            throw error(at: offset, "\"\(content)\" is not a valid name")
        }
        return parts
    }

    private func plainName(_ content: String, at offset: Int) throws(Diagnostics) -> String {
        guard !content.isEmpty, !content.contains(where: \.isWhitespace) else {
            throw error(at: offset, "\"\(content)\" is not a valid name")
        }
        return content
    }

    /// The line around a tag when nothing but spaces and tabs share it: where the line
    /// starts, and where the next line starts (after `\n` or `\r\n`, or the end).
    private func standaloneLine(tagStart: Int, tagEnd: Int) -> (start: Int, next: Int)? {
        var start = tagStart
        while start > 0, bytes[start - 1] != 0x0A {
            guard bytes[start - 1] == 0x20 || bytes[start - 1] == 0x09 else { return nil }
            start -= 1
        }
        var end = tagEnd
        while end < bytes.count, bytes[end] == 0x20 || bytes[end] == 0x09 { end += 1 }
        if end == bytes.count { return (start, end) }
        if bytes[end] == 0x0A { return (start, end + 1) }
        if bytes[end] == 0x0D, end + 1 < bytes.count, bytes[end + 1] == 0x0A { return (start, end + 2) }
        return nil
    }

    private func find(_ needle: [UInt8], from start: Int) -> Int? {
        guard needle.count <= bytes.count else { return nil }
        var i = start
        let last = bytes.count - needle.count
        while i <= last {
            if bytes[i] == needle[0] {
                var j = 1
                while j < needle.count, bytes[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    private func location(_ offset: Int) -> TemplateLocation {
        // The last line that starts at or before `offset`.
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        let line = low + 1
        let lineStart = lineStarts[low]
        // Columns count characters (Unicode scalars), as in the other diagnostics.
        let column = String(decoding: bytes[lineStart..<min(offset, bytes.count)], as: UTF8.self).unicodeScalars.count + 1
        return TemplateLocation(line: line, column: column)
    }

    private func error(at offset: Int, _ message: String) -> Diagnostics {
        .template(path, location(offset), "template syntax: \(message)")
    }
}

extension Diagnostics {
    /// A layout that does not parse or link, at the tag that breaks it.
    static func template(_ file: String, _ at: TemplateLocation, _ message: String) -> Diagnostics {
        Diagnostics(at: SourceLocation(path: file, line: at.line, column: at.column), message, id: "template")
    }
}

extension String {
    fileprivate var trimmingASCIIWhitespace: String {
        var slice = Substring(self)
        while let c = slice.first, c == " " || c == "\t" || c == "\n" || c == "\r" { slice.removeFirst() }
        while let c = slice.last, c == " " || c == "\t" || c == "\n" || c == "\r" { slice.removeLast() }
        return String(slice)
    }
}
