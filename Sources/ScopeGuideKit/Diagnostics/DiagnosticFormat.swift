/// How `scopeguide check` prints its diagnostics: the one place that turns a diagnostic list
/// into text, GitHub workflow commands or JSON.
public enum DiagnosticFormat: String, Sendable, CaseIterable {
    /// `path:line:col: error: message`, one per line (the default).
    case text
    /// GitHub Actions workflow commands: `::error file=…,line=…,col=…::message`, which the
    /// runner turns into annotations on the pull request's changed lines.
    case github
    /// One JSON array of `{"severity", "id"?, "file", "line", "column", "message"}`.
    case json

    /// The whole report, ending with a line break unless empty (text and github print nothing
    /// for no diagnostics; json prints `[]`).
    ///
    /// - Parameter relativeTo: a folder (normally the working directory): paths below it are
    ///   written relative to it, as GitHub expects paths from the repository root.
    public func render(_ diagnostics: [Diagnostic], relativeTo base: String? = nil) -> String {
        func file(_ d: Diagnostic) -> String { Self.relative(d.location.path, to: base) }
        switch self {
        case .text:
            return diagnostics.map { "\($0)\n" }.joined()
        case .github:
            return diagnostics.map { d in
                "::\(d.severity.rawValue) file=\(Self.githubProperty(file(d))),line=\(d.location.line),col=\(d.location.column)::\(Self.githubData(d.message))\n"
            }.joined()
        case .json:
            var json = JSONWriter(pretty: true)
            json.array { json in
                for d in diagnostics {
                    json.object { o in
                        o.field("severity", d.severity.rawValue)
                        if let id = d.id { o.field("id", id) }
                        o.field("file", file(d))
                        o.key("line"); o.number(d.location.line)
                        o.key("column"); o.number(d.location.column)
                        o.field("message", d.message)
                    }
                }
            }
            json.newlineAtEnd()
            return json.text
        }
    }

    /// A workflow command's message (GitHub's `escapeData`): `%`, CR and LF percent-encoded.
    public static func githubData(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// A workflow command's property value (GitHub's `escapeProperty`): as data, plus `:` and `,`.
    public static func githubProperty(_ s: String) -> String {
        var out = ""
        for ch in githubData(s).unicodeScalars {
            switch ch {
            case ":": out += "%3A"
            case ",": out += "%2C"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    static func relative(_ path: String, to base: String?) -> String {
        guard var base, !base.isEmpty, path.hasPrefix("/") else { return path }
        if !base.hasSuffix("/") { base += "/" }
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }
}

extension RenderError {
    /// The template problem as a diagnostic, for `check`'s formats.
    public var diagnostic: Diagnostic {
        switch self {
        case let .template(path, line, column, message):
            Diagnostic(.error, at: SourceLocation(path: path, line: line, column: column), message)
        case let .missingTemplate(path): Diagnostic(.error, at: SourceLocation(path: path), "missing layout template")
        case let .missingAsset(path): Diagnostic(.error, at: SourceLocation(path: path), "missing asset")
        }
    }
}
