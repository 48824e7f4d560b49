import Ccmark
#if canImport(Glibc)
import Glibc
#endif

/// A CommonMark document parsed by cmark. Owns the root node.
///
/// Content is rendered in cmark's safe mode: raw HTML is never emitted and `javascript:`-style
/// links are dropped. Loaders reject raw HTML outright so authors learn about it.
final class MarkdownDocument {
    let root: OpaquePointer

    init(_ text: String) {
        root = text.withCString { cmark_parse_document($0, strlen($0), CMARK_OPT_DEFAULT) }
    }

    deinit { cmark_node_free(root) }

    /// Top-level blocks, in order.
    var blocks: [MarkdownNode] { MarkdownNode(root).children }

    /// Every node, depth first (entering events only).
    func walk(_ visit: (MarkdownNode) -> Void) {
        let iter = cmark_iter_new(root)
        defer { cmark_iter_free(iter) }
        while true {
            let event = cmark_iter_next(iter)
            if event == CMARK_EVENT_DONE { break }
            if event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iter) { visit(MarkdownNode(node)) }
        }
    }

    /// The whole document as HTML (safe mode).
    var html: String { Self.take(cmark_render_html(root, CMARK_OPT_DEFAULT)) }

    /// Merges adjacent text nodes so a `{{variable}}` is never split across nodes.
    func consolidateText() { cmark_consolidate_text_nodes(root) }

    /// Renders a run of top-level blocks by moving them under a fresh document node.
    /// The blocks leave this document; render each run once. `commonMark: false` leaves
    /// `markdown` empty for callers that have it from the source (`MarkdownSource`).
    static func render(_ blocks: [MarkdownNode], commonMark: Bool = true) -> RenderedBlocks {
        guard !blocks.isEmpty else { return RenderedBlocks(html: "", markdown: "") }
        let doc = cmark_node_new(CMARK_NODE_DOCUMENT)!
        defer { cmark_node_free(doc) }
        for block in blocks { cmark_node_append_child(doc, block.pointer) }
        return RenderedBlocks(html: take(cmark_render_html(doc, CMARK_OPT_DEFAULT)),
                              markdown: commonMark ? take(cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 0)) : "")
    }

    /// Renders a single inline run (a callout's text) without the wrapping paragraph.
    static func renderText(_ text: String) -> RenderedBlocks {
        let doc = MarkdownDocument(text)
        return render(doc.blocks)
    }

    private static func take(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}

struct RenderedBlocks {
    var html: String
    var markdown: String
}

/// A borrowed view of one cmark node; valid while its document lives.
struct MarkdownNode {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) { self.pointer = pointer }

    var type: cmark_node_type { cmark_node_get_type(pointer) }

    /// Raw HTML, block or inline: content must not carry it.
    var isRawHTML: Bool { type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE }
    static let rawHTMLError = "raw HTML is not allowed in Markdown content; use Markdown syntax"
    var line: Int { Int(cmark_node_get_start_line(pointer)) }
    var endLine: Int { Int(cmark_node_get_end_line(pointer)) }
    var column: Int { Int(cmark_node_get_start_column(pointer)) }
    var headingLevel: Int { Int(cmark_node_get_heading_level(pointer)) }

    var literal: String? {
        get { cmark_node_get_literal(pointer).map { String(cString: $0) } }
        nonmutating set { _ = cmark_node_set_literal(pointer, newValue) }
    }

    var url: String? {
        get { cmark_node_get_url(pointer).map { String(cString: $0) } }
        nonmutating set { _ = cmark_node_set_url(pointer, newValue) }
    }

    var title: String? {
        get { cmark_node_get_title(pointer).map { String(cString: $0) } }
        nonmutating set { _ = cmark_node_set_title(pointer, newValue) }
    }

    /// Whether the literal holds `needle`, checked on cmark's own bytes: most text nodes
    /// hold no placeholder, and making a Swift string of each cost more than the check.
    func literalContains(_ needle: String) -> Bool {
        guard let text = cmark_node_get_literal(pointer) else { return false }
        return strstr(text, needle) != nil
    }

    /// The first leaf below this node in document order, if it has children.
    var firstLeaf: MarkdownNode? {
        var node = pointer
        while let child = cmark_node_first_child(node) { node = child }
        return node == pointer ? nil : MarkdownNode(node)
    }

    var fenceInfo: String { cmark_node_get_fence_info(pointer).map { String(cString: $0) } ?? "" }

    var children: [MarkdownNode] {
        var out: [MarkdownNode] = []
        var child = cmark_node_first_child(pointer)
        while let c = child {
            out.append(MarkdownNode(c))
            child = cmark_node_next(c)
        }
        return out
    }

    /// The node's text with markup removed (for titles).
    var plainText: String {
        switch type {
        case CMARK_NODE_TEXT, CMARK_NODE_CODE: return literal ?? ""
        case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: return " "
        default: return children.map(\.plainText).joined()
        }
    }

    /// Replaces this node with a bulleted list of bold items, and returns the list.
    @discardableResult
    func replaceWithBoldList(_ items: [String]) -> OpaquePointer {
        let list = cmark_node_new(CMARK_NODE_LIST)!
        cmark_node_set_list_type(list, CMARK_BULLET_LIST)
        cmark_node_set_list_tight(list, 1)
        for item in items {
            let li = cmark_node_new(CMARK_NODE_ITEM)!
            let paragraph = cmark_node_new(CMARK_NODE_PARAGRAPH)!
            let strong = cmark_node_new(CMARK_NODE_STRONG)!
            let text = cmark_node_new(CMARK_NODE_TEXT)!
            cmark_node_set_literal(text, item)
            cmark_node_append_child(strong, text)
            cmark_node_append_child(paragraph, strong)
            cmark_node_append_child(li, paragraph)
            cmark_node_append_child(list, li)
        }
        cmark_node_replace(pointer, list)
        cmark_node_free(pointer)
        return list
    }

    /// The top-level block this node belongs to (below the document `root`).
    func topLevel(below root: OpaquePointer) -> OpaquePointer {
        var node = pointer
        while let parent = cmark_node_parent(node), parent != root { node = parent }
        return node
    }
}
