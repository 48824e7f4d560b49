import ScopeGuideCore

/// The Markdown export of a full guide (`<connector>/<guide>/index.md`), for readers and LLMs.
/// Step bodies are cmark's own CommonMark rendering of the parsed AST; everything taken from
/// YAML is escaped so it stays literal text.
public enum MarkdownExport {
    public static func guide(_ guide: Guide, connector: Connector, site: SiteSettings) -> String {
        file(guide, connector: connector, site: site).string
    }

    static func file(_ guide: Guide, connector: Connector, site: SiteSettings) -> OutputBuffer {
        let all = Selection.all(connector.catalog)
        var out = OutputBuffer(capacity: 16_384)
        out.append("# "); out.append(Escape.markdown(guide.title)); out.append("\n\n")
        if !guide.summary.isEmpty { out.append("> "); out.append(Escape.markdown(guide.summary)); out.append("\n\n") }
        out.append("Interactive version: <")
        out.append(GuideURL.make(baseURL: site.baseURL, connector: connector.key, guide: guide.key, selection: all))
        out.append(">\n\n")
        for callout in guide.callouts {
            out.append("> **"); out.append(callout.kind.title); out.append(":**\n>\n")
            let lines = callout.text.markdown.trimmedNewlines.split(separator: "\n", omittingEmptySubsequences: false)
            for (i, line) in lines.enumerated() {
                if i > 0 { out.append("\n") }
                out.append("> "); out.append(String(line))
            }
            out.append("\n\n")
        }
        out.append("## Actions and scopes\n\n| Action | Id | Scopes |\n| --- | --- | --- |\n")
        for action in connector.catalog.actions {
            out.append("| "); out.append(Escape.markdown(action.label))
            out.append(" | "); out.appendCodeSpan(action.id); out.append(" | ")
            list(action.scopes, into: &out)
            out.append(" |\n")
        }
        out.append("\nAll scopes: "); out.appendCodeSpan(all.scopeText()); out.append("\n\n")
        for section in guide.sections {
            out.append("## "); out.append(Escape.markdown(section.title)); out.append("\n\n")
            neededFor(section.condition, adminConsent: section.whenAdminConsent, into: &out)
            if !section.intro.markdown.isEmpty { out.appendTrimmingNewlines(section.intro.markdown); out.append("\n\n") }
            for (i, step) in section.steps.enumerated() {
                out.append("### "); out.append(String(i + 1)); out.append(". "); out.append(Escape.markdown(step.title))
                out.append("\n\n")
                neededFor(step.condition, adminConsent: step.whenAdminConsent, into: &out)
                let labels = all.badgeLabels(step.badgeScopes)
                if !labels.isEmpty {
                    out.append("Enables actions: ")
                    for (i, label) in labels.enumerated() {
                        if i > 0 { out.append(", ") }
                        out.append(Escape.markdown(label))
                    }
                    out.append("\n\n")
                }
                if !step.body.markdown.isEmpty { out.appendTrimmingNewlines(step.body.markdown); out.append("\n\n") }
                if !step.displayScopes.isEmpty {
                    for scope in step.displayScopes {
                        out.append("- "); out.appendCodeSpan(scope); out.append("\n")
                    }
                    out.append("\n")
                }
            }
        }
        return out
    }

    /// Scope names as code spans, comma-separated.
    private static func list(_ scopes: [String], into out: inout OutputBuffer) {
        for (i, scope) in scopes.enumerated() {
            if i > 0 { out.append(", ") }
            out.appendCodeSpan(scope)
        }
    }

    private static func neededFor(_ condition: [String], adminConsent: Bool, into out: inout OutputBuffer) {
        if adminConsent { out.append("*Needed when a selected scope needs admin consent*\n\n") }
        guard !condition.isEmpty else { return }
        out.append("*Needed for scopes: ")
        list(condition, into: &out)
        out.append("*\n\n")
    }
}
