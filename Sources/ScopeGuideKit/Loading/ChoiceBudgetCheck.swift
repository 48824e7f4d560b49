import ScopeGuideCore

/// `scopeguide check`'s warning for catalogs whose alternatives can make rule 0's exact search
/// stop at its budget (docs/selection-rules.md, rule 0, step 4): selecting every action is the
/// largest search a catalog asks for, so it is the one tried, with each strategy.
public enum ChoiceBudgetCheck {
    public static func warnings(for site: Site, paths: ContentPaths) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for connector in site.connectors where connector.catalog.hasAlternatives {
            for strategy in ScopeStrategy.allCases {
                let choice = Selection.all(connector.catalog, strategy: strategy).choice
                guard !choice.proven else { continue }
                let path = join(paths.connectorsDirectory, connector.key, "catalog.yaml")
                out.append(Diagnostic(.warning, at: SourceLocation(path: path),
                    "with every action selected, the \(strategy.label.lowercased()) choice stops at the search budget (\(ScopeChoice.nodeBudget) alternatives tried): pages show the best grant found and say it is not proven minimal; fewer alternatives per action, or alternatives that contain one another, keep the search exact"))
            }
        }
        return out
    }
}
