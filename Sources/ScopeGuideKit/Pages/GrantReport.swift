import ScopeGuideCore

/// `scopeguide grant`'s output: the three lists of docs/selection-rules.md ("Checking a
/// grant"), as text or JSON. The page shows the same lists (selector.js).
public enum GrantReport {
    public enum Format: String, Sendable, CaseIterable { case text, json }

    public static func render(_ check: GrantCheck, input: GrantInput, selectedCount: Int, format: Format) -> String {
        format == .json ? json(check, input: input) : text(check, input: input, selectedCount: selectedCount)
    }

    static func text(_ check: GrantCheck, input: GrantInput, selectedCount: Int) -> String {
        var out = ""
        let from = input.claims.isEmpty ? "" : " (from the token's \(input.claims.joined(separator: ", ")) claim\(input.claims.count == 1 ? "" : "s"); signature not checked)"
        out += "Granted: \(input.scopes.count) scope\(input.scopes.count == 1 ? "" : "s")\(from)\n"
        out += "\nCovered (\(check.covered.count) of \(selectedCount) selected actions):\n"
        if check.covered.isEmpty { out += "  none\n" }
        for action in check.covered { out += "  \(action.label) (\(action.id))\n" }
        out += "\nNot covered (\(check.missing.count)):\n"
        if check.missing.isEmpty { out += "  none\n" }
        for m in check.missing { out += "  \(m.action.label) (\(m.action.id)): add \(m.add.joined(separator: " "))\n" }
        if !check.toAdd.isEmpty { out += "Scopes to add: \(check.toAdd.joined(separator: " "))\n" }
        out += "\nGranted but not needed by the selected actions (\(check.unneeded.count)):\n"
        if check.unneeded.isEmpty { out += "  none\n" }
        for s in check.unneeded { out += "  \(s)\n" }
        if !check.unknown.isEmpty {
            out += "\nUnknown to this connector's catalog (\(check.unknown.count)):\n"
            for s in check.unknown { out += "  \(s)\n" }
        }
        return out
    }

    static func json(_ check: GrantCheck, input: GrantInput) -> String {
        var json = JSONWriter(pretty: true)
        json.object { json in
            json.field("claims", strings: input.claims)
            json.key("coversAll"); json.boolean(check.coversAll)
            json.field("covered", strings: check.covered.map(\.id))
            json.field("granted", strings: check.granted)
            json.key("missing")
            json.array { json in
                for m in check.missing {
                    json.object { json in
                        json.field("add", strings: m.add)
                        json.field("alternative", strings: m.alternative)
                        json.field("id", m.action.id)
                        json.field("label", m.action.label)
                    }
                }
            }
            json.field("toAdd", strings: check.toAdd)
            json.field("unknown", strings: check.unknown)
            json.field("unneeded", strings: check.unneeded)
        }
        json.newlineAtEnd()
        return json.text
    }
}
