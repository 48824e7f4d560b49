// Native string helpers for the build's hot paths. Foundation's NSString-bridged
// `trimmingCharacters`, `replacingOccurrences` and `range(of:)` showed up as a large share
// of build time on Linux; these work on UTF-8 directly.

import CShims

extension StringProtocol {
    /// Drops leading and trailing spaces, tabs and line breaks.
    var trimmed: String {
        trimming { $0.isASCII ? ($0 == " " || ($0.value >= 0x09 && $0.value <= 0x0D)) : $0.properties.isWhitespace }
    }

    /// True when the text is empty or all white space (`trimmed.isEmpty`, without building
    /// the trimmed string: ASCII text, the usual case, is decided from its bytes).
    var isBlank: Bool {
        for byte in utf8 {
            if byte >= 0x80 { return trimmed.isEmpty }
            if !(byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)) { return false }
        }
        return true
    }

    /// Drops leading and trailing line breaks only (keeps indentation).
    var trimmedNewlines: String { trimming { $0 == "\n" || $0 == "\r" } }

    private func trimming(_ drop: (Unicode.Scalar) -> Bool) -> String {
        let scalars = Substring(self).unicodeScalars
        guard let first = scalars.firstIndex(where: { !drop($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !drop($0) })!
        return String(Substring(scalars[first...last]))
    }

    /// True when the text holds `needle`, compared byte by byte.
    func containsBytes(_ needle: String) -> Bool { firstRange(ofBytes: needle) != nil }

    /// The first occurrence of `needle`, compared byte by byte (both are valid UTF-8, so a
    /// match always starts and ends on scalar boundaries). glibc's `memmem` over the string's own
    /// storage: this runs on every text node of every section file, looking for `{{`.
    func firstRange(ofBytes needle: String) -> Range<String.Index>? {
        var needle = needle
        let found: Int? = needle.withUTF8 { pattern in
            guard let patternStart = pattern.baseAddress, !pattern.isEmpty else { return nil }
            func search(_ hay: UnsafeBufferPointer<UInt8>) -> Int? {
                guard let base = hay.baseAddress, hay.count >= pattern.count,
                      let hit = sg_memmem(base, hay.count, patternStart, pattern.count) else { return nil }
                return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
            }
            // Native strings and their slices are contiguous UTF-8: no copy. (Bridged ones are
            // copied once.)
            return utf8.withContiguousStorageIfAvailable(search) ?? Array(utf8).withUnsafeBufferPointer(search)
        }
        guard let offset = found else { return nil }
        let lower = utf8.index(utf8.startIndex, offsetBy: offset)
        return lower..<utf8.index(lower, offsetBy: needle.utf8.count)
    }

    /// Every occurrence of `target` replaced by `replacement`.
    func replacingAll(_ target: String, with replacement: String) -> String {
        var out = ""
        var rest = self[...]
        while let r = rest.firstRange(ofBytes: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}

/// A set of byte values, for the scans that run on every string of every page (does this
/// text need escaping at all?). Native strings are contiguous UTF-8, so the scan is a plain
/// loop over their bytes with a table lookup, not a walk of `String.UTF8View` indices.
struct ByteSet: Sendable {
    private let table: [Bool]

    init(_ bytes: [UInt8]) {
        var table = [Bool](repeating: false, count: 256)
        for byte in bytes { table[Int(byte)] = true }
        self.table = table
    }

    init(where member: (UInt8) -> Bool) {
        table = (0...255).map { member(UInt8($0)) }
    }

    func contains(_ byte: UInt8) -> Bool { table[Int(byte)] }

    /// True when any of `bytes` is in the set.
    func occurs(in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        table.withUnsafeBufferPointer { table in bytes.contains { table[Int($0)] } }
    }

    /// True when any byte of `text` is in the set.
    func occurs(in text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable(occurs(in:)) ?? text.utf8.contains { table[Int($0)] }
    }
}
