import Ccmark
import Foundation

/// Converts page content (HTML elements mixed with MDX Markdown text) into cmark nodes.
///
/// Text is handed to cmark, as MDX does: inside HTML elements (`<p>`, `<li>`, `<strong>`…)
/// white space collapses and only inline Markdown counts (code spans such as `` `Mail.Read` ``,
/// backslash escapes, emphasis, links); directly inside components (`<Step>`, callouts) and at
/// the top level, text is Markdown blocks. Each HTML element in a text run stands in the
/// Markdown source as a private-use placeholder character and is converted itself, so the
/// two syntaxes mix without any regular expression.
final class MarkdownConverter {
    enum Context { case html, markdown }

    var diagnostics: PageDiagnostics

    init(diagnostics: PageDiagnostics) { self.diagnostics = diagnostics }

    static let inlineElements: Set<String> = ["a", "strong", "b", "em", "i", "code", "br", "span", "u", "small",
                                              "mark", "abbr", "sub", "sup", "kbd", "s", "del", "label", "img",
                                              "input", "button", "select", "svg", "tt", "var", "q", "cite"]
    static let transparentInline: Set<String> = ["span", "u", "small", "mark", "abbr", "sub", "sup", "kbd", "label",
                                                 "tt", "var", "q", "cite", "div", "p"]
    static let calloutNames: [String: String] = ["warning": "Warning", "note": "Note", "tip": "Tip",
                                                 "info": "Info", "check": "Check", "danger": "Danger"]
    /// Widgets the page generated from its data; ScopeGuide generates its own.
    static func isGeneratedWidget(_ node: HTMLNode) -> Bool {
        node.has("data-guide-display-scopes") || node.has("data-guide-actions-badge")
    }

    /// Placeholders are characters of the supplementary private-use plane 15; the page's own
    /// characters from that range (and the marker) become placeholders too, standing for
    /// themselves, so a page can never name a placeholder it did not make.
    private static let placeholderBase: UInt32 = 0xF0000
    private static let placeholderCapacity = 65_000
    private static let marker: Unicode.Scalar = "\u{F8FF}"

    /// What a placeholder stands for.
    private enum Piece {
        case element(HTMLNode)
        case character(Unicode.Scalar)
    }

    // MARK: - Flow

    /// Appends the blocks that `nodes` make to `parent` (a document, item or block quote).
    func convertFlow(_ nodes: [HTMLNode], context: Context, into parent: OpaquePointer) {
        var run: [HTMLNode] = []
        for node in nodes {
            if node.kind == .element && !Self.inlineElements.contains(node.name) {
                flush(&run, context: context, into: parent)
                convertBlock(node, context: context, into: parent)
            } else {
                run.append(node)
            }
        }
        flush(&run, context: context, into: parent)
    }

    private func flush(_ run: inout [HTMLNode], context: Context, into parent: OpaquePointer) {
        defer { run.removeAll() }
        var source = ""
        var elements: [Piece] = []
        var overflowed = false
        func placeholder(_ piece: Piece, line: Int) {
            guard elements.count < Self.placeholderCapacity else {
                if !overflowed { diagnostics.warning(line, "more than \(Self.placeholderCapacity) elements in one paragraph; the rest is not imported") }
                overflowed = true
                return
            }
            source.unicodeScalars.append(Unicode.Scalar(Self.placeholderBase + UInt32(elements.count))!)
            elements.append(piece)
        }
        for node in run {
            switch node.kind {
            case .text:
                let text = node.text
                guard text.unicodeScalars.contains(where: isPlaceholder) else { source += text; continue }
                for s in text.unicodeScalars {
                    if isPlaceholder(s) { placeholder(.character(s), line: node.line) } else { source.unicodeScalars.append(s) }
                }
            case .element:
                placeholder(.element(node), line: node.line)
            case .comment:
                diagnostics.warning(node.line, "HTML comment is not imported: <!--\(node.text)-->")
            case .other:
                continue
            }
        }
        switch context {
        case .html:
            source = collapseWhitespace(source).trimmingCharacters(in: .whitespaces)
            guard !source.isEmpty else { return }
            // The marker makes cmark read the run as one paragraph, as HTML text is.
            source = String(Self.marker) + source
        case .markdown:
            source = dedent(source)
            guard !source.allSatisfy(\.isWhitespace) else { return }
        }
        let doc = CMark.parse(source)
        defer { cmark_node_free(doc) }
        let line = run.first?.line ?? 1
        restore(in: doc, elements: elements, line: line)
        CMark.moveChildren(from: doc, to: parent)
    }

    /// Puts the converted elements where their placeholders are, and keeps text literal
    /// where cmark saw HTML (it can only come from decoded entities).
    private func restore(in doc: OpaquePointer, elements: [Piece], line: Int) {
        CMark.walk(doc) { node in
            switch CMark.type(node) {
            case CMARK_NODE_TEXT:
                splitPlaceholders(node, elements: elements)
            case CMARK_NODE_HTML_INLINE:
                let text = CMark.text(CMark.literal(node))
                cmark_node_replace(node, text)
                cmark_node_free(node)
                splitPlaceholders(text, elements: elements)
            case CMARK_NODE_CODE, CMARK_NODE_CODE_BLOCK:
                let literal = CMark.literal(node)
                if literal.unicodeScalars.contains(where: isPlaceholder) {
                    cmark_node_set_literal(node, replacingPlaceholders(literal, elements: elements))
                }
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                for (get, set) in [(cmark_node_get_url, cmark_node_set_url), (cmark_node_get_title, cmark_node_set_title)] {
                    guard let value = get(node).map({ String(cString: $0) }),
                          value.unicodeScalars.contains(where: isPlaceholder) else { continue }
                    _ = set(node, replacingPlaceholders(value, elements: elements))
                }
            case CMARK_NODE_HTML_BLOCK:
                let literal = replacingPlaceholders(CMark.literal(node), elements: elements)
                let block = CMark.codeBlock(info: "text", literal)
                diagnostics.warning(line, "HTML in Markdown text is kept as a text block: \(snippet(literal))")
                cmark_node_replace(node, block)
                cmark_node_free(node)
            default:
                break
            }
        }
    }

    private func isPlaceholder(_ s: Unicode.Scalar) -> Bool {
        s == Self.marker || (s.value >= Self.placeholderBase && s.value < Self.placeholderBase + UInt32(Self.placeholderCapacity))
    }

    /// The piece a placeholder stands for (the marker stands for nothing).
    private func piece(_ s: Unicode.Scalar, in elements: [Piece]) -> Piece? {
        s == Self.marker ? nil : elements[Int(s.value - Self.placeholderBase)]
    }

    private func replacingPlaceholders(_ text: String, elements: [Piece]) -> String {
        var out = ""
        for s in text.unicodeScalars {
            guard isPlaceholder(s) else { out.unicodeScalars.append(s); continue }
            switch piece(s, in: elements) {
            case .element(let element): out += element.collapsedText
            case .character(let c): out.unicodeScalars.append(c)
            case nil: break
            }
        }
        return out
    }

    private func splitPlaceholders(_ node: OpaquePointer, elements: [Piece]) {
        let literal = CMark.literal(node)
        guard literal.unicodeScalars.contains(where: isPlaceholder) else { return }
        var pending = ""
        for s in literal.unicodeScalars {
            guard isPlaceholder(s) else { pending.unicodeScalars.append(s); continue }
            switch piece(s, in: elements) {
            case .character(let c):
                pending.unicodeScalars.append(c)
            case .element(let element):
                if !pending.isEmpty { cmark_node_insert_before(node, CMark.text(pending)); pending = "" }
                for inline in inlineNodes(element) { cmark_node_insert_before(node, inline) }
            case nil:
                continue
            }
        }
        if pending.isEmpty {
            cmark_node_unlink(node)
            cmark_node_free(node)
        } else {
            cmark_node_set_literal(node, pending)
        }
    }

    // MARK: - Inline elements

    /// New, unattached inline nodes for one element.
    func inlineNodes(_ element: HTMLNode) -> [OpaquePointer] {
        switch element.name {
        case "strong", "b":
            return [wrap(CMARK_NODE_STRONG, element)].compactMap { $0 }
        case "em", "i":
            return [wrap(CMARK_NODE_EMPH, element)].compactMap { $0 }
        case "a":
            guard let href = element.attribute("href"), !href.isEmpty else { return inlineChildren(element) }
            let link = CMark.new(CMARK_NODE_LINK)
            cmark_node_set_url(link, href)
            if let title = element.attribute("title") { cmark_node_set_title(link, title) }
            for child in inlineChildren(element) { cmark_node_append_child(link, child) }
            return [link]
        case "code", "tt":
            let text = collapseWhitespace(element.text)
            return text.isEmpty ? [] : [CMark.code(text)]
        case "br":
            return [CMark.new(CMARK_NODE_LINEBREAK)]
        case let name where Self.transparentInline.contains(name):
            return inlineChildren(element)
        default:
            diagnostics.warning(element.line, "<\(element.name)> cannot be written in Markdown; kept as inline code: \(snippet(element.html))")
            return [CMark.code(collapseWhitespace(element.html))]
        }
    }

    /// The element's children as inline nodes (one paragraph's worth).
    private func inlineChildren(_ element: HTMLNode) -> [OpaquePointer] {
        let holder = CMark.new(CMARK_NODE_DOCUMENT)
        defer { cmark_node_free(holder) }
        var run = element.children
        flush(&run, context: .html, into: holder)
        var out: [OpaquePointer] = []
        for block in CMark.children(holder) {
            if !out.isEmpty { out.append(CMark.text(" ")) }
            for inline in CMark.children(block) {
                cmark_node_unlink(inline)
                out.append(inline)
            }
        }
        return out
    }

    private func wrap(_ type: cmark_node_type, _ element: HTMLNode) -> OpaquePointer? {
        let children = inlineChildren(element)
        guard !children.isEmpty else { return nil }
        let node = CMark.new(type)
        children.forEach { cmark_node_append_child(node, $0) }
        return node
    }

    // MARK: - Block elements

    func convertBlock(_ element: HTMLNode, context: Context, into parent: OpaquePointer) {
        if Self.isGeneratedWidget(element) { return }
        switch element.name {
        case "p", "div", "section", "article", "main", "header", "footer", "figure", "center", "li", "dd", "dt", "dl":
            convertFlow(element.children, context: .html, into: parent)
        case "ul", "ol":
            cmark_node_append_child(parent, list(element))
        case "h1", "h2", "h3", "h4", "h5", "h6":
            let paragraph = CMark.new(CMARK_NODE_PARAGRAPH)
            if let strong = wrap(CMARK_NODE_STRONG, element) { cmark_node_append_child(paragraph, strong) }
            cmark_node_append_child(parent, paragraph)
        case "pre":
            let info = element.first { $0.name == "code" }?.attribute("class")?
                .split(separator: " ").first { $0.hasPrefix("language-") }.map { String($0.dropFirst(9)) } ?? ""
            cmark_node_append_child(parent, CMark.codeBlock(info: info, element.text))
        case "blockquote":
            let quote = CMark.new(CMARK_NODE_BLOCK_QUOTE)
            convertFlow(element.children, context: .html, into: quote)
            cmark_node_append_child(parent, quote)
        case "hr":
            cmark_node_append_child(parent, CMark.new(CMARK_NODE_THEMATIC_BREAK))
        case let name where Self.calloutNames[name] != nil:
            cmark_node_append_child(parent, callout(element, label: Self.calloutNames[name]!))
        default:
            keepVerbatim(element, into: parent)
        }
    }

    /// A callout inside a step: a block quote led by its kind in bold.
    func callout(_ element: HTMLNode, label: String) -> OpaquePointer {
        let quote = CMark.new(CMARK_NODE_BLOCK_QUOTE)
        convertFlow(element.children, context: .markdown, into: quote)
        let lead = CMark.new(CMARK_NODE_STRONG)
        cmark_node_append_child(lead, CMark.text(label + ":"))
        if let first = cmark_node_first_child(quote), CMark.type(first) == CMARK_NODE_PARAGRAPH {
            let space = CMark.text(" ")
            cmark_node_prepend_child(first, space)
            cmark_node_prepend_child(first, lead)
        } else {
            let paragraph = CMark.new(CMARK_NODE_PARAGRAPH)
            cmark_node_append_child(paragraph, lead)
            cmark_node_prepend_child(quote, paragraph)
        }
        return quote
    }

    private func list(_ element: HTMLNode) -> OpaquePointer {
        let list = CMark.new(CMARK_NODE_LIST)
        let ordered = element.name == "ol"
        cmark_node_set_list_type(list, ordered ? CMARK_ORDERED_LIST : CMARK_BULLET_LIST)
        if ordered {
            cmark_node_set_list_start(list, Int32(element.attribute("start").flatMap { Int($0) } ?? 1))
            cmark_node_set_list_delim(list, CMARK_PERIOD_DELIM)
        }
        cmark_node_set_list_tight(list, 1)
        for child in element.children {
            if child.isBlank || child.kind == .other { continue }
            if child.kind == .comment {
                diagnostics.warning(child.line, "HTML comment is not imported: <!--\(child.text)-->")
                continue
            }
            let item = CMark.new(CMARK_NODE_ITEM)
            if child.kind == .element && child.name == "li" {
                convertFlow(child.children, context: .html, into: item)
            } else {
                convertFlow([child], context: .html, into: item)
            }
            cmark_node_append_child(list, item)
        }
        return list
    }

    /// Content with no Markdown form: kept as a `text` code block and reported.
    func keepVerbatim(_ element: HTMLNode, into parent: OpaquePointer) {
        let html = element.html
        diagnostics.warning(element.line, "<\(element.name)> has no Markdown form; kept as a text block: \(snippet(html))")
        cmark_node_append_child(parent, CMark.codeBlock(info: "text", html))
    }
}

/// The first line of some content, shortened, for messages.
func snippet(_ text: String) -> String {
    let flat = collapseWhitespace(text).trimmingCharacters(in: .whitespaces)
    return flat.count > 80 ? String(flat.prefix(77)) + "…" : flat
}

/// Removes the indentation every non-blank line shares (MDX ignores it inside components).
func dedent(_ text: String) -> String {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let indents = lines.filter { !$0.allSatisfy(\.isWhitespace) }.map { $0.prefix { $0 == " " || $0 == "\t" }.count }
    let cut = indents.min() ?? 0
    return lines.map { $0.allSatisfy(\.isWhitespace) ? "" : String($0.dropFirst(cut)) }.joined(separator: "\n")
}
