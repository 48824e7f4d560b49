import ArgumentParser
import Foundation
import ScopeGuideKit

@main
struct ScopeGuideCommand: AsyncParsableCommand {
    // Every command names itself: without a name, the argument parser derives it from the
    // type's name through reflection, which scanned the binary's conformance records for
    // each command at every start (a third of a millisecond and more).
    static let configuration = CommandConfiguration(
        commandName: "scopeguide",
        abstract: "Build scope-aware OAuth setup guides from connector catalogs and Markdown steps.",
        discussion: """
        Content lives in Content/ (site.yaml and one folder per connector), shared step templates, \
        layouts and assets in Templates/, and the generated site goes to Public/.

        Typical use:
          scopeguide check                      validate all content
          scopeguide build                      write the site to Public/
          scopeguide serve                      preview with live reload
          scopeguide scopes microsoftoutlook --actions microsoftoutlook_send_mail
          scopeguide url microsoftoutlook --actions microsoftoutlook_send_mail
        """,
        version: "0.1.0",
        subcommands: [Build.self, Check.self, Serve.self, Scopes.self, URLCommand.self, Table.self, Render.self, Grant.self, Import.self, Diff.self, BenchIncremental.self, BenchRender.self, BenchChoice.self]
    )
}
