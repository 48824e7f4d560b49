/// The parts of the layout every page shares.
struct PageView {
    var title: String
    var description: String
    var siteTitle: String
    var siteDescription: String
    /// Relative path back to the site root ("../../"), so pages work from `file://`.
    var root: String
    var home: String
    var canonical: String
    var csp: String
    var scripts: [String]
    var inlineCSS: String
    /// A statically filtered guide (`scopeguide render`): no selector controls, no script.
    var `static`: Bool
    var links: Bool

    /// The template context. Mustache treats every string as true, so emptiness is spelled out.
    var context: TemplateValue { .object(self) }

    /// Nothing may load from another origin; the page's own assets only.
    static let siteCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'none'; base-uri 'none'; form-action 'none'"
    /// A self-contained file: its one inline stylesheet and no script at all.
    static let standaloneCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
}

extension PageView: TemplateObject {
    func field(_ key: TemplateKey) -> TemplateValue? {
        switch key.field {
        case .title?: .text(title)
        case .description?: .text(description)
        case .siteTitle?: .text(siteTitle)
        case .siteDescription?: .text(siteDescription)
        case .root?: .text(root)
        case .home?: .text(home)
        case .canonical?: .text(canonical)
        case .csp?: .text(csp)
        case .scripts?: .strings(scripts)
        case .inlineCSS?: .text(inlineCSS)
        case .static?: .bool(`static`)
        case .links?: .bool(links)
        case .hasDescription?: .bool(!description.isEmpty)
        case .hasCanonical?: .bool(!canonical.isEmpty)
        case .hasInlineCSS?: .bool(!inlineCSS.isEmpty)
        default: nil
        }
    }
}
