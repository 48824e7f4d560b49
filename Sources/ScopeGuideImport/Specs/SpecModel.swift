import Foundation
import ScopeGuideKit

/// What an importer makes of an API description: the catalog facts the source states, before
/// a person's curation is merged in (`ImportMerge`).
public struct SpecScope: Equatable, Sendable {
    public var name: String
    public var description: String?
    public var includes: [String]
    /// `includes` guessed from the source (Discovery), written with a `# inferred: review` comment.
    public var includesInferred: Bool
    public var adminConsent: Bool?
    public var privilege: Int?

    public init(name: String, description: String? = nil, includes: [String] = [], includesInferred: Bool = false,
                adminConsent: Bool? = nil, privilege: Int? = nil) {
        self.name = name
        self.description = description
        self.includes = includes
        self.includesInferred = includesInferred
        self.adminConsent = adminConsent
        self.privilege = privilege
    }
}

public struct SpecAction: Equatable, Sendable {
    /// What identifies the operation in its source (operationId, method id, Graph action id,
    /// Nango name): the key `import.yaml` records it under.
    public var key: String
    public var id: String
    public var label: String
    public var description: String?
    /// Any one alternative suffices; each alternative's scopes are all needed. Order = preference.
    public var alternatives: [[String]]

    public init(key: String, id: String, label: String, description: String? = nil, alternatives: [[String]]) {
        self.key = key
        self.id = id
        self.label = label
        self.description = description
        self.alternatives = alternatives
    }
}

public struct SpecCatalog: Equatable, Sendable {
    public var scopes: [SpecScope]
    public var actions: [SpecAction]

    public init(scopes: [SpecScope] = [], actions: [SpecAction] = []) {
        self.scopes = scopes
        self.actions = actions
    }

    public func scope(_ name: String) -> SpecScope? { scopes.first { $0.name == name } }
    public func action(id: String) -> SpecAction? { actions.first { $0.id == id } }
}

/// The kinds of source `scopeguide import` reads.
public enum SpecKind: String, CaseIterable, Sendable {
    case openapi, discovery, graph, nango
}

/// Problems found while importing are located (`path:line:col`) where the format allows,
/// else by JSON pointer (`path: #/paths/~1x/get: …`).
extension Diagnostics {
    mutating func error(_ node: YAMLNode?, path: String, _ message: String) {
        error(node?.sourceLocation ?? .file(path), message)
    }

    mutating func warning(_ node: YAMLNode?, path: String, _ message: String) {
        warning(node?.sourceLocation ?? .file(path), message)
    }
}

/// Common options of the spec importers.
public struct SpecOptions: Sendable {
    public var connector: String
    /// OpenAPI: the OAuth2 security scheme; Graph: the permission scheme (DelegatedWork…).
    public var scheme: String?
    /// Graph: the actions file (id, label, method, path).
    public var actionsFile: String?

    public init(connector: String, scheme: String? = nil, actionsFile: String? = nil) {
        self.connector = connector
        self.scheme = scheme
        self.actionsFile = actionsFile
    }
}

/// One importer per kind; each reads an already parsed tree.
public enum SpecImporter {
    public static func run(_ kind: SpecKind, root: YAMLNode, path: String, options: SpecOptions) -> (SpecCatalog, Diagnostics) {
        switch kind {
        case .openapi:
            var importer = OpenAPIImporter(root: root, path: path, options: options)
            return importer.run()
        case .discovery:
            var importer = DiscoveryImporter(root: root, path: path, options: options)
            return importer.run()
        case .graph:
            var importer = GraphImporter(root: root, path: path, options: options)
            return importer.run()
        case .nango:
            var importer = NangoImporter(root: root, path: path, options: options)
            return importer.run()
        }
    }

    /// Reads and imports a spec file; errors (unreadable, malformed) come back as problems.
    public static func run(_ kind: SpecKind, file: String, options: SpecOptions) -> (SpecCatalog, Diagnostics) {
        do {
            let root = try YAMLNode.readSpec(path: file)
            return run(kind, root: root, path: file, options: options)
        } catch {
            return (SpecCatalog(), Diagnostics(error.diagnostics))
        }
    }
}

/// Ids and labels from source names.
public enum SpecNames {
    /// `chat.postMessage`, `chatPostMessage`, `chat-post message`, `getHTTPResponse` →
    /// `chat_post_message`, …, `get_http_response`.
    public static func snakeCase(_ s: String) -> String {
        var out = ""
        let chars = Array(s)
        for (i, c) in chars.enumerated() {
            if c.isLetter || c.isNumber {
                if c.isUppercase {
                    let prev = i > 0 ? chars[i - 1] : nil
                    let next = i + 1 < chars.count ? chars[i + 1] : nil
                    let boundary = prev.map { ($0.isLowercase || $0.isNumber) } ?? false
                        || (prev?.isUppercase == true && next?.isLowercase == true)
                    if boundary, !out.isEmpty, !out.hasSuffix("_") { out += "_" }
                }
                out += c.lowercased()
            } else if !out.isEmpty, !out.hasSuffix("_") {
                out += "_"
            }
        }
        while out.hasSuffix("_") { out.removeLast() }
        return out
    }

    /// `chat_post_message` → `Chat Post Message`.
    public static func humanise(_ id: String) -> String {
        snakeCase(id).split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
    }

    /// The first sentence of a description, on one line, without its final period.
    public static func firstSentence(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ").trimmingCharacters(in: .whitespaces)
        var end = line.endIndex
        var i = line.startIndex
        while i < line.endIndex {
            let next = line.index(after: i)
            if line[i] == "." && (next == line.endIndex || line[next] == " ") { end = i; break }
            i = next
        }
        return String(line[..<end]).trimmingCharacters(in: .whitespaces)
    }

    /// One line of text for a YAML value (descriptions are often multi-line Markdown).
    public static func oneLine(_ text: String?) -> String? {
        guard let text else { return nil }
        let line = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
        return line.isEmpty ? nil : line
    }

    /// RFC 6901 escaping of one JSON-pointer token.
    public static func pointerToken(_ s: String) -> String {
        s.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
