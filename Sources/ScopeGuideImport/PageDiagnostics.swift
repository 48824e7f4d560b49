import ScopeGuideKit

/// The diagnostics of one imported page: HTML is read line by line, so each problem has a
/// line and no column (`page.html:12: warning: …`).
struct PageDiagnostics {
    let path: String
    private(set) var collected = Diagnostics()

    init(path: String) { self.path = path }

    mutating func error(_ line: Int, _ message: String) { collected.error(.line(line, of: path), message) }
    mutating func warning(_ line: Int, _ message: String) { collected.warning(.line(line, of: path), message) }

    var hasErrors: Bool { collected.hasErrors }
    var sorted: [Diagnostic] { collected.sorted.diagnostics }
}
