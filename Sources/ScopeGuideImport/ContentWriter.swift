import Ccmark
import Foundation
import ScopeGuideCore

/// Site settings the importer needs from `site.yaml` (when the content folder has one).
public struct ImportSiteInfo: Sendable {
    public var platform: String
    /// The default redirect URI pattern, with `{{connectorKey}}`.
    public var redirectURI: String

    public init(platform: String = "StackOne", redirectURI: String = "") {
        self.platform = platform
        self.redirectURI = redirectURI
    }
}

/// Turns an `ImportedPage` into the files of one connector folder (paths relative to it).
struct ContentWriter {
    var page: ImportedPage
    var site: ImportSiteInfo
    var sourceName: String
    var connectorKey: String?
    var templateAvailable: Bool
    var diagnostics: PageDiagnostics

    struct Output {
        var key: String
        var guideKey: String
        var files: [(path: String, text: String)]
    }

    static let knownAuthMethods = ["OAuth 2.0", "OAuth 1.0a", "OAuth 1.0", "OAuth", "API Key", "Basic Auth",
                                   "Bearer Token", "Service Account", "JWT", "Personal Access Token"]

    mutating func write() -> Output {
        let (guideTitle, name, authMethod) = splitTitle(page.title)
        let actions = validatedActions()
        let scopes = scopeOrder(actions)
        findRedirectURI()
        let key = chooseKey(name: name, actions: actions)
        let guideKey = authMethod == "OAuth 2.0" ? "oauth2" : (slug(authMethod).isEmpty ? "guide" : slug(authMethod))
        var files: [(String, String)] = []
        files.append(("connector.yaml", connectorYAML(name: name, key: key, guideKey: guideKey)))
        files.append(("catalog.yaml", catalogYAML(scopes: scopes, actions: actions)))
        var sectionEntries: [String] = []
        var used = Set<String>()
        for section in page.sections {
            if section.isConnectorProfileTemplate && templateAvailable {
                sectionEntries.append("- template: connector-profile.md")
                continue
            }
            if let line = section.trailingLine {
                diagnostics.warning(line, "text after the steps of '\(section.title)' is appended to its last step")
            }
            var file = String(slug(section.title).prefix(48))
            while file.hasSuffix("-") { file.removeLast() }
            if file.isEmpty { file = "section" }
            var candidate = file
            var n = 2
            while !used.insert(candidate).inserted { candidate = "\(file)-\(n)"; n += 1 }
            sectionEntries.append("- " + YAMLText.scalar(candidate + ".md"))
            files.append(("guides/\(guideKey)/\(candidate).md", sectionMarkdown(section, scopes: scopes)))
        }
        files.append(("guides/\(guideKey)/guide.yaml",
                      guideYAML(title: guideTitle, authMethod: authMethod, sections: sectionEntries)))
        return Output(key: key, guideKey: guideKey, files: files)
    }

    // MARK: - Names

    /// "Microsoft Outlook OAuth 2.0 connector profile – StackOne setup guide" →
    /// guide title, connector name and auth method.
    private mutating func splitTitle(_ title: String) -> (String, String, String) {
        var guideTitle = title
        for dash in [" – ", " — ", " | "] {
            if let r = guideTitle.range(of: dash, options: .backwards) { guideTitle = String(guideTitle[..<r.lowerBound]); break }
        }
        var rest = guideTitle
        if let r = rest.range(of: " connector profile", options: [.caseInsensitive, .backwards]) { rest = String(rest[..<r.lowerBound]) }
        for method in Self.knownAuthMethods where rest.hasSuffix(" " + method) {
            return (guideTitle, String(rest.dropLast(method.count + 1)), method)
        }
        if !title.isEmpty {
            diagnostics.warning(page.titleLine, "no auth method found in the title; assuming OAuth 2.0")
        }
        return (guideTitle, rest.isEmpty ? "Connector" : rest, "OAuth 2.0")
    }

    private mutating func chooseKey(name: String, actions: [ImportedPage.ActionEntry]) -> String {
        if let connectorKey { return connectorKey }
        if let uri = page.redirectURI, let r = site.redirectURI.range(of: "{{connectorKey}}") {
            let prefix = String(site.redirectURI[..<r.lowerBound]), suffix = String(site.redirectURI[r.upperBound...])
            if uri.hasPrefix(prefix), uri.hasSuffix(suffix), uri.count > prefix.count + suffix.count {
                let key = String(uri.dropFirst(prefix.count).dropLast(suffix.count))
                if isSlug(key) { return key }
            }
        }
        let prefixes = Set(actions.map { $0.id.split(separator: "_").first.map(String.init) ?? $0.id })
        if prefixes.count == 1, let only = prefixes.first, actions.count > 1, isSlug(only) { return only }
        let fromName = slug(name).replacingOccurrences(of: "-", with: "")
        return fromName.isEmpty ? "connector" : fromName
    }

    // MARK: - Catalog

    private mutating func validatedActions() -> [ImportedPage.ActionEntry] {
        guard let actions = page.actions else {
            diagnostics.warning(1, "the page has no selector panel (data-guide-actions-json): the guide is imported without catalog actions")
            return []
        }
        var seen = Set<String>()
        var out: [ImportedPage.ActionEntry] = []
        for action in actions {
            let at = page.actionsLine
            if !Catalog.isValidName(action.id) {
                diagnostics.error(at, "action id '\(action.id)' is empty or contains white space or commas")
            } else if !seen.insert(action.id).inserted {
                diagnostics.error(at, "duplicate action id '\(action.id)' in data-guide-actions-json")
            } else if action.scopes.isEmpty {
                diagnostics.error(at, "action '\(action.id)' has no scopes in data-guide-actions-json")
            } else if let bad = action.scopes.first(where: { !Catalog.isValidName($0) }) {
                diagnostics.error(at, "action '\(action.id)' has an invalid scope name '\(bad)'")
            } else {
                out.append(action)
            }
        }
        return out
    }

    /// Scopes in the order the page's display lists show them, then the others by first use.
    private func scopeOrder(_ actions: [ImportedPage.ActionEntry]) -> [String] {
        var order: [String] = []
        var seen = Set<String>()
        func add(_ names: [String]) { for n in names where seen.insert(n).inserted { order.append(n) } }
        for section in page.sections { for step in section.steps { add(step.displayScopes) } }
        for action in actions { add(action.scopes) }
        for section in page.sections {
            add(section.condition)
            for step in section.steps { add(step.condition); add(step.badgeScopes) }
        }
        return order
    }

    private func catalogYAML(scopes: [String], actions: [ImportedPage.ActionEntry]) -> String {
        var out = "# Imported from \(sourceName) by `scopeguide import`.\n"
        out += "# The page does not say what each scope means or which scopes include others:\n"
        out += "# add `description` and `includes` where you know them.\n"
        if scopes.isEmpty {
            out += "scopeDefinitions: []\n"
        } else {
            out += "scopeDefinitions:\n"
            for scope in scopes { out += "  - name: \(YAMLText.scalar(scope))\n" }
        }
        if actions.isEmpty {
            out += "actions: []\n"
        } else {
            out += "actions:\n"
            for a in actions {
                out += "  - id: \(YAMLText.scalar(a.id))\n    label: \(YAMLText.scalar(a.label))\n"
                if let d = a.description, !d.isEmpty { out += "    description: \(YAMLText.scalar(d))\n" }
                out += "    requiredScopes: \(YAMLText.list(a.scopes))\n"
            }
        }
        return out
    }

    // MARK: - Redirect URI

    /// The URL a "Redirect URI" step shows becomes `{{redirectURI}}` in the text.
    private mutating func findRedirectURI() {
        var found: String?
        for section in page.sections {
            for step in section.steps where found == nil {
                let context = (section.title + " " + step.title).lowercased()
                guard context.contains("redirect") || context.contains("callback") else { continue }
                CMark.walk(step.body) { node in
                    guard found == nil else { return }
                    let type = CMark.type(node)
                    let candidate = type == CMARK_NODE_CODE ? CMark.literal(node)
                        : type == CMARK_NODE_LINK ? (cmark_node_get_url(node).map { String(cString: $0) } ?? "") : ""
                    if candidate.hasPrefix("https://") || candidate.hasPrefix("http://") { found = candidate }
                }
            }
        }
        guard let uri = found else { return }
        page.redirectURI = uri
        for section in page.sections {
            replace(uri, in: section.intro)
            for step in section.steps { replace(uri, in: step.body) }
        }
    }

    private func replace(_ uri: String, in doc: OpaquePointer) {
        CMark.walk(doc) { node in
            switch CMark.type(node) {
            case CMARK_NODE_CODE, CMARK_NODE_TEXT:
                let literal = CMark.literal(node)
                if literal.contains(uri) { cmark_node_set_literal(node, literal.replacingOccurrences(of: uri, with: "{{redirectURI}}")) }
            case CMARK_NODE_LINK:
                if cmark_node_get_url(node).map({ String(cString: $0) }) == uri { cmark_node_set_url(node, "{{redirectURI}}") }
            default:
                break
            }
        }
    }

    private func connectorYAML(name: String, key: String, guideKey: String) -> String {
        var out = "# Imported from \(sourceName) by `scopeguide import`.\n"
        out += "name: \(YAMLText.scalar(name))\n"
        if let provider = provider() { out += "provider: \(YAMLText.scalar(provider))\n" }
        let defaultURI = site.redirectURI.replacingOccurrences(of: "{{connectorKey}}", with: key)
        if let uri = page.redirectURI, uri != defaultURI { out += "redirectURI: \(YAMLText.scalar(uri))\n" }
        out += "guides: [\(guideKey)]\n"
        return out
    }

    /// "Register Your Application in Microsoft Entra ID" names the provider.
    private func provider() -> String? {
        guard let first = page.sections.first?.title, first.lowercased().hasPrefix("register"),
              let r = first.range(of: " in ", options: .backwards) else { return nil }
        let name = first[r.upperBound...].trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? nil : name
    }

    // MARK: - Guide

    private mutating func guideYAML(title: String, authMethod: String, sections: [String]) -> String {
        var out = "# Imported from \(sourceName) by `scopeguide import`.\n"
        out += "title: \(YAMLText.scalar(title))\n"
        out += "authMethod: \(YAMLText.scalar(authMethod))\n"
        if !page.summary.isEmpty { out += "summary: \(YAMLText.scalar(page.summary))\n" }
        if let credentials = page.credentials, !credentials.isEmpty {
            out += "credentials: \(YAMLText.list(credentials))\n"
        } else if page.sections.contains(where: \.isConnectorProfileTemplate) {
            diagnostics.warning(page.sections.last!.line, "no credential fields found in the connector profile steps; using the defaults")
        }
        if !page.callouts.isEmpty {
            out += "callouts:\n"
            for c in page.callouts {
                out += "  - type: \(c.kind)\n    text: \(YAMLText.quoted(c.markdown))\n"
            }
        }
        out += "sections:\n" + sections.map { "  " + $0 }.joined(separator: "\n") + "\n"
        if !page.unplaced.isEmpty {
            out += "\n# Not imported: page content outside any section, kept here so nothing is lost.\n"
            for item in page.unplaced {
                out += "#\n# line \(item.line):\n" + YAMLText.comment(item.text) + "\n"
            }
        }
        return out
    }

    private mutating func sectionMarkdown(_ section: ImportedPage.Section, scopes: [String]) -> String {
        // Headings and bodies are rendered by cmark; the `guide` blocks are written as the
        // README shows them (cmark would print "``` guide").
        var parts: [String] = [CMark.render(blocks: [CMark.heading(1, section.title)])]
        if !section.condition.isEmpty {
            parts.append(guideBlock(["when: \(scopeSpec(section.condition, scopes))"]))
        }
        demoteHeadings(section.intro, line: section.line)
        parts.append(CMark.render(section.intro))
        for step in section.steps {
            parts.append(CMark.render(blocks: [CMark.heading(2, step.title)]))
            var yaml: [String] = []
            if !step.condition.isEmpty { yaml.append("when: \(scopeSpec(step.condition, scopes))") }
            if !step.displayScopes.isEmpty { yaml.append("scopes: \(scopeSpec(step.displayScopes, scopes))") }
            if !step.badgeScopes.isEmpty { yaml.append("badge: \(scopeSpec(step.badgeScopes, scopes))") }
            if !yaml.isEmpty { parts.append(guideBlock(yaml)) }
            demoteHeadings(step.body, line: step.line)
            warnAboutBraces(step.body, line: step.line)
            parts.append(CMark.render(step.body))
        }
        return parts.filter { !$0.isEmpty }.map { $0.hasSuffix("\n") ? $0 : $0 + "\n" }.joined(separator: "\n")
    }

    private func guideBlock(_ lines: [String]) -> String {
        "```guide\n" + lines.joined(separator: "\n") + "\n```\n"
    }

    /// `all` when the list is every catalog scope in catalog order.
    private func scopeSpec(_ list: [String], _ scopes: [String]) -> String {
        list == scopes ? "all" : YAMLText.list(list)
    }

    /// `#` and `##` would split the section file; they become bold paragraphs.
    private func demoteHeadings(_ doc: OpaquePointer, line: Int) {
        CMark.walk(doc) { node in
            guard CMark.type(node) == CMARK_NODE_HEADING, cmark_node_get_heading_level(node) <= 2 else { return }
            let paragraph = CMark.new(CMARK_NODE_PARAGRAPH)
            let strong = CMark.new(CMARK_NODE_STRONG)
            CMark.moveChildren(from: node, to: strong)
            cmark_node_append_child(paragraph, strong)
            cmark_node_replace(node, paragraph)
            cmark_node_free(node)
        }
    }

    /// `{{` in page text would read as a template variable.
    private mutating func warnAboutBraces(_ doc: OpaquePointer, line: Int) {
        var found = false
        CMark.walk(doc) { node in
            let literal = CMark.literal(node)
            if literal.contains("{{") && !literal.contains("{{redirectURI}}") { found = true }
        }
        if found { diagnostics.warning(line, "the text contains '{{', which ScopeGuide reads as a template variable; check this step") }
    }
}

func slug(_ text: String) -> String {
    var out = ""
    for s in text.lowercased().unicodeScalars {
        if (s.value >= 0x61 && s.value <= 0x7A) || (s.value >= 0x30 && s.value <= 0x39) {
            out.unicodeScalars.append(s)
        } else if !out.isEmpty && !out.hasSuffix("-") {
            out += "-"
        }
    }
    while out.hasSuffix("-") { out.removeLast() }
    return out
}

func isSlug(_ key: String) -> Bool {
    guard let first = key.unicodeScalars.first, key.utf8.count <= 100 else { return false }
    let ok = { (c: Unicode.Scalar) in ("a"..."z").contains(c) || ("0"..."9").contains(c) || c == "-" || c == "_" }
    return (("a"..."z").contains(first) || ("0"..."9").contains(first)) && key.unicodeScalars.allSatisfy(ok)
}
