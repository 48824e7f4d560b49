/// A problem found while importing, with the page line it concerns.
public struct ImportDiagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    public var path: String
    public var line: Int
    public var severity: Severity
    public var message: String

    public init(_ severity: Severity, path: String, line: Int, _ message: String) {
        self.severity = severity
        self.path = path
        self.line = max(line, 1)
        self.message = message
    }

    /// `path:line: warning: message`, as compilers print it.
    public var description: String { "\(path):\(line): \(severity.rawValue): \(message)" }
}

/// Collects diagnostics for one page; values only, one importer per page.
struct DiagnosticList {
    let path: String
    private(set) var items: [ImportDiagnostic] = []

    init(path: String) { self.path = path }

    mutating func error(_ line: Int, _ message: String) { items.append(.init(.error, path: path, line: line, message)) }
    mutating func warning(_ line: Int, _ message: String) { items.append(.init(.warning, path: path, line: line, message)) }

    var hasErrors: Bool { items.contains { $0.severity == .error } }
    var sorted: [ImportDiagnostic] {
        items.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
    }
}
