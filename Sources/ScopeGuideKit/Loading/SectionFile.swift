import Ccmark
import Foundation
import ScopeGuideCore

/// A scope list as written in a `guide` block: `all`, or names with their locations.
enum ScopeListSpec {
    case all(SourceLocation)
    /// `when: admin-consent` only: shown when a scope of R needs admin consent (rule 2).
    case adminConsent(SourceLocation)
    case names([(String, SourceLocation)])
}

/// The `guide` block after a section or step heading.
struct Annotation {
    var when: ScopeListSpec?
    var scopes: ScopeListSpec?
    var badge: ScopeListSpec?
}

/// One section file, split into its parts by walking the cmark AST. Scope names are still
/// unchecked; `ContentLoader` resolves them against the connector's catalog.
struct SectionFile {
    struct StepPart {
        var title: String
        var location: SourceLocation
        var annotation: Annotation
        var body: RenderedMarkdown
    }

    var title: String
    var location: SourceLocation
    var annotation: Annotation
    var intro: RenderedMarkdown
    var steps: [StepPart]

    /// The values `{{name}}` may refer to in Markdown.
    struct Variables {
        var values: [String: String]
        var credentialFields: [String]

        static let names = ["connectorName", "connectorKey", "provider", "redirectURI", "platformName",
                            "authMethod", "guideTitle", "credentialFields"]
    }

    /// Parses `text`; problems go to `sink` with their line, and `nil` comes back when the
    /// file cannot be split into a section.
    static func parse(_ text: String, path: String, variables: Variables, sink: DiagnosticSink) -> SectionFile? {
        let doc = MarkdownDocument(text)
        doc.consolidateText()
        let before = sink.errorCount
        let changes = substitute(in: doc, path: path, variables: variables, sink: sink)
        let source = MarkdownSource(text, values: variables.values)
        func render(_ blocks: [MarkdownNode]) -> RenderedMarkdown {
            let markdown = source.markdown(of: blocks, changes: changes)  // before the blocks move
            let rendered = MarkdownDocument.render(blocks, commonMark: markdown == nil)
            return RenderedMarkdown(html: rendered.html, markdown: markdown ?? rendered.markdown)
        }

        var blocks = doc.blocks[...]
        guard let first = blocks.first, first.type == CMARK_NODE_HEADING, first.headingLevel == 1 else {
            let at = doc.blocks.first.map { SourceLocation(path: path, line: $0.line, column: $0.column) }
                ?? SourceLocation(path: path)
            sink.error(at, "a section file must start with a level-1 heading ('# Title')")
            return nil
        }
        blocks = blocks.dropFirst()
        let title = first.plainText.trimmed
        let location = SourceLocation(path: path, line: first.line, column: first.column)
        if title.isEmpty { sink.error(location, "the section title is empty") }
        let annotation = takeAnnotation(&blocks, path: path, isStep: false, sink: sink)

        var introBlocks: [MarkdownNode] = []
        while let b = blocks.first, !isHeading(b, level: 2) {
            if isHeading(b, level: 1) {
                sink.error(SourceLocation(path: path, line: b.line, column: b.column),
                           "only one level-1 heading per section file; start steps with '## '")
            }
            introBlocks.append(b)
            blocks = blocks.dropFirst()
        }

        var steps: [StepPart] = []
        while let heading = blocks.first {
            blocks = blocks.dropFirst()
            let at = SourceLocation(path: path, line: heading.line, column: heading.column)
            let stepTitle = heading.plainText.trimmed
            if stepTitle.isEmpty { sink.error(at, "the step title is empty") }
            let stepAnnotation = takeAnnotation(&blocks, path: path, isStep: true, sink: sink)
            var body: [MarkdownNode] = []
            while let b = blocks.first, !isHeading(b, level: 2) {
                if isHeading(b, level: 1) {
                    sink.error(SourceLocation(path: path, line: b.line, column: b.column),
                               "only one level-1 heading per section file; start steps with '## '")
                }
                body.append(b)
                blocks = blocks.dropFirst()
            }
            steps.append(StepPart(title: stepTitle, location: at, annotation: stepAnnotation, body: render(body)))
        }
        let intro = render(introBlocks)
        guard sink.errorCount == before else { return nil }
        return SectionFile(title: title, location: location, annotation: annotation, intro: intro, steps: steps)
    }

    private static func isHeading(_ node: MarkdownNode, level: Int) -> Bool {
        node.type == CMARK_NODE_HEADING && node.headingLevel == level
    }

    /// Takes a ```` ```guide ```` block if it directly follows a heading.
    private static func takeAnnotation(_ blocks: inout ArraySlice<MarkdownNode>, path: String, isStep: Bool,
                                       sink: DiagnosticSink) -> Annotation {
        guard let block = blocks.first, block.type == CMARK_NODE_CODE_BLOCK,
              block.fenceInfo.trimmed == "guide" else { return Annotation() }
        blocks = blocks.dropFirst()
        // YAML lines start one line below the opening fence.
        let lineOffset = block.line
        let text = block.literal ?? ""
        let yaml: YAMLNode
        do {
            yaml = try YAMLNode.parse(text, path: path)
        } catch {
            for d in error.diagnostics {
                sink.error(SourceLocation(path: path, line: d.location.line + lineOffset, column: d.location.column),
                           d.message.replacingOccurrences(of: "file is empty", with: "the guide block is empty"))
            }
            return Annotation()
        }
        let shifted = ShiftedSink(sink: sink, lineOffset: lineOffset)
        let keys = isStep ? ["when", "scopes", "badge"] : ["when"]
        guard let map = YAMLMapping(yaml, allowed: keys, sink: shifted.inner, what: "a guide block") else {
            shifted.flush()
            return Annotation()
        }
        func spec(_ key: String) -> ScopeListSpec? {
            guard keys.contains(key), let value = map.value(key) else { return nil }
            if case .scalar("all") = value.value { return .all(shifted.shift(value.location)) }
            if case .scalar("admin-consent") = value.value {
                guard key == "when" else {
                    shifted.inner.error(value.location, "'admin-consent' is a condition: only 'when' may say it")
                    return nil
                }
                return .adminConsent(shifted.shift(value.location))
            }
            guard let names = YAMLStrings(value, key: key, sink: shifted.inner) else { return nil }
            return .names(names.located.map { ($0.0, shifted.shift($0.1)) })
        }
        let annotation = Annotation(when: spec("when"), scopes: spec("scopes"), badge: spec("badge"))
        shifted.flush()
        return annotation
    }

    /// Fills `{{name}}` in text, code, code blocks and link targets. Values stay literal text:
    /// cmark escapes them when rendering, so a hostile connector name cannot inject markup.
    /// Returns what it changed in each top-level block.
    private static func substitute(in doc: MarkdownDocument, path: String, variables: Variables,
                                   sink: DiagnosticSink) -> [OpaquePointer: MarkdownSource.Change] {
        var credentialParagraphs: [MarkdownNode] = []
        var changes: [OpaquePointer: MarkdownSource.Change] = [:]
        /// `text` with its placeholders filled, noting what changed in the node's block.
        func filled(_ node: MarkdownNode, _ text: String, at: SourceLocation, inLink: Bool = false) -> String {
            let placeholders = Placeholders(text)
            let block = node.topLevel(below: doc.root)
            changes[block, default: .init()].filled += placeholders.all.count
            if inLink { changes[block, default: .init()].linkNames.formUnion(placeholders.all.map(\.name)) }
            return fill(placeholders, at: at, variables: variables, sink: sink)
        }
        doc.walk { node in
            var at: SourceLocation { SourceLocation(path: path, line: node.line, column: node.column) }  // when needed
            if node.isRawHTML {
                sink.error(at, MarkdownNode.rawHTMLError)
                return
            }
            switch node.type {
            case CMARK_NODE_PARAGRAPH:
                if mayBeCredentialPlaceholder(node), node.plainText.trimmed == "{{credentialFields}}" {
                    credentialParagraphs.append(node)
                }
            case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_CODE_BLOCK:
                if node.type == CMARK_NODE_CODE_BLOCK && node.fenceInfo.trimmed == "guide" {
                    return
                }
                if node.literalContains("{{"), let text = node.literal, !isCredentialPlaceholder(text) {
                    node.literal = filled(node, text, at: at)
                }
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                if let url = node.url, url.containsBytes("{{") { node.url = filled(node, url, at: at, inLink: true) }
                if let title = node.title, title.containsBytes("{{") { node.title = filled(node, title, at: at, inLink: true) }
            default:
                break
            }
        }
        for paragraph in credentialParagraphs {
            let top = paragraph.topLevel(below: doc.root)
            let list = paragraph.replaceWithBoldList(variables.credentialFields)
            changes[top == paragraph.pointer ? list : top, default: .init()].replaced = true
        }
        return changes
    }

    /// A cheap exact pre-check: a paragraph whose text starts with a character other than
    /// white space or `{` cannot be the placeholder, so its plain text is not built.
    private static func mayBeCredentialPlaceholder(_ paragraph: MarkdownNode) -> Bool {
        guard let leaf = paragraph.firstLeaf, leaf.type == CMARK_NODE_TEXT || leaf.type == CMARK_NODE_CODE,
              let text = cmark_node_get_literal(leaf.pointer) else { return true }
        let first = UInt8(bitPattern: text.pointee)
        return first >= 0x80 || first == 0 || first == UInt8(ascii: "{") || first == 0x20 || (0x09...0x0D).contains(first)
    }

    private static func isCredentialPlaceholder(_ text: String) -> Bool {
        text.containsBytes("credentialFields") && text.trimmed == "{{credentialFields}}"
    }

    static func fill(_ placeholders: Placeholders, at: SourceLocation, variables: Variables, sink: DiagnosticSink) -> String {
        placeholders.replaced { placeholder in
            if let value = variables.values[placeholder.name] { return value }
            if placeholder.name == "credentialFields" {
                sink.error(at, "{{credentialFields}} must stand alone in its own paragraph")
            } else {
                sink.error(at, "unknown template variable '\(placeholder.name)' (known: \(Variables.names.joined(separator: ", ")))")
            }
            return ""
        }!
    }
}

/// Moves diagnostics from a `guide` block's own YAML positions to the Markdown file's lines.
private final class ShiftedSink {
    let inner = DiagnosticSink()
    let sink: DiagnosticSink
    let lineOffset: Int

    init(sink: DiagnosticSink, lineOffset: Int) {
        self.sink = sink
        self.lineOffset = lineOffset
    }

    func shift(_ location: SourceLocation) -> SourceLocation {
        SourceLocation(path: location.path, line: location.line + lineOffset, column: location.column)
    }

    func flush() {
        for d in inner.all {
            if d.severity == .error { sink.error(shift(d.location), d.message) } else { sink.warning(shift(d.location), d.message) }
        }
    }
}
