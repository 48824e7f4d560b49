import ScopeGuideCore

/// The guide URL parser and the selection engine on arbitrary bytes. Besides "no crash",
/// it checks the contract's round trip: parsing a generated URL gives back the selection.
private let catalog = Catalog(
    scopes: [Scope(name: "a"), Scope(name: "b", includes: ["a"]), Scope(name: "c", includes: ["b"]), Scope(name: "d")],
    actions: [
        Action(id: "x", label: "X", scopes: ["a"]), Action(id: "y,%", label: "Y <b>", scopes: ["b", "d"]),
        Action(id: "é z", label: "Zed", scopes: ["c"]), Action(id: "&q=1#", label: "Q", scopes: ["d"]),
    ])

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let parsed = GuideURL.parse("https://example.org/c/g/?" + text)
    let selection = Selection(catalog: catalog, actionIDs: parsed.actionIDs)
    _ = selection.scopeText(separator: parsed.separator, minimal: true)
    let url = GuideURL.make(baseURL: "https://example.org", connector: "c", guide: "g",
                            selection: selection, separator: parsed.separator)
    let again = Selection(catalog: catalog, actionIDs: GuideURL.parse(url).actionIDs)
    precondition(again.actionIDs == selection.actionIDs, "URL round trip lost the selection: \(url)")
    precondition(GuideURL.parse(url).separator == parsed.separator, "URL round trip lost the separator: \(url)")
    precondition(GuideURL.decode(GuideURL.encode(text)) == text, "encode/decode is not an inverse")
    return 0
}
