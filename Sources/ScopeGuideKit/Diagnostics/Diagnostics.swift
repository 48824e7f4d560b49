import Foundation

/// A place in a source file, 1-based, as compilers print it.
///
/// A line or column of 0 means "not known": the place is printed without it
/// (`site.yaml: error: …`, `page.md:12: warning: …`), and an empty path means the problem
/// belongs to no file at all (`error: …`).
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var column: Int

    public init(path: String, line: Int = 1, column: Int = 1) {
        self.path = path
        self.line = max(line, 1)
        self.column = max(column, 1)
    }

    private init(unchecked path: String, line: Int, column: Int) {
        (self.path, self.line, self.column) = (path, line, column)
    }

    /// A whole file or folder, with no line in it.
    public static func file(_ path: String) -> SourceLocation { SourceLocation(unchecked: path, line: 0, column: 0) }

    /// A line whose column is not known (the page importer reads HTML line by line).
    public static func line(_ line: Int, of path: String) -> SourceLocation {
        SourceLocation(unchecked: path, line: max(line, 1), column: 0)
    }

    /// No file: a problem with the command line or the machine.
    public static let none = SourceLocation(unchecked: "", line: 0, column: 0)

    public var description: String {
        guard line > 0 else { return path }
        return column > 0 ? "\(path):\(line):\(column)" : "\(path):\(line)"
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.path, a.line, a.column) < (b.path, b.line, b.column)
    }
}

/// One problem found by any stage of any command: where, how bad, what, and why.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// `note` is information, such as what an import kept or assumed.
    public enum Severity: String, Sendable { case error, warning, note }

    public var severity: Severity
    public var location: SourceLocation
    public var message: String
    /// A stable name for the kind of problem, when it has one (`check --format json` writes it).
    public var id: String?
    /// Further lines that explain the message (printed below it as `note: …`).
    public var notes: [String]

    public init(_ severity: Severity = .error, at location: SourceLocation, _ message: String,
                id: String? = nil, notes: [String] = []) {
        self.severity = severity
        self.location = location
        self.message = message
        self.id = id
        self.notes = notes
    }

    /// `path:line:col: error: message`, then one `path:line:col: note: …` line per note.
    public var description: String {
        let place = location.path.isEmpty ? "" : "\(location): "
        return ([place + "\(severity.rawValue): \(message)"] + notes.map { place + "note: \($0)" })
            .joined(separator: "\n")
    }
}

/// The one error every stage throws: the problems found, reported together, one per line.
/// It is also the value that collects them (`error(_:_:)`, `warning(_:_:)`) where one piece
/// of work owns the list; `DiagnosticSink` shares one across threads.
public struct Diagnostics: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic] = []) { self.diagnostics = diagnostics }

    public init(at location: SourceLocation, _ message: String, id: String? = nil) {
        self.diagnostics = [Diagnostic(at: location, message, id: id)]
    }

    /// A problem that belongs to no file.
    public init(_ message: String, id: String? = nil) {
        self.init(at: .none, message, id: id)
    }

    public mutating func error(_ location: SourceLocation, _ message: String, id: String? = nil) {
        diagnostics.append(Diagnostic(.error, at: location, message, id: id))
    }

    public mutating func warning(_ location: SourceLocation, _ message: String, id: String? = nil) {
        diagnostics.append(Diagnostic(.warning, at: location, message, id: id))
    }

    /// The same problems with `old` in their paths and messages shown as `new`: a check run in
    /// a scratch folder reports the paths the user knows.
    public func replacingPaths(_ old: String, with new: String) -> Diagnostics {
        func swap(_ text: String) -> String { text.replacingOccurrences(of: old, with: new) }
        return Diagnostics(diagnostics.map { d in
            var d = d
            d.location.path = swap(d.location.path)
            d.message = swap(d.message)
            d.notes = d.notes.map(swap)
            return d
        })
    }

    public static func + (a: Diagnostics, b: Diagnostics) -> Diagnostics { Diagnostics(a.diagnostics + b.diagnostics) }

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Sorted by place; problems at the same place keep the order they were found in.
    public var sorted: Diagnostics {
        Diagnostics(diagnostics.enumerated().sorted { ($0.element.location, $0.offset) < ($1.element.location, $1.offset) }
            .map(\.element))
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// `Diagnostics` shared by the threads that load connectors side by side.
final class DiagnosticSink: @unchecked Sendable {
    private let lock = NSLock()
    private var collected = Diagnostics()

    func error(_ location: SourceLocation, _ message: String) {
        lock.withLock { collected.error(location, message) }
    }

    func warning(_ location: SourceLocation, _ message: String) {
        lock.withLock { collected.warning(location, message) }
    }

    func add(_ diagnostics: Diagnostics) {
        lock.withLock { collected.diagnostics += diagnostics.diagnostics }
    }

    /// Moves another sink's diagnostics into this one.
    func merge(_ other: DiagnosticSink) {
        add(other.lock.withLock { other.collected })
    }

    var errorCount: Int { lock.withLock { collected.diagnostics.count { $0.severity == .error } } }

    var all: [Diagnostic] { lock.withLock { collected.sorted.diagnostics } }
    var errors: [Diagnostic] { all.filter { $0.severity == .error } }
    var warnings: [Diagnostic] { all.filter { $0.severity == .warning } }
}
