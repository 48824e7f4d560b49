import Foundation

/// A place in a content file, 1-based, as compilers print it.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var column: Int

    public init(path: String, line: Int = 1, column: Int = 1) {
        self.path = path
        self.line = max(line, 1)
        self.column = max(column, 1)
    }

    public var description: String { "\(path):\(line):\(column)" }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.path, a.line, a.column) < (b.path, b.line, b.column)
    }
}

public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable { case error, warning }

    public var location: SourceLocation
    public var severity: Severity
    public var message: String
    /// A stable name for the kind of problem, when it has one (`check --format json` writes it).
    public var id: String?

    public init(_ severity: Severity = .error, at location: SourceLocation, _ message: String, id: String? = nil) {
        self.severity = severity
        self.location = location
        self.message = message
        self.id = id
    }

    public var description: String { "\(location): \(severity.rawValue): \(message)" }
}

/// Every error a run found, reported together (`path:line:col: error: …`, one per line).
public struct ContentError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    public init(at location: SourceLocation, _ message: String) {
        self.diagnostics = [Diagnostic(at: location, message)]
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Collects diagnostics while loading so that one run reports every problem at once.
final class DiagnosticSink: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Diagnostic] = []

    func error(_ location: SourceLocation, _ message: String) {
        lock.withLock { items.append(Diagnostic(.error, at: location, message)) }
    }

    func warning(_ location: SourceLocation, _ message: String) {
        lock.withLock { items.append(Diagnostic(.warning, at: location, message)) }
    }

    /// Moves another sink's diagnostics into this one.
    func merge(_ other: DiagnosticSink) {
        let moved = other.lock.withLock { other.items }
        guard !moved.isEmpty else { return }
        lock.withLock { items += moved }
    }

    var errorCount: Int { lock.withLock { items.count { $0.severity == .error } } }

    var all: [Diagnostic] { lock.withLock { items.sorted { $0.location < $1.location } } }
    var errors: [Diagnostic] { all.filter { $0.severity == .error } }
    var warnings: [Diagnostic] { all.filter { $0.severity == .warning } }
}
