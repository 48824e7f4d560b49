/// How strictly templates are checked when they are linked. Both modes make the same program
/// and render with the same code: strictness is only a question the linker asks at load time.
enum TemplateNames: Sendable {
    /// The site's layouts: every part of every `{{name}}`, `{{a.b}}` and `{{#section}}` must be
    /// a `TemplateField` (the one declaration of the fields views answer to), and every partial
    /// and parent must exist; anything else is an error with its file, line and column.
    case declared
    /// Mustache's own rules, for the spec suite: any name, an unknown one renders as nothing
    /// and counts as false; a missing partial or parent renders as nothing.
    case any
}

/// The layouts, parsed and linked once: partials are inlined and `{{<parent}}` layouts are
/// resolved with their block overrides, so rendering walks one tree per page with no name
/// lookups of templates and no per-call parsing.
struct TemplateLibrary: Sendable {
    /// A linked template: text, values to interpolate and sections.
    enum Op: Sendable {
        case text([UInt8])
        case value([TemplateKey], escaped: Bool)
        case section([TemplateKey], inverted: Bool, [Op])
    }

    /// One step of a page as it runs. Linked ops are flattened into one array per library
    /// with integer payloads (text ranges, name indices, where a section's body ends), so
    /// stepping through a page copies no reference-counted values: copying an `Op` retained
    /// its array payload, once per op per page.
    private enum Instruction: Sendable {
        case text(start: Int, end: Int)
        /// `path` is where the name's parts are in `keys`.
        case value(path: Range<Int>, escaped: Bool)
        /// The body is the instructions that follow, up to `end`.
        case section(path: Range<Int>, inverted: Bool, end: Int)
    }

    private let pages: [String: Range<Int>]
    private let code: [Instruction]
    private let text: [UInt8]
    private let keys: [TemplateKey]

    /// - Parameters:
    ///   - sources: each template's name, file path (for errors) and text.
    ///   - names: `.declared` (the site's layouts) or `.any` (the Mustache spec's rules).
    init(_ sources: [(name: String, path: String, text: String)], names: TemplateNames = .declared) throws(Diagnostics) {
        var parsed: [String: ParsedTemplate] = [:]
        for source in sources { parsed[source.name] = try ParsedTemplate(path: source.path, source: source.text) }
        let linker = Linker(templates: parsed, names: names)
        var program = Program()
        var pages: [String: Range<Int>] = [:]
        for source in sources {  // in the given order, so the first error reported is stable
            guard let template = parsed[source.name] else { continue }
            var ops: [Op] = []
            try linker.link(template.nodes, file: template.path, overrides: [:], depth: 0, into: &ops)
            let start = program.code.count
            program.emit(ops)
            pages[source.name] = start..<program.code.count
        }
        self.pages = pages
        code = program.code
        text = program.text
        keys = program.keys
    }

    /// Flattens linked ops into instructions.
    private struct Program {
        var code: [Instruction] = []
        var text: [UInt8] = []
        var keys: [TemplateKey] = []

        private mutating func add(_ path: [TemplateKey]) -> Range<Int> {
            keys += path
            return (keys.count - path.count)..<keys.count
        }

        mutating func emit(_ ops: [Op]) {
            for op in ops {
                switch op {
                case .text(let bytes):
                    code.append(.text(start: text.count, end: text.count + bytes.count))
                    text += bytes
                case let .value(path, escaped):
                    code.append(.value(path: add(path), escaped: escaped))
                case let .section(path, inverted, body):
                    let name = add(path), at = code.count
                    code.append(.text(start: 0, end: 0))  // patched once the body's end is known
                    emit(body)
                    code[at] = .section(path: name, inverted: inverted, end: code.count)
                }
            }
        }
    }

    /// Renders the named template with `root` at the bottom of the context stack.
    func render(_ name: String, _ root: TemplateValue, sizeHint: Int = 16_384) -> OutputBuffer {
        var out = OutputBuffer(capacity: sizeHint)
        var stack = [root]
        if let range = pages[name] {
            code.withUnsafeBufferPointer { code in
                text.withUnsafeBufferPointer { text in
                    keys.withUnsafeBufferPointer { keys in
                        run(range, code: code, text: text, keys: keys, stack: &stack, into: &out)
                    }
                }
            }
        }
        return out
    }

    private func run(_ range: Range<Int>, code: UnsafeBufferPointer<Instruction>, text: UnsafeBufferPointer<UInt8>,
                     keys: UnsafeBufferPointer<TemplateKey>, stack: inout [TemplateValue], into out: inout OutputBuffer) {
        var pc = range.lowerBound
        while pc < range.upperBound {
            switch code[pc] {
            case let .text(start, end):
                out.append(UnsafeBufferPointer(rebasing: text[start..<end]))
                pc += 1
            case let .value(path, escaped):
                if path.count == 1 {
                    Self.write(keys[path.lowerBound], escaped: escaped, from: stack, into: &out)
                } else {
                    Self.lookup(UnsafeBufferPointer(rebasing: keys[path]), in: stack)?.write(escaped: escaped, into: &out)
                }
                pc += 1
            case let .section(path, inverted, end):
                let body = pc + 1..<end
                pc = end
                let value = Self.lookup(UnsafeBufferPointer(rebasing: keys[path]), in: stack)
                let falsy = value?.isFalsy ?? true
                if inverted {
                    if falsy { run(body, code: code, text: text, keys: keys, stack: &stack, into: &out) }
                    continue
                }
                guard !falsy, let value else { continue }
                switch value {
                case .bool:
                    run(body, code: code, text: text, keys: keys, stack: &stack, into: &out)
                case .list(let items):
                    for item in items {
                        stack.append(item)
                        run(body, code: code, text: text, keys: keys, stack: &stack, into: &out)
                        stack.removeLast()
                    }
                default:
                    stack.append(value)
                    run(body, code: code, text: text, keys: keys, stack: &stack, into: &out)
                    stack.removeLast()
                }
            }
        }
    }

    /// `{{name}}` with a one-part name: the first object down the stack that has the field
    /// writes it.
    private static func write(_ key: TemplateKey, escaped: Bool, from stack: borrowing [TemplateValue],
                              into out: inout OutputBuffer) {
        stack.withUnsafeBufferPointer { frames in
            var i = frames.count - 1
            while i >= 0 {
                if case .view(let object) = frames[i], object.write(key, escaped: escaped, into: &out) { return }
                i -= 1
            }
        }
    }

    /// Mustache name resolution: the first part is looked up from the top of the stack down,
    /// the rest inside what it found; `.` is the top of the stack.
    private static func lookup(_ path: UnsafeBufferPointer<TemplateKey>, in stack: borrowing [TemplateValue]) -> TemplateValue? {
        guard !path.isEmpty else { return stack.last }
        var found: TemplateValue? = stack.withUnsafeBufferPointer { frames in
            var i = frames.count - 1
            while i >= 0 {
                if case .view(let object) = frames[i], let field = object.field(path[0]) { return field }
                i -= 1
            }
            return nil
        }
        var part = 1
        while part < path.count {
            guard let field = found?.field(path[part]) else { return nil }
            found = field
            part += 1
        }
        return found
    }
}

/// Inlines partials and resolves layout inheritance.
private struct Linker {
    let templates: [String: ParsedTemplate]
    let names: TemplateNames
    /// Deeper than this, a partial or layout is including itself.
    static let maxDepth = 32

    func link(_ nodes: [ParsedTemplate.Node], file: String, overrides: [String: [TemplateLibrary.Op]], depth: Int,
              into ops: inout [TemplateLibrary.Op]) throws(Diagnostics) {
        for node in nodes {
            switch node {
            case .text(let text):
                appendText(text, to: &ops)
            case let .variable(path, escaped, at):
                ops.append(.value(try keys(path, file: file, at: at), escaped: escaped))
            case let .section(path, inverted, body, at):
                let keys = try keys(path, file: file, at: at)
                var inner: [TemplateLibrary.Op] = []
                try link(body, file: file, overrides: overrides, depth: depth, into: &inner)
                ops.append(.section(keys, inverted: inverted, inner))
            case let .partial(name, indentation, at):
                guard let template = try lookup(name, file: file, at: at, depth: depth, what: "partial") else { continue }
                let nodes = indentation.isEmpty ? template.nodes : Self.indent(template.nodes, with: indentation)
                try link(nodes, file: template.path, overrides: [:], depth: depth + 1, into: &ops)
            case let .parent(name, blocks, at):
                guard let template = try lookup(name, file: file, at: at, depth: depth, what: "layout") else { continue }
                // The outermost override of a block wins.
                var merged = overrides
                for (block, body) in blocks where merged[block] == nil {
                    var inner: [TemplateLibrary.Op] = []
                    try link(body, file: file, overrides: overrides, depth: depth, into: &inner)
                    merged[block] = inner
                }
                try link(template.nodes, file: template.path, overrides: merged, depth: depth + 1, into: &ops)
            case let .block(name, body):
                if let override = overrides[name] {
                    for op in override {
                        if case .text(let text) = op { appendText(text, to: &ops) } else { ops.append(op) }
                    }
                } else {
                    try link(body, file: file, overrides: overrides, depth: depth, into: &ops)
                }
            }
        }
    }

    /// A name's parts as keys. With `.declared` names, each part must be a `TemplateField`.
    private func keys(_ path: TemplatePath, file: String, at: TemplateLocation) throws(Diagnostics) -> [TemplateKey] {
        let keys = path.map(TemplateKey.init)
        guard case .declared = names, let unknown = keys.first(where: { $0.field == nil }) else { return keys }
        let tag = path.isEmpty ? "." : path.joined(separator: ".")
        var message = "unknown template field \"\(unknown.name)\""
        if path.count > 1 { message += " in {{\(tag)}}" }
        if let suggestion = TemplateField.closest(to: unknown.name) { message += " (did you mean \"\(suggestion)\"?)" }
        message += "; the fields views answer to are the cases of TemplateField"
        throw .template(file, at, message)
    }

    /// The named partial or parent; nil when it is missing and names are `.any` (the spec
    /// renders a missing partial as nothing).
    private func lookup(_ name: String, file: String, at: TemplateLocation, depth: Int,
                        what: String) throws(Diagnostics) -> ParsedTemplate? {
        guard let template = templates[name] else {
            if case .any = names { return nil }
            throw .template(file, at, "no \(what) named \"\(name)\" (templates: \(templates.keys.sorted().joined(separator: ", ")))")
        }
        guard depth < Self.maxDepth else {
            throw .template(file, at, "\(what) \"\(name)\" includes itself")
        }
        return template
    }

    /// Neighbouring text is merged, so a page is a few long runs of text between values.
    private func appendText(_ text: String, to ops: inout [TemplateLibrary.Op]) {
        appendText(Array(text.utf8), to: &ops)
    }

    private func appendText(_ bytes: [UInt8], to ops: inout [TemplateLibrary.Op]) {
        if case .text(let previous)? = ops.last {
            ops[ops.count - 1] = .text(previous + bytes)
        } else if !bytes.isEmpty {
            ops.append(.text(bytes))
        }
    }

    /// A standalone partial tag's indentation goes before every line of the partial's own
    /// text (not before lines inside interpolated values), as the spec describes.
    static func indent(_ nodes: [ParsedTemplate.Node], with indentation: String) -> [ParsedTemplate.Node] {
        var atLineStart = true
        func walk(_ nodes: [ParsedTemplate.Node]) -> [ParsedTemplate.Node] {
            nodes.flatMap { node -> [ParsedTemplate.Node] in
                switch node {
                case .text(let text):
                    var out = ""
                    for character in text {
                        if atLineStart { out += indentation; atLineStart = false }
                        out.append(character)
                        if character == "\n" { atLineStart = true }
                    }
                    return [.text(out)]
                case .variable, .partial, .parent:
                    guard atLineStart else { return [node] }
                    atLineStart = false
                    return [.text(indentation), node]
                case let .section(path, inverted, body, at): return [.section(path, inverted: inverted, walk(body), at: at)]
                case let .block(name, body): return [.block(name, walk(body))]
                }
            }
        }
        return walk(nodes)
    }
}
