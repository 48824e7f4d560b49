import CShims
import Ccmark
#if canImport(Glibc)
import Glibc
#endif

/// The Markdown of a run of top-level blocks, taken from the author's own source. The
/// export needs Markdown for every step, and cmark's CommonMark renderer costs about twice
/// as much as parsing; the source already is that Markdown.
///
/// Blocks that substitution left alone are their source lines exactly. Blocks it changed get
/// the same `{{name}}` values filled into their source when that certainly reads as the
/// changed tree does (`fill`); anything else — a paragraph replaced by the credentials list,
/// a value or a neighbour that could turn into syntax, a code fence (one left open takes in
/// what follows), a file where slicing could mislead (a lone CR ends a line for cmark; a link
/// reference definition may sit outside the run that uses it) — is rendered by cmark as before.
struct MarkdownSource {
    /// What substitution did to one top-level block.
    struct Change {
        /// `{{…}}` placeholders filled in the block's text, code and link targets.
        var filled = 0
        /// Names filled in a link target or title, where a space would end it.
        var linkNames: Set<String> = []
        /// Whether a node was replaced (`{{credentialFields}}` becomes a list).
        var replaced = false
    }

    private let text: String
    /// Byte offset where each line starts; nil when the source cannot stand in.
    private let lineStarts: [Int]?
    private let values: [String: String]

    init(_ text: String, values: [String: String]) {
        self.text = text
        self.values = values
        // Over the bytes with libc's vectorised searches (a `split` on characters cost more
        // than the renderer saves).
        var starts = [0]
        var text = text
        let usable = text.withUTF8 { bytes -> Bool in
            guard let base = bytes.baseAddress else { return true }
            // A NUL ends the text for cmark (content files cannot hold one; fuzzed text can).
            if memchr(base, 0x0D, bytes.count) != nil || memchr(base, 0, bytes.count) != nil
                || sg_memmem(base, bytes.count, "]:", 2) != nil { return false }
            var offset = 0
            while offset < bytes.count, let newline = memchr(base + offset, 0x0A, bytes.count - offset) {
                offset = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(newline)) + 1
                starts.append(offset)
            }
            return true
        }
        lineStarts = usable ? starts : nil
    }

    /// The blocks' Markdown from the source, or nil when cmark must render them. Read before
    /// rendering moves the blocks out of their document.
    func markdown(of blocks: [MarkdownNode], changes: [OpaquePointer: Change]) -> String? {
        guard let lineStarts, let first = blocks.first, let last = blocks.last else { return nil }
        let start = first.line
        var end = last.endLine
        guard start >= 1, start <= end, end <= lineStarts.count else { return nil }
        // Where line `n` (1-based) ends, before its newline.
        let utf8 = self.text.utf8
        func lineEnd(_ n: Int) -> Int { n < lineStarts.count ? lineStarts[n] - 1 : utf8.count }
        while end > start, lineEnd(end) == lineStarts[end - 1] { end -= 1 }  // a list's end takes in the blank line after it
        let text = String(Substring(utf8[utf8.index(utf8.startIndex, offsetBy: lineStarts[start - 1])..<utf8.index(utf8.startIndex, offsetBy: lineEnd(end))]))
        // A code fence may be left open: its content then runs to the end of its container,
        // blank lines included, and whatever the export writes after it would join it.
        guard !text.containsBytes("```"), !text.containsBytes("~~~") else { return nil }
        var change = Change()
        for block in blocks {
            guard let c = changes[block.pointer] else { continue }
            change.filled += c.filled
            change.linkNames.formUnion(c.linkNames)
            change.replaced = change.replaced || c.replaced
        }
        guard !change.replaced else { return nil }
        return change.filled == 0 ? text : fill(text, expected: change.filled, linkNames: change.linkNames)
    }

    /// The source with every `{{name}}` replaced by its value, when that is certain to read
    /// as the tree does after substitution: as many placeholders as the tree had (none sits
    /// where the tree has no text, such as a code fence's info string), each value plain text
    /// (a letter first, then letters, digits, spaces and `. , : / ? = % @ + ~ ; -`, no space
    /// at the end, none at all in a link target), and no neighbour that could combine with
    /// the value into other syntax (`&` entities, `\` escapes, `<` autolinks and tags, and
    /// `*`/`_` runs whose flanking would change: see `neutralBefore` and `neutralAfter`).
    private func fill(_ text: String, expected: Int, linkNames: Set<String>) -> String? {
        let placeholders = Placeholders(text)
        guard placeholders.all.count == expected else { return nil }
        let utf8 = text.utf8
        return placeholders.replaced { placeholder in
            guard let value = values[placeholder.name], Self.isPlain(value, inLink: linkNames.contains(placeholder.name)),
                  Self.neutralBefore(utf8.index(utf8.startIndex, offsetBy: placeholder.range.lowerBound), in: text),
                  Self.neutralAfter(utf8.index(utf8.startIndex, offsetBy: placeholder.range.upperBound), in: text,
                                    valueEndsInLetterOrDigit: value.utf8.last.map(Self.alphanumerics.contains) ?? false)
            else { return nil }
            return value
        }
    }

    private static func isPlain(_ value: String, inLink: Bool) -> Bool {
        guard let first = value.utf8.first, Self.letters.contains(first), value.utf8.last != 0x20 else { return false }
        return value.utf8.allSatisfy { Self.plain.contains($0) && !(inLink && $0 == 0x20) }
    }

    /// What precedes a placeholder at `index`. An emphasis run right before it (`*{{name}}`)
    /// keeps its meaning when white space or the line start precedes the run: then it can
    /// open, not close, whether a `{` or a letter follows it.
    private static func neutralBefore(_ index: String.Index, in text: String) -> Bool {
        let utf8 = text.utf8
        guard index > utf8.startIndex else { return true }
        var i = utf8.index(before: index)
        let byte = utf8[i]
        guard byte == 0x2A || byte == 0x5F else { return !syntax.contains(byte) }  // "*", "_"
        while i > utf8.startIndex, utf8[utf8.index(before: i)] == byte { i = utf8.index(before: i) }
        return i == utf8.startIndex || whiteSpace.contains(utf8[utf8.index(before: i)])
    }

    /// What follows a placeholder ending at `index`. An emphasis run right after it
    /// (`{{name}}*`) keeps its meaning when the value ends in a letter or digit and white
    /// space or the line end follows the run: then it can close, not open, either way.
    private static func neutralAfter(_ index: String.Index, in text: String, valueEndsInLetterOrDigit: Bool) -> Bool {
        let utf8 = text.utf8
        guard index < utf8.endIndex else { return true }
        let byte = utf8[index]
        guard byte == 0x2A || byte == 0x5F else { return !syntax.contains(byte) }
        guard valueEndsInLetterOrDigit else { return false }
        var i = index
        while i < utf8.endIndex, utf8[i] == byte { i = utf8.index(after: i) }
        return i == utf8.endIndex || whiteSpace.contains(utf8[i])
    }

    private static let letters = ByteSet(Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8))
    private static let plain = ByteSet(Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:/?=%@+~;-".utf8))
    private static let alphanumerics = ByteSet(Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8))
    private static let whiteSpace = ByteSet(Array(" \t\n".utf8))
    private static let syntax = ByteSet(Array("*_&\\<".utf8))
}
