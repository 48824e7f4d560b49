import Foundation
import ScopeGuideCore

/// A file of the generated site, relative to the output folder.
/// Its bytes stay the array they were generated in: wrapping each page in `Data` copied all
/// of the site's bytes once more.
public struct OutputFile: Sendable {
    public var path: String
    public var contents: [UInt8]

    public init(path: String, contents: [UInt8]) {
        self.path = path
        self.contents = contents
    }

    init(_ path: String, _ text: String) { self.init(path: path, contents: Array(text.utf8)) }
    init(_ path: String, _ buffer: OutputBuffer) { self.init(path: path, contents: buffer.bytes) }

    public var data: Data { Data(contents) }
}

/// Renders pages from the Mustache layouts in `Templates/layouts`. Templates are parsed once.
public struct SiteRenderer: Sendable {
    let library: TemplateLibrary
    let assets: [String: Data]
    public static let layoutNames = ["layout", "guide", "selector", "index", "scopes", "404"]
    /// The files of `Public/assets/`: one stylesheet and one script.
    public static let assetNames = ["style.css", "scopeguide.js"]
    /// `scopeguide.js` is these sources, in order; each is a self-contained function that
    /// does nothing on pages without its markup.
    static let scriptSources = ["selector.js", "index.js"]

    /// Reads and parses the layouts and assets. A missing or unreadable file is an error
    /// naming it; so is a layout that does not parse or names an unknown field.
    public init(paths: ContentPaths) throws(Diagnostics) {
        var sources: [(name: String, path: String, text: String)] = []
        for name in Self.layoutNames {
            let path = join(paths.layoutsDirectory, name + ".mustache")
            guard let text = try TextFile.readIfPresent(path, displayPath: path) else {
                throw Diagnostics(at: SourceLocation(path: path), "missing layout template", id: "missing-layout")
            }
            sources.append((name, path, text))
        }
        let library = try TemplateLibrary(sources)
        func read(_ name: String) throws(Diagnostics) -> Data {
            let path = join(paths.assetsDirectory, name)
            guard let text = try TextFile.readIfPresent(path, displayPath: path) else {
                throw Diagnostics(at: SourceLocation(path: path), "missing asset", id: "missing-asset")
            }
            return Data(text.utf8)
        }
        var script = Data()
        for name in Self.scriptSources {
            script.append(try read(name))
            if script.last != UInt8(ascii: "\n") { script.append(UInt8(ascii: "\n")) }
        }
        let assets: [String: Data] = ["style.css": try read("style.css"), "scopeguide.js": script]
        self.library = library
        self.assets = assets
    }

    /// A page before rendering: which layout, and what it shows.
    struct PageContext {
        let template: String
        let fields: [TemplateField: TemplateValue]
        var root: TemplateValue { .object(TemplateRecord(fields)) }
    }

    func render(_ page: PageContext) -> OutputBuffer { library.render(page.template, page.root) }

    func page(_ site: SiteSettings, title: String, description: String, depth: Int, canonical: String,
              scripts: [String] = []) -> PageView {
        let root = String(repeating: "../", count: depth)
        return PageView(title: title, description: description, siteTitle: site.title, siteDescription: site.description,
                        root: root, home: root + "index.html", canonical: canonical, csp: PageView.siteCSP,
                        scripts: scripts, inlineCSS: "", static: false, links: true)
    }

    // MARK: - Pages

    /// The interactive guide page of the site.
    public func guidePage(site: SiteSettings, connector: Connector, guide: Guide) -> String {
        render(guidePageContext(site: site, connector: connector, guide: guide)).string
    }

    /// One guide filtered for a selection, in one self-contained file (`scopeguide render`).
    public func standaloneGuide(site: SiteSettings, connector: Connector, guide: Guide, selection: Selection,
                                separator: ScopeSeparator, minimal: Bool) -> String {
        render(standaloneGuideContext(site: site, connector: connector, guide: guide, selection: selection,
                                       separator: separator, minimal: minimal)).string
    }

    /// The reviewer page: both scope-to-action tables.
    public func scopesPage(site: SiteSettings, connector: Connector) -> String {
        render(scopesPageContext(site: site, connector: connector)).string
    }

    /// The list of connectors.
    public func indexPage(site: SiteSettings, connectors: [ConnectorSummary]) -> String {
        render(indexPageContext(site: site, connectors: connectors)).string
    }

    /// Served for any missing path.
    public func notFoundPage(site: SiteSettings) -> String {
        render(notFoundPageContext(site: site)).string
    }

    // MARK: - Page contexts

    func guidePageContext(site: SiteSettings, connector: Connector, guide: Guide) -> PageContext {
        let view = GuideView(site: site, connector: connector, guide: guide, selection: .all(connector.catalog),
                             separator: .default, minimal: false, filtered: false)
        let page = self.page(site, title: "\(guide.title) · \(site.title)", description: guide.summary, depth: 2,
                             canonical: "\(site.baseURL)/\(connector.key)/\(guide.key)/", scripts: ["scopeguide.js"])
        return PageContext(template: "guide", fields: [.page: page.context, .guide: .object(view)])
    }

    func standaloneGuideContext(site: SiteSettings, connector: Connector, guide: Guide, selection: Selection,
                                       separator: ScopeSeparator, minimal: Bool) -> PageContext {
        let view = GuideView(site: site, connector: connector, guide: guide, selection: selection,
                             separator: separator, minimal: minimal, filtered: true)
        var page = self.page(site, title: "\(guide.title) · \(site.title)", description: guide.summary, depth: 0,
                             canonical: view.guideURL)
        page.home = site.baseURL + "/"
        page.csp = PageView.standaloneCSP
        page.inlineCSS = String(decoding: assets["style.css"] ?? Data(), as: UTF8.self)
        page.static = true
        page.links = false
        return PageContext(template: "guide", fields: [.page: page.context, .guide: .object(view)])
    }

    func scopesPageContext(site: SiteSettings, connector: Connector) -> PageContext {
        let page = self.page(site, title: "\(connector.name) scopes and actions · \(site.title)",
                             description: "Which \(connector.name) action needs which scope.", depth: 2,
                             canonical: "\(site.baseURL)/\(connector.key)/scopes/")
        return PageContext(template: "scopes", fields: [.page: page.context, .tables: .object(ScopesView(connector))])
    }

    func indexPageContext(site settings: SiteSettings, connectors summaries: [ConnectorSummary]) -> PageContext {
        let connectors: [TemplateValue] = summaries.map { .object(IndexCard(summary: $0)) }
        let context: [TemplateField: TemplateValue] = [
            .title: .text(settings.title), .description: .text(settings.description),
            .hasDescription: .bool(!settings.description.isEmpty),
            .connectorCount: .int(summaries.count),
            .guideCount: .int(summaries.reduce(0) { $0 + $1.guides.count }),
            .connectors: .list(connectors),
        ]
        let page = self.page(settings, title: settings.title, description: settings.description,
                             depth: 0, canonical: settings.baseURL + "/", scripts: ["scopeguide.js"])
        return PageContext(template: "index", fields: [.page: page.context, .index: .object(TemplateRecord(context))])
    }

    func notFoundPageContext(site: SiteSettings) -> PageContext {
        // Served for any missing path, so links are root-relative.
        var page = self.page(site, title: "Page not found · \(site.title)", description: "", depth: 0, canonical: "")
        page.root = "/"
        page.home = "/index.html"
        return PageContext(template: "404", fields: [.page: page.context])
    }

    public func asset(_ name: String) -> Data { assets[name] ?? Data() }
}
