import Dispatch
import Foundation
import ScopeGuideCore

/// Step four of the pipeline: every file of the site, rendered in memory.
public enum SiteFiles {
    public static func render(_ site: Site, with renderer: SiteRenderer) -> [OutputFile] {
        let settings = site.settings
        let connectors = site.connectors
        // Connectors are independent: render them on all cores.
        let perConnector = ConcurrentResults<[OutputFile]>(count: connectors.count)
        DispatchQueue.concurrentPerform(iterations: connectors.count) { i in
            perConnector[i] = SiteFiles.files(for: connectors[i], settings: settings, renderer: renderer)
        }
        return siteFiles(site, renderer: renderer) + perConnector.values.flatMap { $0 ?? [] }
    }

    /// The files that belong to no one connector: index, 404, llms.txt, sitemap and assets.
    public static func siteFiles(_ site: Site, renderer: SiteRenderer) -> [OutputFile] {
        [
            OutputFile("index.html", renderer.indexPage(site: site)),
            OutputFile("404.html", renderer.notFoundPage(site: site.settings)),
            OutputFile("llms.txt", llmsText(site)),
            OutputFile("sitemap.xml", sitemap(site)),
        ] + SiteRenderer.assetNames.map { OutputFile(path: "assets/" + $0, contents: renderer.asset($0)) }
    }

    public static func files(for connector: Connector, settings: SiteSettings, renderer: SiteRenderer) -> [OutputFile] {
        var files = [
            OutputFile("\(connector.key)/catalog.json", catalogJSON(connector)),
            OutputFile("\(connector.key)/scopes/index.html", renderer.scopesPage(site: settings, connector: connector)),
        ]
        for guide in connector.guides {
            files.append(OutputFile("\(connector.key)/\(guide.key)/index.html",
                                    renderer.guidePage(site: settings, connector: connector, guide: guide)))
            files.append(OutputFile("\(connector.key)/\(guide.key)/index.md",
                                    MarkdownExport.guide(guide, connector: connector, site: settings)))
        }
        return files
    }

    struct CatalogFile: Encodable {
        struct ScopeEntry: Encodable {
            let name: String; let description: String; let includes: [String]; let source: String?
            let actions: [String]
        }
        struct ActionEntry: Encodable { let id: String; let label: String; let description: String; let scopes: [String] }
        struct GuideEntry: Encodable { let key: String; let title: String; let authMethod: String; let path: String }
        let connector: String
        let name: String
        let provider: String
        let redirectURI: String
        let scopes: [ScopeEntry]
        let actions: [ActionEntry]
        let guides: [GuideEntry]
    }

    static func catalogJSON(_ connector: Connector) -> String {
        let tables = ScopeTables(connector.catalog)
        let byScope = Dictionary(tables.scopes.map { ($0.name, $0.actions) }, uniquingKeysWith: { a, _ in a })
        let file = CatalogFile(
            connector: connector.key, name: connector.name, provider: connector.provider, redirectURI: connector.redirectURI,
            scopes: connector.catalog.scopes.map {
                .init(name: $0.name, description: $0.description, includes: $0.includes, source: $0.source,
                      actions: byScope[$0.name] ?? [])
            },
            actions: connector.catalog.actions.map { .init(id: $0.id, label: $0.label, description: $0.description, scopes: $0.scopes) },
            guides: connector.guides.map { .init(key: $0.key, title: $0.title, authMethod: $0.authMethod, path: "\($0.key)/") })
        return Escape.json(file, pretty: true) + "\n"
    }

    /// llms.txt (llmstxt.org): a title, a summary and links to every guide's Markdown export.
    static func llmsText(_ site: Site) -> String {
        let s = site.settings
        var out = "# \(Escape.markdown(s.title))\n\n"
        if !s.description.isEmpty { out += "> \(Escape.markdown(s.description))\n\n" }
        out += "Scope-aware OAuth setup guides. Each guide below is plain Markdown; its interactive page filters the steps and scopes by the actions you select.\n\n## Guides\n\n"
        for c in site.connectors {
            for g in c.guides {
                out += "- [\(Escape.markdown(g.title))](\(s.baseURL)/\(c.key)/\(g.key)/index.md): \(Escape.markdown(c.name)), \(c.catalog.actions.count) actions, \(c.catalog.scopes.count) scopes\n"
            }
        }
        out += "\n## Catalogs\n\n"
        for c in site.connectors {
            out += "- [\(Escape.markdown(c.name)) catalog](\(s.baseURL)/\(c.key)/catalog.json)\n"
        }
        return out
    }

    static func sitemap(_ site: Site) -> String {
        var urls = [site.settings.baseURL + "/"]
        for c in site.connectors {
            urls += c.guides.map { "\(site.settings.baseURL)/\(c.key)/\($0.key)/" }
            urls.append("\(site.settings.baseURL)/\(c.key)/scopes/")
        }
        let body = urls.map { "  <url><loc>\(Escape.xml($0))</loc></url>" }.joined(separator: "\n")
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n\(body)\n</urlset>\n"
    }
}
