import Foundation

/// UTF-8 bytes of a file being generated. Appending to a `String` checks and updates its
/// invariants on every call, which made short appends (a quote, a tag) cost as much as the
/// text they add; appending bytes is a copy. Pages, JSON and exports are built here and
/// go to the writer as these bytes, without passing through `String` or `Data`.
struct OutputBuffer {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    mutating func append(_ text: String) {
        // A native string is contiguous UTF-8, read in place (a `var` copy for `withUTF8`
        // cost a retain and a release per call); a bridged one is copied.
        if text.utf8.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) == nil {
            bytes.append(contentsOf: text.utf8)
        }
    }

    mutating func append(_ literal: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    mutating func append(_ byte: UInt8) { bytes.append(byte) }

    mutating func append(_ other: [UInt8]) { bytes.append(contentsOf: other) }

    mutating func append(_ other: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: other) }

    /// `text` without its leading and trailing line breaks (`\n`, `\r`), without making a
    /// trimmed copy first.
    mutating func appendTrimmingNewlines(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            var start = 0, end = utf8.count
            while start < end, utf8[start] == 0x0A || utf8[start] == 0x0D { start += 1 }
            while end > start, utf8[end - 1] == 0x0A || utf8[end - 1] == 0x0D { end -= 1 }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<end]))
        }
    }

    /// `text` escaped for HTML element content and attribute values (`Escape.html`).
    mutating func appendHTML(_ text: String) {
        if !appendIfNone(of: Escape.htmlSpecial, in: text) { append(Escape.html(text)) }
    }

    /// Appends `text` when none of its bytes is in `special`, and says whether it did: the
    /// escaping writers' usual case (nothing to escape), checked and copied in one access to
    /// the string's own bytes, with no string in between.
    mutating func appendIfNone(of special: ByteSet, in text: String) -> Bool {
        let appended = text.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            guard !special.occurs(in: utf8) else { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if let appended { return appended }
        guard !special.occurs(in: text) else { return false }  // a bridged string
        append(text)
        return true
    }

    /// `items` joined by `separator`, each escaped or not: what `items.joined(separator:)`
    /// would give, without making that string.
    mutating func append(_ items: [String], separator: StaticString, escaped: Bool) {
        for i in items.indices {
            if i > 0 { append(separator) }
            append(items[i], escaped: escaped)
        }
    }

    /// `Escape.codeSpan(text)`, written without building the span first in the usual case.
    mutating func appendCodeSpan(_ text: String) {
        guard Escape.isPlainCodeSpan(text) else { return append(Escape.codeSpan(text)) }
        append(UInt8(ascii: "`")); append(text); append(UInt8(ascii: "`"))
    }

    mutating func append(_ text: String, escaped: Bool) {
        if escaped { appendHTML(text) } else { append(text) }
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }
}
