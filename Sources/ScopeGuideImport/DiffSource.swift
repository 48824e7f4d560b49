import Foundation
import ScopeGuideCore
import ScopeGuideKit

/// One side of `scopeguide diff`: a content folder, a connector folder, a `catalog.yaml`, or
/// `git:REV` (the other side's files as they were in that revision).
public struct DiffSide: Sendable {
    public var label: String
    public var connector: String
    public var catalog: Catalog
    public var guides: [Guide]?
}

public struct DiffLoader: Sendable {
    public var connector: String?
    public var content: String
    public var templates: String

    public init(connector: String? = nil, content: String = "Content", templates: String = "Templates") {
        self.connector = connector
        self.content = content
        self.templates = templates
    }

    enum Kind { case content(String), connectorFolder(content: String, key: String), catalogFile(String) }

    /// Loads both sides; a `git:` side reads what the other side names (or `--content`).
    public func load(old: String, new: String) throws(Diagnostics) -> (DiffSide, DiffSide) {
        let oldKind = old.hasPrefix("git:") ? nil : try kind(of: old)
        let newKind = new.hasPrefix("git:") ? nil : try kind(of: new)
        let fallback = Kind.content(content)
        let first = try side(old, kind: oldKind, template: newKind ?? fallback, otherKey: nil)
        let second = try side(new, kind: newKind, template: oldKind ?? fallback, otherKey: first.connector)
        return (first, second)
    }

    private func kind(of path: String) throws(Diagnostics) -> Kind {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw Diagnostics(at: .file(path), "no such file or folder (expected a content folder, a catalog.yaml or git:REV)")
        }
        guard isDir.boolValue else { return .catalogFile(path) }
        if FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("catalog.yaml")) {
            let std = (path as NSString).standardizingPath
            let parent = (std as NSString).deletingLastPathComponent
            return .connectorFolder(content: (parent as NSString).deletingLastPathComponent, key: (std as NSString).lastPathComponent)
        }
        return .content(path)
    }

    private func side(_ spec: String, kind: Kind?, template: Kind, otherKey: String?) throws(Diagnostics) -> DiffSide {
        if let kind { return try load(kind, label: spec, otherKey: otherKey) }
        let rev = String(spec.dropFirst(4))
        guard !rev.isEmpty, !rev.hasPrefix("-") else { throw Diagnostics(at: .file(spec), "expected git:REV with a revision") }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("scopeguide-diff-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        switch template {
        case .catalogFile(let path):
            let dir = (path as NSString).deletingLastPathComponent
            let name = (path as NSString).lastPathComponent
            let text = try git(["show", "\(rev):./\(name)"], in: dir.isEmpty ? "." : dir)
            let copy = (scratch as NSString).appendingPathComponent("catalog.yaml")
            try write(text, to: copy)
            return try load(.catalogFile(copy), label: spec, otherKey: otherKey, shownPath: "\(rev):\(path)")
        case .content(let root), .connectorFolder(content: let root, key: _):
            var key = connector ?? otherKey
            if case .connectorFolder(_, let k) = template { key = k }
            if key == nil {
                let names = try git(["ls-tree", "--name-only", rev, "--", "connectors/"], in: root)
                    .split(separator: "\n").map { ($0 as Substring).split(separator: "/").last.map(String.init) ?? "" }
                guard names.count == 1 else {
                    throw Diagnostics(at: .file(spec), "choose a connector with --connector (\(names.joined(separator: ", ")))")
                }
                key = names[0]
            }
            let connectorKey = key!
            try write(try git(["show", "\(rev):./site.yaml"], in: root), to: "\(scratch)/site.yaml")
            let files = try git(["ls-tree", "-r", "--name-only", rev, "--", "connectors/\(connectorKey)"], in: root)
                .split(separator: "\n").map(String.init)
            guard !files.isEmpty else { throw Diagnostics(at: .file(spec), "connector '\(connectorKey)' does not exist in \(rev)") }
            for file in files {
                try write(try git(["show", "\(rev):./\(file)"], in: root), to: "\(scratch)/\(file)")
            }
            return try load(.content(scratch), label: spec, otherKey: connectorKey, shownPath: "\(rev):\(root)")
        }
    }

    private func load(_ kind: Kind, label: String, otherKey: String?, shownPath: String? = nil) throws(Diagnostics) -> DiffSide {
        func clean(_ error: Diagnostics, _ root: String) -> Diagnostics {
            shownPath.map { error.replacingPaths(root, with: $0) } ?? error
        }
        switch kind {
        case .catalogFile(let path):
            do {
                let catalog = try ContentLoader.loadCatalog(path: path)
                return DiffSide(label: label, connector: connector ?? otherKey ?? "catalog", catalog: catalog, guides: nil)
            } catch {
                throw clean(error, path)
            }
        case .connectorFolder(let root, let key):
            return try loadConnector(root: root, key: key, label: label, clean: clean)
        case .content(let root):
            var key = connector ?? otherKey
            if key == nil {
                let dir = (root as NSString).appendingPathComponent("connectors")
                let names: [String]
                do { names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { !$0.hasPrefix(".") }.sorted() } catch {
                    throw Diagnostics(at: .file(dir), "cannot list the connectors: \(error.localizedDescription)")
                }
                guard names.count == 1 else {
                    throw Diagnostics(at: .file(label), "choose a connector with --connector (\(names.joined(separator: ", ")))")
                }
                key = names[0]
            }
            return try loadConnector(root: root, key: key!, label: label, clean: clean)
        }
    }

    private func loadConnector(root: String, key: String, label: String,
                               clean: (Diagnostics, String) -> Diagnostics) throws(Diagnostics) -> DiffSide {
        do {
            let (_, connector) = try ContentLoader(paths: ContentPaths(content: root, templates: templates)).loadConnector(key)
            return DiffSide(label: label, connector: key, catalog: connector.catalog, guides: connector.guides)
        } catch {
            throw clean(error, root)
        }
    }

    private func write(_ text: String, to path: String) throws(Diagnostics) {
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw Diagnostics(at: .file(path), "cannot write: \(error.localizedDescription)")
        }
    }

    /// Runs git in `directory`; its stderr becomes the error (or `failure`, when given).
    func git(_ arguments: [String], in directory: String, failure: String? = nil) throws(Diagnostics) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", directory] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch { throw Diagnostics("cannot run git: \(error.localizedDescription)") }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if let failure { throw Diagnostics(failure) }
            throw Diagnostics("git \(arguments.joined(separator: " ")): \(message)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
