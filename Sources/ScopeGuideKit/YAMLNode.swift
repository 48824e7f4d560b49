import Foundation
import Yams

/// A YAML node with the file it came from, so every problem names its file and line.
struct YAMLNode {
    let node: Node
    let path: String

    var location: SourceLocation {
        let mark = node.mark
        return SourceLocation(path: path, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    /// Parses a whole YAML file; syntax errors carry libyaml's line and column.
    static func parse(_ text: String, path: String) throws(ContentError) -> YAMLNode {
        try checkLimits(text, path: path)
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ContentError(at: SourceLocation(path: path), "file is empty")
            }
            return YAMLNode(node: node, path: path)
        } catch let error as ContentError {
            throw error
        } catch let error as YamlError {
            throw ContentError([describe(error, path: path)])
        } catch {
            throw ContentError(at: SourceLocation(path: path), "malformed YAML: \(error)")
        }
    }

    /// Yams composes nodes recursively, and loading runs on worker threads with small stacks,
    /// so absurdly deep nesting is refused up front instead of risking a stack overflow.
    static let maxBytes = 8 << 20
    static let maxDepth = 64
    static let maxIndent = 256

    private static func checkLimits(_ text: String, path: String) throws(ContentError) {
        if text.utf8.count > maxBytes {
            throw ContentError(at: SourceLocation(path: path), "YAML file is larger than \(maxBytes >> 20) MB")
        }
        var depth = 0, line = 1, column = 0, indent = 0, atLineStart = true
        var quote: UInt8? = nil
        for byte in text.utf8 {
            column += 1
            if byte == UInt8(ascii: "\n") {
                line += 1; column = 0; indent = 0; atLineStart = true
                if quote == UInt8(ascii: "'") { quote = nil }  // keep the scan simple: quotes end at a line
                continue
            }
            if atLineStart {
                if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "-") {
                    indent += 1
                    if indent > maxIndent {
                        throw ContentError(at: SourceLocation(path: path, line: line, column: column),
                                           "YAML is nested too deeply (indentation over \(maxIndent) columns)")
                    }
                    continue
                }
                atLineStart = false
            }
            if let q = quote { if byte == q { quote = nil }; continue }
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "'"): quote = byte
            case UInt8(ascii: "#"): break
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > maxDepth {
                    throw ContentError(at: SourceLocation(path: path, line: line, column: column),
                                       "YAML is nested too deeply (more than \(maxDepth) levels)")
                }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth = max(0, depth - 1)
            default: break
            }
        }
    }

    private static func describe(_ error: YamlError, path: String) -> Diagnostic {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let detail = context.map { "\($0.text) " } ?? ""
            return Diagnostic(at: SourceLocation(path: path, line: mark.line, column: mark.column),
                              "malformed YAML: \(detail)\(problem)".trimmingCharacters(in: .whitespaces))
        case let .reader(problem, _, _, _):
            return Diagnostic(at: SourceLocation(path: path), "malformed YAML: \(problem)")
        default:
            return Diagnostic(at: SourceLocation(path: path), "malformed YAML: \(error)")
        }
    }

    var kindName: String {
        switch node {
        case .scalar: "a scalar"
        case .mapping: "a mapping"
        case .sequence: "a list"
        @unknown default: "an unsupported node"
        }
    }
}

/// A YAML mapping read field by field. Unknown and duplicate keys are errors, so a typo
/// such as `requiredScope:` is caught instead of silently ignored.
struct YAMLMapping {
    let node: YAMLNode
    private var fields: [String: (key: YAMLNode, value: YAMLNode)] = [:]
    private let sink: DiagnosticSink

    init?(_ node: YAMLNode, sink: DiagnosticSink, what: String) {
        guard case .mapping(let mapping) = node.node else {
            sink.error(node.location, "\(what) must be a mapping, found \(node.kindName)")
            return nil
        }
        self.node = node
        self.sink = sink
        for (key, value) in mapping {
            let keyNode = YAMLNode(node: key, path: node.path)
            guard case .scalar(let scalar) = key else {
                sink.error(keyNode.location, "keys must be plain strings")
                continue
            }
            if fields[scalar.string] != nil {
                sink.error(keyNode.location, "duplicate key '\(scalar.string)'")
                continue
            }
            fields[scalar.string] = (keyNode, YAMLNode(node: value, path: node.path))
        }
    }

    var location: SourceLocation { node.location }

    func has(_ key: String) -> Bool { fields[key] != nil }
    func value(_ key: String) -> YAMLNode? { fields[key]?.value }

    /// Reports keys outside `allowed`.
    func allowOnly(_ allowed: Set<String>) {
        for (name, entry) in fields where !allowed.contains(name) {
            let known = allowed.sorted().joined(separator: ", ")
            sink.error(entry.key.location, "unknown key '\(name)' (expected one of: \(known))")
        }
    }

    func string(_ key: String, required: Bool = false) -> String? {
        guard let value = value(key) else {
            if required { sink.error(location, "missing required key '\(key)'") }
            return nil
        }
        guard case .scalar(let scalar) = value.node else {
            sink.error(value.location, "'\(key)' must be a string, found \(value.kindName)")
            return nil
        }
        if required && scalar.string.trimmed.isEmpty {
            sink.error(value.location, "'\(key)' must not be empty")
            return nil
        }
        return scalar.string
    }

    /// A list of strings; a single string is accepted as a one-element list.
    func strings(_ key: String) -> [(String, SourceLocation)]? {
        guard let value = value(key) else { return nil }
        return YAMLMapping.strings(value, key: key, sink: sink)
    }

    static func strings(_ value: YAMLNode, key: String, sink: DiagnosticSink) -> [(String, SourceLocation)]? {
        switch value.node {
        case .scalar(let scalar):
            return [(scalar.string, value.location)]
        case .sequence(let sequence):
            var out: [(String, SourceLocation)] = []
            for item in sequence {
                let itemNode = YAMLNode(node: item, path: value.path)
                guard case .scalar(let scalar) = item else {
                    sink.error(itemNode.location, "'\(key)' items must be strings, found \(itemNode.kindName)")
                    continue
                }
                out.append((scalar.string, itemNode.location))
            }
            return out
        default:
            sink.error(value.location, "'\(key)' must be a list of strings, found \(value.kindName)")
            return nil
        }
    }

    /// A list of mappings, each handed to `body`.
    func mappings(_ key: String, required: Bool = false, what: String) -> [YAMLMapping] {
        guard let value = value(key) else {
            if required { sink.error(location, "missing required key '\(key)'") }
            return []
        }
        guard case .sequence(let sequence) = value.node else {
            sink.error(value.location, "'\(key)' must be a list, found \(value.kindName)")
            return []
        }
        return sequence.compactMap { YAMLMapping(YAMLNode(node: $0, path: value.path), sink: sink, what: what) }
    }
}
