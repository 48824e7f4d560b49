import Foundation

/// Locations in the package, found from this file so tests run from any working folder.
enum Repo {
    /// The package root: three levels above `Tests/ScopeGuideTests/Support/Paths.swift`.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static var content: String { root.appendingPathComponent("Content").path }
    static var templates: String { root.appendingPathComponent("Templates").path }

    /// Every YAML file of `Content/`, by path relative to it, with its text.
    static func contentYAMLFiles() throws -> [(path: String, text: String)] {
        try FileManager.default.subpathsOfDirectory(atPath: content).filter { $0.hasSuffix(".yaml") }.sorted().map {
            ($0, try String(contentsOfFile: content + "/" + $0, encoding: .utf8))
        }
    }
}

/// A fresh temporary folder, removed when the value goes away.
final class TemporaryDirectory {
    let url: URL
    var path: String { url.path }

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("scopeguide-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func write(_ relative: String, _ text: String) throws {
        try writeBytes(relative, Array(text.utf8))
    }

    func writeBytes(_ relative: String, _ bytes: [UInt8]) throws {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOf: url.appendingPathComponent(relative), encoding: .utf8)
    }

    func remove(_ relative: String) throws {
        try FileManager.default.removeItem(at: url.appendingPathComponent(relative))
    }
}

/// Every regular file under `root`, by relative path, with its bytes: two equal snapshots
/// mean two byte-identical trees.
func snapshot(_ root: String) throws -> [String: Data] {
    var out: [String: Data] = [:]
    let base = URL(fileURLWithPath: root).standardizedFileURL.path
    guard let walker = FileManager.default.enumerator(atPath: base) else { return out }
    while let relative = walker.nextObject() as? String {
        let full = base + "/" + relative
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue {
            out[relative] = try Data(contentsOf: URL(fileURLWithPath: full))
        }
    }
    return out
}
