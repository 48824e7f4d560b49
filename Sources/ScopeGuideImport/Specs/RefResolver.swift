import Foundation
import ScopeGuideKit

/// Local `$ref`s (`#/components/…`, JSON pointers) resolved against the document root, with
/// cycle detection; external references are reported, not fetched.
struct RefResolver {
    let root: YAMLNode
    let path: String

    /// The node `node` stands for after following `$ref`s; nil (with an error) for unknown
    /// targets, external references and cycles.
    func resolve(_ node: YAMLNode, problems: inout Diagnostics, pointer: String) -> YAMLNode? {
        var current = node
        var seen: [String] = []
        while let refNode = current["$ref"] {
            guard let ref = refNode.text else {
                problems.error(refNode, path: path, "\(pointer): $ref must be a string")
                return nil
            }
            if seen.contains(ref) {
                problems.error(refNode, path: path, "\(pointer): $ref cycle: \((seen + [ref]).joined(separator: " → "))")
                return nil
            }
            seen.append(ref)
            guard ref.hasPrefix("#") else {
                problems.error(refNode, path: path, "\(pointer): external $ref '\(ref)' is not supported (only '#/…' references)")
                return nil
            }
            guard let target = lookup(ref) else {
                problems.error(refNode, path: path, "\(pointer): $ref target '\(ref)' does not exist")
                return nil
            }
            if seen.count > 64 {
                problems.error(refNode, path: path, "\(pointer): $ref chain longer than 64")
                return nil
            }
            current = target
        }
        return current
    }

    /// The node at a `#/a/b~1c` pointer.
    func lookup(_ ref: String) -> YAMLNode? {
        var node = root
        let body = ref.dropFirst()  // "#"
        if body.isEmpty { return root }
        guard body.hasPrefix("/") else { return nil }
        for raw in body.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            let token = (String(raw).removingPercentEncoding ?? String(raw))
                .replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            if let next = node[token] {
                node = next
            } else if let items = node.items, let i = Int(token), items.indices.contains(i) {
                node = items[i]
            } else {
                return nil
            }
        }
        return node
    }

    /// Every `$ref` anywhere in the document whose target is missing: a warning each (they
    /// may sit in schemas the import does not read). Stops after `budget` nodes so alias
    /// bombs cannot make it expand forever.
    func checkAllRefs(problems: inout Diagnostics, budget: Int = 2_000_000) {
        var stack: [YAMLNode] = [root]
        var visited = 0
        var reported = 0
        while let node = stack.popLast() {
            visited += 1
            if visited > budget {
                problems.warning(nil, path: path, "stopped checking $ref targets after \(budget) nodes")
                return
            }
            if let entries = node.entries {
                for (key, value) in entries {
                    if key == "$ref", let ref = value.text, ref.hasPrefix("#"), lookup(ref) == nil {
                        if reported < 20 {
                            problems.warning(value, path: path, "$ref target '\(ref)' does not exist")
                        }
                        reported += 1
                    } else {
                        stack.append(value)
                    }
                }
            } else if let items = node.items {
                stack.append(contentsOf: items)
            }
        }
        if reported > 20 { problems.warning(nil, path: path, "\(reported - 20) more unknown $ref targets") }
    }
}
