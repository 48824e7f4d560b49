import Foundation
import ScopeGuideCore

/// The rules of `catalog.yaml` that look at one value, each written once: the entry-by-entry
/// reading reports the value that breaks one, the plain reading hands such a catalog over to
/// it (`PlainCatalogTests` checks on thousands of damaged catalogs that both readings agree).
enum CatalogRule {
    static let scopeKeys = ["name", "description", "includes", "source", "adminConsent", "privilege"]
    static let actionKeys = ["id", "label", "description", "requiredScopes"]

    /// A scope's `source` is a web address.
    static func isSource(_ text: String) -> Bool { text.hasPrefix("https://") || text.hasPrefix("http://") }

    /// `adminConsent`: `true` or `false`, nil for anything else.
    static func flag(_ text: String?) -> Bool? {
        switch text {
        case "true": true
        case "false": false
        default: nil
        }
    }

    /// `privilege`: a whole number of 0 or more, nil for anything else.
    static func level(_ text: String?) -> Int? {
        guard let text, let value = Int(text), value >= 0 else { return nil }
        return value
    }

    /// A scope name or an action id: not blank, no white space or commas.
    static func isName(_ text: String) -> Bool { !text.isBlank && Catalog.isValidName(text) }
}

/// Reads and validates `catalog.yaml`. One function per rule keeps each check easy to find.
///
/// Two readings, one set of rules (`CatalogRule`): nearly every catalog is plain (known keys
/// once each, strings where strings belong, nothing wrong) and is read straight from the
/// YAML nodes (`plainScopes`, `plainActions`); anything else is read entry by entry through
/// `YAMLMapping`, which reports every problem where it is written. The plain reading is kept
/// because it is measured to matter: `scopeguide bench-render --only catalog` gives 94 µs per
/// connector against 128 µs entry by entry (release build, the 1,000-connector bench site),
/// about 3% of a whole build.
enum CatalogLoader {
    static let scopeKeys = CatalogRule.scopeKeys
    static let actionKeys = CatalogRule.actionKeys

    static func load(path: String, sink: DiagnosticSink) -> Catalog? {
        do {
            guard let text = try TextFile.readIfPresent(path, displayPath: path) else {
                sink.error(SourceLocation(path: path), "missing file \(path.split(separator: "/").last.map(String.init) ?? path)")
                return nil
            }
            return parse(text, path: path, sink: sink)
        } catch {
            error.diagnostics.forEach { sink.error($0.location, $0.message) }
            return nil
        }
    }

    /// Validates catalog text; `path` only names it in diagnostics. `plain: false` reads the
    /// scopes and actions entry by entry even when they are plain (for the tests that compare
    /// the two).
    static func parse(_ text: String, path: String, sink: DiagnosticSink, plain: Bool = true) -> Catalog? {
        let root: YAMLNode
        do {
            root = try YAMLNode.parse(text, path: path)
        } catch {
            error.diagnostics.forEach { sink.error($0.location, $0.message) }
            return nil
        }
        let before = sink.errorCount
        guard let map = YAMLMapping(root, allowed: ["scopeDefinitions", "actions"], sink: sink, what: "catalog.yaml") else { return nil }

        let (scopes, scopeLocations) = map.value("scopeDefinitions").flatMap { plain ? plainScopes($0) : nil }
            ?? checkedScopes(map, sink: sink)
        reportCycles(scopes, locations: scopeLocations, sink: sink)

        let (actions, actionIndex) = map.value("actions").flatMap { plain ? plainActions($0, scopes: scopeLocations) : nil }
            ?? checkedActions(map, scopes: scopeLocations, sink: sink)
        guard sink.errorCount == before else { return nil }
        return Catalog(scopes: scopes, actions: actions, actionIndex: actionIndex)
    }

    /// The scopes, entry by entry through `YAMLMapping`, reporting every problem; with where
    /// each name is written.
    private static func checkedScopes(_ map: YAMLMapping, sink: DiagnosticSink) -> ([Scope], [String: SourceLocation]) {
        var scopes: [Scope] = []
        var scopeLocations: [String: SourceLocation] = [:]
        var includeRefs: [(scope: String, name: String, at: SourceLocation)] = []
        for entry in map.mappings("scopeDefinitions", allowed: scopeKeys, required: true, what: "a scope definition") {
            guard let name = entry.string("name", required: true) else { continue }
            let at = entry.location(of: "name")
            if !Catalog.isValidName(name) {
                sink.error(at, "scope name '\(name)' must not contain white space or commas")
                continue
            }
            if let first = scopeLocations[name] {
                sink.error(at, "duplicate scope '\(name)' (first defined at line \(first.line))")
                continue
            }
            scopeLocations[name] = at
            let includes = entry.strings("includes")
            let source = entry.string("source")
            if let source, !CatalogRule.isSource(source) {
                sink.error(entry.location(of: "source"), "scope source must be an http(s) URL")
            }
            includeRefs += includes?.located.map { (name, $0.0, $0.1) } ?? []
            scopes.append(Scope(name: name, description: entry.string("description") ?? "",
                                includes: includes?.values ?? [], source: source,
                                adminConsent: flag("adminConsent", of: entry, sink: sink),
                                privilege: level("privilege", of: entry, sink: sink)))
        }
        for ref in includeRefs where scopeLocations[ref.name] == nil {
            sink.error(ref.at, "scope '\(ref.scope)' includes unknown scope '\(ref.name)'")
        }
        return (scopes, scopeLocations)
    }

    /// `true` or `false`, when present.
    private static func flag(_ key: String, of entry: YAMLMapping, sink: DiagnosticSink) -> Bool? {
        guard let node = entry.value(key) else { return nil }
        guard let flag = CatalogRule.flag(node.scalarText) else {
            sink.error(node.location, "'\(key)' must be true or false, found \(node.scalarText.map { "'\($0)'" } ?? node.kindName)")
            return nil
        }
        return flag
    }

    /// A non-negative integer, when present.
    private static func level(_ key: String, of entry: YAMLMapping, sink: DiagnosticSink) -> Int? {
        guard let node = entry.value(key) else { return nil }
        guard let value = CatalogRule.level(node.scalarText) else {
            sink.error(node.location, "'\(key)' must be a whole number of 0 or more, found \(node.scalarText.map { "'\($0)'" } ?? node.kindName)")
            return nil
        }
        return value
    }

    /// An action's `requiredScopes`: a list of scopes (one alternative, all needed), or
    /// `{anyOf: [[…], …]}` (any one alternative suffices). Each problem is reported where it
    /// is written; nil when nothing usable is left.
    private static func requirement(_ node: YAMLNode, action id: String, scopes scopeLocations: [String: SourceLocation],
                                    sink: DiagnosticSink) -> [[String]]? {
        var lists: [YAMLNode] = [node]
        if case .mapping = node.value {
            guard let map = YAMLMapping(node, allowed: ["anyOf"], sink: sink, what: "'requiredScopes'") else { return nil }
            guard let anyOf = map.value("anyOf") else {
                sink.error(node.location, "action '\(id)': 'requiredScopes' as a mapping needs 'anyOf', a list of alternatives")
                return nil
            }
            guard case .sequence(let items) = anyOf.value, !items.isEmpty else {
                sink.error(anyOf.location, "action '\(id)': 'anyOf' must be a non-empty list of alternatives, each a list of scopes")
                return nil
            }
            lists = items
        }
        var alternatives: [[String]] = []
        var firstLine: [Set<String>: Int] = [:]
        for list in lists {
            guard let names = YAMLStrings(list, key: "requiredScopes", sink: sink) else { continue }
            if names.isEmpty {
                sink.error(list.location, "action '\(id)' has an empty alternative in 'requiredScopes'")
                continue
            }
            for (i, name) in names.values.enumerated() where scopeLocations[name] == nil {
                sink.error(names.location(i), "action '\(id)' requires unknown scope '\(name)' (not in scopeDefinitions)")
            }
            if lists.count > 1 {  // only alternatives of one `anyOf` can repeat each other
                let set = Set(names.values)
                if let line = firstLine[set] {
                    sink.error(list.location, "action '\(id)' lists the same alternative twice (first at line \(line))")
                    continue
                }
                firstLine[set] = list.location.line
            }
            alternatives.append(names.values)
        }
        return alternatives.isEmpty ? nil : alternatives
    }

    /// The scopes read straight from the nodes, when every entry is plain: the known keys
    /// only, once each, with string values (`includes` a list of them or one), a valid name
    /// not seen before, an http(s) source if any, and only defined scopes included. As with
    /// the actions, anything else gives nil and `checkedScopes` reports what is wrong.
    static func plainScopes(_ list: YAMLNode) -> ([Scope], [String: SourceLocation])? {
        guard case .sequence(let entries) = list.value else { return nil }
        var scopes: [Scope] = []
        scopes.reserveCapacity(entries.count)
        var locations: [String: SourceLocation] = Dictionary(minimumCapacity: entries.count)
        for entry in entries {
            guard case .mapping(let pairs) = entry.value else { return nil }
            var name: YAMLNode?, description: String?, source: String?, includes: [String]?
            var adminConsent: Bool?, privilege: Int?
            for (key, value) in pairs {
                guard case .scalar(let key) = key.value else { return nil }
                switch (key, value.value) {
                case ("name", .scalar) where name == nil: name = value
                case ("description", .scalar(let text)) where description == nil: description = text
                case ("source", .scalar(let text)) where source == nil: source = text
                case ("adminConsent", .scalar) where adminConsent == nil:
                    guard let flag = CatalogRule.flag(value.scalarText) else { return nil }
                    adminConsent = flag
                case ("privilege", .scalar) where privilege == nil:
                    guard let level = CatalogRule.level(value.scalarText) else { return nil }
                    privilege = level
                case ("includes", _) where includes == nil:
                    guard let names = value.plainStrings else { return nil }
                    includes = names
                default: return nil  // an unknown or repeated key, or a value of the wrong kind
                }
            }
            guard let name, let text = name.scalarText, CatalogRule.isName(text), source.map(CatalogRule.isSource) ?? true,
                  locations.updateValue(name.location, forKey: text) == nil else { return nil }
            scopes.append(Scope(name: text, description: description ?? "", includes: includes ?? [], source: source,
                                adminConsent: adminConsent, privilege: privilege))
        }
        guard scopes.allSatisfy({ $0.includes.allSatisfy { locations[$0] != nil } }) else { return nil }
        return (scopes, locations)
    }

    /// The actions, entry by entry through `YAMLMapping`, reporting every problem.
    private static func checkedActions(_ map: YAMLMapping, scopes scopeLocations: [String: SourceLocation],
                                       sink: DiagnosticSink) -> ([Action], [String: Int]) {
        let entries = map.mappings("actions", allowed: actionKeys, required: true, what: "an action")
        var actions: [Action] = []
        actions.reserveCapacity(entries.count)
        // Each id's position among the actions: the catalog's index once every action is
        // valid. One hash per id: a duplicate is found by the insert itself.
        var actionIndex: [String: Int] = Dictionary(minimumCapacity: entries.count)
        for entry in entries {
            guard let id = entry.string("id", required: true) else { continue }
            let idAt = entry.location(of: "id")
            if !Catalog.isValidName(id) {
                sink.error(idAt, "action id '\(id)' must not contain white space or commas")
                continue
            }
            if let first = actionIndex.updateValue(actions.count, forKey: id) {
                actionIndex[id] = first
                let line = entries.lazy.compactMap { $0.value("id") }.first { $0.scalarText == id }?.location.line ?? 0
                sink.error(idAt, "duplicate action id '\(id)' (first defined at line \(line))")
                continue
            }
            let label = entry.string("label", required: true) ?? id
            guard let requiredNode = entry.value("requiredScopes") else {
                sink.error(entry.location, "action '\(id)' has no 'requiredScopes'; every action needs at least one scope")
                continue
            }
            if case .sequence(let items) = requiredNode.value, items.isEmpty {
                sink.error(requiredNode.location, "action '\(id)' has an empty 'requiredScopes' list")
                continue
            }
            guard let alternatives = requirement(requiredNode, action: id, scopes: scopeLocations, sink: sink) else { continue }
            actions.append(Action(id: id, label: label, alternatives: alternatives,
                                  description: entry.string("description") ?? ""))
        }
        return (actions, actionIndex)
    }

    /// The actions read straight from the nodes, when every entry is plain: the known keys
    /// only, once each, strings where strings belong (`requiredScopes` a list of them or one),
    /// a valid id not seen before, a label, and at least one scope, each defined. Nearly every
    /// catalog is, and reading it through `YAMLMapping` key by key was a third of loading it.
    /// Anything else gives nil, and `checkedActions` reads the entries again to report each
    /// problem; tests check that the two agree on every catalog either accepts.
    /// `requiredScopes` read the plain way: a list of scope names (one alternative), or
    /// `{anyOf: [[…], …]}` with only that key, a non-empty list of string lists, no alternative
    /// twice. Anything else gives nil (the entry-by-entry reading reports it).
    static func plainRequirement(_ node: YAMLNode) -> [[String]]? {
        guard case .mapping(let pairs) = node.value else { return node.plainStrings.map { [$0] } }
        guard pairs.count == 1, case .scalar("anyOf") = pairs[0].key.value,
              case .sequence(let items) = pairs[0].value.value, !items.isEmpty else { return nil }
        var alternatives: [[String]] = []
        var seen = Set<Set<String>>()
        for item in items {
            guard let names = item.plainStrings, seen.insert(Set(names)).inserted else { return nil }
            alternatives.append(names)
        }
        return alternatives
    }

    static func plainActions(_ list: YAMLNode, scopes: [String: SourceLocation]) -> ([Action], [String: Int])? {
        guard case .sequence(let entries) = list.value else { return nil }
        var actions: [Action] = []
        actions.reserveCapacity(entries.count)
        var index: [String: Int] = Dictionary(minimumCapacity: entries.count)
        for entry in entries {
            guard case .mapping(let pairs) = entry.value else { return nil }
            var id: String?, label: String?, description: String?, required: [[String]]?
            for (key, value) in pairs {
                guard case .scalar(let name) = key.value else { return nil }
                switch (name, value.value) {
                case ("id", .scalar(let text)) where id == nil: id = text
                case ("label", .scalar(let text)) where label == nil: label = text
                case ("description", .scalar(let text)) where description == nil: description = text
                case ("requiredScopes", _) where required == nil:
                    guard let alternatives = plainRequirement(value) else { return nil }
                    required = alternatives
                default: return nil  // an unknown or repeated key, or a value of the wrong kind
                }
            }
            guard let id, let label, let required, CatalogRule.isName(id), !label.isBlank,
                  required.allSatisfy({ !$0.isEmpty && $0.allSatisfy { scopes[$0] != nil } }),
                  index.updateValue(actions.count, forKey: id) == nil else { return nil }
            actions.append(Action(id: id, label: label, alternatives: required, description: description ?? ""))
        }
        return (actions, index)
    }

    /// `includes` must not loop back (`A` includes `B` includes `A`). Iterative depth-first
    /// search, so a long chain cannot overflow a worker thread's stack.
    private static func reportCycles(_ scopes: [Scope], locations: [String: SourceLocation], sink: DiagnosticSink) {
        let edges = Dictionary(scopes.map { ($0.name, $0.includes) }, uniquingKeysWith: { a, _ in a })
        var state: [String: Int] = [:]  // 1 = on the current path, 2 = done
        var reported = Set<String>()
        for scope in scopes where state[scope.name] == nil {
            var path: [String] = []
            var stack: [(name: String, next: Int)] = [(scope.name, 0)]
            state[scope.name] = 1
            path.append(scope.name)
            while let top = stack.last {
                let children = (edges[top.name] ?? []).filter { edges[$0] != nil }
                if top.next < children.count {
                    stack[stack.count - 1].next += 1
                    let child = children[top.next]
                    switch state[child] {
                    case 1:
                        let cycle = Array(path.drop(while: { $0 != child })) + [child]
                        if reported.insert(Set(cycle).sorted().joined(separator: ",")).inserted, let at = locations[child] {
                            sink.error(at, "'includes' forms a cycle: \(cycle.joined(separator: " → "))")
                        }
                    case nil:
                        state[child] = 1
                        path.append(child)
                        stack.append((child, 0))
                    default:
                        break
                    }
                } else {
                    state[top.name] = 2
                    path.removeLast()
                    stack.removeLast()
                }
            }
        }
    }
}

