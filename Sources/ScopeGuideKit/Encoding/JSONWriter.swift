import ScopeGuideCore
/// The one JSON writer of the build (catalog.json, the catalog embedded in each page,
/// `table --format json`). It writes text as the caller walks its own values, with no tree
/// in between: building a tree of enums and then walking it cost more than rendering the
/// page around it. Keys come in the order written, so callers write them sorted; strings are
/// escaped as JSON requires (slashes are not); `pretty` indents by two spaces.
struct JSONWriter {
    private(set) var buffer: OutputBuffer
    var text: String { buffer.string }
    let pretty: Bool
    private var depth = 0
    /// Nothing written yet in the innermost container.
    private var empty = true
    /// A key was just written: its value follows directly.
    private var afterKey = false

    init(pretty: Bool = false, capacity: Int = 1024) {
        self.pretty = pretty
        buffer = OutputBuffer(capacity: capacity)
    }

    mutating func object(_ body: (inout JSONWriter) -> Void) { open(0x7B); body(&self); close(0x7D) }
    mutating func array(_ body: (inout JSONWriter) -> Void) { open(0x5B); body(&self); close(0x5D) }

    /// Keys are the writer's callers' own literals (nothing to escape in them).
    mutating func key(_ name: StaticString) {
        separate()
        buffer.append(0x22)
        buffer.append(name)
        buffer.append(pretty ? "\" : " as StaticString : "\":")
        afterKey = true
    }

    mutating func string(_ value: String) {
        separate()
        Self.quote(value, into: &buffer)
    }

    mutating func number(_ value: Int) {
        separate()
        buffer.append(String(value))
    }

    mutating func boolean(_ value: Bool) {
        separate()
        buffer.append(value ? "true" : "false")
    }

    mutating func strings(_ values: [String]) { array { for value in values { $0.string(value) } } }

    mutating func field(_ name: StaticString, _ value: String) { key(name); string(value) }

    /// A file ends with a line break.
    mutating func newlineAtEnd() { buffer.append(0x0A) }
    mutating func field(_ name: StaticString, strings values: [String]) { key(name); strings(values) }

    // MARK: - Layout

    private mutating func open(_ bracket: UInt8) {
        separate()
        buffer.append(bracket)
        depth += 1
        empty = true
    }

    private mutating func close(_ bracket: UInt8) {
        depth -= 1
        if !empty { newline() }
        buffer.append(bracket)
        empty = false
    }

    /// Before a value or key: nothing after a key, else a comma after a sibling and, when
    /// pretty, a new line at the current depth.
    private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        if depth > 0 {
            if !empty { buffer.append(0x2C) }
            newline()
        }
        empty = false
    }

    /// A line break and 32 levels of indentation; a new line takes the part it needs.
    private static let indentation: StaticString = "\n                                                                "

    private mutating func newline() {
        guard pretty else { return }
        let length = 1 + 2 * depth
        if length <= Self.indentation.utf8CodeUnitCount {
            buffer.append(UnsafeBufferPointer(start: Self.indentation.utf8Start, count: length))
        } else {
            buffer.append("\n" + String(repeating: "  ", count: depth))
        }
    }

    private static let needsEscape = ByteSet(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C })

    /// A JSON string literal: `"` and `\` escaped, control characters as `\n`, `\t`… or `\u00XX`.
    static func quote(_ s: String, into out: inout OutputBuffer) {
        out.append(0x22)
        if out.appendIfNone(of: needsEscape, in: s) {  // the usual case: nothing to escape
            out.append(0x22)
            return
        }
        var pending = [UInt8]()
        pending.reserveCapacity(s.utf8.count + 8)
        for byte in s.utf8 {
            switch byte {
            case 0x22: pending += [0x5C, 0x22]
            case 0x5C: pending += [0x5C, 0x5C]
            case 0x0A: pending += [0x5C, UInt8(ascii: "n")]
            case 0x0D: pending += [0x5C, UInt8(ascii: "r")]
            case 0x09: pending += [0x5C, UInt8(ascii: "t")]
            case 0x08: pending += [0x5C, UInt8(ascii: "b")]
            case 0x0C: pending += [0x5C, UInt8(ascii: "f")]
            case 0..<0x20: pending += Array("\\u00\(byte < 0x10 ? "0" : "1")\(String(byte & 0xF, radix: 16))".utf8)
            default: pending.append(byte)
            }
        }
        out.append(pending)
        out.append(0x22)
    }
}

// The one way every JSON output (catalog.json, the catalog each page embeds, `table --format
// json`) writes an action and a scope's metadata, so the three cannot drift apart.
extension JSONWriter {
    /// `{"anyOf", "description"?, "id", "label", "scopes"}`: `scopes` is the first alternative
    /// (as `scopes`), `anyOf` every alternative, written only when there are several.
    mutating func action(_ action: Action, scopes: [String], description: Bool = false) {
        object { json in
            if action.alternatives.count > 1 {
                json.key("anyOf")
                json.array { json in for alternative in action.alternatives { json.strings(alternative) } }
            }
            if description { json.field("description", action.description) }
            json.field("id", action.id)
            json.field("label", action.label)
            json.field("scopes", strings: scopes)
        }
    }

    /// `adminConsent` and `privilege`, each only when the catalog states it.
    mutating func scopeMetadata(_ scope: Scope) {
        if let consent = scope.adminConsent { key("adminConsent"); boolean(consent) }
        if let privilege = scope.privilege { key("privilege"); number(privilege) }
    }
}
