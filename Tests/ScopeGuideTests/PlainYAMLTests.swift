import Foundation
import Testing
@testable import ScopeGuideKit

/// The everyday-YAML reader (`PlainYAML`) against libyaml (`YAMLParser`): whatever it
/// accepts reads to the same tree, text, lines and columns; the rest goes to libyaml.
@Suite("Plain YAML reader")
struct PlainYAMLTests {
    typealias Shape = YAMLParserTests.Shape

    /// The plain reader's tree, or nil when it hands the text to libyaml.
    static func plain(_ text: String) -> Shape? {
        var text = text
        return text.withUTF8 { PlainYAML.read($0, file: YAMLFile.named("t.yaml")) }.map(Shape.init)
    }

    /// libyaml's tree, or nil when it finds no document or an error.
    static func reference(_ text: String) -> Shape? {
        (try? YAMLParser.document(Array(text.utf8), path: "t.yaml"))?.map(Shape.init)
    }

    @Test("every YAML file of Content/ takes the plain reader and reads as with libyaml")
    func contentFiles() throws {
        let files = try Repo.contentYAMLFiles()
        #expect(files.count >= 7)
        for (file, text) in files {
            let ours = try #require(Self.plain(text), "\(file) went to libyaml")
            #expect(ours == Self.reference(text), "\(file)")
        }
    }

    @Test("what it accepts reads as with libyaml", arguments: [
        "a: b\n", "a:   b   # note\nc: 'd' # e\n", "k: \"x # y: z\"\n", "k: 'it''s'\n", "k: a#b\n", "k: a]b}\n",
        "k:\n- a\n- b\nz: c\n", "k:\n  - a\n  -   b\n", "- a\n- b: c\n  d: [e, 'f g', \"h\"]\n",
        "x: {id: a, label: Read it, requiredScopes: [s.1, s.2]}\n", "x: []\ny: {}\n", "é: ✓ 😀 ok\nk: [ü, ö]\n",
        "# top\n\na:\n\n  # inside\n  b: c\n   # odd comment\n  d: e\n", "a: b", "key : value\n", "a: https://x.y/z?q=1\n",
    ])
    func accepted(_ text: String) throws {
        let ours = try #require(Self.plain(text), "went to libyaml")
        #expect(ours == Self.reference(text))
    }

    @Test("what it leaves to libyaml", arguments: [
        "a: |\n  text\n", "a: >\n  text\n", "a: &x b\nc: *x\n", "a: !!str b\n", "a: \"esc \\\" q\"\n",
        "a: long\n  continued\n", "a:\n", "a: b\n\tc: d\n", "a: b\r\n", "---\na: b\n", "a: b\n---\nc: d\n",
        "\"q\": v\n", "? k\n: v\n", "a: [x,\n  y]\n", "a: b: c\n", "- - a\n", "-\n  a: b\n", "a: -1\n",
        "a: [x: y]\n", "a: {b:c}\n", "a: [b, ]\n", "plain scalar\n", "[a, b]\n", "  a: b\n", "a: x\u{2028}y\n",
        "a: \u{85}\n", "a: 'open\n", "a: b\n- c\n", "a: \"x\"#c\n", "a:\n  scalar\n",
        "a:\n  - ", "- ", "- a\n- ", "a:\n- ", "- \n", "a: [", "a: {", "a: [x", "a: {b: ", "a: \"", "a: '",
    ])
    func refused(_ text: String) {
        #expect(Self.plain(text) == nil, "\(text.debugDescription) was read")
    }

    /// Random documents from pieces that sit on both sides of the subset's edges: every one
    /// the plain reader accepts must read exactly as with libyaml.
    @Test("generated documents: accepted ones read as with libyaml")
    func generated() {
        var rng = SplitMix64(seed: 20_261_127)
        let keys = ["id", "label", "two words", "a.b", "x_y", "k-1", "ünï", "url", "k1", "<<", "a[0]", "é"]
        let scalars = [
            "plain", "two  words", "https://x.y/z", "a:b", "a: b", "a #b", "a#b", "'single'", "'it''s'", "\"double\"",
            "\"esc \\\" q\"", "\"a # b: c\"", "[a, b]", "[]", "{}", "{a: b, c: [d, e]}", "[a, 'b c', \"d\"]", "~", "-1",
            "- x", "&a x", "*a", "|", ">", "!t x", "ü ✓", "x   ", "[a,b]", "[a , b]", "{a: b,}", "[a, b, ]", "[a: b]",
            "{a:b}", "...", "?x", "a]", "%x", "@x", "`x`", "[what?]", "a\u{A0}b", "é: x", "'a: b'", "[\"a, b\", c]",
            "{id: x, label: 'A b', requiredScopes: [s]}", "x # c", "[a, b] # c", "'' ", "\"\"", "[ ]", "{ }", "a:",
        ]
        var accepted = 0
        let total = 20_000
        for _ in 0..<total {
            var lines: [String] = []
            func scalar() -> String { scalars[Int(rng.next() % UInt64(scalars.count))] }
            func key() -> String { keys[Int(rng.next() % UInt64(keys.count))] }
            func chance(_ percent: UInt64) -> Bool { rng.next() % 100 < percent }
            func block(_ indent: Int, depth: Int) {
                let pad = String(repeating: " ", count: indent)
                let step = chance(80) ? 2 : 4
                if chance(35) || depth > 2 {  // a list
                    for _ in 0..<(1 + Int(rng.next() % 3)) {
                        if chance(30) && depth < 3 {
                            lines.append("\(pad)- \(key()): \(scalar())")
                            if chance(50) { lines.append("\(pad)  \(key()): \(scalar())") }
                        } else {
                            lines.append("\(pad)- \(scalar())")
                        }
                        if chance(8) { lines.append("\(pad)  continued") }
                    }
                } else {  // a mapping
                    for _ in 0..<(1 + Int(rng.next() % 3)) {
                        if chance(40) && depth < 3 {
                            lines.append("\(pad)\(key()):" + (chance(10) ? " # c" : ""))
                            if chance(10) { lines.append("") }
                            if chance(10) { lines.append(String(repeating: " ", count: Int(rng.next() % 6)) + "# note") }
                            block(chance(20) ? indent : indent + step, depth: depth + 1)
                        } else {
                            lines.append("\(pad)\(key()): \(scalar())")
                        }
                        if chance(5) { lines.append("\(pad) odd") }
                    }
                }
            }
            block(0, depth: 0)
            var text = lines.joined(separator: "\n") + (chance(90) ? "\n" : "")
            if chance(15) {  // cut short anywhere: every edge case of a value at the end of the text
                text = String(text.prefix(Int(rng.next() % UInt64(text.count + 1))))
            }
            guard let ours = Self.plain(text) else { continue }
            accepted += 1
            let reference = Self.reference(text)
            #expect(ours == reference, "\(text.debugDescription)")
        }
        // The subset is not so narrow that the comparison above says little.
        #expect(accepted > total / 10, "only \(accepted) of \(total) accepted")
        #expect(accepted < total, "every document accepted: the generator misses the edges")
    }
}
