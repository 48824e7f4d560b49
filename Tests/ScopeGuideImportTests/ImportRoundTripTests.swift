import Foundation
import ScopeGuideCore
import ScopeGuideImport
import ScopeGuideKit
import Testing

/// What a page in the reference format shows the selector: read straight from its attributes.
struct PageFacts: Equatable {
    struct ActionFact: Equatable, Decodable { var id: String; var label: String; var scopes: [String] }
    struct StepFact: Equatable { var title: String; var scopes: String; var display: String; var badge: String }

    var actions: [ActionFact]
    var sections: [String]
    var steps: [StepFact]

    /// From the reference-format page (the fixture).
    static func page(_ text: String) throws -> PageFacts {
        let json = decodeEntities(captures(#"data-guide-actions-json="([^"]*)""#, in: text)[0])
        let actions = try JSONDecoder().decode([ActionFact].self, from: Data(json.utf8))
        let sections = captures(#"<h2>(.*?)</h2>|\n## ([^\n]*)"#, in: text).enumerated().map { i, s in
            s.isEmpty ? captures(#"<h2>(.*?)</h2>|\n## ([^\n]*)"#, in: text, group: 2)[i] : s
        }
        var steps: [StepFact] = []
        for chunk in text.components(separatedBy: "<Step title=\"").dropFirst() {
            let title = String(chunk.prefix { $0 != "\"" })
            let body = chunk.components(separatedBy: "</Step>")[0]
            steps.append(StepFact(
                title: decodeEntities(title),
                scopes: captures(#"data-guide-step data-guide-scopes="([^"]*)""#, in: body).first ?? "",
                display: captures(#"data-guide-display-scopes-list="([^"]*)""#, in: body).first ?? "",
                badge: captures(#"data-guide-actions-badge-labels>([^<]*)<"#, in: body).first ?? ""))
        }
        return PageFacts(actions: actions, sections: sections.map(decodeEntities), steps: steps)
    }

    /// From the page ScopeGuide built.
    static func built(_ html: String) throws -> PageFacts {
        struct Embedded: Decodable { var actions: [ActionFact] }
        let json = captures(#"<script type="application/json" data-guide-catalog>(.*?)</script>"#, in: html)[0]
        let actions = try JSONDecoder().decode(Embedded.self, from: Data(json.utf8)).actions
        let sections = captures(#"data-guide-section-title>(.*?)</h2>"#, in: html).map(decodeEntities)
        var steps: [StepFact] = []
        for chunk in html.components(separatedBy: "<li class=\"step\"").dropFirst() {
            let body = chunk.components(separatedBy: "<div class=\"step__body\">")[0]
            steps.append(StepFact(
                title: decodeEntities(captures(#"data-guide-step-title>(.*?)</span>"#, in: body)[0]),
                scopes: captures(#"data-guide-step data-guide-scopes="([^"]*)""#, in: body)[0],
                display: captures(#"data-guide-display-scopes-list="([^"]*)""#, in: body)[0],
                badge: captures(#"data-guide-actions-badge-labels>([^<]*)<"#, in: body).first ?? ""))
        }
        return PageFacts(actions: actions, sections: sections, steps: steps)
    }
}

@Suite struct ImportRoundTripTests {
    @Test func importingTheReferencePageAndBuildingReproducesItsSelectorData() throws {
        let page = try Repo.fixture("outlook-reference.mdx")
        let scratch = try Scratch()
        let content = try scratch.content()
        let (conversion, directory) = try PageImporter(options: .init(
            page: Repo.fixtures + "/outlook-reference.mdx", content: content, templates: Repo.templates)).run()
        #expect(conversion.key == "microsoftoutlook")
        #expect(directory == content + "/connectors/microsoftoutlook")
        #expect(conversion.warnings.map(\.description) == [])

        let paths = ContentPaths(content: content, templates: Repo.templates)
        let (settings, connector) = try ContentLoader(paths: paths).loadConnector("microsoftoutlook")
        let guide = try #require(connector.guide("oauth2"))
        let html = try SiteRenderer(paths: paths).guidePage(site: settings, connector: connector, guide: guide)

        let expected = try PageFacts.page(page)
        let built = try PageFacts.built(html)
        #expect(expected.actions.count == 39)
        #expect(expected.steps.count == 14)
        #expect(expected.steps.filter { !$0.badge.isEmpty }.count == 1)
        #expect(built.actions == expected.actions)
        #expect(built.sections == expected.sections)
        #expect(built.steps.map(\.title) == expected.steps.map(\.title))
        for (b, e) in zip(built.steps, expected.steps) {
            #expect(b == e, "step '\(e.title)'")
        }
        // The model agrees with the page too (rules 2–4 for the full selection).
        let all = Selection.all(connector.catalog)
        let modelBadges = guide.sections.flatMap(\.steps).map { all.badgeLabels($0.badgeScopes).joined(separator: ", ") }
        #expect(modelBadges == expected.steps.map(\.badge))
    }

    @Test func stepBodiesBecomeCleanMarkdown() throws {
        let conversion = PageImporter.convert(try Repo.fixture("outlook-reference.mdx"), path: "outlook-reference.mdx",
                                              site: ImportSiteInfo(platform: "StackOne", redirectURI: "https://api.stackone.com/connect/oauth2/{{connectorKey}}/callback"))
        #expect(conversion.errors.isEmpty)
        let permissions = try #require(conversion.files["guides/oauth2/configure-api-permissions.md"])
        #expect(permissions.contains("```guide\nwhen: all\nscopes: all\nbadge: all\n```"))
        #expect(permissions.contains("Reading mail: `Mail.Read` or `Mail.ReadBasic`"))
        #expect(permissions.contains("**Add a permission** & **Microsoft Graph**"))
        #expect(permissions.contains("      - Rules: `MailboxSettings.ReadWrite`"))  // nested list
        #expect(permissions.contains("**Grant admin consent for \\[Your Organization\\]**, then **Yes**.  \nCheck"))
        let register = try #require(conversion.files["guides/oauth2/register-your-application-in-microsoft-entra-id.md"])
        #expect(register.contains("[Entra admin center](https://entra.microsoft.com) with an *Application Developer* account."))
        let secret = try #require(conversion.files["guides/oauth2/generate-client-secret.md"])
        #expect(secret.contains("1.  Choose **New client secret**."))
        #expect(secret.contains("(*not* \"never\")"))
        // The redirect URI is the site default: the step uses the variable, connector.yaml has no override.
        let redirect = try #require(conversion.files["guides/oauth2/configure-redirect-uri.md"])
        #expect(redirect.contains("Redirect URI: `{{redirectURI}}`"))
        #expect(!(conversion.files["connector.yaml"] ?? "").contains("redirectURI"))
        let guide = try #require(conversion.files["guides/oauth2/guide.yaml"])
        #expect(guide.contains("  - template: connector-profile.md"))
        #expect(guide.contains("credentials: [Client ID, Client Secret, Scopes (Optional)]"))
        #expect(guide.contains("text: \"Registering apps needs the **Application Developer** role in Microsoft Entra ID.\""))
    }

    @Test func aRedirectURIOtherThanTheSiteDefaultGoesToConnectorYAML() throws {
        let page = try Repo.fixture("outlook-reference.mdx")
            .replacingOccurrences(of: "https://api.stackone.com/connect/oauth2/microsoftoutlook/callback", with: "https://login.example.com/cb")
        let conversion = PageImporter.convert(page, path: "p.mdx", site: ImportSiteInfo(
            platform: "StackOne", redirectURI: "https://api.stackone.com/connect/oauth2/{{connectorKey}}/callback"))
        #expect(conversion.key == "microsoftoutlook")  // from the action ids
        #expect(conversion.files["connector.yaml"]?.contains("redirectURI: \"https://login.example.com/cb\"") == true)
    }

    @Test func theConnectorKeyOptionWins() throws {
        let conversion = PageImporter.convert(try Repo.fixture("outlook-reference.mdx"), path: "p.mdx", connector: "outlook2")
        #expect(conversion.key == "outlook2")
    }
}
