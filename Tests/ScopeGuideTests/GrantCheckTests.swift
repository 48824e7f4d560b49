import Foundation
import Testing
import TestSupport
import ScopeGuideCore
@testable import ScopeGuideKit

/// Checking a grant (docs/selection-rules.md, "Checking a grant") and the `admin-consent`
/// condition of rule 2.
@Suite("Grant check and admin consent")
struct GrantCheckTests {
    /// f.write ⊃ f.read ⊃ f.basic; adm needs admin consent.
    static let catalog = Catalog(
        scopes: [
            Scope(name: "f.basic"),
            Scope(name: "f.read", includes: ["f.basic"]),
            Scope(name: "f.write", includes: ["f.read"]),
            Scope(name: "m.send"),
            Scope(name: "adm", adminConsent: true, privilege: 3),
            Scope(name: "x.other", adminConsent: false),
        ],
        actions: [
            Action(id: "list", label: "List", scopes: ["f.basic"]),
            Action(id: "edit", label: "Edit", alternatives: [["f.write"], ["adm"]]),
            Action(id: "send", label: "Send", scopes: ["m.send"]),
            Action(id: "combo", label: "Combo", scopes: ["f.read", "m.send"]),
        ])

    func check(_ ids: [String]?, _ granted: String) -> GrantCheck {
        GrantCheck(selection: Selection(catalog: Self.catalog, actionIDs: ids), granted: GrantInput.split(granted))
    }

    @Test("a grant covers through includes and alternatives")
    func covers() {
        let all = check(nil, "f.write m.send")
        #expect(all.covered.map(\.id) == ["list", "edit", "send", "combo"])
        #expect(all.missing.isEmpty && all.coversAll)
        #expect(all.unneeded == [])
        let viaAlternative = check(["edit"], "adm")
        #expect(viaAlternative.coversAll)
        #expect(viaAlternative.unneeded == [])
    }

    @Test("a grant that misses: the least scopes to add, ties to the author's order")
    func misses() {
        let c = check(["list", "edit", "send"], "f.read")
        #expect(c.covered.map(\.id) == ["list"])
        #expect(c.missing.map(\.action.id) == ["edit", "send"])
        #expect(c.missing[0].alternative == ["f.write"])  // [f.write] and [adm] each miss one
        #expect(c.missing[0].add == ["f.write"])
        #expect(c.missing[1].add == ["m.send"])
        #expect(c.toAdd == ["f.write", "m.send"])
        #expect(c.unneeded == [])  // f.read gives f.basic, which List needs
        #expect(!c.coversAll)
        // Combo needs f.read and m.send: with f.basic and m.send granted, f.read is to add;
        // m.send is part of Combo's target, f.basic is not (f.read, once added, includes it).
        let partial = check(["combo"], "f.basic,m.send")
        #expect(partial.missing.map(\.add) == [["f.read"]])
        #expect(partial.unneeded == ["f.basic"])
    }

    @Test("an over-grant: broader and unrelated scopes are unneeded, unknown ones listed")
    func overGrants() {
        let c = check(["list"], "f.read; f.write | x.other\nadm Unknown.Scope f.read")
        #expect(c.coversAll)
        #expect(c.granted == ["f.read", "f.write", "adm", "x.other"])
        #expect(c.unneeded == ["f.write", "adm", "x.other"])
        #expect(c.unknown == ["Unknown.Scope"])
        // A broader scope that alone provides the need is kept.
        #expect(check(["list"], "f.write").unneeded == [])
        // Nothing selected: everything granted is unneeded.
        #expect(check([], "f.write adm").unneeded == ["f.write", "adm"])
    }

    @Test("the five separators (and runs of them) split a pasted list")
    func separators() {
        #expect(GrantInput.split(" a,b;c|d\ne\r\n\tf,,a ") == ["a", "b", "c", "d", "e", "f"])
        #expect(throws: GrantInput.Failure.empty) { try GrantInput.parse(" ,;|\n ") }
    }

    // MARK: - Tokens

    static func b64(_ text: String) -> String { b64(Data(text.utf8)) }
    static func b64(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
    static func token(_ payload: String, header: String = #"{"alg":"RS256","typ":"JWT","kid":"abc"}"#) -> String {
        b64(header) + "." + b64(payload) + "." + b64("not-a-real-signature")
    }

    @Test("Entra-shaped delegated and application tokens, Google-shaped scope claims")
    func decodesTokens() throws {
        let delegated = Self.token(#"{"aud":"00000003-0000-0000-c000-000000000000","iss":"https://sts.windows.net/t/","exp":1767225600,"name":"Ada","scp":"f.read m.send openid","tid":"t","ver":"1.0"}"#)
        let d = try GrantInput.parse("  Bearer " + delegated + "\n")
        #expect(d.scopes == ["f.read", "m.send", "openid"])
        #expect(d.claims == ["scp"])
        let app = try GrantInput.parse(Self.token(#"{"aud":"api://x","roles":["adm","x.other"],"oid":"o"}"#))
        #expect(app.scopes == ["adm", "x.other"] && app.claims == ["roles"])
        let google = try GrantInput.decodeToken(Self.token(#"{"scope":["f.basic","m.send f.basic"],"scp":"m.send"}"#))
        #expect(google.scopes == ["m.send", "f.basic"] && google.claims == ["scp", "scope"])
        let c = GrantCheck(selection: Selection(catalog: Self.catalog, actionIDs: ["send", "edit"]), granted: d.scopes)
        #expect(c.covered.map(\.id) == ["send"] && c.unknown == ["openid"])
    }

    @Test("hostile strings in claims come through as plain names")
    func hostileClaims() throws {
        let t = Self.token(#"{"scp":"<img src=x onerror=alert(1)> \u003cscript\u003ealert(1)\u003c/script\u003e \"q\" \ud83d\ude00 f.read","x":{"__proto__":[1,{"a":null}]}}"#)
        let input = try GrantInput.parse(t)
        #expect(input.scopes == ["<img", "src=x", "onerror=alert(1)>", "<script>alert(1)</script>", "\"q\"", "😀", "f.read"])
        let c = GrantCheck(selection: Selection(catalog: Self.catalog, actionIDs: ["combo"]), granted: input.scopes)
        #expect(c.unknown.count == 6 && c.missing.map(\.add) == [["m.send"]])
    }

    @Test("bad tokens give a clear message", arguments: [
        ("eyJhbGciOiJSUzI1NiJ9", GrantInput.Failure.notJWT(parts: 1)),
        ("eyJhbGciOiJSUzI1NiJ9.eyJzY3AiOiJh", .notJWT(parts: 2)),
        ("eyJ.a.b.c.d", .encrypted),
        ("eyJ!!.e30.x", .badBase64(part: "header")),
        ("eyJhbGciOiJSUzI1NiJ9.e.x", .badBase64(part: "payload")),    // one character: no whole byte
        ("eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.x", .badJSON(part: "payload")),
        ("eyJhbGciOiJSUzI1NiJ9.WzFd.x", .badJSON(part: "payload")),   // [1]
        ("eyJhbGciOiJSUzI1NiJ9.e30.x", .noClaims),                     // {}
        ("eyJhbGci.e30.x", .badJSON(part: "header")),                  // '{"alg' cut short
    ])
    func badTokens(text: String, failure: GrantInput.Failure) {
        #expect(throws: failure) { try GrantInput.parse(text) }
    }

    @Test("claims of the wrong type, deep nesting, invalid UTF-8, a BOM and huge input")
    func badPayloads() {
        #expect(throws: GrantInput.Failure.badClaim("scp")) { try GrantInput.parse(Self.token(#"{"scp":42}"#)) }
        #expect(throws: GrantInput.Failure.badClaim("roles")) { try GrantInput.parse(Self.token(#"{"roles":["a",null]}"#)) }
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: GrantInput.Failure.badJSON(part: "payload")) { try GrantInput.parse(Self.token(#"{"x":"# + deep + "}")) }
        let shallow = String(repeating: "[", count: 62) + String(repeating: "]", count: 62)
        #expect((try? GrantInput.parse(Self.token(#"{"scp":"a","x":"# + shallow + "}"))) != nil)
        let badUTF8 = Self.b64(#"{"alg":"x"}"#) + "." + Self.b64(Data([0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D])) + ".s"
        #expect(throws: GrantInput.Failure.badJSON(part: "payload")) { try GrantInput.parse(badUTF8) }
        let bom = Self.b64(#"{"alg":"x"}"#) + "." + Self.b64(Data([0xEF, 0xBB, 0xBF] + Array(#"{"scp":"a"}"#.utf8))) + ".s"
        #expect(throws: GrantInput.Failure.badJSON(part: "payload")) { try GrantInput.parse(bom) }
        let huge = "eyJ" + String(repeating: "A", count: 1_048_576)
        #expect(throws: GrantInput.Failure.tooLong(1_048_579)) { try GrantInput.parse(huge) }
        #expect(throws: GrantInput.Failure.tooLong(1_048_576)) { try GrantInput.parse(String(repeating: "a ", count: 524_288)) }
        #expect(GrantInput.Failure.notJWT(parts: 1).description.contains("truncated"))
    }

    // MARK: - Admin consent (rule 2)

    @Test("`admin-consent` shows a step only when a scope of R needs admin consent")
    func adminConsentCondition() {
        let guide = Guide(key: "g", title: "G", authMethod: "OAuth 2.0", summary: "", credentials: [], callouts: [], sections: [
            Section(title: "S", intro: .empty, steps: [
                Step(title: "Always", body: .empty),
                Step(title: "Consent", body: .empty, whenAdminConsent: true),
            ]),
            Section(title: "Admin only", intro: .empty, steps: [], whenAdminConsent: true),
        ])
        func titles(_ ids: [String]?, _ strategy: ScopeStrategy = .default) -> [String] {
            Selection(catalog: Self.catalog, actionIDs: ids, strategy: strategy).filter(guide).sections
                .flatMap { [$0.section.title] + $0.steps.map(\.step.title) }
        }
        #expect(titles(["list"]) == ["S", "Always"])
        // Edit's least-privileged alternative is adm (closure 1 < 3): consent needed.
        #expect(Selection(catalog: Self.catalog, actionIDs: ["edit"]).scopes == ["adm"])
        #expect(titles(["edit"]) == ["S", "Always", "Consent", "Admin only"])
        #expect(titles([]) == ["S", "Always"])
    }

    @Test("`when: admin-consent` loads; elsewhere it is an error at its line")
    func adminConsentLoads() throws {
        let site = try TestSite()
        try site.replace("when: [a.read, a.write]\nscopes: all", with: "when: admin-consent\nscopes: all", in: TestSite.sectionPath)
        try site.replace("includes: [a.read]", with: "includes: [a.read]\n    adminConsent: true", in: TestSite.catalogPath)
        #expect(site.errors() == [])
        let (_, demo) = try ContentLoader(paths: site.paths).loadConnector("demo")
        let step = demo.guides[0].sections[0].steps[1]
        #expect(step.whenAdminConsent && step.condition.isEmpty)
        #expect(!Selection(catalog: demo.catalog, actionIDs: ["demo_list"]).isVisible(step))
        #expect(Selection(catalog: demo.catalog, actionIDs: ["demo_update"]).isVisible(step))
        let bad = try TestSite()
        try bad.replace("scopes: all", with: "scopes: admin-consent", in: TestSite.sectionPath)
        #expect(bad.errors() == ["Content/connectors/demo/guides/main/setup.md:13:9: error: 'admin-consent' is a condition: only 'when' may say it"])
    }

    // MARK: - Command line

    @Test("scopeguide grant: exit 0 when covered, 4 when missing, 1 on a bad token; JSON")
    func command() throws {
        let base = ["grant", "microsoftoutlook", "--actions", "microsoftoutlook_send_mail,microsoftoutlook_list_messages"]
        let ok = try CLI.run(base + ["--scopes", "Mail.Send,Mail.Read"])
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("Covered (2 of 2 selected actions)"))
        let missing = try CLI.run(base + ["--scopes", "Mail.ReadWrite Nope.Scope", "--format", "json"])
        #expect(missing.status == 4)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(missing.stdout.utf8)) as? [String: Any])
        #expect(json["covered"] as? [String] == ["microsoftoutlook_list_messages"])
        #expect(json["toAdd"] as? [String] == ["Mail.Send"])
        #expect(json["unknown"] as? [String] == ["Nope.Scope"])
        #expect(json["unneeded"] as? [String] == [])
        #expect(json["coversAll"] as? Bool == false)
        let dir = try TemporaryDirectory()
        try dir.write("t.jwt", Self.token(#"{"scp":"Mail.Send Mail.ReadBasic"}"#) + "\n")
        let token = try CLI.run(base + ["--token", dir.path + "/t.jwt"])
        #expect(token.status == 0 && token.stdout.contains("scp claim"))
        try dir.write("bad.jwt", "eyJhbGciOiJSUzI1NiJ9.eyJzY3")
        let bad = try CLI.run(base + ["--token", dir.path + "/bad.jwt"])
        #expect(bad.status == 1 && bad.stderr.contains("not a complete JWT"))
        #expect(try CLI.run(base).status != 0)
    }
}
