import Foundation

/// Read-only access to a parsed YAML (or JSON) tree for tools outside the loader: the API
/// description importers (`scopeguide import openapi|discovery|graph|nango`) read specs
/// through libyaml so every node keeps its file, line and column. JSON is YAML's flow
/// syntax, so JSON specs read the same way.
extension YAMLNode {
    public var lineNumber: Int { line }
    public var columnNumber: Int { column }
    public var sourceLocation: SourceLocation { location }

    /// The text of a scalar; nil for a list or a mapping.
    public var text: String? { scalarText }

    /// The items of a list; nil for a scalar or a mapping.
    public var items: [YAMLNode]? { if case .sequence(let items) = value { items } else { nil } }

    /// The entries of a mapping whose keys are scalars (others are skipped); nil when the node
    /// is not a mapping.
    public var entries: [(key: String, value: YAMLNode)]? {
        guard case .mapping(let pairs) = value else { return nil }
        return pairs.compactMap { pair in pair.key.scalarText.map { ($0, pair.value) } }
    }

    /// The first value under `key` in a mapping.
    public subscript(key: String) -> YAMLNode? {
        guard case .mapping(let pairs) = value else { return nil }
        for pair in pairs { if case .scalar(key) = pair.key.value { return pair.value } }
        return nil
    }

    public var isMapping: Bool { if case .mapping = value { true } else { false } }
    public var isList: Bool { if case .sequence = value { true } else { false } }
    public var kindDescription: String { kindName }

    /// Reads a whole spec file (YAML or JSON) with libyaml: a BOM is dropped, invalid UTF-8,
    /// syntax errors, several documents and nesting deeper than 64 levels are errors with
    /// line and column; files larger than `maxBytes` are refused before they are read.
    public static func readSpec(path: String, maxBytes: Int = 32 << 20) throws(Diagnostics) -> YAMLNode {
        let at = SourceLocation(path: path)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue
        guard let size else { throw Diagnostics(at: at, "cannot read the file") }
        if size > maxBytes { throw Diagnostics(at: at, "file is larger than \(maxBytes >> 20) MB (\(size) bytes)") }
        guard var data = FileManager.default.contents(atPath: path) else { throw Diagnostics(at: at, "cannot read the file") }
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { data.removeFirst(3) }
        guard String(data: data, encoding: .utf8) != nil else { throw Diagnostics(at: at, "the file is not valid UTF-8") }
        guard let node = try YAMLParser.document(Array(data), path: path) else { throw Diagnostics(at: at, "file is empty") }
        return node
    }

    /// Parses YAML text held in memory (the same reader as `readSpec`).
    public static func readSpec(text: String, path: String) throws(Diagnostics) -> YAMLNode {
        guard let node = try YAMLParser.document(Array(text.utf8), path: path) else {
            throw Diagnostics(at: SourceLocation(path: path), "file is empty")
        }
        return node
    }
}
