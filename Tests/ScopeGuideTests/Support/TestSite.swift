import Foundation
@testable import ScopeGuideKit

/// A minimal valid content folder written to a temporary directory. Each loader test starts
/// from it, breaks one file and reads what the loader reports, so the test shows its input.
///
/// Line numbers in the files below are relied on by the tests: keep them stable.
final class TestSite {
    static let catalogPath = "Content/connectors/demo/catalog.yaml"
    static let sectionPath = "Content/connectors/demo/guides/main/setup.md"
    static let guidePath = "Content/connectors/demo/guides/main/guide.yaml"
    static let connectorPath = "Content/connectors/demo/connector.yaml"

    static let files: [String: String] = [
        "Content/site.yaml": """
            title: Test site
            baseURL: https://guides.example.test
            platform: Acme
            redirectURI: https://acme.example.test/{{connectorKey}}/callback

            """,
        connectorPath: """
            name: Demo
            provider: Demo Identity

            """,
        // line 1 scopeDefinitions … line 12 the last requiredScopes
        catalogPath: """
            scopeDefinitions:
              - name: a.read
                description: Read things.
              - name: a.write
                includes: [a.read]
            actions:
              - id: demo_list
                label: List Things
                requiredScopes: [a.read]
              - id: demo_update
                label: Update Thing
                requiredScopes: [a.write]

            """,
        guidePath: """
            title: Demo guide
            credentials: [Client ID, Client Secret]
            sections:
              - setup.md
              - template: final.md

            """,
        // line 1 heading, line 5 first step, line 9 second step, lines 11-15 its guide block
        sectionPath: """
            # Set Up

            Intro for {{connectorName}}.

            ## First Step

            Do the first thing.

            ## Permissions

            ```guide
            when: [a.read, a.write]
            scopes: all
            badge: all
            ```

            Tick the permissions.

            """,
        "Templates/steps/final.md": """
            # Finish

            ## Create Profile

            Use `{{redirectURI}}` with:

            {{credentialFields}}

            """,
    ]

    let dir: TemporaryDirectory
    var root: String { dir.path }

    init() throws {
        dir = try TemporaryDirectory()
        for (path, text) in TestSite.files { try dir.write(path, text) }
    }

    var paths: ContentPaths { ContentPaths(content: root + "/Content", templates: root + "/Templates") }

    func write(_ relative: String, _ text: String) throws { try dir.write(relative, text) }
    func writeBytes(_ relative: String, _ bytes: [UInt8]) throws { try dir.writeBytes(relative, bytes) }
    func remove(_ relative: String) throws { try dir.remove(relative) }

    /// Writes a copy of the `demo` connector under another folder name (which may be unsafe).
    func addConnector(_ folder: String) throws {
        for (path, text) in TestSite.files where path.hasPrefix("Content/connectors/demo/") {
            try write(path.replacingOccurrences(of: "connectors/demo/", with: "connectors/\(folder)/"), text)
        }
    }

    /// Replaces the one occurrence of `old` in a file; a test breaks its site this way.
    func replace(_ old: String, with new: String, in relative: String) throws {
        let text = try dir.read(relative)
        precondition(text.components(separatedBy: old).count == 2, "'\(old)' must occur once in \(relative)")
        try dir.write(relative, text.replacingOccurrences(of: old, with: new))
    }

    /// Loads the site and returns its error diagnostics, paths made relative to the site root
    /// (`Content/…:line:col: error: message`). Empty when the site loads.
    func errors() -> [String] {
        do {
            _ = try ContentLoader(paths: paths).load()
            return []
        } catch {
            return error.diagnostics.map { $0.description.replacingOccurrences(of: root + "/", with: "") }
        }
    }
}
