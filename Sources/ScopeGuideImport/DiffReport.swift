import Foundation

/// `scopeguide diff` output: Markdown for a pull-request comment, or JSON with the same data.
public enum DiffReport {
    public static func json(_ diff: CatalogDiff) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(diff) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    public static func markdown(_ diff: CatalogDiff) -> String {
        var out = "## Catalog changes: \(text(diff.connector))\n\n"
        out += "Comparing \(code(diff.old)) → \(code(diff.new)).\n\n"
        if diff.requiresNewScopes {
            out += "> **Security review needed:** some selections of actions now require scopes they did not require before.\n"
            for reason in diff.reasons { out += "> - \(text(reason))\n" }
            if let example = diff.exampleSelection {
                out += example.count == 1
                    ? ">\n> Example selection: only \(code(example[0])) (\(code("scopeguide scopes \(diff.connector) --actions \(example[0])")))\n"
                    : ">\n> Example selection: every action (\(code("scopeguide scopes \(diff.connector)")))\n"
            }
            out += "\n"
        } else {
            out += "No selection of actions requires a new scope.\n\n"
        }
        if diff.isEmpty && diff.allActionsScopes.gained.isEmpty && diff.allActionsScopes.lost.isEmpty {
            return out + "No changes to actions, scopes or step visibility.\n"
        }
        if !diff.actionsAdded.isEmpty {
            out += "### Actions added (\(diff.actionsAdded.count))\n\n| Action | Id | Scopes |\n| --- | --- | --- |\n"
            for a in diff.actionsAdded { out += "| \(cell(a.label)) | \(code(a.id)) | \(codes(a.scopes)) |\n" }
            out += "\n"
        }
        if !diff.actionsRemoved.isEmpty {
            out += "### Actions removed (\(diff.actionsRemoved.count))\n\n| Action | Id | Scopes |\n| --- | --- | --- |\n"
            for a in diff.actionsRemoved { out += "| \(cell(a.label)) | \(code(a.id)) | \(codes(a.scopes)) |\n" }
            out += "\n"
        }
        if !diff.actionsChanged.isEmpty {
            out += "### Actions whose scopes changed (\(diff.actionsChanged.count))\n\n| Action | Id | Before | After |\n| --- | --- | --- | --- |\n"
            for c in diff.actionsChanged { out += "| \(cell(c.label)) | \(code(c.id)) | \(codes(c.before)) | \(codes(c.after)) |\n" }
            out += "\n"
        }
        if !diff.scopesAdded.isEmpty || !diff.scopesRemoved.isEmpty {
            out += "### Scopes\n\n"
            if !diff.scopesAdded.isEmpty { out += "- Added: \(codes(diff.scopesAdded))\n" }
            if !diff.scopesRemoved.isEmpty { out += "- Removed: \(codes(diff.scopesRemoved))\n" }
            out += "\n"
        }
        let all = diff.allActionsScopes
        out += "### Scopes for all actions\n\n- Before: \(codes(all.before))\n- After: \(codes(all.after))\n"
        if !all.gained.isEmpty { out += "- Newly required: \(codes(all.gained))\n" }
        if !all.lost.isEmpty { out += "- No longer required: \(codes(all.lost))\n" }
        out += "\n"
        if let steps = diff.steps, !steps.isEmpty {
            out += "### Steps whose visibility changes (\(steps.count))\n\n| Guide | Section › Step | Change |\n| --- | --- | --- |\n"
            for s in steps {
                out += "| \(code(s.guide)) | \(cell(s.section)) › \(cell(s.step)) | \(describe(s)) |\n"
            }
            out += "\n"
        }
        return out
    }

    private static func describe(_ s: CatalogDiff.StepChange) -> String {
        func condition(_ c: [String]?) -> String { (c ?? []).isEmpty ? "always shown" : "shown for " + codes(c!) }
        var parts: [String] = []
        switch s.change {
        case .added: parts.append("added (\(condition(s.conditionAfter)))")
        case .removed: parts.append("removed (was \(condition(s.conditionBefore)))")
        case .condition: parts.append("condition: \(condition(s.conditionBefore)) → \(condition(s.conditionAfter))")
        case .shownFor: parts.append("same condition, different actions need it")
        }
        if !s.nowShownFor.isEmpty { parts.append("now shown for \(codes(s.nowShownFor))") }
        if !s.noLongerShownFor.isEmpty { parts.append("no longer shown for \(codes(s.noLongerShownFor))") }
        return parts.joined(separator: "; ")
    }

    /// Inline code that survives any content (backticks, pipes in tables).
    static func code(_ s: String) -> String {
        var fence = "`"
        while s.contains(fence) { fence += "`" }
        let body = s.replacingOccurrences(of: "|", with: "\\|")
        let pad = body.hasPrefix("`") || body.hasSuffix("`") ? " " : ""
        return fence + pad + body + pad + fence
    }

    static func codes(_ list: [String]) -> String { list.isEmpty ? "—" : list.map(code).joined(separator: " ") }

    /// Markdown-escaped text.
    static func text(_ s: String) -> String {
        var out = ""
        for ch in s {
            if "\\`*_[]<>#|!&~".contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }

    static func cell(_ s: String) -> String { text(s).replacingOccurrences(of: "\n", with: " ") }
}
