import Foundation
import Testing
import Yams
@testable import ScopeGuideKit

/// The content YAML reader (libyaml events → `YAMLNode`) against Yams' composer, the
/// reference: same tree, same text, same line and column for every node, same errors.
@Suite("YAML reader")
struct YAMLParserTests {
    /// A node as both readers see it: kind, text, position, children.
    indirect enum Shape: Equatable, CustomStringConvertible {
        case scalar(String, Int, Int)
        case list([Shape], Int, Int)
        case map([Shape], Int, Int)

        init(_ node: YAMLNode) {
            switch node.value {
            case .scalar(let text): self = .scalar(text, node.line, node.column)
            case .sequence(let items): self = .list(items.map(Shape.init), node.line, node.column)
            case .mapping(let pairs): self = .map(pairs.flatMap { [Shape($0.key), Shape($0.value)] }, node.line, node.column)
            }
        }

        init(_ node: Node) {
            let line = node.mark?.line ?? 0, column = node.mark?.column ?? 0
            switch node {
            case .scalar(let scalar): self = .scalar(scalar.string, line, column)
            case .sequence(let items): self = .list(items.map(Shape.init), line, column)
            case .mapping(let pairs): self = .map(pairs.flatMap { [Shape($0.key), Shape($0.value)] }, line, column)
            }
        }

        var description: String {
            switch self {
            case let .scalar(text, line, column): "\(line):\(column) \(text.debugDescription)"
            case let .list(items, line, column): "\(line):\(column) [\(items.map(\.description).joined(separator: ", "))]"
            case let .map(items, line, column): "\(line):\(column) {\(items.map(\.description).joined(separator: ", "))}"
            }
        }
    }

    static let documents: [String] = [
        "title: ScopeGuide\nbaseURL: https://example.com\n",
        "scopes:\n  - name: a\n    includes: [b, c]\n  - name: b\n    description: >\n      folded\n      text\n",
        "key: 'single ''quoted'''\nother: \"double \\\"quoted\\\" \\u00e9\"\nplain: value, with comma:and-colon\n",
        "list:\n- one\n-   two\n- - nested\n  - deeper\nflow: {a: 1, b: [x, y]}\n",
        "anchor: &base\n  name: shared\nfirst: *base\nsecond: *base\n",
        "literal: |\n  line one\n  line two\n\nempty:\nnull: ~\ntrue: yes\nnumber: 0x1F\n",
        "# only a comment at the top\n---\nexplicit: document\n...\n",
        "---\n",
        "ünïcödé: ✓ 😀\n\"quoted key\": value\n? complex\n: mapping\n",
    ]

    @Test("same tree, text and positions as Yams", arguments: documents.indices)
    func sameTree(_ index: Int) throws {
        let text = Self.documents[index]
        let ours = try YAMLNode.parse(text, path: "t.yaml")
        let reference = try #require(try Yams.compose(yaml: text))
        #expect(Shape(ours) == Shape(reference))
    }

    @Test("every YAML file of Content/ reads the same as with Yams")
    func contentFiles() throws {
        let files = try Repo.contentYAMLFiles()
        #expect(files.count >= 7)
        for (file, text) in files {
            let ours = try YAMLNode.parse(text, path: file)
            let reference = try #require(try Yams.compose(yaml: text))
            #expect(Shape(ours) == Shape(reference), "\(file)")
        }
    }

    static let malformed: [String] = [
        "a: b: c\n",
        "list:\n  - one\n -two\n",
        "key: [unclosed\n",
        "a: 1\n\tb: 2\n",
        "x: \"open\n",
        "first: doc\n---\nsecond: doc\n",
        "a: *nowhere\n",
        "- a\nb: c\n",
    ]

    @Test("same errors, at the same line and column, as Yams", arguments: malformed.indices)
    func sameErrors(_ index: Int) {
        let text = Self.malformed[index]
        var reference: (line: Int, column: Int, problem: String)?
        do {
            _ = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            switch error {
            case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
                reference = (mark.line, mark.column, problem)
            default: break
            }
        } catch {}
        let expected = reference
        #expect(expected != nil, "Yams accepts case \(index)")
        do {
            _ = try YAMLNode.parse(text, path: "t.yaml")
            Issue.record("case \(index) parsed")
        } catch {
            let diagnostic = error.diagnostics[0]
            #expect(diagnostic.location.line == expected?.line)
            #expect(diagnostic.location.column == expected?.column)
            #expect(diagnostic.message.hasPrefix("malformed YAML: "))
            #expect(diagnostic.message.hasSuffix(expected?.problem ?? "?"), "\(diagnostic.message)")
        }
    }

    @Test("an empty or comment-only file has no document")
    func emptyFiles() {
        for text in ["", "# nothing here\n", "\n\n"] {
            #expect(throws: Diagnostics.self) { try YAMLNode.parse(text, path: "t.yaml") }
        }
    }
}
