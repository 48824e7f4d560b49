import ScopeGuideImport

/// `import`'s page reader (JSX pre-processing, libxml2, cmark) on arbitrary bytes: any page
/// ends in files or diagnostics with a line number, never a trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let conversion = PageImporter.convert(text, path: "page.mdx")
    for d in conversion.diagnostics { precondition(d.location.line >= 1, "diagnostic without a line: \(d)") }
    return 0
}
