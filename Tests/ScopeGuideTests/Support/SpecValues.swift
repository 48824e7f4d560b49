import Foundation
@testable import ScopeGuideKit

/// A string-keyed object for templates that are not the site's layouts (the Mustache spec,
/// the comparisons with swift-mustache): their names need not be `TemplateField`s, so they
/// are linked with `TemplateNames.any`.
struct SpecRecord: TemplateObject {
    let fields: [String: TemplateValue]
    init(_ fields: [String: TemplateValue]) { self.fields = fields }
    func field(_ key: TemplateKey) -> TemplateValue? { fields[key.name] }
}

/// JSON data (the spec's `data`), read as the renderer's values.
enum SpecJSON: Decodable {
    case null, bool(Bool), int(Int), number(Double), string(String)
    case array([SpecJSON]), object([String: SpecJSON])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Int.self) { self = .int(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([SpecJSON].self) { self = .array(value) }
        else { self = .object(try container.decode([String: SpecJSON].self)) }
    }

    var templateValue: TemplateValue {
        switch self {
        // Null is falsey and interpolates as nothing, which is all the spec asks of it; the
        // empty list is the renderer's value that does both.
        case .null: .list([])
        case .bool(let value): .bool(value)
        case .int(let value): .int(value)
        // Decimals interpolate "with proper significance": 1.21 as "1.21".
        case .number(let value): .text(String(value))
        case .string(let value): .text(value)
        case .array(let items): .list(items.map(\.templateValue))
        case .object(let fields): .object(SpecRecord(fields.mapValues(\.templateValue)))
        }
    }
}
