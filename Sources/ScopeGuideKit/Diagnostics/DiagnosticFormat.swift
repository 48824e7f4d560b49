/// How `scopeguide check` prints its diagnostics: the one place that turns a diagnostic list
/// into text, GitHub workflow commands or JSON.
public enum DiagnosticFormat: String, Sendable, CaseIterable {
    /// `path:line:col: error: message`, one per line (the default).
    case text
    /// GitHub Actions workflow commands: `::error file=…,line=…,col=…::message`, which the
    /// runner turns into annotations on the pull request's changed lines.
    case github
    /// One JSON array of `{"severity", "id"?, "file", "line", "column", "message", "notes"?}`;
    /// line and column are 0 when not known.
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
                var properties: [String] = []
                if !d.location.path.isEmpty { properties.append("file=\(Self.githubProperty(file(d)))") }
                if d.location.line > 0 { properties.append("line=\(d.location.line)") }
                if d.location.column > 0 { properties.append("col=\(d.location.column)") }
                let message = ([d.message] + d.notes).joined(separator: "\n")
                let command = d.severity == .note ? "notice" : d.severity.rawValue
                let head = properties.isEmpty ? command : command + " " + properties.joined(separator: ",")
                return "::\(head)::\(Self.githubData(message))\n"
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
                        if !d.notes.isEmpty { o.field("notes", strings: d.notes) }
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
