import Dispatch
import Foundation
import ScopeGuideCore

/// The select and render stages of the pipeline: every file of the site, rendered in memory.
/// Each page asks `Selection` what applies; `SitePipeline` renders each connector's files
/// as soon as it loads, then the site files.
public enum SiteFiles {
    /// The files that belong to no one connector: index, 404, llms.txt, sitemap and assets.
    /// They come after every connector, on the build's critical path, so the index page (most
    /// of the work at 1,000 connectors) renders on one core while the rest render on another.
    public static func siteFiles(_ settings: SiteSettings, connectors: [ConnectorSummary],
                                 renderer: SiteRenderer) -> [OutputFile] {
        Parallel.map([0, 1]) { part in
            part == 0 ? [OutputFile("index.html", renderer.indexPage(site: settings, connectors: connectors))] : [
                OutputFile("404.html", renderer.notFoundPage(site: settings)),
                OutputFile("llms.txt", llmsText(settings, connectors: connectors)),
                OutputFile("sitemap.xml", sitemap(settings, connectors: connectors)),
            ] + SiteRenderer.assetNames.map { OutputFile(path: "assets/" + $0, contents: Array(renderer.asset($0))) }
        }.flatMap { $0 }
    }

    /// How many files `siteFiles` gives: index, 404, llms.txt, sitemap and the assets.
    static let siteFileCount = 4 + SiteRenderer.assetNames.count

    public static func files(for connector: Connector, settings: SiteSettings, renderer: SiteRenderer) -> [OutputFile] {
        var files = [
            OutputFile("\(connector.key)/catalog.json", catalogJSON(connector)),
            OutputFile("\(connector.key)/scopes/index.html", scopesPage(connector, settings: settings, renderer: renderer)),
        ]
        for guide in connector.guides {
            files.append(OutputFile("\(connector.key)/\(guide.key)/index.html",
                                    guidePage(guide, connector: connector, settings: settings, renderer: renderer)))
            files.append(OutputFile("\(connector.key)/\(guide.key)/index.md",
                                    MarkdownExport.file(guide, connector: connector, site: settings)))
        }
        return files
    }

    static func guidePage(_ guide: Guide, connector: Connector, settings: SiteSettings, renderer: SiteRenderer) -> OutputBuffer {
        renderer.render(renderer.guidePageContext(site: settings, connector: connector, guide: guide))
    }

    static func scopesPage(_ connector: Connector, settings: SiteSettings, renderer: SiteRenderer) -> OutputBuffer {
        renderer.render(renderer.scopesPageContext(site: settings, connector: connector))
    }

    /// The kinds of file each connector has, for `bench-render`, which times each as
    /// `files(for:)` renders it.
    public enum ConnectorFileKind: String, CaseIterable, Sendable {
        case guidePage = "guide page", scopesPage = "scopes page", markdownExport = "markdown export"
        case catalogJSON = "catalog.json"
    }

    /// The bytes of one kind of a connector's files (all its guides' for guide files).
    public static func size(of kind: ConnectorFileKind, for connector: Connector, settings: SiteSettings,
                            renderer: SiteRenderer) -> Int {
        switch kind {
        case .guidePage:
            connector.guides.reduce(0) { $0 + guidePage($1, connector: connector, settings: settings, renderer: renderer).bytes.count }
        case .scopesPage: scopesPage(connector, settings: settings, renderer: renderer).bytes.count
        case .markdownExport:
            connector.guides.reduce(0) { $0 + MarkdownExport.file($1, connector: connector, site: settings).bytes.count }
        case .catalogJSON: catalogJSON(connector).bytes.count
        }
    }

    /// `<connector>/catalog.json`: the catalog with each scope's actions, and the guides.
    static func catalogJSON(_ connector: Connector) -> OutputBuffer {
        let byScope = ScopeTables.actionsByScope(connector.catalog)
        var json = JSONWriter(pretty: true, capacity: 16_384)
        json.object { json in
            json.key("actions")
            json.array { json in
                for action in connector.catalog.actions {
                    json.action(action, scopes: action.scopes, description: true)
                }
            }
            json.field("connector", connector.key)
            json.key("guides")
            json.array { json in
                for guide in connector.guides {
                    json.object { json in
                        json.field("authMethod", guide.authMethod)
                        json.field("key", guide.key)
                        json.field("path", "\(guide.key)/")
                        json.field("title", guide.title)
                    }
                }
            }
            json.field("name", connector.name)
            json.field("provider", connector.provider)
            json.field("redirectURI", connector.redirectURI)
            json.key("scopes")
            json.array { json in
                for (i, scope) in connector.catalog.scopes.enumerated() {
                    json.object { json in
                        json.field("actions", strings: byScope[i])
                        json.scopeMetadata(scope)
                        json.field("description", scope.description)
                        json.field("includes", strings: scope.includes)
                        json.field("name", scope.name)
                        if let source = scope.source { json.field("source", source) }
                    }
                }
            }
        }
        json.newlineAtEnd()
        return json.buffer
    }

    /// llms.txt (llmstxt.org): a title, a summary and links to every guide's Markdown export.
    static func llmsText(_ s: SiteSettings, connectors: [ConnectorSummary]) -> String {
        var out = "# \(Escape.markdown(s.title))\n\n"
        if !s.description.isEmpty { out += "> \(Escape.markdown(s.description))\n\n" }
        out += "Scope-aware OAuth setup guides. Each guide below is plain Markdown; its interactive page filters the steps and scopes by the actions you select.\n\n## Guides\n\n"
        for c in connectors {
            for g in c.guides {
                out += "- [\(Escape.markdown(g.title))](\(s.baseURL)/\(c.key)/\(g.key)/index.md): \(Escape.markdown(c.name)), \(c.actionCount) actions, \(c.scopeNames.count) scopes\n"
            }
        }
        out += "\n## Catalogs\n\n"
        for c in connectors {
            out += "- [\(Escape.markdown(c.name)) catalog](\(s.baseURL)/\(c.key)/catalog.json)\n"
        }
        return out
    }

    static func sitemap(_ settings: SiteSettings, connectors: [ConnectorSummary]) -> String {
        var urls = [settings.baseURL + "/"]
        for c in connectors {
            urls += c.guides.map { "\(settings.baseURL)/\(c.key)/\($0.key)/" }
            urls.append("\(settings.baseURL)/\(c.key)/scopes/")
        }
        let body = urls.map { "  <url><loc>\(Escape.xml($0))</loc></url>" }.joined(separator: "\n")
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n\(body)\n</urlset>\n"
    }
}
