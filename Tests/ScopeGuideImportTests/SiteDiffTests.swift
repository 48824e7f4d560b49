import Foundation
@testable import ScopeGuideImport
import ScopeGuideCore
import ScopeGuideKit
import Testing

/// `scopeguide diff --base`: every connector of two content folders as one pull-request report.
@Suite struct SiteDiffTests {
    /// Two connectors: `demo` (DiffTests' catalog and section) and `quiet`, which never changes.
    func site(in scratch: Scratch, demoCatalog: String = DiffTests.catalog, demoSection: String = DiffTests.section,
              extra: [String: String] = [:]) throws -> Site {
        try scratch.write("Content/site.yaml", "title: T\nbaseURL: https://example.com\n")
        for key in ["demo", "quiet"] {
            try scratch.write("Content/connectors/\(key)/connector.yaml", "name: \(key == "demo" ? "Demo | One" : "Quiet")\n")
            try scratch.write("Content/connectors/\(key)/catalog.yaml", key == "demo" ? demoCatalog : DiffTests.catalog)
            try scratch.write("Content/connectors/\(key)/guides/g/guide.yaml", "title: G\nsections: [setup.md]\n")
            try scratch.write("Content/connectors/\(key)/guides/g/setup.md", key == "demo" ? demoSection : DiffTests.section)
        }
        for (path, text) in extra { try scratch.write(path, text) }
        return try ContentLoader(paths: ContentPaths(content: scratch.path + "/Content", templates: Repo.templates)).load().site
    }

    @Test func aPlantedCatalogChangeGivesThisComment() throws {
        let old = try Scratch(), new = try Scratch()
        let before = try site(in: old)
        let after = try site(in: new,
            demoCatalog: DiffTests.catalog
                .replacingOccurrences(of: "requiredScopes: [read]", with: "requiredScopes: [read, write]")
                .replacingOccurrences(of: "  - name: admin\n", with: "  - name: admin\n  - name: billing\n")
                + "  - id: pay\n    label: Pay\n    requiredScopes: [billing]\n",
            demoSection: DiffTests.section.replacingOccurrences(of: "when: [write]", with: "when: [admin]"))
        let diff = SiteDiff(base: "origin/main", new: "working tree", before: before, after: after)
        #expect(diff.requiresNewScopes)  // exit 3
        #expect(diff.unchanged == ["quiet"])
        #expect(DiffReport.markdown(diff) == """
            <!-- scopeguide-diff -->
            ## ScopeGuide: scope changes against `origin/main`

            > **Security review needed:** some selections of actions now require scopes they did not require before (`demo`).

            | Connector | Status | Actions | Scopes | Requirement changes | Steps | Selections that need more |
            | --- | --- | --- | --- | --- | --- | --- |
            | `demo` | changed | +1 −0 | +1 −0 | 1 | 1 | 2 |

            Unchanged: `quiet`.

            ### `demo`: Demo \\| One

            > **Security review needed:** some selections of actions now require scopes they did not require before.
            > - action 'list' now requires write
            > - selecting all actions now requires billing

            #### Selections that now need more (2)

            | Selection | Scopes before | Scopes now | New |
            | --- | --- | --- | --- |
            | `list` | `read` | `read` `write` | `write` |
            | `pay` (new) | — | `billing` | `billing` |

            #### Actions added (1)

            | Action | Id | Scopes |
            | --- | --- | --- |
            | Pay | `pay` | `billing` |

            #### Actions whose scopes changed (1)

            | Action | Id | Before | After |
            | --- | --- | --- | --- |
            | List | `list` | `read` | `read` `write` |

            #### Scopes

            - Added: `billing`

            #### Scopes for all actions

            - Before: `read` `write` `admin`
            - After: `read` `write` `admin` `billing`
            - Newly required: `billing`

            #### Steps whose visibility changes (1)

            | Guide | Section › Step | Change |
            | --- | --- | --- |
            | `g` | Setup › Writers | condition: shown for `write` → shown for `admin`; now shown for `purge`; no longer shown for `edit` |

            """)
    }

    @Test func noChangeIsShortAndNeedsNoReview() throws {
        let a = try Scratch(), b = try Scratch()
        let diff = SiteDiff(base: "HEAD", new: "working tree", before: try site(in: a), after: try site(in: b))
        #expect(!diff.requiresNewScopes)  // exit 0
        #expect(diff.connectors.isEmpty)
        #expect(diff.unchanged == ["demo", "quiet"])
        #expect(DiffReport.markdown(diff) == """
            <!-- scopeguide-diff -->
            ## ScopeGuide: scope changes against `HEAD`

            No selection of actions requires a new scope.

            No changes to any connector's actions, scopes, guides or step visibility.

            """)
    }

    @Test func addedAndRemovedConnectorsAndGuides() throws {
        let a = try Scratch(), b = try Scratch()
        let before = try site(in: a, extra: [
            "Content/connectors/gone/connector.yaml": "name: Gone\n",
            "Content/connectors/gone/catalog.yaml": DiffTests.catalog,
            "Content/connectors/gone/guides/g/guide.yaml": "title: G\nsections: [setup.md]\n",
            "Content/connectors/gone/guides/g/setup.md": DiffTests.section,
        ])
        let after = try site(in: b, extra: [
            "Content/connectors/fresh/connector.yaml": "name: Fresh\n",
            "Content/connectors/fresh/catalog.yaml": "scopeDefinitions:\n  - name: x\nactions:\n  - id: go\n    label: Go\n    requiredScopes: [x]\n",
            "Content/connectors/fresh/guides/g/guide.yaml": "title: G\nsections: [setup.md]\n",
            "Content/connectors/fresh/guides/g/setup.md": DiffTests.section.replacingOccurrences(of: "when: [write]", with: "when: [x]"),
            "Content/connectors/quiet/guides/h/guide.yaml": "title: H\nsections: [setup.md]\n",
            "Content/connectors/quiet/guides/h/setup.md": DiffTests.section,
        ])
        let diff = SiteDiff(base: "HEAD", new: "working tree", before: before, after: after)
        #expect(diff.connectors.map(\.key) == ["fresh", "gone", "quiet"])
        #expect(diff.connectors.map(\.status) == [.added, .removed, .changed])
        #expect(diff.connectors[2].guidesAdded == ["h"])
        #expect(diff.connectors[0].diff.increases == [.init(actions: ["go"], newActions: true, scopesBefore: [], scopesAfter: ["x"], newScopes: ["x"])])
        #expect(diff.connectors[1].diff.actionsRemoved.map(\.id) == ["list", "edit", "purge"])
        #expect(diff.requiresNewScopes)  // a new connector's scopes are new
        let markdown = DiffReport.markdown(diff)
        #expect(markdown.contains("\n### `fresh`: Fresh (new connector)\n"))
        #expect(markdown.contains("\n### `gone`: Gone (removed)\n"))
        #expect(markdown.contains("\n### `quiet`: Quiet\n\n- Guides added: `h`\n\nNo selection of actions requires a new scope.\n"))
        #expect(markdown.contains("(`fresh`)."))
        #expect(!markdown.contains("(`fresh`, `gone`"))
    }

    @Test func jsonHasEveryConnector() throws {
        let a = try Scratch(), b = try Scratch()
        let after = try site(in: b, demoCatalog: DiffTests.catalog.replacingOccurrences(of: "requiredScopes: [read]", with: "requiredScopes: [admin]"))
        let json = DiffReport.json(SiteDiff(base: "main", new: "working tree", before: try site(in: a), after: after))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["base", "new", "connectors", "unchanged", "requiresNewScopes"])
        #expect(object["requiresNewScopes"] as? Bool == true)
        let connectors = try #require(object["connectors"] as? [[String: Any]])
        #expect(connectors.map { $0["key"] as? String } == ["demo"])
        let diff = try #require(connectors.first?["diff"] as? [String: Any])
        let increases = try #require(diff["increases"] as? [[String: Any]])
        #expect(increases.first?["actions"] as? [String] == ["list"])
        #expect(increases.first?["newScopes"] as? [String] == ["admin"])
    }

    /// A git repository with two commits: the working tree read against `HEAD~1` through git.
    @Test func baseRevisionThroughGit() throws {
        let scratch = try Scratch()
        _ = try site(in: scratch)
        try scratch.git("init", "-q")
        try scratch.git("add", ".")
        try scratch.git("commit", "-q", "-m", "first")
        try scratch.write("Content/connectors/demo/catalog.yaml", DiffTests.catalog.replacingOccurrences(of: "requiredScopes: [write]", with: "requiredScopes: [admin]"))
        try scratch.git("commit", "-q", "-am", "second")
        let loader = DiffLoader(content: scratch.path + "/Content", templates: Repo.templates)
        let (before, after) = try loader.loadSites(base: "HEAD~1")
        let diff = SiteDiff(base: "HEAD~1", new: "working tree", before: before, after: after)
        #expect(diff.connectors.map(\.key) == ["demo"])
        #expect(diff.connectors[0].diff.increases.map(\.actions) == [["edit"]])
        let same = try loader.loadSites(base: "HEAD")
        #expect(SiteDiff(base: "HEAD", new: "working tree", before: same.before, after: same.after).connectors.isEmpty)
        #expect(throws: Diagnostics.self) { try loader.loadSites(base: "no-such-revision") }
    }
}
