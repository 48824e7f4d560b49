import Foundation
import ScopeGuideCore
import ScopeGuideKit

/// `scopeguide diff --base REF`: every connector of the content folder as it is in a git
/// revision against the working tree, as one pull-request report. Encodes to the JSON that
/// `--format json` prints.
public struct SiteDiff: Encodable, Sendable {
    public struct ConnectorChange: Encodable, Sendable {
        public enum Status: String, Encodable, Sendable { case added, removed, changed }
        public var key: String
        public var name: String
        public var status: Status
        public var guidesAdded: [String]
        public var guidesRemoved: [String]
        /// An added connector is compared with an empty catalog, a removed one the other way.
        public var diff: CatalogDiff
    }

    /// The revision compared against, as given.
    public var base: String
    public var new: String
    /// Connectors with a change (added, removed, or a catalog or guide difference), in key order.
    public var connectors: [ConnectorChange]
    /// Connectors on both sides with no difference the report shows.
    public var unchanged: [String]
    /// True when some selection of some connector's actions needs a scope it did not need before.
    public var requiresNewScopes: Bool

    public init(base: String, new: String, before: Site, after: Site) {
        self.base = base
        self.new = new
        let old = Dictionary(before.connectors.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let now = Dictionary(after.connectors.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let empty = Catalog(scopes: [], actions: [])
        var changes: [ConnectorChange] = [], unchanged: [String] = []
        for key in Set(old.keys).union(now.keys).sorted() {
            let b = old[key], a = now[key]
            let diff = CatalogDiff(connector: key, old: base, new: new, before: b?.catalog ?? empty, after: a?.catalog ?? empty,
                                   guidesBefore: b?.guides ?? [], guidesAfter: a?.guides ?? [])
            let guidesBefore = b?.guides.map(\.key) ?? [], guidesAfter = a?.guides.map(\.key) ?? []
            let added = guidesAfter.filter { !guidesBefore.contains($0) }
            let removed = guidesBefore.filter { !guidesAfter.contains($0) }
            let status: ConnectorChange.Status = b == nil ? .added : a == nil ? .removed : .changed
            guard status != .changed || !diff.isEmpty || !added.isEmpty || !removed.isEmpty || diff.requiresNewScopes else {
                unchanged.append(key)
                continue
            }
            changes.append(ConnectorChange(key: key, name: (a ?? b)!.name, status: status,
                                           guidesAdded: b == nil ? [] : added, guidesRemoved: a == nil ? [] : removed, diff: diff))
        }
        connectors = changes
        self.unchanged = unchanged
        requiresNewScopes = changes.contains { $0.diff.requiresNewScopes }
    }
}

extension DiffLoader {
    /// The content folder (and the templates, when git tracks them in the same repository)
    /// as they are in `revision`, taken with `git archive` into a temporary folder and loaded
    /// as usual; and the working tree's. Nothing is checked out.
    public func loadSites(base revision: String) throws(Diagnostics) -> (before: Site, after: Site) {
        guard !revision.isEmpty, !revision.hasPrefix("-") else { throw Diagnostics("--base: expected a git revision") }
        let fm = FileManager.default
        guard fm.fileExists(atPath: content) else { throw Diagnostics(at: .file(content), "content folder not found") }
        let top = try git(["rev-parse", "--show-toplevel"], in: content).trimmingCharacters(in: .newlines)
        _ = try git(["rev-parse", "--verify", "--quiet", "\(revision)^{commit}"], in: top, failure: "\(revision): not a git revision")
        let contentPrefix = try prefix(of: content)
        let templatesPrefix = fm.fileExists(atPath: templates) ? try? prefix(of: templates) : nil
        // The base's templates when that revision has them in the same repository, else today's.
        let templatesAtBase = templatesPrefix.flatMap { p in
            (try? git(["cat-file", "-e", "\(revision):\(p)"], in: top)) != nil && (try? git(["rev-parse", "--show-toplevel"], in: templates))?
                .trimmingCharacters(in: .newlines) == top ? p : nil
        }
        let scratch = fm.temporaryDirectory.appendingPathComponent("scopeguide-base-\(UUID().uuidString)").path
        defer { try? fm.removeItem(atPath: scratch) }
        do { try fm.createDirectory(atPath: scratch, withIntermediateDirectories: true) } catch {
            throw Diagnostics("cannot create \(scratch): \(error.localizedDescription)")
        }
        let archive = scratch + "/base.tar"
        _ = try git(["archive", "--format=tar", "-o", archive, revision, "--", contentPrefix.isEmpty ? "." : contentPrefix]
                    + (templatesAtBase.map { [$0] } ?? []), in: top,
                    failure: "\(revision): no content folder '\(contentPrefix.isEmpty ? "." : contentPrefix)' in that revision")
        try run("/usr/bin/env", ["tar", "-xf", archive, "-C", scratch])
        let baseContent = contentPrefix.isEmpty ? scratch : scratch + "/" + contentPrefix
        let baseTemplates = templatesAtBase.map { scratch + "/" + $0 } ?? templates
        func loadSite(_ paths: ContentPaths, shown: String?) throws(Diagnostics) -> Site {
            do { return try ContentLoader(paths: paths).load().site } catch {
                throw shown.map { error.replacingPaths(scratch + "/", with: $0) } ?? error
            }
        }
        let before = try loadSite(ContentPaths(content: baseContent, templates: baseTemplates), shown: "\(revision):")
        let after = try loadSite(ContentPaths(content: content, templates: templates), shown: nil)
        return (before, after)
    }

    /// A folder's path from the top of its git repository (`Content`), without a trailing slash.
    private func prefix(of folder: String) throws(Diagnostics) -> String {
        var p = try git(["rev-parse", "--show-prefix"], in: folder).trimmingCharacters(in: .newlines)
        if p.hasSuffix("/") { p.removeLast() }
        return p
    }

    private func run(_ tool: String, _ arguments: [String]) throws(Diagnostics) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let err = Pipe()
        process.standardError = err
        do { try process.run() } catch { throw Diagnostics("cannot run \(arguments[0]): \(error.localizedDescription)") }
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Diagnostics("\(arguments.joined(separator: " ")): \(String(decoding: errData, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }
}
