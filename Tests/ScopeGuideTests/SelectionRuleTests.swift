import Testing
import ScopeGuideCore

/// A small hand-built catalog with the Outlook `includes` chain:
/// Mail.ReadWrite → Mail.Read → Mail.ReadBasic, and MailboxSettings.ReadWrite → MailboxSettings.Read.
enum Fixture {
    static let scopes = [
        Scope(name: "Mail.ReadBasic"),
        Scope(name: "Mail.Read", includes: ["Mail.ReadBasic"]),
        Scope(name: "Mail.ReadWrite", includes: ["Mail.Read"]),
        Scope(name: "Mail.Send"),
        Scope(name: "MailboxSettings.Read"),
        Scope(name: "MailboxSettings.ReadWrite", includes: ["MailboxSettings.Read"]),
    ]
    static let actions = [
        Action(id: "list", label: "List Messages", scopes: ["Mail.ReadBasic"]),
        Action(id: "attach", label: "Get Attachment", scopes: ["Mail.Read"]),
        Action(id: "update", label: "Update Message", scopes: ["Mail.ReadWrite"]),
        Action(id: "send", label: "Send Mail", scopes: ["Mail.Send"]),
        // Scopes deliberately out of catalog order.
        Action(id: "reply", label: "reply and file", scopes: ["Mail.Send", "Mail.ReadWrite"]),
        Action(id: "rules", label: "List Rules", scopes: ["MailboxSettings.Read"]),
        Action(id: "rule_edit", label: "Édit Rule", scopes: ["MailboxSettings.ReadWrite"]),
    ]
    static let catalog = Catalog(scopes: scopes, actions: actions)

    static func select(_ ids: [String]?) -> Selection { Selection(catalog: catalog, actionIDs: ids) }

    static func step(_ title: String, when: [String] = [], display: [String] = [], badge: [String] = []) -> Step {
        Step(title: title, body: .empty, condition: when, displayScopes: display, badgeScopes: badge)
    }

    static func section(_ title: String, when: [String] = [], _ steps: [Step]) -> Section {
        Section(title: title, intro: .empty, condition: when, steps: steps)
    }

    static func guide(_ sections: [Section]) -> Guide {
        Guide(key: "g", title: "G", authMethod: "OAuth 2.0", summary: "", credentials: [], callouts: [], sections: sections)
    }
}

/// Shape of a filtered guide: section titles with their numbered step titles.
private func outline(_ filtered: FilteredGuide) -> [String] {
    filtered.sections.map { s in
        ([s.section.title] + s.steps.map { "\($0.number).\($0.step.title)" }).joined(separator: " ")
    }
}

@Suite("Selection contract rules")
struct SelectionRuleTests {
    // MARK: Rule 1

    @Test("rule 1: nil selects every action, in catalog order")
    func nilSelectsAll() {
        let s = Fixture.select(nil)
        #expect(s.actionIDs == Fixture.actions.map(\.id))
        #expect(s.isAll)
        #expect(s.unknownIDs.isEmpty)
        #expect(s.scopes == Fixture.scopes.map(\.name))
    }

    @Test("rule 1: an explicitly empty selection selects none")
    func emptySelectsNone() {
        let s = Fixture.select([])
        #expect(s.actions.isEmpty)
        #expect(!s.isAll)
        #expect(s.scopes.isEmpty)
        #expect(s.scopeText() == "")
        #expect(s.minimalScopes.isEmpty)
        #expect(!s.satisfies(["Mail.Send"]))
        #expect(s.satisfies([]))
    }

    @Test("rule 1: listing every id explicitly is the same as all")
    func everyIDIsAll() {
        let s = Fixture.select(Fixture.actions.map(\.id).reversed())
        #expect(s.isAll)
        #expect(s.actionIDs == Fixture.actions.map(\.id))
    }

    @Test("selected actions come out in catalog order without duplicates")
    func selectionOrder() {
        let s = Fixture.select(["send", "list", "send", "list"])
        #expect(s.actionIDs == ["list", "send"])
        #expect(s.scopes == ["Mail.ReadBasic", "Mail.Send"])
    }

    // MARK: Rule 2

    @Test("rule 2: a condition holds iff it is empty or meets R")
    func conditionVisibility() {
        let s = Fixture.select(["send"])
        #expect(s.satisfies([]))
        #expect(s.satisfies(["Mail.Send"]))
        #expect(s.satisfies(["Mail.Read", "Mail.Send"]))
        #expect(!s.satisfies(["Mail.Read"]))
        // Including is not meeting: Mail.ReadWrite selected does not satisfy a Mail.Read condition.
        #expect(!Fixture.select(["update"]).satisfies(["Mail.Read"]))
        #expect(!s.satisfies(["Unknown.Scope"]))
    }

    @Test("rule 2: hidden steps drop out and the rest are numbered 1..n per section")
    func stepVisibilityAndNumbering() {
        let guide = Fixture.guide([
            Fixture.section("Register", [Fixture.step("a"), Fixture.step("b", when: ["Mail.Read"]), Fixture.step("c")]),
            Fixture.section("Permissions", [
                Fixture.step("read", when: ["Mail.ReadBasic", "Mail.Read"]),
                Fixture.step("send", when: ["Mail.Send"]),
                Fixture.step("rules", when: ["MailboxSettings.Read"]),
            ]),
        ])
        #expect(outline(Fixture.select(["send"]).filter(guide)) == ["Register 1.a 2.c", "Permissions 1.send"])
        #expect(outline(Fixture.select(["attach", "rules"]).filter(guide))
            == ["Register 1.a 2.b 3.c", "Permissions 1.read 2.rules"])
        #expect(outline(Fixture.select(nil).filter(guide))
            == ["Register 1.a 2.b 3.c", "Permissions 1.read 2.send 3.rules"])
    }

    @Test("rule 2: a section whose steps are all hidden is hidden; a step-less section is shown")
    func sectionVisibility() {
        let guide = Fixture.guide([
            Fixture.section("Before you begin", []),
            Fixture.section("Mail only", [Fixture.step("m1", when: ["Mail.Read"]), Fixture.step("m2", when: ["Mail.ReadWrite"])]),
            Fixture.section("Conditioned", when: ["Mail.Send"], [Fixture.step("s")]),
            Fixture.section("Conditioned, no steps", when: ["MailboxSettings.Read"], []),
            Fixture.section("Finish", [Fixture.step("f")]),
        ])
        #expect(outline(Fixture.select(["send"]).filter(guide)) == ["Before you begin", "Conditioned 1.s", "Finish 1.f"])
        #expect(outline(Fixture.select(["rules"]).filter(guide)) == ["Before you begin", "Conditioned, no steps", "Finish 1.f"])
        #expect(outline(Fixture.select([]).filter(guide)) == ["Before you begin", "Finish 1.f"])
        #expect(outline(Fixture.select(["update"]).filter(guide)) == ["Before you begin", "Mail only 1.m2", "Finish 1.f"])
    }

    // MARK: Rule 3

    @Test("rule 3: displayed scopes are the display list ∩ R in catalog order")
    func displayedScopes() {
        let s = Fixture.select(["rule_edit", "send", "list"])
        // Display list written out of order and with a scope outside R.
        #expect(s.displayedScopes(["MailboxSettings.ReadWrite", "Mail.Read", "Mail.Send", "Mail.ReadBasic"])
            == ["Mail.ReadBasic", "Mail.Send", "MailboxSettings.ReadWrite"])
        #expect(s.displayedScopes([]) == [])
        #expect(Fixture.select([]).displayedScopes(Fixture.scopes.map(\.name)) == [])
        let guide = Fixture.guide([Fixture.section("P", [Fixture.step("x", display: Fixture.scopes.map(\.name).reversed())])])
        #expect(s.filter(guide).sections[0].steps[0].scopes == ["Mail.ReadBasic", "Mail.Send", "MailboxSettings.ReadWrite"])
    }

    // MARK: Rule 4

    @Test("rule 4: badge lists labels of selected actions needing a badge scope in R, sorted")
    func badgeLabels() {
        let s = Fixture.select(["send", "list", "reply", "update"])
        #expect(s.badgeLabels(["Mail.Send"]) == ["Send Mail", "reply and file"])
        // reply needs two badge scopes but is listed once; uppercase sorts before lowercase.
        #expect(s.badgeLabels(Fixture.scopes.map(\.name)) == ["List Messages", "Send Mail", "Update Message", "reply and file"])
        #expect(s.badgeLabels([]) == [])
        // Badge scopes outside R add nothing; unselected actions never appear.
        #expect(s.badgeLabels(["MailboxSettings.Read", "Mail.Read"]) == [])
        #expect(Fixture.select([]).badgeLabels(Fixture.scopes.map(\.name)) == [])
    }

    @Test("rule 4: labels sort by UTF-16 code units, as JavaScript's sort does")
    func badgeSortsLikeJavaScript() {
        // JS: ["b","B","é","a","Z","😀","Ａ"].sort() → ["B","Z","a","b","é","😀","Ａ"]
        // (U+1F600 is the surrogate pair D83D DE00, which sorts before U+FF21.)
        #expect(["b", "B", "é", "a", "Z", "😀", "Ａ"].sortedLikeJavaScript() == ["B", "Z", "a", "b", "é", "😀", "Ａ"])
        // Without characters beyond U+FFFF the sort compares UTF-8 bytes: same order.
        #expect(["Ａ", "é", "b", "B", "ü", "Z"].sortedLikeJavaScript() == ["B", "Z", "b", "é", "ü", "Ａ"])
        // Equal labels keep their order (a stable sort).
        #expect(["x", "x", "a"].sortedLikeJavaScript() == ["a", "x", "x"])
        let s = Fixture.select(nil)
        #expect(s.badgeLabels(["MailboxSettings.Read", "MailboxSettings.ReadWrite", "Mail.Send"])
            == ["List Rules", "Send Mail", "reply and file", "Édit Rule"])
    }

    // MARK: Rule 5

    @Test("rule 5: Scopes Selected joined by each separator", arguments: [
        (ScopeSeparator.space, "Mail.ReadBasic Mail.Send MailboxSettings.Read"),
        (.comma, "Mail.ReadBasic,Mail.Send,MailboxSettings.Read"),
        (.semicolon, "Mail.ReadBasic;Mail.Send;MailboxSettings.Read"),
        (.pipe, "Mail.ReadBasic|Mail.Send|MailboxSettings.Read"),
        (.newline, "Mail.ReadBasic\nMail.Send\nMailboxSettings.Read"),
    ])
    func separators(separator: ScopeSeparator, expected: String) {
        let s = Fixture.select(["rules", "send", "list"])
        #expect(s.scopeText(separator: separator) == expected)
        #expect(separator.character.count == 1)
        #expect(separator.character.unicodeScalars.count == 1)
    }

    @Test("rule 5: space is the default separator and every separator is covered")
    func defaultSeparator() {
        #expect(ScopeSeparator.default == .space)
        #expect(ScopeSeparator.allCases.map(\.character) == [" ", ",", ";", "|", "\n"])
        #expect(Fixture.select(["list", "send"]).scopeText() == "Mail.ReadBasic Mail.Send")
    }

    // MARK: Rule 6

    @Test("rule 6: minimal drops scopes included by another, through chains")
    func minimalScopes() {
        #expect(Fixture.select(["list", "update"]).minimalScopes == ["Mail.ReadWrite"])
        // Mail.ReadWrite → Mail.Read → Mail.ReadBasic: the chain drops ReadBasic even without Read.
        #expect(Fixture.select(["list", "attach", "update"]).minimalScopes == ["Mail.ReadWrite"])
        #expect(Fixture.select(["list", "attach"]).minimalScopes == ["Mail.Read"])
        #expect(Fixture.select(["rules", "rule_edit", "send"]).minimalScopes == ["Mail.Send", "MailboxSettings.ReadWrite"])
        #expect(Fixture.select(nil).minimalScopes == ["Mail.ReadWrite", "Mail.Send", "MailboxSettings.ReadWrite"])
        #expect(Fixture.select(["list", "update"]).scopeText(separator: .comma, minimal: true) == "Mail.ReadWrite")
    }

    @Test("rule 6: minimal never changes which actions are covered")
    func minimalKeepsActions() {
        let s = Fixture.select(["list", "update", "rules"])
        #expect(s.actionIDs == ["list", "update", "rules"])
        #expect(s.scopes == ["Mail.ReadBasic", "Mail.ReadWrite", "MailboxSettings.Read"])
        #expect(s.minimalScopes == ["Mail.ReadWrite", "MailboxSettings.Read"])
        #expect(s.badgeLabels(["Mail.ReadBasic"]) == ["List Messages"])
    }

    @Test("catalog grants are the transitive closure of includes")
    func grants() {
        let c = Fixture.catalog
        #expect(c.grants["Mail.ReadWrite"] == ["Mail.Read", "Mail.ReadBasic"])
        #expect(c.grants["Mail.Read"] == ["Mail.ReadBasic"])
        #expect(c.grants["Mail.ReadBasic"] == [])
        #expect(c.grants["MailboxSettings.ReadWrite"] == ["MailboxSettings.Read"])
    }

    // MARK: Rule 7

    @Test("rule 7: unknown ids are reported in request order, once, and ignored")
    func unknownIDs() {
        let s = Fixture.select(["zeta", "send", "alpha", "zeta", "", "list", "alpha"])
        #expect(s.unknownIDs == ["zeta", "alpha", ""])
        #expect(s.actionIDs == ["list", "send"])
        #expect(s.scopes == ["Mail.ReadBasic", "Mail.Send"])
        #expect(!s.isAll)
    }

    @Test("rule 7: only unknown ids select nothing")
    func onlyUnknownIDs() {
        let s = Fixture.select(["nope"])
        #expect(s.actions.isEmpty)
        #expect(s.unknownIDs == ["nope"])
        #expect(s.scopes.isEmpty)
    }

    @Test("rules 2–4 together on one step: visible, displayed scopes and badge")
    func filteredStep() throws {
        let all = Fixture.scopes.map(\.name)
        let guide = Fixture.guide([Fixture.section("API permissions", [
            Fixture.step("open"), Fixture.step("add", when: all, display: all, badge: all), Fixture.step("consent"),
        ])])
        let one = Fixture.select(["send"]).filter(guide)
        let step = try #require(one.sections.first?.steps.first { $0.step.title == "add" })
        #expect(step.number == 2)
        #expect(step.scopes == ["Mail.Send"])
        #expect(step.badgeLabels == ["Send Mail"])
        #expect(outline(Fixture.select([]).filter(guide)) == ["API permissions 1.open 2.consent"])
    }
}

/// Scope names and action ids must not contain white space or commas; ASCII names take a
/// byte fast path that must agree with the rule on Unicode scalars.
@Suite("Valid names")
struct ValidNameTests {
    static func reference(_ name: String) -> Bool {
        !name.isEmpty && !name.unicodeScalars.contains { $0 == "," || $0.properties.isWhitespace }
    }

    @Test("the ASCII fast path agrees with the scalar rule")
    func fastPathAgrees() {
        var random = SplitMix64(seed: 42)
        let alphabet: [Unicode.Scalar] = ["a", "Z", "0", ".", "_", ":", ",", " ", "\t", "\n", "\u{0B}", "\u{0C}", "\r",
                                          "\u{01}", "\u{1F}", "\u{7F}", "é", "\u{A0}", "\u{2003}", "\u{3000}"]
        for _ in 0..<3000 {
            var name = ""
            for _ in 0..<Int(random.next() % 6) { name.unicodeScalars.append(alphabet[Int(random.next() % UInt64(alphabet.count))]) }
            #expect(Catalog.isValidName(name) == Self.reference(name), "\(name.debugDescription)")
        }
        #expect(Catalog.isValidName("Mail.Read") && !Catalog.isValidName("a,b") && !Catalog.isValidName(""))
    }
}

@Suite("Selected positions")
struct SelectedPositionTests {
    @Test("isSelected(actionAt:) follows rule 1: nil selects all, a list selects its known ids")
    func positions() {
        let catalog = Fixture.catalog
        let ids = catalog.actions.map(\.id)
        #expect(catalog.actions.indices.allSatisfy { Selection(catalog: catalog, actionIDs: nil).isSelected(actionAt: $0) })
        #expect(!catalog.actions.indices.contains { Selection(catalog: catalog, actionIDs: []).isSelected(actionAt: $0) })
        let some = Selection(catalog: catalog, actionIDs: [ids[1], "nope", ids[0]])
        #expect(catalog.actions.indices.filter { some.isSelected(actionAt: $0) } == [0, 1])
    }
}
