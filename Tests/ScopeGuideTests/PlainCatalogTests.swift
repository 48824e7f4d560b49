import Testing
import ScopeGuideCore
@testable import ScopeGuideKit

/// The catalog loader reads plain scope and action lists straight from the YAML nodes
/// (`CatalogLoader.plainScopes`, `plainActions`) and everything else entry by entry,
/// reporting each problem; both apply the one set of rules in `CatalogRule`.
/// Both ways must give the same catalog and the same messages, on the real catalogs and on
/// thousands of damaged copies of them.
@Suite("Plain catalog reading")
struct PlainCatalogTests {
    /// The catalog and the messages, read one way or the other.
    static func read(_ text: String, plain: Bool) -> (catalog: Catalog?, messages: [String]) {
        let sink = DiagnosticSink()
        let catalog = CatalogLoader.parse(text, path: "catalog.yaml", sink: sink, plain: plain)
        return (catalog, sink.all.map(\.description))
    }

    static func same(_ a: Catalog?, _ b: Catalog?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return a.scopes == b.scopes && a.actions == b.actions && a.actionIndex == b.actionIndex
    }

    static func catalogs() throws -> [(path: String, text: String)] {
        try Repo.contentYAMLFiles().filter { $0.path.hasSuffix("catalog.yaml") }
    }

    @Test("every catalog of Content/ takes the plain reading and reads as entry by entry")
    func contentCatalogs() throws {
        let files = try Self.catalogs()
        #expect(files.count >= 3)
        for (file, text) in files {
            let sink = DiagnosticSink()
            let catalog = try #require(CatalogLoader.parse(text, path: file, sink: sink, plain: false), "\(file)")
            // The lists as nodes, to ask the plain reading for them directly.
            let map = try #require(YAMLMapping(try YAMLNode.parse(text, path: file), allowed: ["scopeDefinitions", "actions"], sink: sink, what: "catalog"))
            let scopeList = try #require(map.value("scopeDefinitions")), actionList = try #require(map.value("actions"))
            let scopes = try #require(CatalogLoader.plainScopes(scopeList), "\(file): scopes not read the plain way")
            #expect(scopes.0 == catalog.scopes, "\(file)")
            let actions = try #require(CatalogLoader.plainActions(actionList, scopes: scopes.1),
                                       "\(file): actions not read the plain way")
            #expect(actions.0 == catalog.actions && actions.1 == catalog.actionIndex, "\(file)")
        }
    }

    /// Damaged copies: lines dropped, doubled or swapped, keys renamed, values blanked or
    /// turned into lists and mappings, ids and names repeated or broken, scopes emptied or
    /// unknown, sources not http(s), includes of unknown scopes or in a loop.
    @Test("damaged catalogs read to the same catalog and messages both ways")
    func damagedCatalogs() throws {
        let files = try Self.catalogs()
        var rng = SplitMix64(seed: 20_261_128)
        let keys = ["id", "label", "description", "requiredScopes", "requiredScope", "name", "includes", "source", "note"]
        let values = ["\"\"", "[]", "[a, b]", "{a: b}", "x y", "a,b", "Mail.Read", "[Mail.Read, nope]", "nope",
                      "microsoftoutlook_send_mail", "- x", "ftp://x", "https://x", "[Mail.ReadBasic]", "Mail.ReadWrite"]
        var plainTaken = 0
        for round in 0..<3000 {
            var lines = files[round % files.count].text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for _ in 0..<Int.random(in: 0...3, using: &rng) {
                let i = Int.random(in: 0..<lines.count, using: &rng)
                switch Int.random(in: 0..<6, using: &rng) {
                case 0: lines.remove(at: i)
                case 1: lines.insert(lines[i], at: i)
                case 2: lines.swapAt(i, Int.random(in: 0..<lines.count, using: &rng))
                case 3:  // rename the key of a `key: value` line
                    if let colon = lines[i].firstIndex(of: ":") {
                        let indent = lines[i].prefix { $0 == " " || $0 == "-" }
                        lines[i] = indent + keys.randomElement(using: &rng)! + lines[i][colon...]
                    }
                default:  // replace the value of a `key: value` line
                    if let colon = lines[i].firstIndex(of: ":") {
                        lines[i] = lines[i][...colon] + " " + values.randomElement(using: &rng)!
                    }
                }
                if lines.isEmpty { lines = [""] }
            }
            let text = lines.joined(separator: "\n")
            let plain = Self.read(text, plain: true), checked = Self.read(text, plain: false)
            #expect(Self.same(plain.catalog, checked.catalog), "round \(round):\n\(text)")
            #expect(plain.messages == checked.messages, "round \(round):\n\(text)")
            if plain.catalog != nil { plainTaken += 1 }
        }
        // Enough of the copies stay valid for the plain reading to be compared at all.
        #expect(plainTaken > 300)
    }
}
