import Foundation
import ScopeGuideCore
import ScopeGuideKit

/// `scopeguide import openapi|discovery|graph|nango FILE --connector KEY`: reads the source,
/// merges it with the connector's curated catalog (`ImportMerge`), checks that ScopeGuide loads
/// the result, then writes `catalog.yaml` and `import.yaml` (and, for a new connector,
/// `connector.yaml` and a guide skeleton). Nothing is written when there is any error.
public struct SpecImport: Sendable {
    public struct Options: Sendable {
        public var kind: SpecKind
        public var file: String
        public var connector: String
        public var content: String
        public var templates: String
        public var scheme: String?
        public var actionsFile: String?
        public var name: String?
        public var provider: String?

        public init(kind: SpecKind, file: String, connector: String, content: String = "Content", templates: String = "Templates",
                    scheme: String? = nil, actionsFile: String? = nil, name: String? = nil, provider: String? = nil) {
            self.kind = kind
            self.file = file
            self.connector = connector
            self.content = content
            self.templates = templates
            self.scheme = scheme
            self.actionsFile = actionsFile
            self.name = name
            self.provider = provider
        }
    }

    public struct Outcome: Sendable {
        public var directory: String
        public var created: Bool
        public var catalog: SpecCatalog
        public var warnings: [Diagnostic]
        public var notes: [String]
        public var keptEdits: Int
        public var files: [String]
    }

    public var options: Options
    public init(options: Options) { self.options = options }

    var directory: String { "\(options.content)/connectors/\(options.connector)" }
    var catalogPath: String { directory + "/catalog.yaml" }
    var recordPath: String { directory + "/import.yaml" }

    /// The source's facts, with the record's renames applied; the current catalog and record.
    struct Sides {
        var theirs: SpecCatalog
        var ours: SpecCatalog?
        var sources: [String: String]
        var record: ImportRecord?
        var warnings: [Diagnostic]
    }

    func sides() throws(Diagnostics) -> Sides {
        guard isSlug(options.connector) else {
            throw Diagnostics("connector key '\(options.connector)' is not a safe folder name (use a-z, 0-9, '-' and '_')")
        }
        var problems = Diagnostics()
        var record: ImportRecord?
        if FileManager.default.fileExists(atPath: recordPath) {
            do {
                let node = try YAMLNode.readSpec(path: recordPath)
                let (r, p) = ImportRecord.read(node, path: recordPath)
                record = r
                problems.diagnostics += p.diagnostics
            } catch { problems.diagnostics += error.diagnostics }
        }
        var ours: SpecCatalog?
        var sources: [String: String] = [:]
        if FileManager.default.fileExists(atPath: catalogPath) {
            do {
                let node = try YAMLNode.readSpec(path: catalogPath)
                let (c, s, p) = CatalogYAML.read(node, path: catalogPath,
                                                 text: try? String(contentsOfFile: catalogPath, encoding: .utf8))
                ours = c
                sources = s
                problems.diagnostics += p.diagnostics
            } catch { problems.diagnostics += error.diagnostics }
        }
        // A re-import of the same kind uses the recorded --scheme and --actions unless given again.
        let recorded = record?.kind == options.kind ? record : nil
        let specOptions = SpecOptions(connector: options.connector, scheme: options.scheme ?? recorded?.scheme,
                                      actionsFile: options.actionsFile ?? recorded?.actionsFile)
        var (theirs, found) = SpecImporter.run(options.kind, file: options.file, options: specOptions)
        problems.diagnostics += found.diagnostics
        found = Diagnostics()
        if let record {
            for i in theirs.actions.indices { if let id = record.id(forKey: theirs.actions[i].key) { theirs.actions[i].id = id } }
        }
        var seen: [String: String] = [:]
        for a in theirs.actions {
            if let other = seen[a.id] {
                problems.error(nil, path: recordPath, "actions '\(a.key)' and '\(other)' both have the id '\(a.id)'")
            }
            seen[a.id] = a.key
            if !Catalog.isValidName(a.id) { problems.error(nil, path: options.file, "action id '\(a.id)' is not valid (white space or commas)") }
        }
        for s in theirs.scopes where !Catalog.isValidName(s.name) {
            problems.error(nil, path: options.file, "scope name '\(s.name)' is not valid (white space or commas)")
        }
        if problems.hasErrors { throw problems }
        return Sides(theirs: theirs, ours: ours, sources: sources, record: record, warnings: problems.warnings)
    }

    /// Imports (or re-imports) and writes.
    public func run() throws(Diagnostics) -> Outcome {
        let s = try sides()
        let merge = ImportMerge(base: s.record?.generated, ours: s.ours, theirs: s.theirs)
        if merge.catalog.actions.isEmpty {
            throw Diagnostics(s.warnings) + Diagnostics(at: .file(options.file), "no action with scopes to import")
        }
        let recorded = s.record?.kind == options.kind ? s.record : nil
        let record = ImportRecord(source: options.file, kind: options.kind, scheme: options.scheme ?? recorded?.scheme,
                                  actionsFile: options.actionsFile ?? recorded?.actionsFile,
                                  ids: s.record?.ids ?? [], generated: s.theirs)
        let fileName = (options.file as NSString).lastPathComponent
        // A catalog's leading comment block is the person's: it stays.
        let existing = (try? String(contentsOfFile: catalogPath, encoding: .utf8)).map { text in
            text.split(separator: "\n", omittingEmptySubsequences: false).prefix { $0.hasPrefix("#") }
                .map { $0.hasPrefix("# ") ? String($0.dropFirst(2)) : String($0.dropFirst()) }
        } ?? []
        let catalogText = CatalogYAML.write(merge.catalog, header: !existing.isEmpty ? Array(existing) : [
            "Generated by `scopeguide import \(options.kind.rawValue)` from \(fileName); import.yaml records the source.",
            "Edit freely: a re-import keeps your changes (labels, descriptions, includes, requirements, removals).",
        ], sources: s.sources)
        var files: [(String, String)] = [("catalog.yaml", catalogText), ("import.yaml", record.write())]
        let created = !FileManager.default.fileExists(atPath: directory)
        if created { files += skeleton() }
        try validate(files, created: created)
        do {
            if created {
                let connectors = "\(options.content)/connectors"
                try FileManager.default.createDirectory(atPath: connectors, withIntermediateDirectories: true)
                let staging = "\(connectors)/.import-\(options.connector)-\(UUID().uuidString)"
                try Self.write(files, to: staging)
                try FileManager.default.moveItem(atPath: staging, toPath: directory)
            } else {
                for (name, text) in files {
                    let temp = "\(directory)/.\(name).\(UUID().uuidString)"
                    try Data(text.utf8).write(to: URL(fileURLWithPath: temp))
                    _ = try? FileManager.default.removeItem(atPath: "\(directory)/\(name)")
                    try FileManager.default.moveItem(atPath: temp, toPath: "\(directory)/\(name)")
                }
            }
        } catch {
            throw Diagnostics(s.warnings) + Diagnostics(at: .file(directory), "cannot write: \(error.localizedDescription)")
        }
        return Outcome(directory: directory, created: created, catalog: merge.catalog, warnings: s.warnings, notes: merge.notes,
                       keptEdits: merge.keptEdits, files: files.map(\.0))
    }

    /// `--check`: compares the catalog with the source without writing anything.
    public func check() throws(Diagnostics) -> (DriftReport, [Diagnostic]) {
        let s = try sides()
        guard let ours = s.ours else { throw Diagnostics(s.warnings) + Diagnostics(at: .file(catalogPath), "does not exist: import first") }
        return (DriftReport(catalog: ours, base: s.record?.generated, source: s.theirs), s.warnings)
    }

    // MARK: - Skeleton

    func skeleton() -> [(String, String)] {
        let name = options.name ?? SpecNames.humanise(options.connector)
        let provider = options.provider ?? name
        var connector = "# Written by `scopeguide import` for a new connector: adjust the name and provider.\n"
        connector += "name: \(YAMLText.scalar(name))\nprovider: \(YAMLText.scalar(provider))\n"
        connector += "description: \(YAMLText.quoted("\(name) actions imported from its API description."))\n"
        connector += "guides: [oauth2]\n"
        var guide = "# A minimal guide written by `scopeguide import`: add the provider's registration steps.\n"
        guide += "title: \(YAMLText.scalar("\(name) OAuth 2.0 connector profile"))\n"
        guide += "authMethod: OAuth 2.0\n"
        guide += "summary: \(YAMLText.quoted("A one-time setup in which an administrator registers an OAuth app with \(provider) so that users can then link their \(name) accounts."))\n"
        guide += "credentials: [Client ID, Client Secret, Scopes (Optional)]\n"
        guide += "sections:\n  - scopes.md\n"
        let template = "\(options.templates)/steps/connector-profile.md"
        if FileManager.default.fileExists(atPath: template) { guide += "  - template: connector-profile.md\n" }
        let scopes = """
        # Add the Scopes

        Register an OAuth app with {{provider}}, set its redirect URI to `{{redirectURI}}`, and add the scopes your selected actions need.

        ## Add Scopes

        ```guide
        scopes: all
        badge: all
        ```

        In the app's OAuth settings, add each scope listed here.

        """
        return [("connector.yaml", connector), ("guides/oauth2/guide.yaml", guide), ("guides/oauth2/scopes.md", scopes)]
    }

    static func write(_ files: [(String, String)], to directory: String) throws {
        for (path, text) in files {
            let full = (directory as NSString).appendingPathComponent(path)
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: full))
        }
    }

    /// Loads the connector as it will be with ScopeGuide's own loader, in a scratch folder.
    func validate(_ files: [(String, String)], created: Bool) throws(Diagnostics) {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("scopeguide-import-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let dir = "\(scratch)/connectors/\(options.connector)"
        do {
            try FileManager.default.createDirectory(atPath: "\(scratch)/connectors", withIntermediateDirectories: true)
            let siteYAML = (try? String(contentsOfFile: "\(options.content)/site.yaml", encoding: .utf8))
                ?? "title: Import check\nbaseURL: https://example.com\n"
            try siteYAML.write(toFile: "\(scratch)/site.yaml", atomically: false, encoding: .utf8)
            if !created { try FileManager.default.copyItem(atPath: directory, toPath: dir) }
            for (name, _) in files { try? FileManager.default.removeItem(atPath: "\(dir)/\(name)") }
            try Self.write(files, to: dir)
        } catch {
            throw Diagnostics("cannot prepare the import check: \(error.localizedDescription)")
        }
        do {
            _ = try ContentLoader(paths: ContentPaths(content: scratch, templates: options.templates)).loadConnector(options.connector)
        } catch {
            throw Diagnostics("the imported catalog does not load:")
                + error.replacingPaths(dir, with: directory).replacingPaths(scratch, with: options.content)
        }
    }
}

