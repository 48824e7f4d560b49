import Foundation
import Testing
import ScopeGuideCore
@testable import ScopeGuideKit

/// Alternative scope sets in content (`requiredScopes: {anyOf: …}`, scope metadata) and in the
/// outputs that carry them: located load errors, the guide URL's `grant`, the JSON writers.
@Suite("Alternative scope sets")
struct AlternativesTests {
    let catalog = TestSite.catalogPath
    static let anyOf = """
        requiredScopes:
              anyOf:
                - [a.read]
                - [a.write]
        """

    @Test("anyOf loads as alternatives in the author's order; a plain list is one alternative")
    func loadsAlternatives() throws {
        let site = try TestSite()
        try site.replace("requiredScopes: [a.read]", with: Self.anyOf, in: catalog)
        try site.replace("includes: [a.read]", with: "includes: [a.read]\n    adminConsent: true\n    privilege: 3", in: catalog)
        #expect(site.errors() == [])
        let demo = try #require(try ContentLoader(paths: site.paths).load().site.connector("demo"))
        #expect(demo.catalog.actions.map(\.alternatives) == [[["a.read"], ["a.write"]], [["a.write"]]])
        #expect(demo.catalog.hasAlternatives)
        #expect(demo.catalog.scope(named: "a.write")?.adminConsent == true)
        #expect(demo.catalog.scope(named: "a.write")?.privilege == 3)
        #expect(demo.catalog.scope(named: "a.read")?.adminConsent == nil)
    }

    @Test("each malformed requirement is reported where it is written", arguments: [
        ("requiredScopes:\n      anyOf: []", "10:14: error: action 'demo_list': 'anyOf' must be a non-empty list of alternatives, each a list of scopes"),
        ("requiredScopes:\n      anyOf:\n        - []\n        - [a.read]", "11:11: error: action 'demo_list' has an empty alternative in 'requiredScopes'"),
        ("requiredScopes:\n      anyOf:\n        - [a.read]\n        - [a.read]", "12:11: error: action 'demo_list' lists the same alternative twice (first at line 11)"),
        ("requiredScopes:\n      anyOf:\n        - [a.read]\n        - [a.nope]", "12:12: error: action 'demo_list' requires unknown scope 'a.nope' (not in scopeDefinitions)"),
        ("requiredScopes:\n      oneOf: [[a.read]]", "10:7: error: unknown key 'oneOf' (expected one of: anyOf)"),
    ])
    func malformedRequirement(written: String, expected: String) throws {
        let site = try TestSite()
        try site.replace("requiredScopes: [a.read]", with: written, in: catalog)
        #expect(site.errors().contains("\(catalog):\(expected)"), "\(site.errors())")
    }

    @Test("adminConsent must be a boolean and privilege a whole number")
    func badMetadata() throws {
        let site = try TestSite()
        try site.replace("includes: [a.read]", with: "includes: [a.read]\n    adminConsent: yes please\n    privilege: high", in: catalog)
        #expect(site.errors() == [
            "\(catalog):6:19: error: 'adminConsent' must be true or false, found 'yes please'",
            "\(catalog):7:16: error: 'privilege' must be a whole number of 0 or more, found 'high'",
        ])
    }

    @Test("the guide URL carries grant=fewest and parses it back")
    func urlStrategy() {
        let catalog = Catalog(scopes: [Scope(name: "a"), Scope(name: "b")],
                              actions: [Action(id: "x", label: "X", alternatives: [["a"], ["b"]])])
        let fewest = Selection(catalog: catalog, actionIDs: [], strategy: .fewestScopes)
        let url = GuideURL.make(baseURL: "https://g.test", connector: "c", guide: "g", selection: fewest, separator: .comma)
        #expect(url == "https://g.test/c/g/?actions=&sep=comma&grant=fewest")
        #expect(GuideURL.parse(url).strategy == .fewestScopes)
        #expect(GuideURL.parse("https://g.test/c/g/?grant=bogus").strategy == .leastPrivilege)
        let least = Selection(catalog: catalog, actionIDs: nil)
        #expect(GuideURL.make(baseURL: "https://g.test", connector: "c", guide: "g", selection: least) == "https://g.test/c/g/")
    }

    @Test("JSON outputs give anyOf only for actions with several alternatives, and scope metadata when stated")
    func json() {
        let catalog = Catalog(scopes: [Scope(name: "a", adminConsent: true, privilege: 2), Scope(name: "b")],
                              actions: [Action(id: "x", label: "X", alternatives: [["b"], ["a"]]),
                                        Action(id: "y", label: "Y", scopes: ["a"])])
        let table = ScopeTables(catalog).render(.json, catalog: catalog)
        #expect(table.contains(#""anyOf" : [\#n        [\#n          "b"\#n        ],"#))
        #expect(table.components(separatedBy: "\"anyOf\"").count == 2)  // x only
        var writer = JSONWriter()
        writer.object { json in json.scopeMetadata(catalog.scopes[0]); json.scopeMetadata(catalog.scopes[1]) }
        #expect(writer.text == #"{"adminConsent":true,"privilege":2}"#)
    }

    @Test("badges and reasons follow the chosen alternative, not every alternative")
    func badgesFollowChoice() {
        // x can use a or b; y needs a, so least privilege gives x a (already in R): b is unused.
        let catalog = Catalog(scopes: [Scope(name: "a"), Scope(name: "b")],
                              actions: [Action(id: "x", label: "X", alternatives: [["b"], ["a"]]),
                                        Action(id: "y", label: "Y", scopes: ["a"])])
        let all = Selection.all(catalog)
        #expect(all.scopes == ["a"])
        #expect(all.chosenScopes(actionAt: 0) == ["a"])
        #expect(all.badgeLabels(["a", "b"]) == ["X", "Y"])
        #expect(all.reasons(for: "a") == ["X", "Y"])
        #expect(all.reasons(for: "b") == [])
        let xOnly = Selection(catalog: catalog, actionIDs: ["x"])
        #expect(xOnly.scopes == ["b"])
        #expect(xOnly.badgeLabels(["a"]) == [])
    }

    /// The README's worked example, on the real Google Calendar content: free/busy, settings and
    /// the calendar list. Least privilege grants the three narrow read scopes (closure 3);
    /// fewest scopes needs one scope to say (`calendar.readonly` includes the other reads), at
    /// the price of a wider grant.
    @Test("worked example: Google Calendar's least-privilege and fewest-scopes answers differ")
    func calendarWorkedExample() throws {
        let loaded = try ContentLoader(paths: ContentPaths(content: Repo.content, templates: Repo.templates)).load()
        let calendar = try #require(loaded.site.connector("googlecalendar")).catalog
        let ids = ["googlecalendar_query_free_busy", "googlecalendar_list_settings", "googlecalendar_list_calendars"]
        let g = "https://www.googleapis.com/auth/"
        let least = Selection(catalog: calendar, actionIDs: ids, strategy: .leastPrivilege)
        let fewest = Selection(catalog: calendar, actionIDs: ids, strategy: .fewestScopes)
        #expect(least.scopes == [g + "calendar.freebusy", g + "calendar.settings.readonly", g + "calendar.calendarlist.readonly"])
        #expect(fewest.scopes == [g + "calendar.freebusy", g + "calendar.settings.readonly", g + "calendar.readonly"])
        #expect(fewest.minimalScopes == [g + "calendar.readonly"])
        #expect(least.minimalScopes == least.scopes)
        #expect(least.choice.proven && fewest.choice.proven)
        // Selecting everything is proven with both strategies on every default connector.
        for connector in loaded.site.connectors {
            for strategy in ScopeStrategy.allCases {
                #expect(Selection.all(connector.catalog, strategy: strategy).choice.proven, "\(connector.key) \(strategy)")
            }
        }
    }
}
