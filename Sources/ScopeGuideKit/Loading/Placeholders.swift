#if canImport(Glibc)
import Glibc
#endif

/// `{{name}}` placeholders in a text: each `{{` with a `}}` after it, in order; the name is
/// what lies between, trimmed. The one scanner for substitution in the tree (`SectionFile`)
/// and in the source (`MarkdownSource`), so both always find the same placeholders.
struct Placeholders {
    struct Placeholder {
        /// UTF-8 offsets of `{{` … `}}`, braces included.
        let range: Range<Int>
        let name: String
    }

    let text: String
    let all: [Placeholder]

    init(_ text: String) {
        self.text = text
        var found: [Placeholder] = []
        var text = text
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while let open = Self.find("{{", in: base, from: offset, count: bytes.count),
                  let close = Self.find("}}", in: base, from: open + 2, count: bytes.count) {
                let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[(open + 2)..<close]), as: UTF8.self)
                found.append(Placeholder(range: open..<(close + 2), name: name.trimmed))
                offset = close + 2
            }
        }
        all = found
    }

    /// The text with each placeholder replaced by `value(placeholder)`; nil as soon as that
    /// gives nil.
    func replaced(by value: (Placeholder) -> String?) -> String? {
        guard !all.isEmpty else { return text }
        // Appended slice by slice to a string sized once: the text is valid UTF-8 and every
        // placeholder range ends on a scalar boundary, so nothing is checked again.
        let utf8 = text.utf8
        func index(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
        var out = ""
        out.reserveCapacity(utf8.count + 64)
        var offset = 0
        for placeholder in all {
            guard let replacement = value(placeholder) else { return nil }
            out += text[index(offset)..<index(placeholder.range.lowerBound)]
            out += replacement
            offset = placeholder.range.upperBound
        }
        out += text[index(offset)...]
        return out
    }

    /// A two-byte pair: `memchr` for its first byte, then a look at the next (for texts this
    /// short, cheaper than setting up `memmem`).
    private static func find(_ pair: StaticString, in base: UnsafePointer<UInt8>, from offset: Int, count: Int) -> Int? {
        let first = pair.utf8Start[0], second = pair.utf8Start[1]
        var offset = offset
        while offset < count - 1, let hit = memchr(base + offset, Int32(first), count - 1 - offset) {
            let at = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
            if base[at + 1] == second { return at }
            offset = at + 1
        }
        return nil
    }
}
