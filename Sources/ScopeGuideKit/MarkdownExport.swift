import ScopeGuideCore

/// The Markdown export of a full guide (`<connector>/<guide>/index.md`), for readers and LLMs.
/// Step bodies are cmark's own CommonMark rendering of the parsed AST; everything taken from
/// YAML is escaped so it stays literal text.
public enum MarkdownExport {
    public static func guide(_ guide: Guide, connector: Connector, site: SiteSettings) -> String {
        let all = Selection.all(connector.catalog)
        var out = "# \(Escape.markdown(guide.title))\n\n"
        if !guide.summary.isEmpty { out += "> \(Escape.markdown(guide.summary))\n\n" }
        let url = GuideURL.make(baseURL: site.baseURL, connector: connector.key, guide: guide.key, selection: all)
        out += "Interactive version: <\(url)>\n\n"
        for callout in guide.callouts {
            let body = callout.text.markdown.trimmedNewlines
                .split(separator: "\n", omittingEmptySubsequences: false).map { "> \($0)" }.joined(separator: "\n")
            out += "> **\(callout.kind.title):**\n>\n\(body)\n\n"
        }
        out += "## Actions and scopes\n\n| Action | Id | Scopes |\n| --- | --- | --- |\n"
        for action in connector.catalog.actions {
            out += "| \(Escape.markdown(action.label)) | \(Escape.codeSpan(action.id)) | \(action.scopes.map(Escape.codeSpan).joined(separator: ", ")) |\n"
        }
        out += "\nAll scopes: \(Escape.codeSpan(all.scopeText()))\n\n"
        for section in guide.sections {
            out += "## \(Escape.markdown(section.title))\n\n"
            if !section.condition.isEmpty {
                out += "*Needed for scopes: \(section.condition.map(Escape.codeSpan).joined(separator: ", "))*\n\n"
            }
            if !section.intro.markdown.isEmpty { out += section.intro.markdown.trimmedNewlines + "\n\n" }
            for (i, step) in section.steps.enumerated() {
                out += "### \(i + 1). \(Escape.markdown(step.title))\n\n"
                if !step.condition.isEmpty {
                    out += "*Needed for scopes: \(step.condition.map(Escape.codeSpan).joined(separator: ", "))*\n\n"
                }
                let labels = all.badgeLabels(step.badgeScopes)
                if !labels.isEmpty { out += "Enables actions: \(labels.map(Escape.markdown).joined(separator: ", "))\n\n" }
                if !step.body.markdown.isEmpty { out += step.body.markdown.trimmedNewlines + "\n\n" }
                if !step.displayScopes.isEmpty {
                    out += step.displayScopes.map { "- \(Escape.codeSpan($0))" }.joined(separator: "\n") + "\n\n"
                }
            }
        }
        return out
    }
}
