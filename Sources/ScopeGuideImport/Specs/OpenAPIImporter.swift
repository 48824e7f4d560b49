import Foundation
import ScopeGuideKit

/// OpenAPI 3.x and Swagger 2.0 → catalog facts.
///
/// Every operation with OAuth2 scopes is an action. One security requirement object is one
/// alternative (its OAuth2 scopes are all needed); separate objects are alternatives; objects
/// without the OAuth2 scheme (API keys, HTTP bearer) and empty scope lists are not
/// alternatives. An operation's `security` replaces the document's. Id: `KEY_` + the
/// operationId in snake_case; label: `summary`, else the humanised id.
struct OpenAPIImporter {
    let root: YAMLNode
    let path: String
    let options: SpecOptions
    var problems = Diagnostics()

    static let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    init(root: YAMLNode, path: String, options: SpecOptions) {
        self.root = root
        self.path = path
        self.options = options
    }

    mutating func run() -> (SpecCatalog, Diagnostics) {
        let refs = RefResolver(root: root, path: path)
        guard root.isMapping else {
            problems.error(root, path: path, "#: an OpenAPI document must be a mapping, found \(root.kindDescription)")
            return (SpecCatalog(), problems)
        }
        let isSwagger: Bool
        if let v = root["openapi"]?.text, v.hasPrefix("3.") {
            isSwagger = false
        } else if root["swagger"]?.text == "2.0" {
            isSwagger = true
        } else {
            problems.error(root, path: path, "#: not an OpenAPI 3.x or Swagger 2.0 document (no 'openapi: 3.…' or 'swagger: \"2.0\"')")
            return (SpecCatalog(), problems)
        }
        refs.checkAllRefs(problems: &problems)

        // The OAuth2 schemes and their scope descriptions.
        let schemesPointer = isSwagger ? "#/securityDefinitions" : "#/components/securitySchemes"
        let schemesNode = isSwagger ? root["securityDefinitions"] : root["components"]?["securitySchemes"]
        var oauth: [(name: String, scopes: [(String, String?)])] = []
        for (name, raw) in schemesNode?.entries ?? [] {
            let pointer = schemesPointer + "/" + SpecNames.pointerToken(name)
            guard let scheme = refs.resolve(raw, problems: &problems, pointer: pointer) else { continue }
            guard scheme["type"]?.text == "oauth2" else { continue }
            var scopes: [(String, String?)] = []
            var seen = Set<String>()
            func add(_ node: YAMLNode?) {
                for (scope, d) in node?.entries ?? [] where seen.insert(scope).inserted {
                    let text = SpecNames.oneLine(d.text)
                    scopes.append((scope, text == scope ? nil : text))
                }
            }
            if isSwagger {
                add(scheme["scopes"])
            } else {
                for flow in ["implicit", "password", "clientCredentials", "authorizationCode"] {
                    add(scheme["flows"]?[flow]?["scopes"])
                }
            }
            oauth.append((name, scopes))
        }
        guard !oauth.isEmpty else {
            problems.error(schemesNode ?? root, path: path, "\(schemesPointer): no OAuth2 security scheme (type: oauth2) in the document")
            return (SpecCatalog(), problems)
        }
        let chosen: (name: String, scopes: [(String, String?)])
        if let wanted = options.scheme {
            guard let match = oauth.first(where: { $0.name == wanted }) else {
                problems.error(schemesNode, path: path, "\(schemesPointer): no OAuth2 scheme named '\(wanted)' (found: \(oauth.map(\.name).joined(separator: ", ")))")
                return (SpecCatalog(), problems)
            }
            chosen = match
        } else if oauth.count > 1 {
            problems.error(schemesNode, path: path, "\(schemesPointer): several OAuth2 schemes (\(oauth.map(\.name).joined(separator: ", "))): choose one with --scheme")
            return (SpecCatalog(), problems)
        } else {
            chosen = oauth[0]
        }
        let defined = Set(chosen.scopes.map(\.0))
        var scopes = chosen.scopes.map { SpecScope(name: $0.0, description: $0.1) }
        var undefinedReported = Set<String>()

        var actions: [SpecAction] = []
        var idOwners: [String: String] = [:]
        let global = root["security"]
        for (route, rawItem) in root["paths"]?.entries ?? [] {
            let itemPointer = "#/paths/" + SpecNames.pointerToken(route)
            guard let item = refs.resolve(rawItem, problems: &problems, pointer: itemPointer) else { continue }
            for (method, op) in item.entries ?? [] where Self.methods.contains(method) {
                let pointer = itemPointer + "/" + method
                guard op.isMapping else {
                    problems.error(op, path: path, "\(pointer): an operation must be a mapping")
                    continue
                }
                guard let security = op["security"] ?? global else { continue }
                guard let requirements = security.items else {
                    problems.error(security, path: path, "\(pointer)/security: must be a list of security requirement objects")
                    continue
                }
                var alternatives: [[String]] = []
                for requirement in requirements {
                    guard let list = requirement[chosen.name] else { continue }
                    guard let names = list.items?.compactMap(\.text) else {
                        problems.error(list, path: path, "\(pointer)/security: scopes of '\(chosen.name)' must be a list")
                        continue
                    }
                    var alt: [String] = []
                    for name in names where !alt.contains(name) { alt.append(name) }
                    guard !alt.isEmpty else { continue }
                    for name in alt where !defined.contains(name) && undefinedReported.insert(name).inserted {
                        problems.warning(list, path: path, "\(pointer)/security: scope '\(name)' is used but not defined in \(schemesPointer)/\(chosen.name)")
                        scopes.append(SpecScope(name: name))
                    }
                    if !alternatives.contains(alt) { alternatives.append(alt) }
                }
                guard !alternatives.isEmpty else { continue }
                let operationId = op["operationId"]?.text
                let base = SpecNames.snakeCase(operationId ?? "\(method) \(route)")
                let id = "\(options.connector)_\(base)"
                if let other = idOwners[id] {
                    problems.error(op["operationId"] ?? op, path: path,
                                   "\(pointer): operation '\(operationId ?? method + " " + route)' and '\(other)' both become the action id '\(id)'")
                    continue
                }
                let key = operationId ?? "\(method.uppercased()) \(route)"
                idOwners[id] = key
                let summary = SpecNames.oneLine(op["summary"]?.text)
                let label = summary ?? SpecNames.humanise(base)
                var description = SpecNames.oneLine(op["description"]?.text)
                if description == label { description = nil }
                actions.append(SpecAction(key: key, id: id, label: label, description: description, alternatives: alternatives))
            }
        }
        if actions.isEmpty {
            problems.warning(root["paths"] ?? root, path: path, "#/paths: no operation requires scopes of '\(chosen.name)'")
        }
        // Only scopes some action uses, in the scheme's order.
        let used = Set(actions.flatMap { $0.alternatives.joined() })
        scopes = scopes.filter { used.contains($0.name) }
        return (SpecCatalog(scopes: scopes, actions: actions), problems)
    }
}
