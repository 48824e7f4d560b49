import Foundation

/// `scopeguide diff` output: Markdown for a pull-request comment, or JSON with the same data.
public enum DiffReport {
    public static func json(_ diff: CatalogDiff) -> String { encoded(diff) }

    /// What `--format json` prints: pretty, keys sorted, slashes as they are.
    static func encoded(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    public static func markdown(_ diff: CatalogDiff) -> String {
        var out = "## Catalog changes: \(text(diff.connector))\n\n"
        out += "Comparing \(code(diff.old)) → \(code(diff.new)).\n\n"
        return out + body(diff, level: 3)
    }

    /// One connector's changes, with headings at `level` (`###` for a single diff).
    static func body(_ diff: CatalogDiff, level: Int) -> String {
        let h = String(repeating: "#", count: level)
        var out = ""
        if diff.requiresNewScopes {
            out += "> **Security review needed:** some selections of actions now require scopes they did not require before.\n"
            for reason in diff.reasons { out += "> - \(text(reason))\n" }
            out += "\n"
        } else {
            out += "No selection of actions requires a new scope.\n\n"
        }
        if diff.isEmpty && diff.allActionsScopes.gained.isEmpty && diff.allActionsScopes.lost.isEmpty {
            return out + "No changes to actions, scopes or step visibility.\n"
        }
        if !diff.increases.isEmpty {
            out += "\(h) Selections that now need more (\(diff.increases.count))\n\n| Selection | Scopes before | Scopes now | New |\n| --- | --- | --- | --- |\n"
            for i in diff.increases {
                let selection = (i.actions.map(codes) ?? "all actions (no `actions` parameter)") + (i.newActions ? " (new)" : "")
                out += "| \(selection) | \(codes(i.scopesBefore)) | \(codes(i.scopesAfter)) | \(codes(i.newScopes)) |\n"
            }
            out += "\n"
        }
        for (title, actions) in [("Actions added", diff.actionsAdded), ("Actions removed", diff.actionsRemoved)] where !actions.isEmpty {
            out += "\(h) \(title) (\(actions.count))\n\n| Action | Id | Scopes |\n| --- | --- | --- |\n"
            for a in actions { out += "| \(cell(a.label)) | \(code(a.id)) | \(codes(a.scopes)) |\n" }
            out += "\n"
        }
        if !diff.actionsChanged.isEmpty {
            out += "\(h) Actions whose scopes changed (\(diff.actionsChanged.count))\n\n| Action | Id | Before | After |\n| --- | --- | --- | --- |\n"
            // Alternatives read "a b or c"; a one-alternative requirement is its scopes.
            func requirement(_ first: [String], _ anyOf: [[String]]?) -> String {
                (anyOf ?? [first]).map(codes).joined(separator: " or ")
            }
            for c in diff.actionsChanged {
                out += "| \(cell(c.label)) | \(code(c.id)) | \(requirement(c.before, c.anyOfBefore)) | \(requirement(c.after, c.anyOfAfter)) |\n"
            }
            out += "\n"
        }
        if !diff.scopesAdded.isEmpty || !diff.scopesRemoved.isEmpty {
            out += "\(h) Scopes\n\n"
            if !diff.scopesAdded.isEmpty { out += "- Added: \(codes(diff.scopesAdded))\n" }
            if !diff.scopesRemoved.isEmpty { out += "- Removed: \(codes(diff.scopesRemoved))\n" }
            out += "\n"
        }
        let all = diff.allActionsScopes
        out += "\(h) Scopes for all actions\n\n- Before: \(codes(all.before))\n- After: \(codes(all.after))\n"
        if !all.gained.isEmpty { out += "- Newly required: \(codes(all.gained))\n" }
        if !all.lost.isEmpty { out += "- No longer required: \(codes(all.lost))\n" }
        out += "\n"
        if let steps = diff.steps, !steps.isEmpty {
            out += "\(h) Steps whose visibility changes (\(steps.count))\n\n| Guide | Section › Step | Change |\n| --- | --- | --- |\n"
            for s in steps {
                let place = s.step.isEmpty ? "\(cell(s.section)) (the section)" : "\(cell(s.section)) › \(cell(s.step))"
                out += "| \(code(s.guide)) | \(place) | \(describe(s)) |\n"
            }
            out += "\n"
        }
        return out
    }

    // MARK: - Every connector against a git revision (`diff --base`)

    public static func json(_ diff: SiteDiff) -> String { encoded(diff) }

    /// The first line of the pull-request comment, so a workflow can find and update it.
    public static let commentMarker = "<!-- scopeguide-diff -->"

    /// A pull-request comment: a summary table, then each changed connector's report.
    public static func markdown(_ site: SiteDiff) -> String {
        var out = commentMarker + "\n## ScopeGuide: scope changes against \(code(site.base))\n\n"
        let review = site.connectors.filter { $0.diff.requiresNewScopes }
        if !review.isEmpty {
            out += "> **Security review needed:** some selections of actions now require scopes they did not require before"
            out += " (\(review.map { code($0.key) }.joined(separator: ", "))).\n\n"
        } else {
            out += "No selection of actions requires a new scope.\n\n"
        }
        guard !site.connectors.isEmpty else {
            return out + "No changes to any connector's actions, scopes, guides or step visibility.\n"
        }
        out += "| Connector | Status | Actions | Scopes | Requirement changes | Steps | Selections that need more |\n"
        out += "| --- | --- | --- | --- | --- | --- | --- |\n"
        for c in site.connectors {
            let d = c.diff
            out += "| \(code(c.key)) | \(c.status.rawValue) | +\(d.actionsAdded.count) −\(d.actionsRemoved.count)"
            out += " | +\(d.scopesAdded.count) −\(d.scopesRemoved.count) | \(d.actionsChanged.count) | \((d.steps ?? []).count) | \(d.increases.count) |\n"
        }
        if !site.unchanged.isEmpty { out += "\nUnchanged: \(site.unchanged.map(code).joined(separator: ", ")).\n" }
        for c in site.connectors {
            out += "\n### \(code(c.key)): \(text(c.name))"
            switch c.status {
            case .added: out += " (new connector)"
            case .removed: out += " (removed)"
            case .changed: break
            }
            out += "\n\n"
            if !c.guidesAdded.isEmpty { out += "- Guides added: \(codes(c.guidesAdded))\n" }
            if !c.guidesRemoved.isEmpty { out += "- Guides removed: \(codes(c.guidesRemoved))\n" }
            if !c.guidesAdded.isEmpty || !c.guidesRemoved.isEmpty { out += "\n" }
            out += body(c.diff, level: 4)
            while out.hasSuffix("\n\n") { out.removeLast() }
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
