import Foundation
import Testing
import ScopeGuideCore
@testable import ScopeGuideKit

/// The default `Content/` folder: it loads cleanly and Microsoft Outlook matches the reference page.
@Suite("Default content")
struct ContentTests {
    static let outlookScopes = ["Mail.ReadBasic", "Mail.Read", "Mail.ReadWrite", "Mail.Send",
                                "MailboxSettings.Read", "MailboxSettings.ReadWrite"]

    func loadSite() throws -> LoadedSite {
        do {
            return try ContentLoader(paths: ContentPaths(content: Repo.content, templates: Repo.templates)).load()
        } catch {
            Issue.record("Content/ does not load:\n\(error.description)")
            throw error
        }
    }

    func outlook() throws -> Connector {
        try #require(try loadSite().site.connector("microsoftoutlook"))
    }

    @Test("Content/ loads with no errors and no warnings")
    func loadsCleanly() throws {
        let loaded = try loadSite()
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
        let keys = loaded.site.connectors.map(\.key)
        for key in ["microsoftoutlook", "github", "googlecalendar"] { #expect(keys.contains(key)) }
    }

    @Test("Microsoft Outlook: 39 actions and 6 scopes in reference order")
    func outlookCatalog() throws {
        let c = try outlook().catalog
        #expect(c.actions.count == 39)
        #expect(Set(c.actions.map(\.id)).count == 39)
        #expect(c.actions.allSatisfy { $0.id.hasPrefix("microsoftoutlook_") && !$0.scopes.isEmpty })
        #expect(c.scopeNames == Self.outlookScopes)
        #expect(c.action(id: "microsoftoutlook_list_messages")?.scopes == ["Mail.ReadBasic"])
        #expect(c.action(id: "microsoftoutlook_send_mail")?.label == "Send Mail")
        #expect(c.action(id: "microsoftoutlook_send_mail")?.scopes == ["Mail.Send"])
        #expect(c.action(id: "microsoftoutlook_update_message")?.scopes == ["Mail.ReadWrite"])
        #expect(c.action(id: "microsoftoutlook_delete_message_rule")?.scopes == ["MailboxSettings.ReadWrite"])
        // Every scope is needed by some action.
        #expect(Set(c.actions.flatMap(\.scopes)) == Set(Self.outlookScopes))
    }

    @Test("Microsoft Outlook: includes as declared")
    func outlookIncludes() throws {
        let c = try outlook().catalog
        let includes = Dictionary(uniqueKeysWithValues: c.scopes.map { ($0.name, $0.includes) })
        #expect(includes == [
            "Mail.ReadBasic": [], "Mail.Read": ["Mail.ReadBasic"], "Mail.ReadWrite": ["Mail.Read"], "Mail.Send": [],
            "MailboxSettings.Read": [], "MailboxSettings.ReadWrite": ["MailboxSettings.Read"],
        ])
        #expect(c.grants["Mail.ReadWrite"] == ["Mail.Read", "Mail.ReadBasic"])
    }

    @Test("Microsoft Outlook: 5 sections with 3, 3, 3, 3, 2 steps and the warning callout")
    func outlookGuide() throws {
        let connector = try outlook()
        #expect(connector.guides.count == 1)
        let guide = try #require(connector.guides.first)
        #expect(guide.sections.map(\.steps.count) == [3, 3, 3, 3, 2])
        #expect(guide.sections.allSatisfy { $0.condition.isEmpty })
        #expect(guide.callouts.map(\.kind) == [.warning])
        #expect(guide.callouts.first?.text.html.contains("<strong>Application Developer</strong>") == true)
        #expect(guide.sections[2].title == "Configure API Permissions")
        #expect(guide.sections[4].title == "Creating the StackOne Connector Profile")
    }

    @Test("Microsoft Outlook: the API-permissions middle step is conditioned on, lists and badges all 6 scopes")
    func outlookPermissionsStep() throws {
        let section = try #require(try outlook().guides.first?.sections[2])
        let steps = section.steps
        #expect(steps[0].condition.isEmpty && steps[2].condition.isEmpty)
        #expect(steps[1].condition == Self.outlookScopes)
        #expect(steps[1].displayScopes == Self.outlookScopes)
        #expect(steps[1].badgeScopes == Self.outlookScopes)
        for other in [steps[0], steps[2]] {
            #expect(other.displayScopes.isEmpty && other.badgeScopes.isEmpty)
        }
    }

    @Test("Microsoft Outlook: the redirect URI appears in the redirect step")
    func outlookRedirectURI() throws {
        let connector = try outlook()
        let uri = "https://api.stackone.com/connect/oauth2/microsoftoutlook/callback"
        #expect(connector.redirectURI == uri)
        let section = try #require(connector.guides.first?.sections[1])
        #expect(section.steps.contains { $0.body.html.contains(uri) && $0.body.markdown.contains(uri) })
    }

    @Test("GitHub and Google Calendar: a step-less section and the shared final section")
    func otherConnectors() throws {
        let site = try loadSite().site
        let outlookFinal = try #require(site.connector("microsoftoutlook")?.guides.first?.sections.last)
        for key in ["github", "googlecalendar"] {
            let connector = try #require(site.connector(key), "\(key)")
            #expect(!connector.guides.isEmpty)
            for guide in connector.guides {
                #expect(guide.sections.contains { $0.steps.isEmpty }, "\(key)/\(guide.key) has no step-less section")
                let final = try #require(guide.sections.last)
                #expect(final.title == outlookFinal.title)
                #expect(final.steps.map(\.title) == outlookFinal.steps.map(\.title))
                // The template's variables are filled per connector.
                #expect(final.steps[1].body.html.contains(connector.name), "\(key)")
            }
        }
        let github = try #require(site.connector("github")).catalog
        for scope in ["repo", "read:org", "workflow"] { #expect(github.scope(named: scope) != nil, "\(scope)") }
        #expect(!(github.scope(named: "repo")?.includes.isEmpty ?? true))
        let calendar = try #require(site.connector("googlecalendar")).catalog
        #expect(calendar.scopeNames.contains("https://www.googleapis.com/auth/calendar.readonly"))
        #expect(calendar.actions.contains { $0.scopes.count > 1 })
    }

    @Test("no raw HTML from content and no unfilled {{variable}} in any rendered text")
    func noRawHTMLOrPlaceholders() throws {
        for connector in try loadSite().site.connectors {
            for guide in connector.guides {
                var texts = guide.callouts.map(\.text)
                for section in guide.sections {
                    texts.append(section.intro)
                    texts += section.steps.map(\.body)
                    #expect(!section.title.contains("{{"))
                    for step in section.steps { #expect(!step.title.contains("{{")) }
                }
                for text in texts {
                    #expect(!text.html.lowercased().contains("<script"), "\(connector.key)/\(guide.key)")
                    #expect(!text.html.contains("{{") && !text.markdown.contains("{{"), "\(connector.key)/\(guide.key)")
                    #expect(!text.html.contains("raw HTML omitted"), "\(connector.key)/\(guide.key)")
                }
            }
        }
    }

    @Test("{{credentialFields}} becomes a bold list of the guide's credentials")
    func credentialFields() throws {
        let guide = try #require(try outlook().guides.first)
        let body = try #require(guide.sections.last?.steps.last?.body.html)
        for field in guide.credentials { #expect(body.contains("<li><strong>\(field)</strong></li>"), "\(field)") }
    }
}
