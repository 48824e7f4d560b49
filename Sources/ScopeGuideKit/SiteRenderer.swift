import Foundation
import Mustache
import ScopeGuideCore

/// A file of the generated site, relative to the output folder.
public struct OutputFile: Sendable {
    public var path: String
    public var contents: Data

    public init(path: String, contents: Data) {
        self.path = path
        self.contents = contents
    }

    init(_ path: String, _ text: String) { self.init(path: path, contents: Data(text.utf8)) }
}

public enum RenderError: Error, CustomStringConvertible {
    case template(path: String, line: Int, column: Int, message: String)
    case missingTemplate(String)
    case missingAsset(String)

    public var description: String {
        switch self {
        case let .template(path, line, column, message): "\(path):\(line):\(column): error: \(message)"
        case let .missingTemplate(path): "\(path):1:1: error: missing layout template"
        case let .missingAsset(path): "\(path):1:1: error: missing asset"
        }
    }
}

/// Renders pages from the Mustache layouts in `Templates/layouts`. Templates are parsed once.
public struct SiteRenderer: Sendable {
    let library: MustacheLibrary
    let assets: [String: Data]
    public static let layoutNames = ["layout", "guide", "selector", "index", "scopes", "404"]
    /// The files of `Public/assets/`: one stylesheet and one script.
    public static let assetNames = ["style.css", "scopeguide.js"]
    /// `scopeguide.js` is these sources, in order; each is a self-contained function that
    /// does nothing on pages without its markup.
    static let scriptSources = ["selector.js", "index.js"]

    /// swift-mustache escapes HTML one Character at a time through a dictionary, which showed
    /// up as a tenth of build time. Every layout is registered with this content type instead:
    /// the same five characters escaped (`& < > " '`), scanning UTF-8 bytes.
    private struct HTMLEscaping: MustacheContentType {
        func escapeText(_ text: String) -> String { Escape.html(text) }
    }
    private static let contentType: String = {
        MustacheContentTypes.register(HTMLEscaping(), named: "SCOPEGUIDE_HTML")
        return "{{% CONTENT_TYPE: SCOPEGUIDE_HTML}}"  // a pragma renders nothing, on the first line
    }()

    public init(paths: ContentPaths) throws(RenderError) {
        var library = MustacheLibrary()
        for name in Self.layoutNames {
            let path = join(paths.layoutsDirectory, name + ".mustache")
            guard let data = FileManager.default.contents(atPath: path) else { throw .missingTemplate(path) }
            do {
                try library.register(Self.contentType + String(decoding: data, as: UTF8.self), named: name)
            } catch let error as MustacheLibrary.ParserError {
                throw .template(path: path, line: error.context.lineNumber, column: error.context.columnNumber,
                                message: "template syntax: \(error.error)")
            } catch {
                throw .template(path: path, line: 1, column: 1, message: "template syntax: \(error)")
            }
        }
        func read(_ name: String) throws(RenderError) -> Data {
            let path = join(paths.assetsDirectory, name)
            guard let data = FileManager.default.contents(atPath: path) else { throw .missingAsset(path) }
            return data
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

    func render(_ template: String, _ context: [String: Any]) -> String {
        library.render(context, withTemplate: template) ?? ""
    }

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
        let view = GuideView(site: site, connector: connector, guide: guide, selection: .all(connector.catalog),
                             separator: .default, minimal: false, filtered: false)
        let page = self.page(site, title: "\(guide.title) · \(site.title)", description: guide.summary, depth: 2,
                             canonical: "\(site.baseURL)/\(connector.key)/\(guide.key)/", scripts: ["scopeguide.js"])
        return render("guide", ["page": page.context, "guide": view])
    }

    /// One guide filtered for a selection, in one self-contained file (`scopeguide render`).
    public func standaloneGuide(site: SiteSettings, connector: Connector, guide: Guide, selection: Selection,
                                separator: ScopeSeparator, minimal: Bool) -> String {
        let view = GuideView(site: site, connector: connector, guide: guide, selection: selection,
                             separator: separator, minimal: minimal, filtered: true)
        var page = self.page(site, title: "\(guide.title) · \(site.title)", description: guide.summary, depth: 0,
                             canonical: view.guideURL)
        page.home = site.baseURL + "/"
        page.csp = PageView.standaloneCSP
        page.inlineCSS = String(decoding: assets["style.css"] ?? Data(), as: UTF8.self)
        page.static = true
        page.links = false
        return render("guide", ["page": page.context, "guide": view])
    }

    public func scopesPage(site: SiteSettings, connector: Connector) -> String {
        let page = self.page(site, title: "\(connector.name) scopes and actions · \(site.title)",
                             description: "Which \(connector.name) action needs which scope.", depth: 2,
                             canonical: "\(site.baseURL)/\(connector.key)/scopes/")
        return render("scopes", ["page": page.context, "tables": ScopesView(connector)])
    }

    public func indexPage(site: Site) -> String {
        let connectors: [[String: Any]] = site.connectors.map { c in
            let search = ([c.name, c.key, c.provider] + c.guides.map(\.title) + c.catalog.scopeNames)
                .joined(separator: " ").lowercased()
            return ["key": c.key, "name": c.name, "provider": c.provider, "description": c.description,
                    "hasProvider": !c.provider.isEmpty, "hasDescription": !c.description.isEmpty,
                    "actionCount": c.catalog.actions.count, "scopeCount": c.catalog.scopes.count,
                    "searchText": search,
                    "guides": c.guides.map { ["guideKey": $0.key, "title": $0.title, "key": c.key] }]
        }
        let context: [String: Any] = [
            "title": site.settings.title, "description": site.settings.description,
            "hasDescription": !site.settings.description.isEmpty,
            "connectorCount": site.connectors.count, "guideCount": site.connectors.reduce(0) { $0 + $1.guides.count },
            "connectors": connectors,
        ]
        let page = self.page(site.settings, title: site.settings.title, description: site.settings.description,
                             depth: 0, canonical: site.settings.baseURL + "/", scripts: ["scopeguide.js"])
        return render("index", ["page": page.context, "index": context])
    }

    public func notFoundPage(site: SiteSettings) -> String {
        // Served for any missing path, so links are root-relative.
        var page = self.page(site, title: "Page not found · \(site.title)", description: "", depth: 0, canonical: "")
        page.root = "/"
        page.home = "/index.html"
        return render("404", ["page": page])
    }

    public func asset(_ name: String) -> Data { assets[name] ?? Data() }
}
