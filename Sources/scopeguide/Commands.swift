import ArgumentParser
import Foundation
import ScopeGuideCore
import ScopeGuideKit

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate all content and templates; exit 0 when clean.",
        discussion: """
        Every problem is reported as path:line:col: error: message, all at once, and the exit code is 1. \
        --format github prints GitHub Actions workflow commands (::error file=…,line=…,col=…::message) that \
        annotate a pull request; --format json prints one array of {severity, id?, file, line, column, message, notes?}. \
        Both go to standard output, with paths relative to the working folder.
        """)

    @OptionGroup var content: ContentOptions
    @Option(help: "text (path:line:col: error: …, on standard error), github (workflow commands) or json.")
    var format: DiagnosticFormat = .text

    func run() throws {
        let start = ContinuousClock.now
        guard format != .text else { return try runText(start) }
        // Every problem at once: content, and the templates even when the content has errors.
        var diagnostics: [Diagnostic] = []
        var site: Site?
        let pipeline = SitePipeline(paths: content.paths)
        do {
            let loaded = try pipeline.load()
            site = loaded.site
            diagnostics += warnings(loaded)
        } catch {
            diagnostics += error.diagnostics
        }
        do { _ = try pipeline.renderer() } catch { diagnostics += error.diagnostics }
        print(format.render(diagnostics, relativeTo: FileManager.default.currentDirectoryPath), terminator: "")
        if diagnostics.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
        if let site { CLI.printError(summary(site, start)) }
    }

    private func runText(_ start: ContinuousClock.Instant) throws {
        let pipeline = SitePipeline(paths: content.paths)
        let loaded = try CLI.run { () throws(Diagnostics) in try pipeline.load() }
        warnings(loaded).forEach { CLI.printError($0.description) }
        try CLI.run { () throws(Diagnostics) in _ = try pipeline.renderer() }
        print(summary(loaded.site, start))
    }

    /// The loader's warnings and the search-budget warnings, whatever the format.
    private func warnings(_ loaded: LoadedSite) -> [Diagnostic] {
        loaded.warnings + ChoiceBudgetCheck.warnings(for: loaded.site, paths: content.paths)
    }

    private func summary(_ site: Site, _ start: ContinuousClock.Instant) -> String {
        let actions = site.connectors.reduce(0) { $0 + $1.catalog.actions.count }
        let guides = site.connectors.reduce(0) { $0 + $1.guides.count }
        return "OK: \(site.connectors.count) connectors, \(guides) guides, \(actions) actions checked in \(CLI.milliseconds(since: start))"
    }
}

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the whole site into the output folder.",
        discussion: """
        Pipeline: load → validate → select → render → write. The site is written to a hidden folder \
        beside the output (.NAME.previous) and swapped in only when complete, so a failed or \
        interrupted build leaves the previous site exactly as it was. That folder then keeps \
        the replaced site, and the next build rewrites only the files that changed.
        """)

    @OptionGroup var content: ContentOptions

    @Option(help: "The output folder.")
    var output: String = "Public"

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        let start = ContinuousClock.now
        try OutputGuard.check(output: output, content: content.paths)
        try CLI.run { () throws(Diagnostics) in try ContentLoader(paths: content.paths).checkFolder() }
        let lock: OutputLock
        do { lock = try OutputLock(output: output) } catch { throw CLI.report(error) }
        defer { withExtendedLifetime(lock) {} }
        let (renderer, staging) = try prepare()
        // Load, validate, select and render each connector, and write its files to the
        // staging folder: the output folder is only touched by `commit()`.
        let built = try CLI.run { () throws(Diagnostics) in
            try SitePipeline(paths: content.paths).build(renderer: renderer, into: staging)
        }
        built.warnings.forEach { CLI.printError($0.description) }
        let (connectors, paths) = (built.connectors, built.paths)
        say("Loaded, rendered and staged \(connectors.count) connectors (\(connectors.reduce(0) { $0 + $1.actionCount }) actions, \(paths.count) files) in \(CLI.milliseconds(since: start))")
        let swapStart = ContinuousClock.now
        do { try staging.commit() } catch { throw CLI.report(error) }
        say("Swapped in \(output)/ (\(staging.rewritten) of \(paths.count) files written, the rest unchanged) in \(CLI.milliseconds(since: swapStart))")
        let pages = paths.filter { $0.hasSuffix(".html") }.count
        let n = connectors.count
        say("Built \(pages) pages for \(n) connector\(n == 1 ? "" : "s") in \(CLI.milliseconds(since: start))")
        keepUntilExit(connectors)
    }

    private func say(_ line: String) { if !quiet { print(line) } }

    /// The templates and the previous site's manifest are read at the same time, one on each
    /// core: both come before any connector can be written, and each takes a few milliseconds.
    private func prepare() throws -> (SiteRenderer, SiteStaging) {
        final class Prepared: @unchecked Sendable {  // each slot written by one task only
            var renderer: Result<SiteRenderer, Diagnostics>?
            var staging: Result<SiteStaging, Diagnostics>?
        }
        let prepared = Prepared()
        let (paths, output) = (content.paths, output)
        DispatchQueue.concurrentPerform(iterations: 2) { task in
            if task == 0 {
                prepared.renderer = Result { () throws(Diagnostics) in try SitePipeline(paths: paths).renderer() }
            } else {
                prepared.staging = Result { () throws(Diagnostics) in try SiteStaging(output: output) }
            }
        }
        switch (prepared.renderer!, prepared.staging!) {
        case let (.success(renderer), .success(staging)): return (renderer, staging)
        case let (.failure(error), _): throw CLI.report(error)
        case let (_, .failure(error)): throw CLI.report(error)
        }
    }

    /// The process ends right after a build. Freeing what it kept value by value (thousands
    /// of small strings and arrays at 1,000 connectors) is work for nothing at the very end,
    /// so the operating system reclaims it instead.
    private func keepUntilExit(_ value: [ConnectorSummary]) {
        final class Box { let value: [ConnectorSummary]; init(_ value: [ConnectorSummary]) { self.value = value } }
        _ = Unmanaged.passRetained(Box(value))
    }
}

/// `build` never writes over the sources or outside the working folder by accident.
enum OutputGuard {
    static func check(output: String, content: ContentPaths) throws {
        let out = URL(fileURLWithPath: output).standardizedFileURL.path
        for source in [content.content, content.templates] {
            let src = URL(fileURLWithPath: source).standardizedFileURL.path
            if out == src || src.hasPrefix(out + "/") || out.hasPrefix(src + "/") {
                throw CLI.fail("refusing to write the site to '\(output)': it overlaps the source folder '\(source)'")
            }
        }
        if out == "/" || out == FileManager.default.homeDirectoryForCurrentUser.path {
            throw CLI.fail("refusing to write the site to '\(output)'")
        }
    }
}

struct Scopes: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scopes",
        abstract: "Print the scopes a selection of actions needs.",
        discussion: "Example: scopeguide scopes microsoftoutlook --actions microsoftoutlook_send_mail --separator comma")

    @OptionGroup var selection: SelectionOptions
    @Option(help: "How to join scopes: space, comma, semicolon, pipe or newline. Default: the URL's, else space.")
    var separator: ScopeSeparator?
    @Flag(help: "Drop every scope that another selected scope already includes.")
    var minimal = false
    @OptionGroup var content: ContentOptions

    func run() throws {
        let resolved = try selection.resolve(content)
        let sep = separator ?? selection.urlSeparator ?? .default
        print(resolved.selection.scopeText(separator: sep, minimal: minimal))
    }
}

struct URLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "url",
        abstract: "Print the dynamic guide URL for a selection of actions.",
        discussion: "Ids come out in catalog order; with every action selected the URL has no actions parameter.")

    @OptionGroup var selection: SelectionOptions
    @Option(help: "The separator the page should preselect: space, comma, semicolon, pipe or newline.")
    var separator: ScopeSeparator?
    @OptionGroup var content: ContentOptions

    func run() throws {
        let r = try selection.resolve(content)
        print(GuideURL.make(baseURL: r.settings.baseURL, connector: r.connector.key, guide: r.guide.key,
                            selection: r.selection, separator: separator ?? selection.urlSeparator ?? .default))
    }
}

struct Table: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "table",
        abstract: "Print the scope-to-action tables of a connector (scope → actions, action → scopes).")

    @Argument(help: "The connector key.")
    var connector: String
    @Option(help: "markdown, csv, json or html.")
    var format: ScopeTables.Format = .markdown
    @OptionGroup var content: ContentOptions

    func run() throws {
        let (_, connector) = try CLI.run { () throws(Diagnostics) in
            try ContentLoader(paths: content.paths).loadConnector(self.connector)
        }
        print(ScopeTables(connector.catalog).render(format, catalog: connector.catalog), terminator: "")
    }
}

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render one guide, filtered for a selection, as one self-contained HTML file.",
        discussion: "Hidden sections and steps are left out and the visible steps renumbered. The file needs no network and no script.")

    @OptionGroup var selection: SelectionOptions
    @Option(help: "The separator for the scope list.")
    var separator: ScopeSeparator?
    @Flag(help: "Show the minimal scope list.")
    var minimal = false
    @Option(help: "Write to this file instead of standard output.")
    var output: String?
    @OptionGroup var content: ContentOptions

    func run() throws {
        let r = try selection.resolve(content)
        let renderer: SiteRenderer
        do { renderer = try SiteRenderer(paths: content.paths) } catch { throw CLI.report(error) }
        let html = renderer.standaloneGuide(site: r.settings, connector: r.connector, guide: r.guide,
                                            selection: r.selection,
                                            separator: separator ?? selection.urlSeparator ?? .default, minimal: minimal)
        if let output {
            do { try Data(html.utf8).write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
                throw CLI.fail("\(output): cannot write: \(error.localizedDescription)")
            }
        } else {
            print(html, terminator: "")
        }
    }
}

struct Grant: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant",
        abstract: "Check an existing grant (scopes or an access token) against a selection of actions.",
        discussion: """
        Prints the selected actions the grant covers, those it does not cover with the least scopes to add, \
        and granted scopes no selected action needs. A token is decoded locally (base64url JSON); its signature \
        is not checked. Exit 0 when every selected action is covered, 4 when something is missing, 1 on bad input.
        Example: scopeguide grant microsoftoutlook --actions microsoftoutlook_send_mail --scopes "Mail.Read Mail.Send"
        """)

    @OptionGroup var selection: SelectionOptions
    @Option(help: ArgumentHelp("The granted scopes, separated by spaces, commas, semicolons, pipes or newlines.", valueName: "scopes"))
    var scopes: String?
    @Option(help: ArgumentHelp("A file holding an access token (JWT), or - for standard input.", valueName: "file"))
    var token: String?
    @Option(help: "text or json.")
    var format: GrantReport.Format = .text
    @OptionGroup var content: ContentOptions

    func validate() throws {
        if (scopes == nil) == (token == nil) { throw ValidationError("Give exactly one of --scopes or --token.") }
    }

    func run() throws {
        let resolved = try selection.resolve(content)
        let input: GrantInput
        do {
            if let scopes {
                input = try GrantInput.scopeList(scopes)
            } else {
                input = try GrantInput.decodeToken(try readToken(token!))
            }
        } catch let failure as GrantInput.Failure {
            throw CLI.fail(failure.description)
        }
        let check = GrantCheck(selection: resolved.selection, granted: input.scopes)
        print(GrantReport.render(check, input: input, selectedCount: resolved.selection.actions.count, format: format),
              terminator: "")
        if !check.coversAll { throw ExitCode(4) }
    }

    /// Reads at most one byte past the limit, so a huge file is refused without being read whole.
    private func readToken(_ path: String) throws -> String {
        let handle: FileHandle
        if path == "-" {
            handle = FileHandle.standardInput
        } else {
            guard let h = FileHandle(forReadingAtPath: path) else { throw CLI.fail("cannot read token file '\(path)'") }
            handle = h
        }
        let limit = GrantInput.maxLength * 4 + 1
        var data = Data()
        while data.count < limit {
            let chunk = handle.readData(ofLength: limit - data.count)
            if chunk.isEmpty { break }
            data.append(chunk)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            if data.count >= limit { throw GrantInput.Failure.tooLong(data.count) }
            throw CLI.fail("the token file is not UTF-8 text")
        }
        return text
    }
}

extension GrantReport.Format: ExpressibleByArgument {}
