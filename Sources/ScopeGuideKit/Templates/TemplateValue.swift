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

    func field(_ name: String) -> TemplateValue? {
        if case .object(let object) = self { object.field(name) } else { nil }
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
    func field(_ name: String) -> TemplateValue?
}

/// A small ad-hoc object (the index page's rows, the page settings).
struct TemplateRecord: TemplateObject {
    let fields: [String: TemplateValue]
    init(_ fields: [String: TemplateValue]) { self.fields = fields }
    func field(_ name: String) -> TemplateValue? { fields[name] }
}
