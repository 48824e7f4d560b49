import Clibxml2
import Foundation

/// A page parsed by libxml2's HTML parser (recovering, no network, errors muted: the
/// preprocessor has already checked the structure and reports problems itself).
final class HTMLDocument {
    private let doc: htmlDocPtr

    private static let initialized: Bool = { xmlInitParser(); return true }()

    init?(html: String) {
        _ = Self.initialized
        // libxml2 would print recoverable errors (such as unknown tags) to stderr.
        xmlSetStructuredErrorFunc(nil, { _, _ in })
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        let options = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue
                            | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue)
        let parsed: htmlDocPtr? = html.withCString { chars in
            htmlReadMemory(chars, Int32(strlen(chars)), "page.html", "UTF-8", options)
        }
        guard let parsed else { return nil }
        doc = parsed
    }

    deinit { xmlFreeDoc(doc) }

    /// `<body>`, where the page's content ends up.
    var body: HTMLNode? {
        guard let root = xmlDocGetRootElement(doc) else { return nil }
        let html = HTMLNode(root, owner: self)
        if html.name == "body" { return html }
        return html.elements.first { $0.name == "body" } ?? html
    }
}

/// A borrowed libxml2 node; it keeps its document alive.
struct HTMLNode {
    enum Kind { case element, text, comment, other }

    let pointer: xmlNodePtr
    let owner: HTMLDocument

    init(_ pointer: xmlNodePtr, owner: HTMLDocument) {
        self.pointer = pointer
        self.owner = owner
    }

    var kind: Kind {
        switch pointer.pointee.type {
        case XML_ELEMENT_NODE: .element
        case XML_TEXT_NODE, XML_CDATA_SECTION_NODE: .text
        case XML_COMMENT_NODE: .comment
        default: .other
        }
    }

    /// Lower-case element name (the HTML parser folds case: `<Step>` is `step`).
    var name: String { pointer.pointee.name.map { String(cString: $0) } ?? "" }

    /// The line the node starts on. libxml2 numbers a text node by the line it ends on.
    var line: Int {
        let end = Int(xmlGetLineNo(pointer))
        guard kind == .text else { return end }
        return max(1, end - text.utf8.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 })
    }

    var children: [HTMLNode] {
        var out: [HTMLNode] = []
        var child = pointer.pointee.children
        while let c = child {
            out.append(HTMLNode(c, owner: owner))
            child = c.pointee.next
        }
        return out
    }

    var elements: [HTMLNode] { children.filter { $0.kind == .element } }

    func attribute(_ name: String) -> String? {
        guard xmlHasProp(pointer, name) != nil else { return nil }
        guard let value = xmlGetProp(pointer, name) else { return "" }
        defer { sg_xml_free(value) }
        return String(cString: value)
    }

    func has(_ name: String) -> Bool { xmlHasProp(pointer, name) != nil }

    /// All text below this node, entities decoded.
    var text: String {
        guard let content = xmlNodeGetContent(pointer) else { return "" }
        defer { sg_xml_free(content) }
        return String(cString: content)
    }

    /// Text with HTML white space collapsed and trimmed.
    var collapsedText: String { collapseWhitespace(text).trimmingCharacters(in: .whitespaces) }

    /// The node written back as HTML, for content kept verbatim.
    var html: String {
        guard let buffer = xmlBufferCreate() else { return text }
        defer { xmlBufferFree(buffer) }
        _ = htmlNodeDump(buffer, pointer.pointee.doc, pointer)
        guard let content = xmlBufferContent(buffer) else { return "" }
        return String(cString: content)
    }

    /// The first descendant (or self) that matches, depth first.
    func first(where match: (HTMLNode) -> Bool) -> HTMLNode? {
        if kind == .element && match(self) { return self }
        for child in elements {
            if let found = child.first(where: match) { return found }
        }
        return nil
    }

    /// Every element below this one (not self), depth first.
    func descendants(where match: (HTMLNode) -> Bool) -> [HTMLNode] {
        var out: [HTMLNode] = []
        for child in elements {
            if match(child) { out.append(child) }
            out += child.descendants(where: match)
        }
        return out
    }

    var isBlank: Bool { kind == .text && text.allSatisfy(\.isWhitespace) }
}

/// HTML white space rules: every run of spaces, tabs and newlines is one space.
func collapseWhitespace(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    var inSpace = false
    for scalar in text.unicodeScalars {
        if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{0C}" {
            if !inSpace { out.unicodeScalars.append(" ") }
            inSpace = true
        } else {
            out.unicodeScalars.append(scalar)
            inSpace = false
        }
    }
    return out
}

/// A comma-separated attribute value as a list (`""` is empty).
func scopeList(_ value: String?) -> [String] {
    (value ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}
