import Foundation
import Testing
import TestSupport

/// The `scopeguide` command line, run as a separate process from the package root.
@Suite("Command line")
struct CLITests {
    let outlook = "microsoftoutlook"

    @Test("scopes with --separator comma")
    func scopesComma() throws {
        let r = try CLI.run(["scopes", outlook, "--actions", "microsoftoutlook_list_messages,microsoftoutlook_send_mail",
                             "--separator", "comma"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "Mail.ReadBasic,Mail.Send\n")
    }

    @Test("scopes with --minimal")
    func scopesMinimal() throws {
        let r = try CLI.run(["scopes", outlook, "--actions", "microsoftoutlook_list_messages,microsoftoutlook_update_message",
                             "--minimal"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "Mail.ReadWrite\n")
    }

    @Test("scopes --url reads back what url printed")
    func scopesFromURL() throws {
        let url = try CLI.run(["url", outlook, "--actions", "microsoftoutlook_send_mail,microsoftoutlook_get_message"])
        #expect(url.status == 0, "\(url.stderr)")
        let link = url.stdout.trimmingCharacters(in: .newlines)
        #expect(link.hasSuffix("/microsoftoutlook/oauth2/?actions=microsoftoutlook_get_message,microsoftoutlook_send_mail"))
        let r = try CLI.run(["scopes", outlook, "--url", link])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "Mail.ReadBasic Mail.Send\n")
    }

    @Test("scopes --url takes the separator from the URL and reports unknown ids without failing")
    func scopesFromURLWithSeparator() throws {
        let r = try CLI.run(["scopes", outlook, "--url", "https://x.test/microsoftoutlook/oauth2/?actions=microsoftoutlook_send_mail,ghost,microsoftoutlook_list_messages&sep=pipe"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "Mail.ReadBasic|Mail.Send\n")
        #expect(r.stderr.contains("ghost"))
    }

    /// The `<li data-guide-step …>` element of the API-permissions step, or nil.
    func permissionsStep(_ html: String) -> Substring? {
        guard let title = html.range(of: "data-guide-step-title>Add Microsoft Graph Permissions<"),
              let start = html[..<title.lowerBound].range(of: "<li", options: .backwards),
              let end = html[title.upperBound...].range(of: "</li>\n<li class=\"step\"")
                ?? html[title.upperBound...].range(of: "</ol>") else { return nil }
        return html[start.lowerBound..<end.lowerBound]
    }

    @Test("render for Send Mail: only Mail.Send listed, badge exactly 'Send Mail'")
    func renderSendMail() throws {
        let r = try CLI.run(["render", outlook, "--actions", "microsoftoutlook_send_mail"])
        #expect(r.status == 0, "\(r.stderr)")
        let step = try #require(permissionsStep(r.stdout), "API-permissions step missing")
        let listed = step.matches(of: /data-guide-display-scope="([^"]*)"/).map { String($0.1) }
        #expect(listed == ["Mail.Send"])
        let badges = step.matches(of: /<span data-guide-actions-badge-labels>([^<]*)<\/span>/).map { String($0.1) }
        #expect(badges == ["Send Mail"])
        // Self-contained: no external script, stylesheet or image.
        #expect(!r.stdout.contains("<script src") && !r.stdout.contains("<link rel=\"stylesheet\""))
    }

    @Test("render with an explicitly empty selection leaves the step out")
    func renderEmptySelection() throws {
        let r = try CLI.run(["render", outlook, "--actions", ""])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("data-guide-step-title>Open API Permissions<"))
        #expect(permissionsStep(r.stdout) == nil)
        #expect(!r.stdout.contains("data-guide-display-scope=\""))
    }

    @Test("render --output writes the same HTML to a file")
    func renderToFile() throws {
        let dir = try TemporaryDirectory()
        let file = dir.path + "/guide.html"
        let r = try CLI.run(["render", outlook, "--actions", "microsoftoutlook_send_mail", "--output", file])
        #expect(r.status == 0, "\(r.stderr)")
        let stdout = try CLI.run(["render", outlook, "--actions", "microsoftoutlook_send_mail"]).stdout
        #expect(try String(contentsOfFile: file, encoding: .utf8) == stdout)
    }

    @Test("table --format json has the documented shape")
    func tableJSON() throws {
        struct Shape: Decodable {
            struct ScopeRow: Decodable { var name: String; var actions: [String] }
            struct ActionRow: Decodable { var id: String; var label: String; var scopes: [String] }
            var scopes: [ScopeRow]
            var actions: [ActionRow]
        }
        let r = try CLI.run(["table", outlook, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let table = try JSONDecoder().decode(Shape.self, from: Data(r.stdout.utf8))
        #expect(table.scopes.map(\.name) == ["Mail.ReadBasic", "Mail.Read", "Mail.ReadWrite", "Mail.Send",
                                             "MailboxSettings.Read", "MailboxSettings.ReadWrite"])
        #expect(table.actions.count == 39)
        let send = try #require(table.actions.first { $0.id == "microsoftoutlook_send_mail" })
        #expect(send.label == "Send Mail" && send.scopes == ["Mail.Send"])
        #expect(table.scopes.first { $0.name == "Mail.Send" }?.actions.contains("microsoftoutlook_send_mail") == true)
        // Both tables say the same thing.
        for row in table.scopes {
            #expect(row.actions == table.actions.filter { $0.scopes.contains(row.name) }.map(\.id))
        }
        // Exactly those keys, nothing more.
        let raw = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(Set(raw.keys) == ["scopes", "actions"])
        let firstScope = try #require((raw["scopes"] as? [[String: Any]])?.first)
        #expect(Set(firstScope.keys) == ["name", "actions"])
        let firstAction = try #require((raw["actions"] as? [[String: Any]])?.first)
        #expect(Set(firstAction.keys) == ["id", "label", "scopes"])
    }

    @Test("table --format csv, markdown and html")
    func tableOtherFormats() throws {
        let csv = try CLI.run(["table", outlook, "--format", "csv"])
        #expect(csv.status == 0)
        let lines = csv.stdout.split(separator: "\r\n").map(String.init)
        #expect(lines.first == "table,scope,action_id,action_label")
        #expect(lines.contains("scope_to_actions,Mail.Send,microsoftoutlook_send_mail,Send Mail"))
        #expect(lines.contains("action_to_scopes,Mail.Send,microsoftoutlook_send_mail,Send Mail"))

        let md = try CLI.run(["table", outlook, "--format", "markdown"])
        #expect(md.status == 0)
        #expect(md.stdout.contains("| Scope | Includes | Actions |"))
        #expect(md.stdout.contains("| Send Mail | `microsoftoutlook_send_mail` | `Mail.Send` |"))

        let html = try CLI.run(["table", outlook, "--format", "html"])
        #expect(html.status == 0)
        #expect(html.stdout.contains("<tr data-scope=\"Mail.Send\">"))
        #expect(html.stdout.contains("<tr data-action=\"microsoftoutlook_send_mail\"><th scope=\"row\">Send Mail</th>"))

        let bad = try CLI.run(["table", outlook, "--format", "xml"])
        #expect(bad.status != 0)
    }

    @Test("check passes on Content/")
    func checkClean() throws {
        let r = try CLI.run(["check"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("OK:"))
    }

    @Test("check fails on a broken copy with path:line:col: error:")
    func checkBroken() throws {
        let dir = try TemporaryDirectory()
        let content = dir.path + "/Content"
        try FileManager.default.copyItem(atPath: Repo.content, toPath: content)
        let catalog = content + "/connectors/microsoftoutlook/catalog.yaml"
        let text = try String(contentsOfFile: catalog, encoding: .utf8)
        try text.replacingOccurrences(of: "requiredScopes: [Mail.Send]", with: "requiredScopes: [Mail.Sned]")
            .write(toFile: catalog, atomically: true, encoding: .utf8)
        let r = try CLI.run(["check", "--content", content])
        #expect(r.status == 1)
        let first = try #require(r.stderr.split(separator: "\n").first.map(String.init))
        #expect(first.wholeMatch(of: /.*\/connectors\/microsoftoutlook\/catalog\.yaml:\d+:\d+: error: action '\w+' requires unknown scope 'Mail\.Sned' \(not in scopeDefinitions\)/) != nil, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test("unknown action id in --actions exits 1 with a clear message")
    func unknownActionID() throws {
        for command in ["scopes", "url", "render"] {
            let r = try CLI.run([command, outlook, "--actions", "microsoftoutlook_send_mail,microsoftoutlook_nope"])
            #expect(r.status == 1, "\(command)")
            #expect(r.stderr.contains("error: unknown action id 'microsoftoutlook_nope' for connector 'microsoftoutlook'"), "\(command): \(r.stderr)")
            #expect(r.stdout.isEmpty, "\(command)")
        }
    }

    @Test("unknown connector exits 1 naming the known ones")
    func unknownConnector() throws {
        let r = try CLI.run(["scopes", "nope"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("unknown connector 'nope'") && r.stderr.contains("microsoftoutlook"))
    }

    @Test("--help works for every subcommand", arguments: [[], ["build"], ["check"], ["scopes"], ["url"], ["table"], ["render"]])
    func help(subcommand: [String]) throws {
        let r = try CLI.run(subcommand + ["--help"])
        #expect(r.status == 0, "\(subcommand): \(r.stderr)")
        #expect(r.stdout.contains("USAGE: scopeguide\(subcommand.map { " " + $0 }.joined())"), "\(r.stdout)")
    }

    @Test("build twice gives byte-identical trees")
    func buildIsDeterministic() throws {
        let dir = try TemporaryDirectory()
        let out = dir.path + "/site"
        let first = try CLI.run(["build", "--quiet", "--output", out])
        #expect(first.status == 0, "\(first.stderr)")
        let a = try snapshot(out)
        #expect(a.keys.contains("index.html") && a.keys.contains("sitemap.xml"))
        #expect(a.keys.contains { $0.hasPrefix("microsoftoutlook/") })
        let second = try CLI.run(["build", "--quiet", "--output", out])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try snapshot(out) == a, "rebuilding into the same folder changed it")
        let other = dir.path + "/again"
        #expect(try CLI.run(["build", "--quiet", "--output", other]).status == 0)
        let b = try snapshot(other)
        #expect(Set(b.keys) == Set(a.keys))
        #expect(b == a, "files differ: \(a.keys.filter { a[$0] != b[$0] }.sorted())")
        // Beside the outputs, only what SiteStaging and OutputLock keep: after two builds into
        // `site`, its lock, the spare folder (the site before) and a manifest for each folder;
        // after one build into `again`, its lock and manifest. Nothing left half-written.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == [
            ".again.lock", ".again.manifest", ".site.lock", ".site.manifest", ".site.previous", ".site.previous.manifest",
            "again", "site",
        ])
        #expect(try snapshot(dir.path + "/.site.previous") == a, "the spare folder holds the site before")
    }

    @Test("a failing build leaves the previous output untouched")
    func failedBuildKeepsOutput() throws {
        let dir = try TemporaryDirectory()
        let content = dir.path + "/Content"
        let out = dir.path + "/site"
        try FileManager.default.copyItem(atPath: Repo.content, toPath: content)
        let good = try CLI.run(["build", "--quiet", "--content", content, "--templates", Repo.templates, "--output", out])
        #expect(good.status == 0, "\(good.stderr)")
        let before = try snapshot(out)
        #expect(!before.isEmpty)

        try "title: [unclosed\n".write(toFile: content + "/connectors/github/connector.yaml", atomically: true, encoding: .utf8)
        let bad = try CLI.run(["build", "--quiet", "--content", content, "--templates", Repo.templates, "--output", out])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("connectors/github/connector.yaml:"), "\(bad.stderr)")
        #expect(try snapshot(out) == before)
        // The output's manifest is kept, and the failed build left no manifest for the spare
        // folder (the next build must not trust it) and no half-written next manifest.
        let beside = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".site.") }
        #expect(beside.contains(".site.manifest"), "\(beside)")
        #expect(Set(beside).isSubset(of: [".site.lock", ".site.manifest", ".site.previous"]), "\(beside)")
    }
}
