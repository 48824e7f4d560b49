import ArgumentParser
import Foundation
import ScopeGuideKit
import ScopeGuideServe

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Preview the site with live reload: build, serve on loopback, rebuild on change.",
        discussion: """
        The site is built into a private temporary folder (Public/ is never touched) and served \
        at http://127.0.0.1:8080/. Content/ and Templates/ are watched; a change to one connector \
        re-renders only that connector, and open pages reload. A content error keeps the last good \
        site and shows the path:line:col: error: lines in an overlay until it is fixed.
        """)

    @OptionGroup var content: ContentOptions

    @Option(help: "The port to listen on (0 picks a free one).")
    var port: Int = 8080

    @Option(help: "The address to listen on. Keep the loopback default unless you mean to share the preview.")
    var host: String = "127.0.0.1"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() async throws {
        do {
            try await PreviewServer(paths: content.paths, host: host, port: port).run()
        } catch {
            throw CLI.report(error)
        }
    }
}
