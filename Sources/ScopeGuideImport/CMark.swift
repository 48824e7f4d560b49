import Ccmark
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Small helpers over cmark's node API. The importer builds a cmark tree for every Markdown
/// file it writes and lets cmark's CommonMark renderer do all escaping.
enum CMark {
    static func new(_ type: cmark_node_type) -> OpaquePointer { cmark_node_new(type)! }

    static func text(_ literal: String) -> OpaquePointer {
        let node = new(CMARK_NODE_TEXT)
        cmark_node_set_literal(node, literal)
        return node
    }

    static func code(_ literal: String) -> OpaquePointer {
        let node = new(CMARK_NODE_CODE)
        cmark_node_set_literal(node, literal)
        return node
    }

    static func codeBlock(info: String, _ literal: String) -> OpaquePointer {
        let node = new(CMARK_NODE_CODE_BLOCK)
        cmark_node_set_fence_info(node, info)
        cmark_node_set_literal(node, literal.hasSuffix("\n") ? literal : literal + "\n")
        return node
    }

    static func heading(_ level: Int, _ title: String) -> OpaquePointer {
        let node = new(CMARK_NODE_HEADING)
        cmark_node_set_heading_level(node, Int32(level))
        cmark_node_append_child(node, text(title))
        return node
    }

    static func parse(_ source: String) -> OpaquePointer {
        source.withCString { cmark_parse_document($0, strlen($0), CMARK_OPT_DEFAULT) }
    }

    static func children(_ node: OpaquePointer) -> [OpaquePointer] {
        var out: [OpaquePointer] = []
        var child = cmark_node_first_child(node)
        while let c = child {
            out.append(c)
            child = cmark_node_next(c)
        }
        return out
    }

    static func type(_ node: OpaquePointer) -> cmark_node_type { cmark_node_get_type(node) }

    static func literal(_ node: OpaquePointer) -> String {
        cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
    }

    /// Moves every child of `from` to the end of `to`.
    static func moveChildren(from: OpaquePointer, to: OpaquePointer) {
        for child in children(from) {
            cmark_node_unlink(child)
            cmark_node_append_child(to, child)
        }
    }

    /// Text with markup removed.
    static func plainText(_ node: OpaquePointer) -> String {
        switch type(node) {
        case CMARK_NODE_TEXT, CMARK_NODE_CODE, CMARK_NODE_HTML_INLINE: return literal(node)
        case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: return " "
        default: return children(node).map(plainText).joined()
        }
    }

    /// CommonMark for a document node, without line wrapping.
    static func render(_ document: OpaquePointer) -> String {
        guard let chars = cmark_render_commonmark(document, CMARK_OPT_DEFAULT, 0) else { return "" }
        defer { free(chars) }
        return String(cString: chars)
    }

    /// CommonMark for some blocks (moved under a fresh document and freed with it).
    static func render(blocks: [OpaquePointer]) -> String {
        let doc = new(CMARK_NODE_DOCUMENT)
        defer { cmark_node_free(doc) }
        for block in blocks {
            cmark_node_unlink(block)
            cmark_node_append_child(doc, block)
        }
        return render(doc)
    }

    /// Every node below `node` (and itself), depth first.
    static func walk(_ node: OpaquePointer, _ visit: (OpaquePointer) -> Void) {
        let iter = cmark_iter_new(node)
        defer { cmark_iter_free(iter) }
        var nodes: [OpaquePointer] = []
        while true {
            let event = cmark_iter_next(iter)
            if event == CMARK_EVENT_DONE { break }
            if event == CMARK_EVENT_ENTER, let n = cmark_iter_get_node(iter) { nodes.append(n) }
        }
        nodes.forEach(visit)
    }
}
