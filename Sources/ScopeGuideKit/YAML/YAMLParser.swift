internal import Clibyaml

/// Builds `YAMLNode` trees straight from libyaml's event stream. Composing through Yams cost
/// more than libyaml's own parsing: every node went through Yams' `Node` (tag, style, mark)
/// before being wrapped again here. Messages and marks stay libyaml's, as before.
enum YAMLParser {
    /// The single document in `bytes`, nil when the stream holds none. `path` names the file
    /// in errors.
    static func document(_ bytes: [UInt8], path: String) throws(Diagnostics) -> YAMLNode? {
        guard !bytes.isEmpty else { return nil }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw Diagnostics(at: SourceLocation(path: path), "malformed YAML: out of memory")
        }
        defer { yaml_parser_delete(&parser) }
        return try bytes.withUnsafeBufferPointer { (buffer) throws(Diagnostics) -> YAMLNode? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var builder = Builder(path: path)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else { throw error(parser, path: path) }
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { return builder.root }
                try builder.add(event)
            }
        }
    }

    /// Nodes under construction, innermost last; anchors for aliases.
    private struct Builder {
        let path: String
        var root: YAMLNode?
        var documents = 0
        /// A collection being read. Mapping entries are paired as they arrive, so no node is
        /// copied again when the mapping ends.
        struct Open {
            var isMapping: Bool
            var items: [YAMLNode] = []
            var pairs: [(key: YAMLNode, value: YAMLNode)] = []
            var pendingKey: YAMLNode?
            let line: Int
            let column: Int
            let anchor: String?
        }
        var open: [Open] = []
        var anchors: [String: YAMLNode] = [:]

        let file: Unmanaged<YAMLFile>

        init(path: String) {
            self.path = path
            file = YAMLFile.named(path)
        }

        mutating func add(_ event: yaml_event_t) throws(Diagnostics) {
            let line = Int(event.start_mark.line) + 1
            let column = Int(event.start_mark.column) + 1
            switch event.type {
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 {
                    throw Diagnostics(at: SourceLocation(path: path, line: line, column: column),
                                       "malformed YAML: expected a single document in the stream but found another document")
                }
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
                finish(YAMLNode(.scalar(text), file: file, line: line, column: column), anchor: string(scalar.anchor))
            case YAML_ALIAS_EVENT:
                guard let name = string(event.data.alias.anchor), let node = anchors[name] else {
                    throw Diagnostics(at: SourceLocation(path: path, line: line, column: column),
                                       "malformed YAML: found undefined alias")
                }
                finish(node, anchor: nil)
            case YAML_SEQUENCE_START_EVENT:
                try checkDepth(line: line, column: column)
                open.append(Open(isMapping: false, line: line, column: column, anchor: string(event.data.sequence_start.anchor)))
            case YAML_MAPPING_START_EVENT:
                try checkDepth(line: line, column: column)
                open.append(Open(isMapping: true, line: line, column: column, anchor: string(event.data.mapping_start.anchor)))
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                let node = open.removeLast()
                let value: YAMLNode.Value = node.isMapping ? .mapping(node.pairs) : .sequence(node.items)
                finish(YAMLNode(value, file: file, line: node.line, column: node.column), anchor: node.anchor)
            default:
                break  // stream start, document end
            }
        }

        private func checkDepth(line: Int, column: Int) throws(Diagnostics) {
            guard open.count < YAMLNode.maxDepth else {
                throw Diagnostics(at: SourceLocation(path: path, line: line, column: column),
                                   "YAML is nested too deeply (more than \(YAMLNode.maxDepth) levels)")
            }
        }

        private mutating func finish(_ node: YAMLNode, anchor: String?) {
            if let anchor { anchors[anchor] = node }
            guard !open.isEmpty else { root = node; return }
            let top = open.count - 1
            if !open[top].isMapping {
                open[top].items.append(node)
            } else if let key = open[top].pendingKey {  // libyaml sends key, value, key, value…
                open[top].pairs.append((key, node))
                open[top].pendingKey = nil
            } else {
                open[top].pendingKey = node
            }
        }

        private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
            pointer.map { String(cString: $0) }
        }
    }

    /// libyaml's own description of what is wrong, at its line and column.
    private static func error(_ parser: yaml_parser_t, path: String) -> Diagnostics {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        switch parser.error {
        case YAML_SCANNER_ERROR, YAML_PARSER_ERROR:
            let context = parser.context.map { String(cString: $0) + " " } ?? ""
            let at = SourceLocation(path: path, line: Int(parser.problem_mark.line) + 1,
                                    column: Int(parser.problem_mark.column) + 1)
            return Diagnostics(at: at, "malformed YAML: \(context)\(problem)".trimmed)
        case YAML_MEMORY_ERROR:
            return Diagnostics(at: SourceLocation(path: path), "malformed YAML: out of memory")
        default:
            return Diagnostics(at: SourceLocation(path: path), "malformed YAML: \(problem)")
        }
    }
}
