import Foundation
import ScopeGuideCore
import ScopeGuideKit

/// `scopeguide import`: a page in the reference format → one connector folder.
public struct PageImporter: Sendable {
    public struct Options: Sendable {
        public var page: String
        public var content: String
        public var templates: String
        public var connector: String?
        public var force: Bool

        public init(page: String, content: String = "Content", templates: String = "Templates",
                    connector: String? = nil, force: Bool = false) {
            self.page = page
            self.content = content
            self.templates = templates
            self.connector = connector
            self.force = force
        }
    }

    /// The converted connector, before anything is written.
    public struct Conversion: Sendable {
        public var key: String
        public var guideKey: String
        /// Paths relative to the connector folder, in writing order.
        public var files: [String: String]
        public var order: [String]
        public var diagnostics: [Diagnostic]

        public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
        public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
    }

    public var options: Options

    public init(options: Options) { self.options = options }

    /// Converts page text; pure apart from the diagnostics it returns.
    public static func convert(_ text: String, path: String, site: ImportSiteInfo = ImportSiteInfo(),
                               connector: String? = nil, templateAvailable: Bool = true) -> Conversion {
        var (html, diagnostics) = JSXPreprocessor.run(text, path: path)
        // Parse inside an explicit <body> so top-level text is not wrapped in an implied <p>.
        guard let document = HTMLDocument(html: "<html><body>" + html), let body = document.body else {
            diagnostics.error(1, "the page could not be parsed as HTML")
            return Conversion(key: connector ?? "", guideKey: "", files: [:], order: [], diagnostics: diagnostics.sorted)
        }
        let converter = MarkdownConverter(diagnostics: diagnostics)
        var reader = PageReader(converter: converter)
        let page = reader.read(body)
        var writer = ContentWriter(page: page, site: site, sourceName: (path as NSString).lastPathComponent,
                                   connectorKey: connector, templateAvailable: templateAvailable,
                                   diagnostics: converter.diagnostics)
        let output = writer.write()
        var files: [String: String] = [:]
        for (p, t) in output.files { files[p] = t }
        return Conversion(key: output.key, guideKey: output.guideKey, files: files, order: output.files.map(\.path),
                          diagnostics: writer.diagnostics.sorted)
    }

    /// Reads the page, converts it, checks that ScopeGuide loads the result, then writes the
    /// connector folder in one rename. Nothing is written when there is any error.
    public func run() throws(Diagnostics) -> (conversion: Conversion, directory: String) {
        let text: String
        do {
            var data = try Data(contentsOf: URL(fileURLWithPath: options.page))
            if data.starts(with: [0xEF, 0xBB, 0xBF]) { data.removeFirst(3) }
            guard let decoded = String(data: data, encoding: .utf8) else {
                throw Diagnostics(at: .line(1, of: options.page), "the page is not valid UTF-8")
            }
            text = decoded
        } catch let failure as Diagnostics {
            throw failure
        } catch {
            throw Diagnostics(at: .file(options.page), "cannot read the page: \(error.localizedDescription)")
        }
        if let key = options.connector, !isSlug(key) {
            throw Diagnostics("connector key '\(key)' is not a safe folder name (use a-z, 0-9, '-' and '_')")
        }
        let siteFile = (options.content as NSString).appendingPathComponent("site.yaml")
        let site = Self.siteInfo(siteFile)
        let template = ((options.templates as NSString).appendingPathComponent("steps") as NSString)
            .appendingPathComponent("connector-profile.md")
        let conversion = Self.convert(text, path: options.page, site: site, connector: options.connector,
                                      templateAvailable: FileManager.default.fileExists(atPath: template))
        guard conversion.errors.isEmpty else { throw Diagnostics(conversion.diagnostics) }

        let connectors = (options.content as NSString).appendingPathComponent("connectors")
        let destination = (connectors as NSString).appendingPathComponent(conversion.key)
        if FileManager.default.fileExists(atPath: destination) && !options.force {
            throw Diagnostics(conversion.diagnostics) + Diagnostics(at: .file(destination), "already exists; use --force to replace it")
        }
        try validate(conversion, siteFile: siteFile)
        do {
            try FileManager.default.createDirectory(atPath: connectors, withIntermediateDirectories: true)
            let staging = (connectors as NSString).appendingPathComponent(".import-\(conversion.key)-\(UUID().uuidString)")
            try Self.write(conversion, to: staging)
            if FileManager.default.fileExists(atPath: destination) {
                let old = (connectors as NSString).appendingPathComponent(".replaced-\(conversion.key)-\(UUID().uuidString)")
                try FileManager.default.moveItem(atPath: destination, toPath: old)
                try FileManager.default.moveItem(atPath: staging, toPath: destination)
                try? FileManager.default.removeItem(atPath: old)
            } else {
                try FileManager.default.moveItem(atPath: staging, toPath: destination)
            }
        } catch {
            throw Diagnostics(conversion.diagnostics) + Diagnostics(at: .file(destination), "cannot write: \(error.localizedDescription)")
        }
        return (conversion, destination)
    }

    static func write(_ conversion: Conversion, to directory: String) throws {
        for path in conversion.order {
            let full = (directory as NSString).appendingPathComponent(path)
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try Data(conversion.files[path, default: ""].utf8).write(to: URL(fileURLWithPath: full))
        }
    }

    /// Loads the result with ScopeGuide's own loader in a scratch content folder first.
    private func validate(_ conversion: Conversion, siteFile: String) throws(Diagnostics) {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("scopeguide-import-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let dir = "\(scratch)/connectors/\(conversion.key)"
        do {
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            let siteYAML = (try? String(contentsOfFile: siteFile, encoding: .utf8))
                ?? "title: Import check\nbaseURL: https://example.com\n"
            try siteYAML.write(toFile: "\(scratch)/site.yaml", atomically: false, encoding: .utf8)
            try Self.write(conversion, to: dir)
        } catch {
            throw Diagnostics("cannot prepare the import check: \(error.localizedDescription)")
        }
        do {
            _ = try ContentLoader(paths: ContentPaths(content: scratch, templates: options.templates)).loadConnector(conversion.key)
        } catch {
            let shown = "\(options.content)/connectors/\(conversion.key)"
            throw Diagnostics(conversion.diagnostics) + Diagnostics("the imported content does not load:")
                + error.replacingPaths(dir, with: shown).replacingPaths(scratch, with: options.content)
        }
    }

    /// `platform` and `redirectURI` from site.yaml, when there is one.
    public static func siteInfo(_ path: String) -> ImportSiteInfo {
        guard let yaml = YAMLNode.topLevelStrings(ofFile: path) else { return ImportSiteInfo() }
        return ImportSiteInfo(platform: yaml["platform"] ?? "StackOne", redirectURI: yaml["redirectURI"] ?? "")
    }
}
