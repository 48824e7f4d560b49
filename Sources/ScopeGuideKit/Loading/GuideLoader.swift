import Ccmark
import Foundation
import ScopeGuideCore

/// Reads one guide folder: `guide.yaml` and the section files it lists.
enum GuideLoader {
    struct Context: Sendable {
        var connectorKey: String
        var connectorName: String
        var provider: String
        var redirectURI: String
        var platform: String
        var catalog: Catalog
        var paths: ContentPaths
        /// False when the catalog failed to load: scope names cannot be checked then.
        var checkScopes = true
        /// Shared step templates, read once per load instead of once per connector.
        var stepTemplates = SharedFiles()
    }

    static let defaultCredentials = ["Client ID", "Client Secret"]

    static func load(key: String, directory: String, context: Context, sink: DiagnosticSink) -> Guide? {
        let before = sink.errorCount
        guard let map = readMapping(join(directory, "guide.yaml"), what: "guide.yaml",
                                    allowed: ["title", "authMethod", "summary", "credentials", "callouts", "sections"],
                                    sink: sink) else { return nil }
        let title = map.string("title", required: true) ?? key
        let authMethod = map.string("authMethod") ?? "OAuth 2.0"
        let credentials = map.strings("credentials")?.values ?? defaultCredentials

        var callouts: [Callout] = []
        for entry in map.mappings("callouts", allowed: ["type", "text"], what: "a callout") {
            let typeName = entry.string("type") ?? "note"
            guard let kind = CalloutKind(rawValue: typeName) else {
                sink.error(entry.location(of: "type"), "unknown callout type '\(typeName)' (expected warning, note or tip)")
                continue
            }
            guard let text = entry.string("text", required: true) else { continue }
            if let rendered = renderInline(text, at: entry.location(of: "text"), sink: sink) {
                callouts.append(Callout(kind: kind, text: rendered))
            }
        }

        let variables = SectionFile.Variables(
            values: ["connectorName": context.connectorName, "connectorKey": context.connectorKey,
                     "provider": context.provider, "redirectURI": context.redirectURI,
                     "platformName": context.platform, "authMethod": authMethod, "guideTitle": title],
            credentialFields: credentials)

        var sections: [Section] = []
        guard let list = map.value("sections") else {
            sink.error(map.location, "missing required key 'sections'")
            return nil
        }
        guard case .sequence(let items) = list.value else {
            sink.error(list.location, "'sections' must be a list, found \(list.kindName)")
            return nil
        }
        if items.isEmpty { sink.error(list.location, "'sections' is empty; a guide needs at least one section") }
        for node in items {
            guard let (path, base) = sectionPath(node, directory: directory, context: context, sink: sink) else { continue }
            let read = base == directory ? SharedFiles.read(path, inside: base)
                : context.stepTemplates.read(path, inside: base)
            let text: String
            switch read {
            case .text(let found):
                text = found
            case .missing:
                sink.error(node.location, "section file '\(path)' not found")
                continue
            case .outside:
                sink.error(node.location, "section file '\(path)' is a link to outside its folder")
                continue
            case .failed(let error):
                error.diagnostics.forEach { sink.error($0.location, $0.message) }
                continue
            }
            guard let file = SectionFile.parse(text, path: path, variables: variables, sink: sink) else { continue }
            sections.append(resolve(file, catalog: context.catalog, check: context.checkScopes, sink: sink))
        }
        guard sink.errorCount == before else { return nil }
        return Guide(key: key, title: title, authMethod: authMethod, summary: map.string("summary") ?? "",
                     credentials: credentials, callouts: callouts, sections: sections)
    }

    /// A section entry is a file name in the guide folder or `template: name` from Templates/steps.
    private static func sectionPath(_ node: YAMLNode, directory: String, context: Context,
                                    sink: DiagnosticSink) -> (path: String, base: String)? {
        let name: String
        let base: String
        switch node.value {
        case .scalar(let text):
            (name, base) = (text, directory)
        case .mapping:
            guard let map = YAMLMapping(node, allowed: ["template", "file"], sink: sink, what: "a section entry") else { return nil }
            if let template = map.string("template") {
                (name, base) = (template, context.paths.stepTemplatesDirectory)
            } else if let file = map.string("file") {
                (name, base) = (file, directory)
            } else {
                sink.error(node.location, "a section entry needs 'file' or 'template'")
                return nil
            }
        default:
            sink.error(node.location, "a section entry must be a file name or 'template: name'")
            return nil
        }
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard !name.isEmpty, !name.hasPrefix("/"), !parts.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }) else {
            sink.error(node.location, "section path '\(name)' must stay inside its folder (no '..', no absolute paths)")
            return nil
        }
        return (join(base, name), base)
    }

    /// Turns `all` and scope names into catalog scopes, reporting unknown names where written.
    private static func resolve(_ file: SectionFile, catalog: Catalog, check: Bool, sink: DiagnosticSink) -> Section {
        func scopes(_ spec: ScopeListSpec?) -> [String] {
            switch spec {
            case nil, .adminConsent: return []
            case .all: return catalog.scopeNames
            case .names(let names):
                for (name, at) in names where check && catalog.scopeIndex[name] == nil {
                    sink.error(at, "unknown scope '\(name)' (not in this connector's catalog.yaml)")
                }
                return catalog.ordered(names.map(\.0))
            }
        }
        func isAdminConsent(_ spec: ScopeListSpec?) -> Bool {
            if case .adminConsent? = spec { return true }
            return false
        }
        let steps = file.steps.map { part in
            Step(title: part.title, body: part.body, condition: scopes(part.annotation.when),
                 displayScopes: scopes(part.annotation.scopes), badgeScopes: scopes(part.annotation.badge),
                 whenAdminConsent: isAdminConsent(part.annotation.when))
        }
        return Section(title: file.title, intro: file.intro, condition: scopes(file.annotation.when), steps: steps,
                       whenAdminConsent: isAdminConsent(file.annotation.when))
    }

    private static func renderInline(_ text: String, at: SourceLocation, sink: DiagnosticSink) -> RenderedMarkdown? {
        let doc = MarkdownDocument(text)
        var ok = true
        doc.walk { node in
            if node.isRawHTML {
                sink.error(at, MarkdownNode.rawHTMLError)
                ok = false
            }
        }
        guard ok else { return nil }
        let rendered = MarkdownDocument.render(doc.blocks)
        return RenderedMarkdown(html: rendered.html, markdown: rendered.markdown)
    }
}
