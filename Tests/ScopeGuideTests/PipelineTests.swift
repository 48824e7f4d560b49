import Foundation
import Testing
@testable import ScopeGuideKit

/// A copy of the repository's `Content/` and `Templates/` that a test may edit.
final class SiteCopy {
    let dir: TemporaryDirectory
    let paths: ContentPaths

    init() throws {
        dir = try TemporaryDirectory()
        try FileManager.default.copyItem(atPath: Repo.content, toPath: dir.path + "/Content")
        try FileManager.default.copyItem(atPath: Repo.templates, toPath: dir.path + "/Templates")
        paths = ContentPaths(content: dir.path + "/Content", templates: dir.path + "/Templates")
    }

    /// Replaces the one occurrence of `old` in a file and returns the file's full path, as a
    /// watcher would report it.
    @discardableResult
    func replace(_ old: String, with new: String, in relative: String) throws -> String {
        let text = try dir.read(relative)
        precondition(text.components(separatedBy: old).count == 2, "'\(old)' must occur once in \(relative)")
        try dir.write(relative, text.replacingOccurrences(of: old, with: new))
        return dir.path + "/" + relative
    }
}

/// Every stage for the whole site, into memory: what `build` writes.
func buildInMemory(_ paths: ContentPaths) throws -> [String: [UInt8]] {
    let pipeline = SitePipeline(paths: paths)
    let writer = MemoryWriter()
    _ = try pipeline.build(renderer: try pipeline.renderer(), into: writer)
    return writer.files
}

@Suite("Pipeline: build and serve")
struct PipelineTests {
    static let outlookConnector = "Content/connectors/microsoftoutlook/connector.yaml"

    @Test("build and serve produce the same bytes for the same content, before and after edits")
    func buildEqualsServe() throws {
        let site = try SiteCopy()
        let built = try buildInMemory(site.paths)
        #expect(built.keys.contains("microsoftoutlook/oauth2/index.html"))
        #expect(built.keys.contains("index.html"))
        var serve = IncrementalBuilder(paths: site.paths)
        try serve.fullBuild()
        #expect(serve.files == built)

        // One connector's description: that connector, and the index that shows it.
        let file = try site.replace("description: Messages, attachments", with: "description: Mail, attachments",
                                    in: Self.outlookConnector)
        let one = try serve.rebuild(changed: [file])
        #expect(!one.full)
        #expect(one.connectors == ["microsoftoutlook"])
        #expect(one.siteIndex)
        #expect(one.updated.map(\.path).contains("index.html"))
        let afterEdit = try buildInMemory(site.paths)
        #expect(afterEdit != built)
        #expect(serve.files == afterEdit)

        // A layout: every file is rendered again.
        let layout = try site.replace("</html>", with: "<!-- edited --></html>", in: "Templates/layouts/layout.mustache")
        let all = try serve.rebuild(changed: [layout])
        #expect(all.full)
        #expect(serve.files == (try buildInMemory(site.paths)))

        // A connector folder removed: its files go, the index follows.
        try site.dir.remove("Content/connectors/slack")
        let removed = try serve.rebuild(changed: [site.dir.path + "/Content/connectors/slack"])
        #expect(removed.removedConnectors == ["slack"])
        #expect(removed.removed.contains("slack/scopes/index.html"))
        #expect(serve.files == (try buildInMemory(site.paths)))
    }

    @Test("a failed rebuild keeps the last good site, and the fix rebuilds what failed")
    func failedRebuild() throws {
        let site = try SiteCopy()
        var serve = IncrementalBuilder(paths: site.paths)
        try serve.fullBuild()
        let good = serve.files
        let file = try site.replace("name: Microsoft Outlook", with: "name: [unclosed", in: Self.outlookConnector)
        #expect {
            try serve.rebuild(changed: [file])
        } throws: { error in
            (error as? Diagnostics)?.errors.first?.location.path == file
        }
        #expect(serve.files == good)
        // The fix arrives as a change to another file: the failed one is retried with it.
        try site.replace("name: [unclosed", with: "name: Outlook", in: Self.outlookConnector)
        let other = site.dir.path + "/Content/connectors/github/connector.yaml"
        let report = try serve.rebuild(changed: [other])
        #expect(report.connectors.contains("microsoftoutlook"))
        #expect(serve.files == (try buildInMemory(site.paths)))
    }

    @Test("build writes through SiteStaging exactly the bytes the pipeline renders")
    func stagingMatchesMemory() throws {
        let site = try SiteCopy()
        let output = site.dir.path + "/Public"
        let staging = try SiteStaging(output: output)
        let pipeline = SitePipeline(paths: site.paths)
        let outcome = try pipeline.build(renderer: try pipeline.renderer(), into: staging)
        try staging.commit()
        let onDisk = try snapshot(output)
        let inMemory = try buildInMemory(site.paths)
        #expect(onDisk.mapValues { Array($0) } == inMemory)
        #expect(Set(outcome.paths) == Set(inMemory.keys))
        #expect(outcome.connectors.map(\.key) == ["github", "googlecalendar", "microsoftoutlook", "slack"])
    }

    @Test("a layout that cannot be read is an error naming it, not a missing file")
    func unreadableLayout() throws {
        let site = try SiteCopy()
        let layout = site.dir.path + "/Templates/layouts/404.mustache"
        try FileManager.default.removeItem(atPath: layout)
        try FileManager.default.createDirectory(atPath: layout, withIntermediateDirectories: false)
        #expect {
            _ = try SitePipeline(paths: site.paths).renderer()
        } throws: { error in
            (error as? Diagnostics)?.description == "\(layout):1:1: error: cannot read file: Is a directory"
        }
    }

    @Test("an invalid site writes nothing past what it had handed over, and says every problem")
    func invalidSite() throws {
        let site = try SiteCopy()
        try site.replace("name: Microsoft Outlook", with: "name: [unclosed", in: Self.outlookConnector)
        try site.replace("name: Slack", with: "name: [unclosed", in: "Content/connectors/slack/connector.yaml")
        let pipeline = SitePipeline(paths: site.paths)
        let writer = MemoryWriter()
        #expect {
            _ = try pipeline.build(renderer: try pipeline.renderer(), into: writer)
        } throws: { error in
            let paths = (error as? Diagnostics)?.errors.map(\.location.path) ?? []
            return paths.count == 2 && paths.allSatisfy { $0.hasSuffix("connector.yaml") }
        }
        // The site-wide files come only after every connector loaded.
        #expect(writer.files["index.html"] == nil)
    }
}

@Suite("Writers")
struct WriterTests {
    static func files(_ pairs: [String: String]) -> [OutputFile] {
        pairs.sorted { $0.key < $1.key }.map { OutputFile(path: $0.key, contents: Array($0.value.utf8)) }
    }

    /// One complete build through a fresh staging; returns how many files it wrote.
    static func stage(_ files: [OutputFile], into output: String) throws -> Int {
        let staging = try SiteStaging(output: output)
        try staging.write(files)
        try staging.commit()
        return staging.rewritten
    }

    static func tree(_ output: String) throws -> [String: String] {
        try snapshot(output).mapValues { String(decoding: $0, as: UTF8.self) }
    }

    @Test("SiteStaging swaps in whole sites and rewrites only what changed")
    func stagingRewritesOnlyChanges() throws {
        let dir = try TemporaryDirectory()
        let output = dir.path + "/Public"
        var site = ["index.html": "home", "a/index.html": "A", "a/b/deep.txt": "deep", "c/index.html": "C"]
        #expect(try Self.stage(Self.files(site), into: output) == 4)
        #expect(try Self.tree(output) == site)
        // The second build has no spare folder yet; from the third on the spare folder holds
        // the site before last, so a site that did not change writes nothing.
        #expect(try Self.stage(Self.files(site), into: output) == 4)
        #expect(try Self.stage(Self.files(site), into: output) == 0)
        #expect(try Self.stage(Self.files(site), into: output) == 0)
        #expect(try Self.tree(output) == site)
        // One file changed, one folder gone, one file new.
        site["a/index.html"] = "A2"
        site["c/index.html"] = nil
        site["d.txt"] = "D"
        #expect(try Self.stage(Self.files(site), into: output) == 2)
        #expect(try Self.tree(output) == site)
        #expect(!FileManager.default.fileExists(atPath: output + "/c"))
    }

    @Test("a build that never commits leaves the output untouched, and the next one is whole")
    func uncommittedStaging() throws {
        let dir = try TemporaryDirectory()
        let output = dir.path + "/Public"
        let site = ["index.html": "home", "a/index.html": "A"]
        _ = try Self.stage(Self.files(site), into: output)
        _ = try Self.stage(Self.files(site), into: output)
        do {
            let abandoned = try SiteStaging(output: output)
            try abandoned.write(Self.files(["index.html": "half-written", "x.txt": "x"]))
        }  // killed before commit
        #expect(try Self.tree(output) == site)
        // The spare folder no longer matches its manifest, so every file is written again.
        #expect(try Self.stage(Self.files(site), into: output) == 2)
        #expect(try Self.tree(output) == site)
    }

    @Test("a file edited by hand in the output is found and rewritten two builds later")
    func handEditedOutput() throws {
        let dir = try TemporaryDirectory()
        let output = dir.path + "/Public"
        let site = ["index.html": "home", "a/index.html": "A"]
        _ = try Self.stage(Self.files(site), into: output)
        try "tampered".write(toFile: output + "/a/index.html", atomically: false, encoding: .utf8)
        try "stray".write(toFile: output + "/a/stray.txt", atomically: false, encoding: .utf8)
        _ = try Self.stage(Self.files(site), into: output)  // builds into the other folder
        #expect(try Self.tree(output) == site)
        #expect(try Self.stage(Self.files(site), into: output) >= 1)  // the tampered folder comes back
        #expect(try Self.tree(output) == site)
    }

    @Test("FolderWriter updates in place and removes the folders it empties")
    func folderWriter() throws {
        let dir = try TemporaryDirectory()
        let writer = FolderWriter(folder: dir.path)
        try writer.write(Self.files(["a/b/c.txt": "c", "a/d.txt": "d"]))
        try writer.write(Self.files(["a/d.txt": "d2"]))
        #expect(try Self.tree(dir.path) == ["a/b/c.txt": "c", "a/d.txt": "d2"])
        try writer.remove(["a/b/c.txt", "gone.txt"])
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/a/b"))
        #expect(FileManager.default.fileExists(atPath: dir.path + "/a"))
        try writer.remove(["a/d.txt"])
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/a"))
        #expect(FileManager.default.fileExists(atPath: dir.path))
    }
}
