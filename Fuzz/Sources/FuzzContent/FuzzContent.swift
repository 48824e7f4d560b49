import ScopeGuideCore
@testable import ScopeGuideKit

/// The content loader's parsers on arbitrary bytes: the first part (up to a NUL byte) as
/// catalog.yaml, the rest as a Markdown section file with `guide` blocks and variables.
/// Any input must end in a value or diagnostics, never a trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let split = bytes.firstIndex(of: 0) ?? size
    let yaml = String(decoding: bytes[..<split], as: UTF8.self)
    let markdown = split < size ? String(decoding: bytes[(split + 1)...], as: UTF8.self) : ""
    let sink = DiagnosticSink()
    checkPlainYAML(yaml)
    let catalog = CatalogLoader.parse(yaml, path: "catalog.yaml", sink: sink)
    checkPlainActions(yaml, catalog: catalog, messages: sink.all.map(\.description))
    let variables = SectionFile.Variables(
        values: ["connectorName": "Acme <b>", "connectorKey": "acme", "provider": "Acme ID",
                 "redirectURI": "https://example.org/cb", "platformName": "P", "authMethod": "OAuth 2.0",
                 "guideTitle": "T"],
        credentialFields: ["Client ID", "Client Secret"])
    if let section = SectionFile.parse(markdown, path: "section.md", variables: variables, sink: sink) {
        precondition(!section.intro.html.contains("<script"), "raw HTML passed through cmark")
        for step in section.steps { precondition(!step.body.html.contains("<script"), "raw HTML passed through cmark") }
        // The export's Markdown, when taken from the source (`MarkdownSource`), must read back
        // to the page's HTML. A link reference definition anywhere sends a file through
        // cmark's own renderer instead (which does not read back in every corner), so the
        // same text with one appended tells the two apart.
        let rendered = SectionFile.parse(markdown + "\n\n[fuzz-unused]: /x\n", path: "section.md",
                                         variables: variables, sink: DiagnosticSink())
        if let rendered, rendered.steps.count == section.steps.count {
            for (ours, cmarks) in zip([section.intro] + section.steps.map(\.body), [rendered.intro] + rendered.steps.map(\.body))
            where ours.html == cmarks.html && ours.markdown != cmarks.markdown {
                precondition(MarkdownDocument(ours.markdown).html == ours.html, "exported Markdown reads differently: \(ours.markdown)")
            }
        }
    }
    for d in sink.all { precondition(d.location.line >= 1 && d.location.column >= 1) }
    return 0
}

/// Reading a catalog's actions straight from the nodes (the plain way, when they allow it)
/// must give what reading them entry by entry gives: the same catalog, the same messages.
func checkPlainActions(_ yaml: String, catalog: Catalog?, messages: [String]) {
    let sink = DiagnosticSink()
    let checked = CatalogLoader.parse(yaml, path: "catalog.yaml", sink: sink, plain: false)
    precondition(sink.all.map(\.description) == messages, "plain and entry-by-entry messages differ on \(yaml.debugDescription)")
    precondition(catalog?.actions == checked?.actions && catalog?.actionIndex == checked?.actionIndex
                 && catalog?.scopes == checked?.scopes, "plain and entry-by-entry catalogs differ on \(yaml.debugDescription)")
}

/// The plain YAML reader, when it takes a text, must read it exactly as libyaml does.
func checkPlainYAML(_ yaml: String) {
    var text = yaml
    guard let plain = text.withUTF8({ PlainYAML.read($0, file: YAMLFile.named("catalog.yaml")) }) else { return }
    let reference = try? YAMLParser.document(Array(yaml.utf8), path: "catalog.yaml")
    precondition(reference.map { same(plain, $0) } == true, "PlainYAML and libyaml differ on \(yaml.debugDescription)")
}

func same(_ a: YAMLNode, _ b: YAMLNode) -> Bool {
    guard a.line == b.line, a.column == b.column else { return false }
    switch (a.value, b.value) {
    case let (.scalar(x), .scalar(y)): return x == y
    case let (.sequence(x), .sequence(y)): return x.count == y.count && zip(x, y).allSatisfy(same)
    case let (.mapping(x), .mapping(y)):
        return x.count == y.count && zip(x, y).allSatisfy { same($0.key, $1.key) && same($0.value, $1.value) }
    default: return false
    }
}
