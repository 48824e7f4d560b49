import Foundation

/// A YAML node with the file it came from, so every problem names its file and line.
/// Scalars are kept as text: the loaders decide what a value means.
public struct YAMLNode {
    enum Value {
        case scalar(String)
        case sequence([YAMLNode])
        case mapping([(key: YAMLNode, value: YAMLNode)])
    }

    let value: Value
    /// The file, unretained: copying a node (loaders copy nodes a lot) retains only its value.
    private let file: Unmanaged<YAMLFile>
    let line: Int
    let column: Int

    init(_ value: Value, file: Unmanaged<YAMLFile>, line: Int, column: Int) {
        self.value = value
        self.file = file
        self.line = line
        self.column = column
    }

    var path: String { file.takeUnretainedValue().path }
    var location: SourceLocation { position.location }

    /// Where a node starts, without its value (nothing retained).
    struct Position {
        let file: Unmanaged<YAMLFile>
        let line: Int
        let column: Int
        var location: SourceLocation { SourceLocation(path: file.takeUnretainedValue().path, line: line, column: column) }
    }

    var position: Position { Position(file: file, line: line, column: column) }

    /// The top-level string values of a YAML mapping file, for tools that only peek at one
    /// (`import` reads site.yaml's platform and redirect URI); nil when it does not read.
    public static func topLevelStrings(ofFile path: String) -> [String: String]? {
        guard let text = try? TextFile.read(path, displayPath: path), let root = try? parse(text, path: path),
              case .mapping(let pairs) = root.value else { return nil }
        var out: [String: String] = [:]
        for (key, value) in pairs {
            if case .scalar(let name) = key.value, case .scalar(let text) = value.value, out[name] == nil { out[name] = text }
        }
        return out
    }

    /// Parses a whole YAML file: `PlainYAML` when the file keeps to the everyday subset,
    /// libyaml otherwise; syntax errors carry libyaml's line and column.
    static func parse(_ text: String, path: String) throws(Diagnostics) -> YAMLNode {
        try checkLimits(text, path: path)
        var text = text
        if let node = text.withUTF8({ PlainYAML.read($0, file: YAMLFile.named(path)) }) { return node }
        guard let node = try YAMLParser.document(Array(text.utf8), path: path) else {
            throw Diagnostics(at: SourceLocation(path: path), "file is empty")
        }
        return node
    }

    /// Loading runs on worker threads with small stacks, and freeing a node tree recurses,
    /// so absurdly deep nesting is refused while reading (`YAMLParser`), as are huge files.
    static let maxBytes = 8 << 20
    static let maxDepth = 64

    private static func checkLimits(_ text: String, path: String) throws(Diagnostics) {
        if text.utf8.count > maxBytes {
            throw Diagnostics(at: SourceLocation(path: path), "YAML file is larger than \(maxBytes >> 20) MB")
        }
    }

    /// The text of a scalar; nil for a list or a mapping.
    var scalarText: String? { if case .scalar(let text) = value { text } else { nil } }

    /// What `YAMLStrings` reads without a complaint: a scalar as a one-item list, or a list
    /// of scalars; nil for anything else.
    var plainStrings: [String]? {
        switch value {
        case .scalar(let text): return [text]
        case .sequence(let items):
            var texts: [String] = []
            texts.reserveCapacity(items.count)
            for item in items {
                guard case .scalar(let text) = item.value else { return nil }
                texts.append(text)
            }
            return texts
        case .mapping: return nil
        }
    }

    var kindName: String {
        switch value {
        case .scalar: "a scalar"
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }
}

/// The name of a YAML file that nodes point back to. Names are interned for the life of the
/// process (one small object per distinct file), which is what lets nodes hold them without
/// retaining them.
final class YAMLFile: Sendable {
    let path: String
    private init(path: String) { self.path = path }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var files: [String: YAMLFile] = [:]

    static func named(_ path: String) -> Unmanaged<YAMLFile> {
        lock.withLock {
            if let file = files[path] { return Unmanaged.passUnretained(file) }
            let file = YAMLFile(path: path)
            files[path] = file
            return Unmanaged.passUnretained(file)
        }
    }
}

/// A YAML mapping read field by field, against the keys it may have. Unknown and duplicate
/// keys are errors, so a typo such as `requiredScope:` is caught instead of silently ignored.
///
/// Loaders make one per catalog entry (tens of thousands per site), so it is read in one pass
/// over the entries, in place: each allowed key's first value goes to its slot, and every
/// problem with a key is reported as the pass meets it.
struct YAMLMapping {
    private let keys: [String]
    /// The value of each allowed key, by its position in `keys`; nil when absent.
    private let values: [YAMLNode?]
    private let start: YAMLNode.Position
    private let sink: DiagnosticSink

    init?(_ node: YAMLNode, allowed keys: [String], sink: DiagnosticSink, what: String) {
        guard case .mapping(let pairs) = node.value else {
            sink.error(node.location, "\(what) must be a mapping, found \(node.kindName)")
            return nil
        }
        precondition(keys.count <= 64, "a mapping allows at most 64 keys")
        var values = [YAMLNode?](repeating: nil, count: keys.count)
        var taken: UInt64 = 0
        var unknown: [String] = []
        pairs.withUnsafeBufferPointer { pairs in  // read in place: no copy of each entry
            for pair in pairs.indices {
                let key = pairs[pair].key
                guard case .scalar(let name) = key.value else {
                    sink.error(key.location, "keys must be plain strings")
                    continue
                }
                if let k = keys.firstIndex(of: name) {
                    guard taken & (1 << k) == 0 else {
                        sink.error(key.location, "duplicate key '\(name)'")
                        continue
                    }
                    taken |= 1 << k
                    values[k] = pairs[pair].value
                } else if unknown.contains(name) {
                    sink.error(key.location, "duplicate key '\(name)'")
                } else {
                    unknown.append(name)
                    sink.error(key.location, "unknown key '\(name)' (expected one of: \(keys.sorted().joined(separator: ", ")))")
                }
            }
        }
        self.keys = keys
        self.values = values
        start = node.position
        self.sink = sink
    }

    var location: SourceLocation { start.location }

    func value(_ key: String) -> YAMLNode? {
        guard let k = keys.firstIndex(of: key) else { preconditionFailure("'\(key)' is not an allowed key") }
        return values[k]
    }

    /// Where a key's value is, for a diagnostic; the mapping itself when the key is absent.
    func location(of key: String) -> SourceLocation { value(key)?.location ?? location }

    func string(_ key: String, required: Bool = false) -> String? {
        guard let value = value(key) else {
            if required { sink.error(location, "missing required key '\(key)'") }
            return nil
        }
        guard case .scalar(let text) = value.value else {
            sink.error(value.location, "'\(key)' must be a string, found \(value.kindName)")
            return nil
        }
        if required && text.isBlank {
            sink.error(value.location, "'\(key)' must not be empty")
            return nil
        }
        return text
    }

    /// A list of strings; a single string is accepted as a one-element list.
    func strings(_ key: String) -> YAMLStrings? {
        guard let value = value(key) else { return nil }
        return YAMLStrings(value, key: key, sink: sink)
    }

    /// A list of mappings, each with the keys `allowed`.
    func mappings(_ key: String, allowed: [String], required: Bool = false, what: String) -> [YAMLMapping] {
        guard let value = value(key) else {
            if required { sink.error(location, "missing required key '\(key)'") }
            return []
        }
        guard case .sequence(let sequence) = value.value else {
            sink.error(value.location, "'\(key)' must be a list, found \(value.kindName)")
            return []
        }
        return sequence.compactMap { YAMLMapping($0, allowed: allowed, sink: sink, what: what) }
    }
}

/// A list of strings as written: the texts, and each one's node for the rare message that
/// needs its line (a location is not built for every item of every list).
struct YAMLStrings {
    let values: [String]
    private let nodes: [YAMLNode]

    /// A single string is accepted as a one-element list; items that are not strings are
    /// reported and left out.
    init?(_ value: YAMLNode, key: String, sink: DiagnosticSink) {
        switch value.value {
        case .scalar(let text):
            values = [text]
            nodes = [value]
        case .sequence(let sequence):
            var values: [String] = []
            values.reserveCapacity(sequence.count)
            var allText = true
            for item in sequence {
                guard case .scalar(let text) = item.value else {
                    sink.error(item.location, "'\(key)' items must be strings, found \(item.kindName)")
                    allText = false
                    continue
                }
                values.append(text)
            }
            self.values = values
            nodes = allText ? sequence : sequence.filter { if case .scalar = $0.value { true } else { false } }
        default:
            sink.error(value.location, "'\(key)' must be a list of strings, found \(value.kindName)")
            return nil
        }
    }

    var isEmpty: Bool { values.isEmpty }
    func location(_ i: Int) -> SourceLocation { nodes[i].location }
    /// Every item with its location, for lists kept with their lines.
    var located: [(String, SourceLocation)] { values.indices.map { (values[$0], location($0)) } }
}
