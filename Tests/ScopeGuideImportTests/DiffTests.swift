import Foundation
@testable import ScopeGuideImport
import ScopeGuideKit
import Testing

@Suite struct DiffTests {
    static let catalog = """
    scopeDefinitions:
      - name: read
      - name: write
      - name: admin
    actions:
      - id: list
        label: List
        requiredScopes: [read]
      - id: edit
        label: Edit
        requiredScopes: [write]
      - id: purge
        label: Purge
        requiredScopes: [admin]

    """

    static let section = """
    # Setup

    ## Always

    Do this first.

    ## Writers

    ```guide
    when: [write]
    ```

    Only for writing.

    """

    /// A content folder with one connector `demo` whose catalog and section are given.
    func content(in scratch: Scratch, catalog: String = catalog, section: String = section, under root: String = "Content") throws -> String {
        try scratch.write("\(root)/site.yaml", "title: T\nbaseURL: https://example.com\n")
        try scratch.write("\(root)/connectors/demo/connector.yaml", "name: Demo\n")
        try scratch.write("\(root)/connectors/demo/catalog.yaml", catalog)
        try scratch.write("\(root)/connectors/demo/guides/g/guide.yaml", "title: G\nsections: [setup.md]\n")
        try scratch.write("\(root)/connectors/demo/guides/g/setup.md", section)
        return scratch.path + "/" + root
    }

    func diff(_ old: String, _ new: String, connector: String? = nil) throws -> CatalogDiff {
        let (a, b) = try DiffLoader(connector: connector, templates: Repo.templates).load(old: old, new: new)
        return CatalogDiff(connector: b.connector, old: old, new: new, before: a.catalog, after: b.catalog,
                           guidesBefore: a.guides, guidesAfter: b.guides)
    }

    @Test func addedAndRemovedActions() throws {
        let scratch = try Scratch()
        let old = try scratch.write("old.yaml", Self.catalog)
        let new = try scratch.write("new.yaml", Self.catalog
            .replacingOccurrences(of: "  - id: purge\n    label: Purge\n    requiredScopes: [admin]\n", with: "")
            + "  - id: show\n    label: Show\n    requiredScopes: [read]\n")
        let d = try diff(old, new)
        #expect(d.actionsAdded.map(\.id) == ["show"])
        #expect(d.actionsRemoved.map(\.id) == ["purge"])
        #expect(d.actionsChanged.isEmpty)
        #expect(d.allActionsScopes.lost == ["admin"])
        #expect(d.steps == nil)  // bare catalogs have no guides
        // A new action that needs only scopes already required: no selection needs more (exit 0).
        #expect(!d.requiresNewScopes)
        let markdown = DiffReport.markdown(d)
        #expect(markdown.contains("### Actions added (1)\n\n| Action | Id | Scopes |\n| --- | --- | --- |\n| Show | `show` | `read` |"))
        #expect(markdown.contains("| Purge | `purge` | `admin` |"))
        #expect(markdown.contains("No selection of actions requires a new scope."))
    }

    @Test func anActionThatGainsAScopeNeedsReview() throws {
        let scratch = try Scratch()
        let old = try scratch.write("old.yaml", Self.catalog)
        let new = try scratch.write("new.yaml", Self.catalog.replacingOccurrences(of: "requiredScopes: [read]", with: "requiredScopes: [read, write]"))
        let d = try diff(old, new)
        #expect(d.actionsChanged == [.init(id: "list", label: "List", before: ["read"], after: ["read", "write"], gained: ["write"], lost: [])])
        #expect(d.requiresNewScopes)  // exit 3
        #expect(d.reasons == ["action 'list' now requires write"])
        #expect(DiffReport.markdown(d).contains("> **Security review needed:**"))
    }

    @Test func narrowingToAnIncludedScopeNeedsNoReview() throws {
        let scratch = try Scratch()
        let withIncludes = Self.catalog.replacingOccurrences(of: "  - name: write\n", with: "  - name: write\n    includes: [read]\n")
        let old = try scratch.write("old.yaml", withIncludes)
        let new = try scratch.write("new.yaml", withIncludes.replacingOccurrences(of: "requiredScopes: [write]", with: "requiredScopes: [read]"))
        let d = try diff(old, new)
        #expect(d.actionsChanged.map(\.gained) == [["read"]])  // reported…
        #expect(!d.requiresNewScopes)                            // …but write already granted read
        let back = try diff(new, old)
        #expect(back.requiresNewScopes)
    }

    @Test func aNewActionWithANewScopeNeedsReview() throws {
        let scratch = try Scratch()
        let old = try scratch.write("old.yaml", Self.catalog)
        let new = try scratch.write("new.yaml", Self.catalog.replacingOccurrences(of: "  - name: admin\n", with: "  - name: admin\n  - name: billing\n")
            + "  - id: pay\n    label: Pay\n    requiredScopes: [billing]\n")
        let d = try diff(old, new)
        #expect(d.scopesAdded == ["billing"])
        #expect(d.allActionsScopes.gained == ["billing"])
        #expect(d.requiresNewScopes)
    }

    @Test func onlyRemovalsNeedNoReview() throws {
        let scratch = try Scratch()
        let old = try scratch.write("old.yaml", Self.catalog.replacingOccurrences(of: "requiredScopes: [write]", with: "requiredScopes: [read, write]"))
        let new = try scratch.write("new.yaml", Self.catalog
            .replacingOccurrences(of: "  - name: admin\n", with: "")
            .replacingOccurrences(of: "  - id: purge\n    label: Purge\n    requiredScopes: [admin]\n", with: ""))
        let d = try diff(old, new)
        #expect(d.actionsRemoved.map(\.id) == ["purge"])
        #expect(d.scopesRemoved == ["admin"])
        #expect(d.actionsChanged.map(\.lost) == [["read"]])
        #expect(!d.requiresNewScopes)  // exit 0
    }

    @Test func stepsWhoseVisibilityChanges() throws {
        let old = try Scratch(), new = try Scratch()
        let a = try content(in: old)
        let b = try content(in: new, section: Self.section.replacingOccurrences(of: "when: [write]", with: "when: [admin]"))
        let d = try diff(a, b)
        let steps = try #require(d.steps)
        #expect(steps == [.init(guide: "g", section: "Setup", step: "Writers", change: .condition,
                                conditionBefore: ["write"], conditionAfter: ["admin"],
                                nowShownFor: ["purge"], noLongerShownFor: ["edit"])])
        #expect(DiffReport.markdown(d).contains("| `g` | Setup › Writers | condition: shown for `write` → shown for `admin`; now shown for `purge`; no longer shown for `edit` |"))
    }

    @Test func aScopeChangeMovesAStepWithoutTouchingItsCondition() throws {
        let old = try Scratch(), new = try Scratch()
        let a = try content(in: old)
        let b = try content(in: new, catalog: Self.catalog.replacingOccurrences(of: "requiredScopes: [admin]", with: "requiredScopes: [admin, write]"))
        let steps = try #require(try diff(a, b).steps)
        #expect(steps.map(\.change) == [.shownFor])
        #expect(steps.first?.nowShownFor == ["purge"])
    }

    @Test func aSectionWithoutStepsFollowsItsOwnCondition() throws {
        let old = try Scratch(), new = try Scratch()
        let intro = "# Admins\n\n```guide\nwhen: [admin]\n```\n\nOnly an intro.\n"
        let a = try content(in: old)
        let b = try content(in: new, catalog: Self.catalog.replacingOccurrences(of: "requiredScopes: [read]", with: "requiredScopes: [admin]"))
        for scratch in [old, new] {
            try scratch.write("Content/connectors/demo/guides/g/guide.yaml", "title: G\nsections: [setup.md, admins.md]\n")
            try scratch.write("Content/connectors/demo/guides/g/admins.md", intro)
        }
        let steps = try #require(try diff(a, b).steps)
        #expect(steps == [.init(guide: "g", section: "Admins", step: "", change: .shownFor, conditionBefore: ["admin"],
                                conditionAfter: ["admin"], nowShownFor: ["list"], noLongerShownFor: [])])
        #expect(DiffReport.markdown(try diff(a, b)).contains("| `g` | Admins (the section) | same condition, different actions need it; now shown for `list` |"))
    }

    /// `when: admin-consent` is part of visibility: a scope that starts needing consent shows
    /// the step to the actions that need that scope, and the report says the condition.
    @Test func adminConsentStepsFollowTheConsentMarker() throws {
        let old = try Scratch(), new = try Scratch()
        let consent = Self.section.replacingOccurrences(of: "when: [write]", with: "when: admin-consent")
        let a = try content(in: old, section: consent)
        let b = try content(in: new, catalog: Self.catalog.replacingOccurrences(of: "  - name: admin\n", with: "  - name: admin\n    adminConsent: true\n"),
                            section: consent)
        let steps = try #require(try diff(a, b).steps)
        #expect(steps == [.init(guide: "g", section: "Setup", step: "Writers", change: .shownFor,
                                conditionBefore: ["admin-consent"], conditionAfter: ["admin-consent"],
                                nowShownFor: ["purge"], noLongerShownFor: [])])
        // The same step gaining the condition is a condition change.
        let plain = try Scratch()
        let c = try content(in: plain)
        let gained = try #require(try diff(c, a).steps)
        #expect(gained.map(\.change) == [.condition])
        #expect(gained.first?.conditionAfter == ["admin-consent"])
        #expect(gained.first?.noLongerShownFor == ["edit"])
    }

    @Test func aNewActionIsTheSelectionThatNeedsMore() throws {
        let scratch = try Scratch()
        let old = try scratch.write("old.yaml", Self.catalog)
        let new = try scratch.write("new.yaml", Self.catalog.replacingOccurrences(of: "  - name: admin\n", with: "  - name: admin\n  - name: billing\n")
            + "  - id: pay\n    label: Pay\n    requiredScopes: [read, billing]\n")
        let d = try diff(old, new)
        #expect(d.reasons == ["selecting all actions now requires billing"])
        #expect(d.increases == [.init(actions: ["pay"], newActions: true, scopesBefore: [], scopesAfter: ["read", "billing"], newScopes: ["read", "billing"])])
        #expect(DiffReport.markdown(d).contains("| `pay` (new) | — | `read` `billing` | `read` `billing` |\n"))
    }

    @Test func aGitRevisionSide() throws {
        let scratch = try Scratch()
        let root = try content(in: scratch)
        try scratch.git("init", "-q")
        try scratch.git("add", ".")
        try scratch.git("commit", "-q", "-m", "first")
        try scratch.write("Content/connectors/demo/catalog.yaml", Self.catalog.replacingOccurrences(of: "requiredScopes: [read]", with: "requiredScopes: [admin]"))
        let d = try diff("git:HEAD", root)
        #expect(d.connector == "demo")
        #expect(d.actionsChanged.map(\.id) == ["list"])
        #expect(d.requiresNewScopes)
        #expect(d.steps == [])
        // The catalog file alone at that revision works too.
        let file = try diff("git:HEAD", root + "/connectors/demo/catalog.yaml")
        #expect(file.actionsChanged.map(\.gained) == [["admin"]])
        #expect(throws: Diagnostics.self) { try diff("git:no-such-rev", root) }
    }

    @Test func jsonHasTheSameData() throws {
        let scratch = try Scratch()
        let old = try scratch.write("old.yaml", Self.catalog)
        let new = try scratch.write("new.yaml", Self.catalog.replacingOccurrences(of: "requiredScopes: [read]", with: "requiredScopes: [write]"))
        let json = DiffReport.json(try diff(old, new))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["connector", "old", "new", "actionsAdded", "actionsRemoved", "actionsChanged", "scopesAdded",
                                     "scopesRemoved", "allActionsScopes", "requiresNewScopes", "reasons", "increases"])
        #expect(object["requiresNewScopes"] as? Bool == true)
        let increases = try #require(object["increases"] as? [[String: Any]])
        #expect(increases.first?["actions"] as? [String] == ["list"])
        let changed = try #require(object["actionsChanged"] as? [[String: Any]])
        #expect(changed.first?["id"] as? String == "list")
        #expect(changed.first?["before"] as? [String] == ["read"])
        #expect(changed.first?["after"] as? [String] == ["write"])
        let all = try #require(object["allActionsScopes"] as? [String: [String]])
        #expect(all["before"] == ["read", "write", "admin"])
        #expect(all["after"] == ["write", "admin"])
    }

    /// Alternatives: order is preference only; a new alternative is a change but not more
    /// privilege while the least-privileged choice stays; losing the cheap one is an increase.
    @Test func alternativeRequirements() throws {
        let scratch = try Scratch()
        let anyOf = { (alternatives: String) in
            Self.catalog.replacingOccurrences(of: "requiredScopes: [read]", with: "requiredScopes: {anyOf: \(alternatives)}")
        }
        let old = try scratch.write("old.yaml", anyOf("[[read], [admin]]"))
        let reordered = try diff(old, try scratch.write("reordered.yaml", anyOf("[[admin], [read]]")))
        #expect(reordered.actionsChanged.isEmpty && !reordered.requiresNewScopes)

        let widened = try diff(old, try scratch.write("widened.yaml", anyOf("[[read], [write], [admin]]")))
        #expect(widened.actionsChanged.map(\.id) == ["list"])
        #expect(widened.actionsChanged.first?.anyOfAfter == [["read"], ["write"], ["admin"]])
        #expect(widened.actionsChanged.first?.gained == ["write"])
        #expect(!widened.requiresNewScopes && widened.increases.isEmpty)

        let narrowed = try diff(old, try scratch.write("narrowed.yaml", anyOf("[[admin]]")))
        #expect(narrowed.requiresNewScopes)  // exit 3
        #expect(narrowed.reasons == ["action 'list' now requires admin"])
        #expect(narrowed.increases.map(\.actions) == [["list"]])
        #expect(narrowed.increases.first?.scopesBefore == ["read"])
        #expect(narrowed.increases.first?.scopesAfter == ["admin"])
    }

    @Test func badInputIsAnError() throws {
        let scratch = try Scratch()
        let bad = try scratch.write("bad.yaml", "actions: [\n")
        let good = try scratch.write("good.yaml", Self.catalog)
        #expect(throws: Diagnostics.self) { try diff(bad, good) }
        #expect(throws: Diagnostics.self) { try diff(scratch.path + "/missing.yaml", good) }
    }
}
