import Foundation
import ScopeGuideCore
import ScopeGuideImport
import ScopeGuideKit
import Testing
import TestSupport

/// The real API descriptions in ../shared/specs (relative to the package root).
enum Specs {
    static let root: String = (Repo.root as NSString).deletingLastPathComponent + "/shared/specs"
    static func path(_ name: String) -> String { root + "/" + name }
}

/// Imports a spec file (no writing) with the library API.
func importSpec(_ kind: SpecKind, _ file: String, connector: String, scheme: String? = nil, actions: String? = nil) -> (SpecCatalog, Diagnostics) {
    SpecImporter.run(kind, file: file, options: SpecOptions(connector: connector, scheme: scheme, actionsFile: actions))
}

/// Imports and writes into a scratch content folder.
@discardableResult
func importInto(_ content: String, _ kind: SpecKind, _ file: String, connector: String, actions: String? = nil) throws -> SpecImport.Outcome {
    try SpecImport(options: .init(kind: kind, file: file, connector: connector, content: content, templates: Repo.templates,
                                  actionsFile: actions)).run()
}

/// import → check (ScopeGuide's loader) → build (the guide page renders with every action).
func roundTrip(_ content: String, connector: String, expectedActions: Int) throws {
    let paths = ContentPaths(content: content, templates: Repo.templates)
    let (settings, loaded) = try ContentLoader(paths: paths).loadConnector(connector)
    #expect(loaded.catalog.actions.count == expectedActions)
    let guide = try #require(loaded.guides.first)
    let html = try SiteRenderer(paths: paths).guidePage(site: settings, connector: loaded, guide: guide)
    #expect(html.contains("data-guide-catalog"))
    #expect(html.contains(loaded.catalog.actions[0].id))
}

@Suite struct OpenAPIImportTests {
    // Counts from slack-web-openapi-v2.json with python's json module: operations under
    // paths.*.{get,post,…} whose `security` (or the global one) has a non-empty slackAuth list
    // (174), the distinct scopes in those lists (61), operations whose one requirement lists
    // several scopes (25, the legacy ones).
    @Test func slack() throws {
        let (catalog, problems) = importSpec(.openapi, Specs.path("slack-web-openapi-v2.json"), connector: "slack")
        #expect(problems.errors.isEmpty, "\(problems)")
        #expect(catalog.actions.count == 174)
        #expect(catalog.scopes.count == 61)
        #expect(catalog.actions.filter { $0.alternatives.count == 1 && $0.alternatives[0].count > 1 }.count == 25)
        let list = try #require(catalog.action(id: "slack_conversations_list"))
        #expect(list.alternatives == [["channels:read", "groups:read", "im:read", "mpim:read"]])
        #expect(list.label == "Conversations List")
        #expect(list.description == "Lists all channels in a Slack team.")
        #expect(catalog.action(id: "slack_chat_post_message")?.alternatives == [["chat:write:user", "chat:write:bot"]])
        #expect(catalog.action(id: "slack_chat_post_message")?.key == "chat_postMessage")
    }

    // petstore-openapi.yaml: 8 operations carry petstore_auth scopes (the README says so and
    // yq/python agree), 2 scopes; getPetById is api_key OR petstore_auth: only the OAuth one counts.
    @Test func petstore() throws {
        let (catalog, problems) = importSpec(.openapi, Specs.path("petstore-openapi.yaml"), connector: "petstore")
        #expect(problems.errors.isEmpty, "\(problems)")
        #expect(catalog.actions.count == 8)
        #expect(catalog.scopes.map(\.name) == ["write:pets", "read:pets"])
        #expect(catalog.scopes[0].description == "modify pets in your account")
        #expect(catalog.action(id: "petstore_get_pet_by_id")?.alternatives == [["write:pets", "read:pets"]])
        #expect(catalog.action(id: "petstore_find_pets_by_status")?.label == "Finds Pets by status.")
    }

    @Test func snakeCase() {
        #expect(SpecNames.snakeCase("chat.postMessage") == "chat_post_message")
        #expect(SpecNames.snakeCase("chatPostMessage") == "chat_post_message")
        #expect(SpecNames.snakeCase("chat_postMessage") == "chat_post_message")
        #expect(SpecNames.snakeCase("getHTTPResponse") == "get_http_response")
        #expect(SpecNames.snakeCase("calendarList.list") == "calendar_list_list")
        #expect(SpecNames.humanise("chat_post_message") == "Chat Post Message")
    }

    static let header = """
    openapi: 3.0.3
    info: {title: t, version: "1"}
    components:
      securitySchemes:
        oauth:
          type: oauth2
          flows:
            authorizationCode:
              authorizationUrl: https://x
              tokenUrl: https://x
              scopes: {a: A scope, b: B scope, c: C scope}
        key: {type: apiKey, in: header, name: k}
    security: [{oauth: [a]}]

    """

    func run(_ text: String) throws -> (SpecCatalog, Diagnostics) {
        let scratch = try Scratch()
        let file = try scratch.write("spec.yaml", text)
        return importSpec(.openapi, file, connector: "x")
    }

    @Test func alternativesAndOverrides() throws {
        let (catalog, problems) = try run(Self.header + """
        paths:
          /one:
            get: {operationId: one}
            post: {operationId: two, summary: Post it, security: [{oauth: [a, b]}, {key: []}, {oauth: [c]}, {oauth: []}]}
            put: {operationId: three, security: []}
          /four:
            $ref: '#/x-items/four'
        x-items:
          four: {get: {operationId: four, security: [{oauth: [b]}]}}
        """)
        #expect(problems.errors.isEmpty, "\(problems)")
        #expect(catalog.actions.map(\.id) == ["x_one", "x_two", "x_four"])
        #expect(catalog.scopes.map(\.name) == ["a", "b", "c"])
        #expect(catalog.action(id: "x_one")?.alternatives == [["a"]])
        #expect(catalog.action(id: "x_two")?.alternatives == [["a", "b"], ["c"]])
        #expect(catalog.action(id: "x_two")?.label == "Post it")
        #expect(catalog.action(id: "x_one")?.label == "One")
    }

    @Test func badSpecsAreLocatedErrors() throws {
        let cases: [(String, String)] = [
            ("{\"openapi\": \"3.0.0\", \"paths\": {", "error: malformed YAML: while parsing a flow node"),
            ("openapi: 3.0.0\npaths: {}\n", "no OAuth2 security scheme"),
            (Self.header + "paths:\n  /a:\n    $ref: '#/paths/~1b'\n  /b:\n    $ref: '#/paths/~1a'\n", "$ref cycle"),
            (Self.header + "paths:\n  /a:\n    $ref: '#/components/nothing'\n", "$ref target '#/components/nothing' does not exist"),
            (Self.header + "paths:\n  /a:\n    get: {operationId: chat.postMessage}\n    post: {operationId: chatPostMessage}\n",
             "both become the action id 'x_chat_post_message'"),
            ("swagger: \"2.0\"\nsecurityDefinitions:\n  o: {type: oauth2, scopes: {a: A}}\n  p: {type: oauth2, scopes: {b: B}}\npaths: {}\n",
             "choose one with --scheme"),
            (String(repeating: "[", count: 100) + String(repeating: "]", count: 100), "nested too deeply"),
            ("just text\n", "an OpenAPI document must be a mapping, found a scalar"),
            ("openapi: 2.5\n", "not an OpenAPI 3.x or Swagger 2.0 document"),
        ]
        for (text, expected) in cases {
            let (_, problems) = try run(text)
            #expect(problems.errors.contains { $0.description.contains(expected) }, "\(expected): \(problems)")
            #expect(problems.errors.allSatisfy { $0.description.contains("spec.yaml:") })
        }
        let (catalog, undefined) = try run(Self.header + "paths:\n  /a:\n    get:\n      operationId: a\n      security: [{oauth: [zz]}]\n")
        #expect(undefined.warnings.contains { $0.description.contains("spec.yaml:5:") == false && $0.message.contains("scope 'zz' is used but not defined") })
        #expect(catalog.scopes.map(\.name) == ["zz"])
    }

    /// Found by FuzzSpecs: a Discovery document defining a scope twice (a repeated JSON key)
    /// crashed the importer; the first definition is kept, with a warning.
    @Test func discoveryScopeDefinedTwice() throws {
        let scratch = try Scratch()
        let file = try scratch.write("twice.json", """
            {"kind": "discovery#restDescription",
             "auth": {"oauth2": {"scopes": {"https://x.test/a": {"description": "First."},
                                            "https://x.test/a": {"description": "Second."}}}},
             "resources": {"things": {"methods": {"list": {"id": "x.things.list", "scopes": ["https://x.test/a"]}}}}}
            """)
        let (catalog, problems) = importSpec(.discovery, file, connector: "x")
        #expect(problems.errors.isEmpty, "\(problems)")
        #expect(problems.warnings.contains { $0.message.contains("scope 'https://x.test/a' is defined twice") }, "\(problems)")
        #expect(catalog.scopes.map(\.name) == ["https://x.test/a"])
        #expect(catalog.scopes.first?.description == "First.")
    }

    @Test func hugeFilesAreRefused() throws {
        let scratch = try Scratch()
        let file = scratch.path + "/big.json"
        FileManager.default.createFile(atPath: file, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: file))
        try handle.truncate(atOffset: 33 << 20)
        try handle.close()
        let (_, problems) = importSpec(.openapi, file, connector: "x")
        #expect(problems.errors.map(\.description) == ["\(file):1:1: error: file is larger than 32 MB (\(33 << 20) bytes)"])
    }

    /// Generated mutations of a real spec: dropped, doubled and swapped lines, truncations,
    /// inserted brackets. The importers must never crash; every error is located.
    @Test func mutationsNeverCrash() throws {
        let text = try String(contentsOfFile: Specs.path("petstore-openapi.yaml"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var rng = SystemRandomNumberGenerator()
        var seed: UInt64 = 0x5EED
        func next(_ n: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(max(n, 1)))
        }
        _ = rng
        for _ in 0..<300 {
            var m = lines
            for _ in 0..<(1 + next(4)) {
                let i = next(m.count)
                switch next(6) {
                case 0: m.remove(at: i)
                case 1: m.insert(m[i], at: i)
                case 2: m.swapAt(i, next(m.count))
                case 3: m[i] = String(m[i].prefix(next(m[i].count + 1)))
                case 4: m[i] += ["{", "[", "$ref: '#/x'", ": :", "\u{0}"][next(5)]
                default: m[i] = m[i].replacingOccurrences(of: "petstore_auth", with: "api_key")
                }
            }
            let mutated = m.joined(separator: "\n")
            for kind in SpecKind.allCases where kind != .graph {
                guard let root = try? YAMLNode.readSpec(text: mutated, path: "m.yaml") else { continue }
                let (_, problems) = SpecImporter.run(kind, root: root, path: "m.yaml", options: SpecOptions(connector: "m"))
                #expect(problems.diagnostics.allSatisfy { $0.location.path == "m.yaml" })
            }
        }
    }
}

@Suite struct DiscoveryImportTests {
    // google-calendar-v3-discovery.json with python: 38 methods under resources.*.methods, all
    // with scopes; 17 distinct scopes (= auth.oauth2.scopes); events.list lists 9 scopes,
    // freebusy.query 4, calendarList.list 4, settings.list 3, acl.insert 2.
    @Test func googleCalendar() throws {
        let (catalog, problems) = importSpec(.discovery, Specs.path("google-calendar-v3-discovery.json"), connector: "gc")
        #expect(problems.diagnostics.isEmpty, "\(problems)")
        #expect(catalog.actions.count == 38)
        #expect(catalog.scopes.count == 17)
        let g = "https://www.googleapis.com/auth/"
        #expect(catalog.action(id: "gc_events_list")?.alternatives.count == 9)
        #expect(catalog.action(id: "gc_freebusy_query")?.alternatives.count == 4)
        #expect(catalog.action(id: "gc_calendar_list_list")?.alternatives.count == 4)
        #expect(catalog.action(id: "gc_settings_list")?.alternatives.count == 3)
        #expect(catalog.action(id: "gc_acl_insert")?.alternatives == [[g + "calendar.acls"], [g + "calendar"]])
        #expect(catalog.action(id: "gc_events_list")?.alternatives.last == [g + "calendar"])  // the broadest last
        #expect(catalog.action(id: "gc_events_list")?.label == "Returns events on the specified calendar")
        // Inferred includes: every method that accepts calendar.events.readonly accepts calendar.events.
        #expect(catalog.scope(g + "calendar.events")?.includes == [g + "calendar.events.readonly"])
        #expect(catalog.scope(g + "calendar.events")?.includesInferred == true)
        #expect(catalog.scope(g + "calendar.settings.readonly")?.includes == [])
        let text = CatalogYAML.write(catalog)
        #expect(text.contains("# inferred: review"))
    }
}

@Suite struct GraphImportTests {
    // microsoft-graph-permissions.json with python: DelegatedWork permissions whose pathSets
    // list GET /me/messages are Mail.Read, Mail.ReadBasic (least) and Mail.ReadWrite (least);
    // POST /me/sendMail: Mail.Send (least); GET /me/events/{id}: Calendars.ReadBasic (least),
    // Calendars.Read. All privilegeLevel 2, so least first, then by name.
    @Test func outlookActions() throws {
        let scratch = try Scratch()
        let actions = try scratch.write("actions.yaml", """
        - {id: list_messages, label: List Messages, method: GET, path: /me/messages}
        - {id: send_mail, label: Send Mail, method: POST, path: /me/sendMail}
        - {id: get_event, label: Get Event, method: GET, path: "/me/events/{event-id}"}
        - {id: nothing, label: Nothing, method: GET, path: /no/such/path}
        """)
        let (catalog, problems) = importSpec(.graph, Specs.path("microsoft-graph-permissions.json"), connector: "o", actions: actions)
        #expect(problems.errors.isEmpty)
        #expect(problems.warnings.map(\.message) == ["no permission lists GET /no/such/path for DelegatedWork: action 'nothing' skipped"])
        #expect(catalog.actions.map(\.id) == ["o_list_messages", "o_send_mail", "o_get_event"])
        #expect(catalog.action(id: "o_list_messages")?.alternatives == [["Mail.ReadBasic"], ["Mail.ReadWrite"], ["Mail.Read"]])
        #expect(catalog.action(id: "o_send_mail")?.alternatives == [["Mail.Send"]])
        #expect(catalog.action(id: "o_get_event")?.alternatives == [["Calendars.ReadBasic"], ["Calendars.Read"]])
        #expect(catalog.scope("Mail.Read")?.privilege == 2)
        #expect(catalog.scope("Mail.Read")?.adminConsent == false)
        #expect(catalog.scope("Mail.Read")?.description == "Allows the app to read the signed-in user's mailbox.")

        let content = try scratch.content()
        try importInto(content, .graph, Specs.path("microsoft-graph-permissions.json"), connector: "o", actions: actions)
        try roundTrip(content, connector: "o", expectedActions: 3)
    }
}

@Suite struct NangoImportTests {
    // nango-outlook.json: 2 actions + 4 syncs, all with scopes (6), scopes Mail.Read and
    // Calendars.Read; nango-google-calendar.json: whoami has none, 3 with scopes, 2 scopes.
    @Test func outlookAndCalendar() throws {
        let (outlook, p1) = importSpec(.nango, Specs.path("nango-outlook.json"), connector: "n")
        #expect(p1.diagnostics.isEmpty)
        #expect(outlook.actions.count == 6)
        #expect(outlook.scopes.map(\.name) == ["Mail.Read", "Calendars.Read"])
        #expect(outlook.action(id: "n_fetch_attachment")?.alternatives == [["Mail.Read"]])
        #expect(outlook.action(id: "n_fetch_attachment")?.label == "Fetch Attachment")
        let (calendar, _) = importSpec(.nango, Specs.path("nango-google-calendar.json"), connector: "n")
        #expect(calendar.actions.count == 3)
        #expect(calendar.scopes.count == 2)
    }
}

@Suite struct SpecImportFlowTests {
    @Test func roundTripsForEveryKind() throws {
        let scratch = try Scratch()
        let content = try scratch.content()
        let slack = try importInto(content, .openapi, Specs.path("slack-web-openapi-v2.json"), connector: "slack")
        #expect(slack.created)
        try roundTrip(content, connector: "slack", expectedActions: 174)
        try importInto(content, .openapi, Specs.path("petstore-openapi.yaml"), connector: "petstore")
        try roundTrip(content, connector: "petstore", expectedActions: 8)
        try importInto(content, .discovery, Specs.path("google-calendar-v3-discovery.json"), connector: "gc")
        try roundTrip(content, connector: "gc", expectedActions: 38)
        try importInto(content, .nango, Specs.path("nango-outlook.json"), connector: "nango")
        try roundTrip(content, connector: "nango", expectedActions: 6)
        // The whole content folder checks and builds.
        let paths = ContentPaths(content: content, templates: Repo.templates)
        _ = try ContentLoader(paths: paths).load()
    }

    @Test func reimportKeepsEdits() throws {
        let scratch = try Scratch()
        let content = try scratch.content()
        let spec = Specs.path("slack-web-openapi-v2.json")
        try importInto(content, .openapi, spec, connector: "slack")
        let catalogPath = content + "/connectors/slack/catalog.yaml"
        var text = try String(contentsOfFile: catalogPath, encoding: .utf8)
        func replace(_ a: String, _ b: String) {
            #expect(text.contains(a), "\(a)")
            text = text.replacingOccurrences(of: a, with: b)
        }
        // A curated requirement (legacy scopes are alternatives), a label, a description, a removal,
        // an includes, a hand-written action.
        replace("""
          - id: slack_conversations_list
            label: Conversations List
            description: "Lists all channels in a Slack team."
            requiredScopes: ["channels:read", "groups:read", "im:read", "mpim:read"]
        """, """
          - id: slack_conversations_list
            label: List Channels
            description: "Curated."
            requiredScopes:
              anyOf:
                - ["channels:read"]
                - ["groups:read"]
        """)
        let apiTest = try #require(text.range(of: "  - id: slack_api_test\n"))
        let next = try #require(text.range(of: "  - id: ", range: apiTest.upperBound..<text.endIndex))
        text.removeSubrange(apiTest.lowerBound..<next.lowerBound)
        replace("  - name: \"channels:write\"\n", "  - name: \"channels:write\"\n    includes: [\"channels:read\"]\n")
        text += "  - id: slack_custom\n    label: Custom\n    requiredScopes: [\"channels:read\"]\n"
        try text.write(toFile: catalogPath, atomically: false, encoding: .utf8)

        let again = try importInto(content, .openapi, spec, connector: "slack")
        #expect(!again.created)
        let c = again.catalog
        #expect(c.action(id: "slack_conversations_list")?.alternatives == [["channels:read"], ["groups:read"]])
        #expect(c.action(id: "slack_conversations_list")?.label == "List Channels")
        #expect(c.action(id: "slack_conversations_list")?.description == "Curated.")
        #expect(c.action(id: "slack_api_test") == nil)
        #expect(c.action(id: "slack_custom") != nil)
        #expect(c.scope("channels:write")?.includes == ["channels:read"])
        #expect(c.actions.count == 174)  // 174 − api.test + custom
        #expect(again.notes.contains { $0.contains("slack_conversations_list: curated requirement channels:read OR groups:read kept; the source says (channels:read AND groups:read AND im:read AND mpim:read)") })
        try roundTrip(content, connector: "slack", expectedActions: 174)
        // A third import changes nothing.
        let before = try String(contentsOfFile: catalogPath, encoding: .utf8)
        try importInto(content, .openapi, spec, connector: "slack")
        #expect(try String(contentsOfFile: catalogPath, encoding: .utf8) == before)
        // The curated requirement is not drift.
        let (report, _) = try SpecImport(options: .init(kind: .openapi, file: spec, connector: "slack", content: content,
                                                        templates: Repo.templates)).check()
        #expect(!report.hasDrift)
    }

    @Test func driftExitsThree() throws {
        let scratch = try Scratch()
        let content = try scratch.content()
        let original = try String(contentsOfFile: Specs.path("petstore-openapi.yaml"), encoding: .utf8)
        let spec = try scratch.write("petstore.yaml", original)
        try importInto(content, .openapi, spec, connector: "petstore")
        let inSync = try CLI.run(["import", "openapi", spec, "--connector", "petstore", "--check", "--content", content, "--templates", Repo.templates])
        #expect(inSync.status == 0, "\(inSync.stderr)")
        #expect(inSync.stdout.hasPrefix("petstore: catalog in sync with"))
        // The source now needs admin:pets for deletePet.
        let changed = original.replacingOccurrences(of: """
              operationId: deletePet
        """, with: """
              operationId: deletePet
              security: [{petstore_auth: ["write:pets", "admin:pets"]}]
        """)
        #expect(changed != original)
        try changed.write(toFile: spec, atomically: false, encoding: .utf8)
        let drift = try CLI.run(["import", "openapi", spec, "--connector", "petstore", "--check", "--content", content, "--templates", Repo.templates])
        #expect(drift.status == 3)
        #expect(drift.stdout.contains("petstore: 1 action drifted"))
        #expect(drift.stdout.contains("petstore_delete_pet (Deletes a pet.): the catalog grants (write:pets AND read:pets), which no longer satisfies the source: (write:pets AND admin:pets)"))
        // Nothing written by --check; a failed import writes nothing either.
        let catalog = try String(contentsOfFile: content + "/connectors/petstore/catalog.yaml", encoding: .utf8)
        #expect(!catalog.contains("admin:pets"))
        let bad = try scratch.write("bad.json", "{\"openapi\": \"3.0.0\"")
        let failed = try CLI.run(["import", "openapi", bad, "--connector", "broken", "--content", content, "--templates", Repo.templates])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("bad.json:2:1: error: malformed YAML"))
        #expect(!FileManager.default.fileExists(atPath: content + "/connectors/broken"))
    }

    @Test func pageImportStillWorksAsBefore() throws {
        let scratch = try Scratch()
        let content = try scratch.content()
        let r = try CLI.run(["import", "page", Repo.fixtures + "/outlook-reference.mdx", "--content", content, "--templates", Repo.templates])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: content + "/connectors/microsoftoutlook/catalog.yaml"))
    }
}

@Suite struct ImportMergeTests {
    static let base = SpecCatalog(
        scopes: [SpecScope(name: "a", description: "A"), SpecScope(name: "b", description: "B", includes: ["a"], includesInferred: true)],
        actions: [SpecAction(key: "k1", id: "x_one", label: "One", alternatives: [["a", "b"]]),
                  SpecAction(key: "k2", id: "x_two", label: "Two", alternatives: [["b"]])])

    @Test func untouchedCatalogFollowsTheSource() {
        var theirs = Self.base
        theirs.actions[0].label = "One, renamed upstream"
        theirs.actions[1].alternatives = [["a"], ["b"]]
        theirs.actions.append(SpecAction(key: "k3", id: "x_three", label: "Three", alternatives: [["c"]]))
        theirs.scopes.append(SpecScope(name: "c"))
        let merge = ImportMerge(base: Self.base, ours: Self.base, theirs: theirs)
        #expect(merge.catalog == theirs)
        #expect(merge.notes.isEmpty)
    }

    @Test func editsWinAndDisagreementsAreNoted() {
        var ours = Self.base
        ours.actions[0].alternatives = [["a"], ["b"]]  // curated
        ours.actions[0].label = "Mine"
        ours.actions.remove(at: 1)                      // removed by hand
        ours.scopes[1].includes = []                    // reviewed: b does not include a
        var theirs = Self.base
        theirs.actions[0].alternatives = [["a", "b", "c"]]  // the source changed too
        theirs.scopes.append(SpecScope(name: "c"))
        let merge = ImportMerge(base: Self.base, ours: ours, theirs: theirs)
        #expect(merge.catalog.actions.map(\.id) == ["x_one"])
        #expect(merge.catalog.actions[0].label == "Mine")
        #expect(merge.catalog.actions[0].alternatives == [["a"], ["b"]])
        #expect(merge.catalog.scope("b")?.includes == [])
        #expect(merge.notes == [
            "scope b: curated includes [] kept; the source suggests [a]",
            "action x_one: curated requirement a OR b kept; the source says (a AND b AND c)",
        ])
        // Drift: the source changed since the base, and [a] alone no longer satisfies it.
        let drift = DriftReport(catalog: merge.catalog, base: Self.base, source: theirs)
        #expect(drift.drift.map(\.id) == ["x_one"])
        // Includes count: a catalog alternative whose includes closure covers the source's is fine.
        var covering = merge.catalog
        covering.scopes[1].includes = ["a", "c"]
        covering.actions[0].alternatives = [["b"]]
        #expect(!DriftReport(catalog: covering, base: Self.base, source: theirs).hasDrift)
    }

    @Test func inferredCommentStaysUntilRemoved() throws {
        let catalog = SpecCatalog(scopes: [SpecScope(name: "a"), SpecScope(name: "b", includes: ["a"], includesInferred: true)],
                                  actions: [SpecAction(key: "k", id: "x_k", label: "K", alternatives: [["a"], ["b"]])])
        let text = CatalogYAML.write(catalog)
        #expect(text.contains("includes: [a]   # inferred: review"))
        func read(_ t: String) throws -> SpecCatalog {
            CatalogYAML.read(try YAMLNode.readSpec(text: t, path: "c.yaml"), path: "c.yaml", text: t).0
        }
        #expect(ImportMerge(base: catalog, ours: try read(text), theirs: catalog).catalog.scope("b")?.includesInferred == true)
        let reviewed = text.replacingOccurrences(of: "   # inferred: review", with: "")
        #expect(ImportMerge(base: catalog, ours: try read(reviewed), theirs: catalog).catalog.scope("b")?.includesInferred == false)
    }
}

@Suite struct DefaultContentSourcesTests {
    /// The committed catalogs made from ../shared/specs are in sync with their sources, and a
    /// re-import changes nothing (import.yaml's source paths are relative to the package root).
    @Test(arguments: [("slack", SpecKind.openapi, "slack-web-openapi-v2.json"),
                      ("googlecalendar", SpecKind.discovery, "google-calendar-v3-discovery.json")])
    func inSyncWithTheSource(connector: String, kind: SpecKind, file: String) throws {
        let scratch = try Scratch()
        let content = try scratch.content()
        try FileManager.default.copyItem(atPath: Repo.root + "/Content/connectors/" + connector,
                                         toPath: content + "/connectors/" + connector)
        let options = SpecImport.Options(kind: kind, file: Specs.path(file), connector: connector, content: content, templates: Repo.templates)
        let (report, warnings) = try SpecImport(options: options).check()
        #expect(!report.hasDrift, "\(report.text(connector: connector, source: file))")
        #expect(warnings.isEmpty)
        let catalog = content + "/connectors/\(connector)/catalog.yaml"
        let before = try String(contentsOfFile: catalog, encoding: .utf8)
        let outcome = try SpecImport(options: options).run()
        #expect(try String(contentsOfFile: catalog, encoding: .utf8) == before)
        let record = try String(contentsOfFile: Repo.root + "/Content/connectors/\(connector)/import.yaml", encoding: .utf8)
        #expect(record.contains("source: \"../shared/specs/\(file)\""))
        if connector == "slack" {
            #expect(outcome.catalog.actions.count == 174)
            #expect(outcome.catalog.actions.filter { $0.alternatives.count > 1 }.count == 25)
            #expect(outcome.catalog.action(id: "slack_chat_post_message")?.alternatives == [["chat:write"], ["chat:write:bot"], ["chat:write:user"]])
        } else {
            // 38 methods + the 3 composite actions written by hand; the 17 ids that existed before.
            #expect(outcome.catalog.actions.count == 41)
            #expect(outcome.catalog.scopes.count == 17)
            for id in ["googlecalendar_list_events", "googlecalendar_share_calendar", "googlecalendar_schedule_meeting_in_free_slot"] {
                #expect(outcome.catalog.action(id: id) != nil, "\(id)")
            }
            let g = "https://www.googleapis.com/auth/"
            #expect(outcome.catalog.scope(g + "calendar.events")?.includes == [g + "calendar.events.readonly", g + "calendar.events.owned"])
        }
    }
}
