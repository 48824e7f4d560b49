import ScopeGuideCore

/// The two reviewer tables of a catalog: action → scopes and scope → actions.
public struct ScopeTables: Sendable {
    public struct ScopeRow: Sendable {
        public let name: String
        public let actions: [String]
    }
    public struct ActionRow: Sendable {
        public let id: String
        public let label: String
        /// Every alternative, each in catalog order (one entry for most actions).
        public let alternatives: [[String]]
        /// The first alternative, in catalog order.
        public var scopes: [String] { alternatives[0] }
        let action: Action
    }

    public let scopes: [ScopeRow]
    public let actions: [ActionRow]

    public init(_ catalog: Catalog) {
        let byScope = Self.actionsByScope(catalog)
        scopes = catalog.scopes.indices.map { ScopeRow(name: catalog.scopes[$0].name, actions: byScope[$0]) }
        actions = catalog.actions.map { action in
            let alternatives = action.alternatives.map { catalog.ordered($0) }
            return ActionRow(id: action.id, label: action.label, alternatives: alternatives, action: action)
        }
    }

    /// Each scope's actions (ids, in catalog order), by scope position: the scope → actions
    /// table alone.
    static func actionsByScope(_ catalog: Catalog) -> [[String]] {
        catalog.actionsByScope.map { $0.map { catalog.actions[$0].id } }
    }

    public enum Format: String, Sendable, CaseIterable {
        case markdown, csv, json, html
    }

    public func render(_ format: Format, catalog: Catalog) -> String {
        switch format {
        case .json: return json() + "\n"
        case .csv: return csv()
        case .markdown: return markdown(catalog)
        case .html: return html(catalog)
        }
    }

    /// `{"scopes":[{"name","actions"}],"actions":[{"id","label","scopes"}]}`, written like catalog.json.
    private func json() -> String {
        var json = JSONWriter(pretty: true)
        json.object { json in
            json.key("actions")
            json.array { json in
                for row in actions { json.action(row.action, scopes: row.scopes) }
            }
            json.key("scopes")
            json.array { json in
                for row in scopes {
                    json.object { json in
                        json.field("actions", strings: row.actions)
                        json.field("name", row.name)
                    }
                }
            }
        }
        return json.text
    }

    private func csv() -> String {
        var lines = ["table,scope,action_id,action_label"]
        let labels = Dictionary(actions.map { ($0.id, $0.label) }, uniquingKeysWith: { a, _ in a })
        for row in scopes {
            if row.actions.isEmpty { lines.append(["scope_to_actions", row.name, "", ""].map(Escape.csv).joined(separator: ",")) }
            for id in row.actions {
                lines.append(["scope_to_actions", row.name, id, labels[id] ?? ""].map(Escape.csv).joined(separator: ","))
            }
        }
        for row in actions {
            // The first alternative keeps the table's old name; others are numbered from 2.
            for (n, alternative) in row.alternatives.enumerated() {
                let table = n == 0 ? "action_to_scopes" : "action_alternative_\(n + 1)"
                for scope in alternative {
                    lines.append([table, scope, row.id, row.label].map(Escape.csv).joined(separator: ","))
                }
            }
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    private func markdown(_ catalog: Catalog) -> String {
        let labels = Dictionary(actions.map { ($0.id, $0.label) }, uniquingKeysWith: { a, _ in a })
        var out = "## Scope → actions\n\n| Scope | Includes | Actions |\n| --- | --- | --- |\n"
        for row in scopes {
            let includes = catalog.scope(named: row.name)?.includes.map(Escape.codeSpan).joined(separator: ", ") ?? ""
            let acts = row.actions.map { Escape.markdown(labels[$0] ?? $0) }.joined(separator: ", ")
            out += "| \(Escape.codeSpan(row.name)) | \(cell(includes)) | \(cell(acts)) |\n"
        }
        out += "\n## Action → scopes\n\n| Action | Id | Scopes |\n| --- | --- | --- |\n"
        for row in actions {
            let scopes = row.alternatives.map { $0.map(Escape.codeSpan).joined(separator: ", ") }.joined(separator: " **or** ")
            out += "| \(Escape.markdown(row.label)) | \(Escape.codeSpan(row.id)) | \(scopes) |\n"
        }
        return out
    }

    private func cell(_ text: String) -> String { text.isEmpty ? "—" : text.replacingOccurrences(of: "|", with: "\\|") }

    private func html(_ catalog: Catalog) -> String {
        let labels = Dictionary(actions.map { ($0.id, $0.label) }, uniquingKeysWith: { a, _ in a })
        var out = "<table class=\"table\" data-scope-table>\n<thead><tr><th scope=\"col\">Scope</th><th scope=\"col\">Actions</th></tr></thead>\n<tbody>\n"
        for row in scopes {
            out += "<tr data-scope=\"\(Escape.html(row.name))\"><th scope=\"row\"><code>\(Escape.html(row.name))</code></th><td>"
            out += row.actions.map { Escape.html(labels[$0] ?? $0) }.joined(separator: ", ") + "</td></tr>\n"
        }
        out += "</tbody>\n</table>\n<table class=\"table\" data-action-table>\n<thead><tr><th scope=\"col\">Action</th><th scope=\"col\">Id</th><th scope=\"col\">Scopes</th></tr></thead>\n<tbody>\n"
        for row in actions {
            out += "<tr data-action=\"\(Escape.html(row.id))\"><th scope=\"row\">\(Escape.html(row.label))</th><td><code>\(Escape.html(row.id))</code></td><td>"
            out += row.alternatives.map { $0.map(Escape.html).joined(separator: ", ") }.joined(separator: " <em>or</em> ") + "</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }
}
