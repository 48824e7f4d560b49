/// What a template sees: a closed set of value kinds, so rendering is a `switch`, not a
/// dynamic cast per `{{name}}` (which is where swift-mustache spent its time).
enum TemplateValue {
    /// Text; `{{name}}` escapes it for HTML, `{{{name}}}` writes it as it is.
    case text(String)
    case int(Int)
    case bool(Bool)
    /// `{{#name}}` renders once per element, with the element on top of the context stack.
    case list([TemplateValue])
    /// A value with named fields, found by `{{name}}` and `{{a.b}}`; made with `object(_:)`.
    case view(TemplateObjectBox)

    /// A view, boxed once. The renderer copies values onto its context stack and reads a
    /// field from one for every `{{name}}`: as one class reference, a copy is a retain and a
    /// read copies nothing, where a protocol value holding any struct was copied through its
    /// witness table each time.
    static func object<Object: TemplateObject>(_ object: Object) -> TemplateValue { .view(Box(object)) }

    /// Mustache's falsy values: `false` and the empty list. (Every string is true, as in the
    /// spec, so templates test `hasX` flags instead of empty strings.)
    var isFalsy: Bool {
        switch self {
        case .bool(let value): !value
        case .list(let items): items.isEmpty
        default: false
        }
    }

    func field(_ key: TemplateKey) -> TemplateValue? {
        if case .view(let object) = self { object.field(key) } else { nil }
    }

    static func list<S: Sequence>(_ objects: S) -> TemplateValue where S.Element: TemplateObject {
        .list(objects.map { .object($0) })
    }

    static func strings(_ values: [String]) -> TemplateValue { .list(values.map { .text($0) }) }
}

/// A view as `TemplateValue` holds it (see `TemplateValue.object(_:)`).
class TemplateObjectBox: TemplateObject {
    func field(_ key: TemplateKey) -> TemplateValue? { nil }
    func write(_ key: TemplateKey, escaped: Bool, into out: inout OutputBuffer) -> Bool { false }
}

private final class Box<Object: TemplateObject>: TemplateObjectBox {
    let object: Object
    init(_ object: Object) { self.object = object }
    override func field(_ key: TemplateKey) -> TemplateValue? { object.field(key) }
    override func write(_ key: TemplateKey, escaped: Bool, into out: inout OutputBuffer) -> Bool {
        object.write(key, escaped: escaped, into: &out)
    }
}

/// A view model that templates read fields from, by a `switch` over the field name.
protocol TemplateObject {
    /// The field's value, or nil when this object has no such field (lookup then continues
    /// down the context stack, as Mustache specifies).
    func field(_ key: TemplateKey) -> TemplateValue?

    /// Writes the field into the page for `{{name}}`; false when this object has no such
    /// field. Views whose rows repeat write their text fields straight from their storage,
    /// which skips making (and retaining and releasing) a `TemplateValue` per use; anything
    /// else goes through `field` (`writeValue`).
    func write(_ key: TemplateKey, escaped: Bool, into out: inout OutputBuffer) -> Bool
}

extension TemplateObject {
    func write(_ key: TemplateKey, escaped: Bool, into out: inout OutputBuffer) -> Bool {
        writeValue(key, escaped: escaped, into: &out)
    }

    /// `field`'s value, written as `{{name}}` writes it; false when there is no such field.
    func writeValue(_ key: TemplateKey, escaped: Bool, into out: inout OutputBuffer) -> Bool {
        guard let value = field(key) else { return false }
        value.write(escaped: escaped, into: &out)
        return true
    }
}

extension TemplateValue {
    /// How `{{name}}` shows a value: text escaped for HTML (`{{{name}}}`: as it is), numbers
    /// and flags as text, lists and objects as nothing.
    func write(escaped: Bool, into out: inout OutputBuffer) {
        switch self {
        case .text(let text): out.append(text, escaped: escaped)
        case .int(let number): out.append(String(number))
        case .bool(let flag): out.append(flag ? "true" : "false")
        case .list, .view: break
        }
    }
}

/// A small ad-hoc object (the index page's own fields, the page settings), keyed by declared
/// fields like every other view. Fields are searched in a list: records are small, and
/// comparing a few enum cases costs less than hashing for every lookup that passes through
/// on its way down the stack.
struct TemplateRecord: TemplateObject {
    let fields: [(field: TemplateField, value: TemplateValue)]
    init(_ fields: KeyValuePairs<TemplateField, TemplateValue>) { self.fields = fields.map { ($0.key, $0.value) } }
    init(_ fields: [TemplateField: TemplateValue]) { self.fields = fields.map { ($0.key, $0.value) } }
    func field(_ key: TemplateKey) -> TemplateValue? {
        guard let wanted = key.field else { return nil }
        return fields.first { $0.field == wanted }?.value
    }
}
