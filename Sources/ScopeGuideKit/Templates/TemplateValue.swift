/// What a template sees: a closed set of value kinds, so rendering is a `switch`, not a
/// dynamic cast per `{{name}}` (which is where swift-mustache spent its time).
enum TemplateValue {
    /// Text; `{{name}}` escapes it for HTML, `{{{name}}}` writes it as it is.
    case text(String)
    case int(Int)
    case bool(Bool)
    /// `{{#name}}` renders once per element, with the element on top of the context stack.
    case list([TemplateValue])
    /// A value with named fields, found by `{{name}}` and `{{a.b}}`.
    case object(any TemplateObject)

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
        if case .object(let object) = self { object.field(key) } else { nil }
    }

    static func list<S: Sequence>(_ objects: S) -> TemplateValue where S.Element: TemplateObject {
        .list(objects.map { .object($0) })
    }

    static func strings(_ values: [String]) -> TemplateValue { .list(values.map { .text($0) }) }
}

/// A view model that templates read fields from, by a `switch` over the field name.
protocol TemplateObject {
    /// The field's value, or nil when this object has no such field (lookup then continues
    /// down the context stack, as Mustache specifies).
    func field(_ key: TemplateKey) -> TemplateValue?
}

/// A small ad-hoc object (the index page's rows, the page settings).
/// Fields are searched in a list: records are small, and comparing a few short names costs
/// less than hashing the name for every lookup that passes through on its way down the stack.
struct TemplateRecord: TemplateObject {
    let fields: [(name: String, value: TemplateValue)]
    init(_ fields: KeyValuePairs<String, TemplateValue>) { self.fields = fields.map { ($0.key, $0.value) } }
    init(_ fields: [String: TemplateValue]) { self.fields = fields.map { ($0.key, $0.value) } }
    func field(_ key: TemplateKey) -> TemplateValue? { fields.first { $0.name == key.name }?.value }
}
