import Ccmark
import Foundation

/// Walks a parsed reference-format page and fills an `ImportedPage`.
struct PageReader {
    let converter: MarkdownConverter
    let page = ImportedPage()
    /// The section a plain-Markdown `## Heading` opened, which later `<Steps>` belong to.
    private var markdownSection: ImportedPage.Section?

    init(converter: MarkdownConverter) { self.converter = converter }

    static let calloutKinds: [String: String] = ["warning": "warning", "note": "note", "tip": "tip",
                                                 "info": "note", "check": "tip", "danger": "warning"]

    mutating func read(_ body: HTMLNode) -> ImportedPage {
        var run: [HTMLNode] = []
        for child in body.children {
            guard child.kind == .element else { run.append(child); continue }
            if MarkdownConverter.inlineElements.contains(child.name) { run.append(child); continue }
            flush(&run)
            if let kind = Self.calloutKinds[child.name] {
                readCallout(child, kind: kind)
            } else if let panel = child.first(where: { $0.has("data-guide-actions-json") }) {
                readActions(panel)
            } else if child.name == "panel" {
                converter.diagnostics.warning(child.line, "<Panel> without data-guide-actions-json: ignored (ScopeGuide generates its own selector)")
            } else if child.name == "section" && child.has("data-guide-section") {
                markdownSection = nil
                readGuideSection(child)
            } else if child.name == "steps" {
                if let section = markdownSection, section.steps.isEmpty {
                    readSteps(child, into: section)
                } else {
                    keepUnplaced(child, why: "<Steps> outside a section")
                }
            } else if child.name == "h1" && page.title.isEmpty {
                page.title = child.collapsedText
                page.titleLine = child.line
            } else if child.name == "h2" {
                openMarkdownSection(child.collapsedText, line: child.line)
            } else {
                let holder = CMark.new(CMARK_NODE_DOCUMENT)
                converter.convertBlock(child, context: .markdown, into: holder)
                place(CMark.children(holder), line: child.line)
                cmark_node_free(holder)
            }
        }
        flush(&run)
        if page.title.isEmpty {
            converter.diagnostics.error(1, "the page has no title (a '# Title' line)")
        }
        detectConnectorProfileTemplate()
        return page
    }

    // MARK: - Top-level Markdown

    private mutating func flush(_ run: inout [HTMLNode]) {
        defer { run.removeAll() }
        guard run.contains(where: { !$0.isBlank }) else { return }
        let line = run.first { !$0.isBlank }?.line ?? 1
        let holder = CMark.new(CMARK_NODE_DOCUMENT)
        defer { cmark_node_free(holder) }
        converter.convertFlow(run, context: .markdown, into: holder)
        place(CMark.children(holder), line: line)
    }

    /// Files top-level blocks: title, summary, `##` sections and their text.
    private mutating func place(_ blocks: [OpaquePointer], line: Int) {
        for block in blocks {
            let type = CMark.type(block)
            if type == CMARK_NODE_HEADING && cmark_node_get_heading_level(block) == 1 && page.title.isEmpty {
                page.title = CMark.plainText(block).trimmingCharacters(in: .whitespaces)
                page.titleLine = line
            } else if type == CMARK_NODE_BLOCK_QUOTE && !page.title.isEmpty && page.summary.isEmpty && page.sections.isEmpty {
                page.summary = collapseWhitespace(CMark.plainText(block)).trimmingCharacters(in: .whitespaces)
            } else if type == CMARK_NODE_HEADING && cmark_node_get_heading_level(block) == 2 {
                openMarkdownSection(CMark.plainText(block).trimmingCharacters(in: .whitespaces), line: line)
            } else if let section = markdownSection {
                cmark_node_unlink(block)
                if let last = section.steps.last {
                    // Reported by the writer, unless the shared template replaces the section.
                    if section.trailingLine == nil { section.trailingLine = line }
                    cmark_node_append_child(last.body, block)
                } else {
                    cmark_node_append_child(section.intro, block)
                }
            } else {
                let text = CMark.render(blocks: [block]).trimmingCharacters(in: .whitespacesAndNewlines)
                converter.diagnostics.warning(line, "content outside any section is kept as a comment in guide.yaml: \(snippet(text))")
                page.unplaced.append((line, text))
            }
        }
    }

    private mutating func openMarkdownSection(_ title: String, line: Int) {
        let section = ImportedPage.Section(title: title, line: line)
        page.sections.append(section)
        markdownSection = section
    }

    private mutating func keepUnplaced(_ node: HTMLNode, why: String) {
        converter.diagnostics.warning(node.line, "\(why) is kept as a comment in guide.yaml: \(snippet(node.html))")
        page.unplaced.append((node.line, node.html))
    }

    // MARK: - Components

    private func readCallout(_ node: HTMLNode, kind: String) {
        if kind != node.name {
            converter.diagnostics.warning(node.line, "<\(node.name)> becomes a '\(kind)' callout")
        }
        if !page.sections.isEmpty {
            converter.diagnostics.warning(node.line, "a callout between sections is moved to the top of the guide")
        }
        let holder = CMark.new(CMARK_NODE_DOCUMENT)
        defer { cmark_node_free(holder) }
        converter.convertFlow(node.children, context: .markdown, into: holder)
        let markdown = CMark.render(holder).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !markdown.isEmpty else {
            converter.diagnostics.warning(node.line, "empty <\(node.name)> callout skipped")
            return
        }
        page.callouts.append(.init(kind: kind, markdown: markdown, line: node.line))
    }

    private func readActions(_ node: HTMLNode) {
        let json = node.attribute("data-guide-actions-json") ?? ""
        page.actionsLine = node.line
        if page.actions != nil {
            converter.diagnostics.error(node.line, "a second data-guide-actions-json panel (the page may hold only one catalog)")
            return
        }
        do {
            page.actions = try JSONDecoder().decode([ImportedPage.ActionEntry].self, from: Data(json.utf8))
        } catch {
            converter.diagnostics.error(node.line, "data-guide-actions-json is not a valid actions list: \(Self.describe(error))")
            page.actions = []
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context):
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return underlying ?? context.debugDescription
        case DecodingError.keyNotFound(let key, let context):
            return "missing '\(key.stringValue)' at \(path(context.codingPath))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "\(context.debugDescription) at \(path(context.codingPath))"
        default:
            return "\(error)"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }

    private mutating func readGuideSection(_ node: HTMLNode) {
        let heading = node.elements.first { $0.name == "h2" }
        let section = ImportedPage.Section(title: heading?.collapsedText ?? "", line: node.line)
        if section.title.isEmpty {
            converter.diagnostics.error(node.line, "<section data-guide-section> has no <h2> title")
        }
        section.condition = scopeList(node.attribute("data-guide-scopes"))
        page.sections.append(section)
        var intro: [HTMLNode] = []
        var sawSteps = false
        for child in node.children where child.pointer != heading?.pointer {
            if child.kind == .element && child.name == "steps" {
                converter.convertFlow(intro, context: .html, into: section.intro)
                intro = []
                if sawSteps {
                    converter.diagnostics.warning(child.line, "a second <Steps> in one section: its steps are added to the first")
                }
                readSteps(child, into: section)
                sawSteps = true
            } else if sawSteps {
                guard !child.isBlank, let last = section.steps.last else { continue }
                converter.diagnostics.warning(child.line, "content after the steps of '\(section.title)' is appended to its last step")
                converter.convertFlow([child], context: .html, into: last.body)
            } else {
                intro.append(child)
            }
        }
        converter.convertFlow(intro, context: .html, into: section.intro)
    }

    private func readSteps(_ node: HTMLNode, into section: ImportedPage.Section) {
        for child in node.children {
            if child.isBlank || child.kind == .other { continue }
            guard child.kind == .element, child.name == "step" else {
                converter.diagnostics.warning(child.line, "only <Step> belongs in <Steps>; kept in the previous step: \(snippet(child.kind == .element ? child.html : child.text))")
                let target = section.steps.last?.body ?? section.intro
                if child.kind == .element { converter.keepVerbatim(child, into: target) } else { converter.convertFlow([child], context: .markdown, into: target) }
                continue
            }
            section.steps.append(readStep(child))
        }
    }

    private func readStep(_ node: HTMLNode) -> ImportedPage.Step {
        let title = collapseWhitespace(node.attribute("title") ?? "").trimmingCharacters(in: .whitespaces)
        if title.isEmpty { converter.diagnostics.error(node.line, "<Step> without a title attribute") }
        let step = ImportedPage.Step(title: title, line: node.line)
        guard let guideDiv = node.elements.first(where: { $0.has("data-guide-step") }) else {
            converter.convertFlow(node.children, context: .markdown, into: step.body)
            return step
        }
        step.condition = scopeList(guideDiv.attribute("data-guide-scopes"))
        step.displayScopes = scopeList(guideDiv.attribute("data-guide-display-scopes-list"))
        if let badge = guideDiv.first(where: { $0.has("data-guide-actions-badge") }) {
            step.badgeScopes = scopeList(badge.attribute("data-guide-actions-badge-scopes"))
            if let labels = badge.first(where: { $0.has("data-guide-actions-badge-labels") }) {
                step.badgeLabels = labels.collapsedText.components(separatedBy: ", ").filter { !$0.isEmpty }
            }
        }
        let shown = guideDiv.descendants { $0.has("data-guide-display-scope") }.compactMap { $0.attribute("data-guide-display-scope") }
        if !shown.isEmpty && shown != step.displayScopes {
            converter.diagnostics.warning(guideDiv.line, "the scopes listed in '\(title)' (\(shown.joined(separator: ", "))) differ from its data-guide-display-scopes-list; the list attribute is imported")
        }
        var before: [HTMLNode] = []
        var after: [HTMLNode] = []
        var seenDiv = false
        for child in node.children {
            if child.pointer == guideDiv.pointer { seenDiv = true } else if seenDiv { after.append(child) } else { before.append(child) }
        }
        converter.convertFlow(before, context: .markdown, into: step.body)
        converter.convertFlow(guideDiv.children, context: .html, into: step.body)
        converter.convertFlow(after, context: .markdown, into: step.body)
        return step
    }

    // MARK: - The shared connector-profile section

    /// "Creating the X Connector Profile" with the usual two steps is the shared template.
    private func detectConnectorProfileTemplate() {
        guard let section = page.sections.last, section.condition.isEmpty,
              section.title.hasPrefix("Creating the "), section.title.hasSuffix(" Connector Profile"),
              section.steps.map(\.title) == ["Navigate to Connector Profiles", "Create New Connector Profile"]
        else { return }
        let platform = section.title.dropFirst("Creating the ".count).dropLast(" Connector Profile".count)
        page.platform = String(platform)
        page.credentials = credentialFields(in: section.steps[1].body)
        section.isConnectorProfileTemplate = true
    }

    /// The innermost list of the "Create New Connector Profile" step names the credential fields.
    private func credentialFields(in body: OpaquePointer) -> [String]? {
        var found: [String]?
        CMark.walk(body) { node in
            guard found == nil, CMark.type(node) == CMARK_NODE_LIST,
                  let parent = cmark_node_parent(node), CMark.type(parent) == CMARK_NODE_ITEM else { return }
            found = CMark.children(node).map { collapseWhitespace(CMark.plainText($0)).trimmingCharacters(in: .whitespaces) }
        }
        return found
    }
}
